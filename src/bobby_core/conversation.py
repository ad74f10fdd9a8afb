"""The turn policy around the engine: safety first, then opt-out, expiry, global words, consent,
the menu and finally the running exercise. A pure decision: (state, text, context) -> outcome."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bobby_core.engine.global_words import GlobalWord, global_word, is_greeting
from bobby_core.engine.menu import match_deep_link, match_menu, menu_text
from bobby_core.engine.outcome import Effects, Outcome, TurnContext, say
from bobby_core.engine.parsing import normalise
from bobby_core.engine.runner import Engine
from bobby_core.local_time import describe, zone_request
from bobby_core.model import ConversationState, JsonValue
from bobby_core.ports import CrisisScreener, ScreeningResult
from bobby_core.safety.alongside import both, screen_alongside
from bobby_core.safety.helplines import Helplines
from bobby_core.safety.language import looks_non_english
from bobby_core.safety.respond import respond_to_crisis
from bobby_core.subscriptions.gate import PAYWALL_FLOW, is_subscription_word
from bobby_core.subscriptions.links import checkout_reply, subscription_reply
from bobby_core.subscriptions.paywall import Paywall

DEFAULT_IDLE_TIMEOUT = timedelta(hours=1)
HELP_TEXT = (
    "I'm Bobby, an automated well-being companion (not a therapist). You can send:\n"
    "• menu - see the exercises\n"
    "• stop - stop all messages (start brings me back)\n"
    "• export my data - a link to a copy of everything I stored about you\n"
    "• delete my data - erase everything I stored about you\n"
    "If you are in danger, please call your local emergency number."
)
ENGLISH_ONLY = (
    "I'm sorry, I can only chat in English for now. If you are in danger, please call your "
    "local emergency number."
)
INTERRUPTIONS = {GlobalWord.STOP: "opt_out", GlobalWord.DELETE: "delete_data",
                 GlobalWord.EXPORT: "export_data"}
CONSENT_FLOW = "consent"
RESUME_CHECK_FLOW = "resume_check"
"""Asks a user who greets mid-exercise whether to carry on (yes) or go to the menu (no)."""
UNRECOGNISED_FLOW, UNRECOGNISED_VAR = "recommender", "feeling"
"""What starts when the idle menu gets text it does not know (as in the prototype), and the
variable that carries that text into it."""
STOPPED_NOTICE_EVERY = timedelta(days=1)
"""An opted-out user who writes is reminded how to come back at most this often (issue 17/14)."""
CARRY_ON = frozenset({"1", "carry on", "continue", "yes", "y", "resume", "go on", "keep going"})
START_FRESH = frozenset({"2", "start fresh", "fresh", "start again", "start over", "new", "no",
                         "n", "restart"})


class Conversation:
    """Decides what one inbound text does to a user's conversation."""

    def __init__(
        self,
        engine: Engine,
        screener: CrisisScreener,
        idle_timeout: timedelta = DEFAULT_IDLE_TIMEOUT,
        helplines: dict[str, Helplines] | None = None,
        paywall: Paywall | None = None,
        risk_check: CrisisScreener | None = None,
    ) -> None:
        self.engine = engine
        self._screener = screener
        self._risk_check = risk_check
        self._idle_timeout = idle_timeout
        self._helplines = helplines
        self._paywall = paywall or Paywall()

    @property
    def reads_subscriptions(self) -> bool:
        """Whether turns need the user's subscriptions (to gate exercises, to offer links)."""
        return self._paywall.reads_subscriptions

    @property
    def idle_timeout(self) -> timedelta:
        """How long an exercise may sit without a message before it is closed."""
        return self._idle_timeout

    @property
    def helplines(self) -> dict[str, Helplines] | None:
        """The helpline table crisis replies use (None: the built-in one)."""
        return self._helplines

    def menu(self) -> Effects:
        return say(menu_text(self.engine.registry))

    async def handle(self, state: ConversationState, text: str, ctx: TurnContext) -> Outcome:
        # The fast layers screen first: what they flag never reaches any model.
        screening = await self._screener.screen(text)
        if screening.flagged:
            return await self._crisis(state, screening, ctx)
        if self._risk_check is None:
            return await self._decide(state, text, ctx)
        # The model risk check is a model call itself, so it runs beside the turn's own; when
        # it flags, whatever the turn decided is dropped and the crisis reply goes instead.
        risk, decided = await screen_alongside(self._risk_check, text,
                                               self._decide(state, text, ctx))
        if decided is None:
            return await self._crisis(state, both(screening, risk), ctx)
        return decided

    async def _decide(self, state: ConversationState, text: str, ctx: TurnContext) -> Outcome:
        word = global_word(text)
        if ctx.user.opted_out:
            return await self._opted_out(state, word, ctx)
        zone_name = zone_request(text) if word is None else None
        if zone_name is not None:
            return self._set_zone(state, zone_name, ctx)
        before = Effects()
        if not ctx.user.told_english_only and looks_non_english(text):
            # Said once per user; the message itself still goes on to the exercise.
            before = say(ENGLISH_ONLY) + Effects(user=replace(ctx.user, told_english_only=True))
            ctx = ctx.after(before)
        if state.active and self._resumable(state, ctx) and (
                state.paused_at is not None or self._expired(state, ctx)):
            # Issue 17 item 11: an exercise idle past the timeout is offered back, not dropped.
            if word is None:
                resumed = await self._after_pause(state, text, ctx)
                return Outcome(state=resumed.state, effects=before + resumed.effects)
            # A global word after a pause: the exercise was recorded as abandoned when it was
            # paused; leave it quietly and let the word do its usual thing (`help` keeps it,
            # so the user can still carry on after reading the help).
            if state.paused_at is not None and word is not GlobalWord.HELP:
                state = state.idle(ctx.now)
        if state.active and state.paused_at is None and self._expired(state, ctx):
            closed = await self.engine.abandon(state, ctx)
            state, before = closed.state, before + closed.effects + say(
                "It's been a while, so I closed our last exercise.")
            if word in (None, GlobalWord.MENU, GlobalWord.START):
                return Outcome(state=state, effects=before + self.menu())
        consented_before = ctx.user.may_store
        outcome = await self._dispatch(state, text, word, ctx)
        outcome = await self._after(outcome, consented_before, ctx.after(outcome.effects))
        return Outcome(state=outcome.state, effects=before + outcome.effects)

    async def _dispatch(self, state: ConversationState, text: str, word: GlobalWord | None,
                        ctx: TurnContext) -> Outcome:
        top = state.top
        if word in INTERRUPTIONS:
            flow_id = INTERRUPTIONS[word]
            if top is not None and top.flow_id == flow_id:
                return await self.engine.reprompt(state, ctx)
            return await self.engine.start(state, flow_id, ctx)
        if word is GlobalWord.HELP:
            if not state.active:
                return Outcome(state=state, effects=say(HELP_TEXT))
            # Issue 17 item 13: help mid-exercise repeats the question that waits for an answer.
            pending = await self.engine.reprompt(state, ctx)
            return Outcome(state=pending.state, effects=say(
                HELP_TEXT + "\n\nTo carry on where we were, just answer this (or send menu to "
                "start something else):") + pending.effects)
        if not ctx.user.may_store:
            return await self._consent(state, text, word, ctx)
        if word is GlobalWord.MENU and state.active and is_greeting(text):
            # Issue 17 item 12: a greeting mid-exercise asks before dropping anything.
            if top is not None and top.flow_id == RESUME_CHECK_FLOW:
                return await self.engine.reprompt(state, ctx)
            return await self.engine.start(state, RESUME_CHECK_FLOW, ctx)
        if word in (GlobalWord.MENU, GlobalWord.START):
            closed = await self.engine.abandon(state, ctx) if state.active else Outcome(state=state)
            return closed.then(self.menu())
        if is_subscription_word(text):
            return Outcome(state=state, effects=subscription_reply(
                self._paywall, ctx.user.id, ctx.subscriptions, ctx.now))
        if self.engine.is_stale(state):
            return Outcome(state=state.idle(ctx.now), effects=say(
                "I've updated that exercise since we started it, so let's begin again.")
                + self.menu())
        linked = match_deep_link(self.engine.registry, text)
        if linked is not None and state.active:
            closed = await self.engine.abandon(state, ctx)
            started = await self.start_exercise(closed.state, linked.id, ctx)
            return Outcome(state=started.state, effects=closed.effects + started.effects)
        if state.active:
            return await self.engine.receive(state, text, ctx)
        chosen = match_menu(self.engine.registry, text)
        if chosen is None:
            return await self._unrecognised(state, text, ctx)
        return await self.start_exercise(state, chosen.id, ctx)

    async def start_exercise(self, state: ConversationState, flow_id: str, ctx: TurnContext,
                             given: dict[str, JsonValue] | None = None) -> Outcome:
        """Start an exercise the user picked, unless the paywall says they need access first:
        then the checkout link, and the "why not buy" question."""
        if self._paywall.may_start(flow_id, ctx.subscriptions, ctx.now):
            return await self.engine.start(state, flow_id, ctx, given)
        asked = await self.engine.start(state.idle(ctx.now), PAYWALL_FLOW, ctx)
        return Outcome(state=asked.state, effects=checkout_reply(ctx.user.id) + asked.effects)

    async def _consent(self, state: ConversationState, text: str, word: GlobalWord | None,
                       ctx: TurnContext) -> Outcome:
        """Before consent only the consent dialogue runs; a deep link sent as the first message
        (such as `Burnout Check-In`) starts as soon as the user agrees."""
        top = state.top
        if state.active and top is not None and top.flow_id == CONSENT_FLOW and word is None:
            pending = state.after_consent
            answered = await self.engine.receive(state, text, ctx)
            after = ctx.after(answered.effects)
            if after.user.may_store and pending is not None and not answered.state.active:
                started = await self.start_exercise(answered.state, pending, after)
                return Outcome(state=started.state, effects=answered.effects + started.effects)
            return answered
        linked = match_deep_link(self.engine.registry, text)
        asked = await self.engine.start(state.idle(ctx.now), CONSENT_FLOW, ctx)
        return Outcome(state=replace(asked.state, after_consent=linked.id if linked else None),
                       effects=asked.effects)

    async def _unrecognised(self, state: ConversationState, text: str,
                            ctx: TurnContext) -> Outcome:
        """Text the menu does not know starts the recommender; a sentence (three words or
        more) already says how the user feels, so it is not asked again."""
        if not any(f.id == UNRECOGNISED_FLOW for f in self.engine.registry.exercises()):
            return Outcome(state=state, effects=self.menu())
        given: dict[str, JsonValue] = (
            {UNRECOGNISED_VAR: text.strip()} if len(text.split()) >= 3 else {})
        return await self.start_exercise(state, UNRECOGNISED_FLOW, ctx, given)

    async def _after(self, outcome: Outcome, consented_before: bool,
                     ctx: TurnContext) -> Outcome:
        """Close what the turn asked to close; show the menu where it belongs."""
        effects = outcome.effects
        if effects.delete_user:
            # Nothing but the confirmation goes out after an erasure, and nothing is kept.
            return Outcome(state=outcome.state.idle(ctx.now),
                           effects=Effects(replies=effects.replies, delete_user=True))
        if effects.leave or ctx.user.opted_out:
            closed = await self.engine.abandon(outcome.state, ctx)
            closed = Outcome(state=closed.state, effects=effects + closed.effects)
            return closed.then(self.menu()) if effects.leave else closed
        state = outcome.state
        if not state.active and ((ctx.user.may_store and not consented_before)
                                 or effects.show_menu):
            return outcome.then(self.menu())
        return outcome

    async def _crisis(self, state: ConversationState, screening: ScreeningResult,
                      ctx: TurnContext) -> Outcome:
        top = state.top
        reply = respond_to_crisis(ctx, screening, top, self._helplines)
        root = state.root
        if root is None or root.flow_id == CONSENT_FLOW or (top and top.flow_id == "pause_check"):
            return Outcome(state=state, effects=reply)
        paused = await self.engine.start(state, "pause_check", ctx)
        return Outcome(state=paused.state, effects=reply + paused.effects)

    async def _opted_out(self, state: ConversationState, word: GlobalWord | None,
                         ctx: TurnContext) -> Outcome:
        if word is not GlobalWord.START:
            # Issue 17 item 14: say how to come back at most once a day; otherwise stay quiet.
            told = ctx.user.stop_notice_at
            if told is not None and ctx.now - told < STOPPED_NOTICE_EVERY:
                return Outcome(state=state)
            return Outcome(state=state, effects=Effects(
                user=replace(ctx.user, stop_notice_at=ctx.now)) + say(
                "You've stopped messages from Bobby. Send START if you'd like to talk again."))
        back = Effects(user=ctx.user.opt_in()) + say("Welcome back! 😊")
        ctx = ctx.after(back)
        if ctx.user.may_store:
            return Outcome(state=state, effects=back + self.menu())
        started = await self.engine.start(state.idle(ctx.now), CONSENT_FLOW, ctx)
        return Outcome(state=started.state, effects=back + started.effects)

    # --- idle exercises (issue 10: closed on time; issue 17 item 11: offered back) ---------

    async def pause_idle(self, state: ConversationState, ctx: TurnContext) -> Outcome:
        """What the idle job does at the timeout: record the exercise as abandoned (with what
        its `on_abandon` wants the user told: Burnout's partial result), but keep the stack so
        that the user's next message can carry on where they left off."""
        if not self._resumable(state, ctx):
            return await self.engine.abandon(state, ctx)
        closed = await self.engine.abandon(state, ctx, notify=True)
        return Outcome(state=replace(state, paused_at=ctx.now), effects=closed.effects)

    def _resumable(self, state: ConversationState, ctx: TurnContext) -> bool:
        """Only exercises are offered back; a system dialogue (consent, stop) just closes."""
        root = state.root
        flow = self.engine.registry.get(root.flow_id, root.version) if root else None
        return flow is not None and not flow.system and ctx.user.may_store \
            and not self.engine.is_stale(state)

    async def _after_pause(self, state: ConversationState, text: str,
                           ctx: TurnContext) -> Outcome:
        """The first message after an idle pause is held while we ask whether to carry on;
        the answer to that question resumes the exercise with the held message, or starts
        fresh at the menu."""
        if state.paused_at is None:  # the idle job has not run yet (a restart): pause now
            paused = await self.engine.abandon(state, ctx)
            state, recorded = replace(state, paused_at=ctx.now), paused.effects
        else:
            recorded = Effects()
        held = state.held_text
        if held is None:
            root = state.root
            flow = self.engine.registry.get(root.flow_id, root.version) if root else None
            title = flow.title if flow is not None else "our exercise"
            return Outcome(state=replace(state, held_text=text.strip()), effects=recorded + say(
                f"Welcome back! 😊 We were in the middle of *{title}*. Reply *1* to carry on "
                "where we left off (I've kept what you just wrote), or *2* to start fresh."))
        answer = normalise(text)
        if answer in CARRY_ON:
            resumed = replace(state, paused_at=None, held_text=None)
            return await self.engine.receive(resumed, held, ctx)
        if answer in START_FRESH:
            return Outcome(state=state.idle(ctx.now), effects=say("Okay, a fresh start.")
                           + self.menu())
        return Outcome(state=state, effects=say(
            "Reply *1* to carry on where we left off, or *2* to start fresh."))

    def _set_zone(self, state: ConversationState, zone_name: str, ctx: TurnContext) -> Outcome:
        """`time zone Europe/Paris`, `my city is Lisbon`: reminders follow the new zone."""
        return Outcome(state=state, effects=Effects(
            user=replace(ctx.user, time_zone=zone_name)) + say(
            f"Got it: I'll use {describe(ctx.now, zone_name)} for your reminders."))

    def _expired(self, state: ConversationState, ctx: TurnContext) -> bool:
        last = state.last_activity_at
        return last is not None and ctx.now - last > self._idle_timeout


def touch(state: ConversationState, ctx: TurnContext) -> ConversationState:
    """Stamp the state with this turn's time (it counts as activity)."""
    return replace(state, last_activity_at=ctx.now)
