"""The policies that look at where the user stands before at what they said: opted out, a new
time zone, a language Bobby does not speak, an exercise left idle."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bobby_core.conversation.opting import back_message
from bobby_core.conversation.policy import Decision, Rules, Turn
from bobby_core.engine.global_words import GlobalWord
from bobby_core.engine.outcome import Effects, Outcome, say
from bobby_core.engine.parsing import normalise, parse_yes_no
from bobby_core.engine.templates import render
from bobby_core.flows.system.consent import FLOW_ID as CONSENT_FLOW
from bobby_core.local_time import asks_for_zone, local_clock, zone_request
from bobby_core.safety.language import looks_non_english

STOPPED_NOTICE_EVERY = timedelta(days=1)
"""An opted-out user who writes is reminded how to come back at most this often."""
CARRY_ON = frozenset({"1", "carry on", "continue", "yes", "y", "resume", "go on", "keep going"})
START_FRESH = frozenset({"2", "start fresh", "fresh", "start again", "start over", "new", "no",
                         "n", "restart"})


async def opted_out(turn: Turn, rules: Rules) -> Decision:
    """An opted-out user: START brings them back; anything else is told how, once a day."""
    ctx = turn.ctx
    if not ctx.user.opted_out:
        return None
    if turn.word is not GlobalWord.START:
        told = ctx.user.stop_notice_at
        if told is not None and ctx.now - told < STOPPED_NOTICE_EVERY:
            return Outcome(state=turn.state)
        return Outcome(state=turn.state, effects=Effects(
            user=replace(ctx.user, stop_notice_at=ctx.now)) + say(rules.texts.opted_out_notice))
    back = Effects(user=ctx.user.opt_in()) + say(
        back_message(ctx, rules.engine.registry, rules.texts))
    ctx = ctx.after(back)
    if ctx.user.may_store:
        return Outcome(state=turn.state, effects=back + rules.menu())
    started = await rules.engine.start(turn.state.idle(ctx.now), CONSENT_FLOW, ctx)
    return Outcome(state=started.state, effects=back + started.effects)


async def time_zone(turn: Turn, rules: Rules) -> Decision:
    """`time zone Europe/Paris`, `my city is Lisbon`: reminders follow the new zone."""
    if turn.word is not None:
        return None
    zone_name = zone_request(turn.text)
    if zone_name is None:
        # A plain request for a zone we do not know is told so, not taken as how they feel.
        return Outcome(state=turn.state, effects=say(rules.texts.zone_unknown)) \
            if asks_for_zone(turn.text) else None
    ctx = turn.ctx
    told = render(rules.texts.zone_set, {"zone": zone_name,
                                         "time": local_clock(ctx.now, zone_name)})
    return Outcome(state=turn.state,
                   effects=Effects(user=replace(ctx.user, time_zone=zone_name)) + say(told))


async def language(turn: Turn, rules: Rules) -> Decision:
    """Said once per user who writes another language; the message itself still goes on."""
    user = turn.ctx.user
    if user.told_english_only or not looks_non_english(turn.text):
        return None
    return turn.then(turn.state, say(rules.texts.english_only)
                     + Effects(user=replace(user, told_english_only=True)))


async def paused_exercise(turn: Turn, rules: Rules) -> Decision:
    """An exercise idle past the timeout is offered back, not dropped: the message is held
    while the user chooses. A global word instead leaves it quietly (`help` keeps it, so the
    user can still carry on after reading the help)."""
    state, ctx = turn.state, turn.ctx
    if not (state.active and rules.resumable(state, ctx)
            and (state.paused_at is not None or rules.expired(state, ctx))):
        return None
    if turn.word is None:
        return turn.decided(await _after_pause(turn, rules))
    if state.paused_at is not None and turn.word is not GlobalWord.HELP:
        return turn.then(state.idle(ctx.now))
    return None


async def expiry(turn: Turn, rules: Rules) -> Decision:
    """An exercise idle past the timeout that is not offered back is closed."""
    state, ctx = turn.state, turn.ctx
    if not (state.active and state.paused_at is None and rules.expired(state, ctx)):
        return None
    closed = await rules.engine.abandon(state, ctx)
    passed = turn.then(closed.state, closed.effects + say(rules.texts.idle_closed))
    if turn.word in (None, GlobalWord.MENU, GlobalWord.START):
        return passed.decided(Outcome(state=closed.state, effects=rules.menu()))
    return passed


async def _after_pause(turn: Turn, rules: Rules) -> Outcome:
    """The first message after an idle pause is held while we ask whether to carry on; the
    answer resumes the exercise with the held message, or starts fresh at the menu."""
    state, ctx, texts = turn.state, turn.ctx, rules.texts
    if state.paused_at is None:
        # The idle job has not run (a restart, or `bobby chat`, which runs no jobs): pause now,
        # and tell what the idle close would have told (Burnout's partial result) first.
        paused = await rules.engine.abandon(state, ctx, notify=True)
        state, recorded = replace(state, paused_at=ctx.now), paused.effects
    else:
        recorded = Effects()
    held = state.held_text
    if held is None:
        root = state.root
        flow = rules.engine.registry.get(root.flow_id, root.version) if root else None
        title = flow.title if flow is not None else texts.paused_exercise
        return Outcome(state=replace(state, held_text=turn.text.strip()),
                       effects=recorded + say(render(texts.paused_offer, {"title": title})))
    answer, yes_no = normalise(turn.text), parse_yes_no(turn.text)
    if answer in CARRY_ON or yes_no is True:
        resumed = replace(state, paused_at=None, held_text=None)
        return await rules.engine.receive(resumed, held, ctx)
    if answer in START_FRESH or yes_no is False:
        return Outcome(state=state.idle(ctx.now), effects=say(texts.paused_fresh) + rules.menu())
    return Outcome(state=state, effects=say(texts.paused_hint))
