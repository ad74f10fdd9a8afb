"""What the conversation's policies share: the engine, the words, the paywall and the clock's
rules (idle timeout), and the few steps several policies take (the menu, starting an
exercise behind the paywall)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from bobby_core.engine.menu import menu_text
from bobby_core.engine.outcome import Effects, Outcome, TurnContext, say
from bobby_core.engine.runner import Engine
from bobby_core.engine.system_texts import SystemTexts
from bobby_core.model import ConversationState, JsonValue
from bobby_core.safety.helplines import Helplines
from bobby_core.subscriptions.gate import PAYWALL_FLOW
from bobby_core.subscriptions.links import PaymentLinks
from bobby_core.subscriptions.paywall import Paywall


@dataclass(frozen=True, slots=True, kw_only=True)
class Rules:
    engine: Engine
    paywall: Paywall
    links: PaymentLinks
    idle_timeout: timedelta
    helplines: dict[str, Helplines] | None
    """The helpline table crisis replies use (None: the built-in one)."""

    @property
    def texts(self) -> SystemTexts:
        return self.engine.registry.texts

    def menu(self) -> Effects:
        return say(menu_text(self.engine.registry))

    async def start_exercise(self, state: ConversationState, flow_id: str, ctx: TurnContext,
                             given: dict[str, JsonValue] | None = None) -> Outcome:
        """Start an exercise the user picked, unless the paywall says they need access first:
        then the checkout link, and the "why not buy" question."""
        if self.paywall.may_start(flow_id, ctx.subscriptions, ctx.now):
            return await self.engine.start(state, flow_id, ctx, given)
        asked = await self.engine.start(state.idle(ctx.now), PAYWALL_FLOW, ctx)
        return Outcome(state=asked.state,
                       effects=self.links.checkout(ctx.user.id) + asked.effects)

    def resumable(self, state: ConversationState, ctx: TurnContext) -> bool:
        """Only exercises are offered back; a system dialogue (consent, stop) just closes."""
        root = state.root
        flow = self.engine.registry.get(root.flow_id, root.version) if root else None
        return flow is not None and not flow.system and ctx.user.may_store \
            and not self.engine.is_stale(state)

    def expired(self, state: ConversationState, ctx: TurnContext) -> bool:
        last = state.last_activity_at
        return last is not None and ctx.now - last > self.idle_timeout

    async def pause_idle(self, state: ConversationState, ctx: TurnContext) -> Outcome:
        """What the idle job does at the timeout: record the exercise as abandoned (with what
        its `on_abandon` wants the user told: Burnout's partial result), but keep the stack so
        that the user's next message can carry on where they left off."""
        if not self.resumable(state, ctx):
            return await self.engine.abandon(state, ctx)
        closed = await self.engine.abandon(state, ctx, notify=True)
        return Outcome(state=replace(state, paused_at=ctx.now), effects=closed.effects)
