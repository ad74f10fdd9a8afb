"""The turn policy around the engine: what one inbound text does to a user's conversation.

Safety comes first and around everything; then the rules below, in this order, each deciding
the turn or passing it on. A pure decision: (state, text, context) -> outcome."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bobby_core.conversation import arrival, words
from bobby_core.conversation.opting import stopped_message
from bobby_core.conversation.policy import Policy, Rules, Turn
from bobby_core.engine.global_words import global_word
from bobby_core.engine.outcome import Effects, Outcome, TurnContext, say
from bobby_core.engine.runner import Engine
from bobby_core.flows.system.carry_on import PAUSE_CHECK
from bobby_core.flows.system.consent import FLOW_ID as CONSENT_FLOW
from bobby_core.model import ConversationState
from bobby_core.ports import CrisisScreener, ScreeningResult
from bobby_core.safety.alongside import both, screen_alongside
from bobby_core.safety.crisis_reply import check_in_message
from bobby_core.safety.helplines import Helplines, helplines_for
from bobby_core.safety.respond import respond_to_crisis
from bobby_core.subscriptions.links import PaymentLinks
from bobby_core.subscriptions.paywall import Paywall

DEFAULT_IDLE_TIMEOUT = timedelta(hours=1)
DEFAULT_CHECK_IN_EVERY = timedelta(hours=24)

WHERE_THE_USER_STANDS: tuple[Policy, ...] = (
    arrival.opted_out, arrival.time_zone, arrival.language, arrival.paused_exercise,
    arrival.expiry,
)
"""Decided here, the turn is what the policy decided."""
WHAT_THE_USER_SAID: tuple[Policy, ...] = (
    words.opt_out, words.interruption, words.help_word, words.consent, words.media_only, words.greeting,
    words.menu_word,
    words.subscription_word, words.stale_exercise, words.deep_link, words.running_exercise,
    words.menu_choice,
)
"""Decided here, the turn then closes what it asked to close and shows the menu where it
belongs (`_closed`). The last policy always decides."""


class Conversation:
    """Decides what one inbound text does to a user's conversation."""

    def __init__(self, engine: Engine, screener: CrisisScreener, *, paywall: Paywall,
                 idle_timeout: timedelta = DEFAULT_IDLE_TIMEOUT,
                 helplines: dict[str, Helplines] | None = None,
                 risk_check: CrisisScreener | None = None,
                 check_in_every: timedelta = DEFAULT_CHECK_IN_EVERY) -> None:
        self.engine = engine
        self._screener, self._risk_check = screener, risk_check
        self._check_in_every = check_in_every
        self._paywall = paywall
        self.rules = Rules(engine=engine, paywall=paywall, idle_timeout=idle_timeout,
                           links=PaymentLinks.of(paywall, engine.registry), helplines=helplines)

    @property
    def reads_subscriptions(self) -> bool:
        """Whether turns need the user's subscriptions (to gate exercises, to offer links)."""
        return self._paywall.reads_subscriptions

    @property
    def idle_timeout(self) -> timedelta:
        """How long an exercise may sit without a message before it is closed."""
        return self.rules.idle_timeout

    @property
    def helplines(self) -> dict[str, Helplines] | None:
        """The helpline table crisis replies use (None: the built-in one)."""
        return self.rules.helplines

    async def handle(self, state: ConversationState, text: str, ctx: TurnContext, *,
                     media: bool = False) -> Outcome:
        """What `text` (with a photo, a voice note or a file when `media`) does to the
        conversation."""
        # The fast layers screen first: what they flag never reaches any model.
        screening = await self._screener.screen(text)
        if screening.flagged:
            return await self._crisis(state, screening, ctx)
        if self._risk_check is None:
            decided = await self._decide(state, text, ctx, media)
            return self._checked_in(decided, screening.check_in, ctx)
        # The model risk check is a model call itself, so it runs beside the turn's own; when
        # it flags (a high rating), whatever the turn decided is dropped and the crisis reply
        # goes instead.
        risk, late = await screen_alongside(self._risk_check, text,
                                            self._decide(state, text, ctx, media))
        if late is None:
            return await self._crisis(state, both(screening, risk), ctx)
        return self._checked_in(late, screening.check_in or risk.check_in, ctx)

    def _checked_in(self, decided: Outcome, warned: bool, ctx: TurnContext) -> Outcome:
        """A warning sign short of a crisis (the classifier's, the model's "moderate") only adds
        a gentle check-in before the turn's own reply, for both read some ordinary answers as
        risk; and at most once in `check_in_every`, so that someone talking about a low mood is
        asked once, not at every message."""
        last = decided.state.checked_in_at
        if not warned or (last is not None and ctx.now - last < self._check_in_every):
            return decided
        check_in = say(check_in_message(helplines_for(ctx.user.phone, self.rules.helplines),
                                        self.rules.texts))
        return replace(decided, state=replace(decided.state, checked_in_at=ctx.now),
                       effects=check_in + decided.effects)

    async def pause_idle(self, state: ConversationState, ctx: TurnContext) -> Outcome:
        """What the idle job does at the timeout (see `Rules.pause_idle`)."""
        return await self.rules.pause_idle(state, ctx)

    async def _decide(self, state: ConversationState, text: str, ctx: TurnContext,
                      media: bool) -> Outcome:
        turn = Turn(state=state, text=text, word=global_word(text), ctx=ctx, media=media)
        for policy in WHERE_THE_USER_STANDS:
            decision = await policy(turn, self.rules)
            if isinstance(decision, Outcome):
                return decision
            turn = decision or turn
        consented_before = turn.ctx.user.may_store
        for policy in WHAT_THE_USER_SAID:
            decision = await policy(turn, self.rules)
            if isinstance(decision, Outcome):
                closed = await self._closed(decision, consented_before,
                                            turn.ctx.after(decision.effects))
                return turn.decided(closed)
            turn = decision or turn
        raise AssertionError("the last policy decides every turn")  # pragma: no cover

    async def _closed(self, outcome: Outcome, consented_before: bool,
                      ctx: TurnContext) -> Outcome:
        """Close what the turn asked to close; show the menu where it belongs."""
        effects = outcome.effects
        if effects.delete_user:
            # Nothing but the confirmation goes out after an erasure, and nothing is kept.
            return Outcome(state=outcome.state.idle(ctx.now),
                           effects=Effects(replies=effects.replies, delete_user=True))
        if ctx.user.opted_out:
            # Only a turn that opts out gets here opted out (`arrival.opted_out` decides every
            # later one): what ran and what waited stops, and the reply says so.
            stopped = say(stopped_message(outcome.state, ctx, self.engine.registry,
                                          self.rules.texts))
            closed = await self.engine.abandon(outcome.state, ctx)
            return Outcome(state=closed.state, effects=effects + closed.effects + stopped)
        if effects.leave:
            closed = await self.engine.abandon(outcome.state, ctx)
            closed = Outcome(state=closed.state, effects=effects + closed.effects)
            return closed.then(self.rules.menu())
        state = outcome.state
        if not state.active and ((ctx.user.may_store and not consented_before)
                                 or effects.show_menu):
            return outcome.then(self.rules.menu())
        return outcome

    async def _crisis(self, state: ConversationState, screening: ScreeningResult,
                      ctx: TurnContext) -> Outcome:
        """The fixed helpline reply; an exercise that runs is paused with a carry-on check."""
        top = state.top
        reply = respond_to_crisis(ctx, screening, top, self.rules.helplines, self.rules.texts)
        root = state.root
        if root is None or root.flow_id == CONSENT_FLOW or (top and top.flow_id == PAUSE_CHECK):
            return Outcome(state=state, effects=reply)
        paused = await self.engine.start(state, PAUSE_CHECK, ctx)
        return Outcome(state=paused.state, effects=reply + paused.effects)


def touch(state: ConversationState, ctx: TurnContext) -> ConversationState:
    """Stamp the state with this turn's time (it counts as activity)."""
    return replace(state, last_activity_at=ctx.now)
