"""What the conversation's policies work with: the turn as they see it (`Turn`), what a policy
answers (`Decision`), and what they share (`Rules`: the engine, the words, the paywall, the idle
timeout, and the few steps several policies take).

A policy looks at the turn and either decides it (an `Outcome`), passes it on changed (a
`Turn`: the exercise closed, a notice said before whatever comes next) or passes it on as it is
(None)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta

from bobby_core.engine.global_words import GlobalWord
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Turn:
    state: ConversationState
    text: str
    word: GlobalWord | None
    """The global word the whole message is, if it is one."""
    ctx: TurnContext
    media: bool = False
    """The message came with a photo, a voice note or a file."""
    said: Effects = field(default_factory=Effects)
    """What earlier policies already decided to say or record, kept whatever comes next."""

    def then(self, state: ConversationState, effects: Effects | None = None) -> Turn:
        """The turn passed on: this state, with `effects` said before the rest."""
        if effects is None:
            return replace(self, state=state)
        return replace(self, state=state, said=self.said + effects, ctx=self.ctx.after(effects))

    def decided(self, outcome: Outcome) -> Outcome:
        """`outcome`, after what earlier policies said."""
        return Outcome(state=outcome.state, effects=self.said + outcome.effects)


Decision = Outcome | Turn | None
Policy = Callable[[Turn, Rules], Awaitable[Decision]]
"""A rule of the conversation: decide the turn, or pass it on (changed or not)."""
