"""The policies that look at what the user said: the global words, consent, the menu, the
paywall's `subscription`, and finally the running exercise or a pick from the menu."""

from __future__ import annotations

from dataclasses import replace

from bobby_core.conversation.policy import Decision, Rules, Turn
from bobby_core.engine.global_words import GlobalWord, asks_to_stop, is_greeting
from bobby_core.engine.menu import match_deep_link, match_menu
from bobby_core.engine.outcome import Effects, Outcome, say
from bobby_core.engine.parsing import is_sign_off
from bobby_core.flows.system.carry_on import RESUME_CHECK
from bobby_core.flows.system.consent import FLOW_ID as CONSENT_FLOW
from bobby_core.model import JsonValue
from bobby_core.subscriptions.gate import is_subscription_word

INTERRUPTIONS = {GlobalWord.DELETE: "delete_data", GlobalWord.EXPORT: "export_data"}
"""Global words that ask for confirmation in a dialogue of their own."""
ASK_TO_STOP = "opt_out"
"""The dialogue that asks before stopping, for a sentence that mentions stopping messages."""
UNRECOGNISED_FLOW, UNRECOGNISED_VAR = "recommender", "feeling"
"""What starts when the idle menu gets text it does not know (as in the prototype), and the
variable that carries that text into it."""


async def opt_out(turn: Turn, rules: Rules) -> Decision:
    """`STOP` (or unsubscribe, cancel, end, quit...) as the whole message opts out at once, as
    the messaging providers' rules expect; the reply (see `Conversation._closed`) says what it
    stopped and how to come back."""
    if turn.word is not GlobalWord.STOP:
        return None
    return Outcome(state=turn.state, effects=Effects(user=turn.ctx.user.opt_out()))


async def interruption(turn: Turn, rules: Rules) -> Decision:
    """`delete my data`, `export my data`, a sentence asking to stop the messages: their
    dialogue (which asks first), over whatever runs."""
    flow_id = INTERRUPTIONS.get(turn.word) if turn.word else None
    if flow_id is None and turn.word is None and asks_to_stop(turn.text):
        flow_id = ASK_TO_STOP
    if flow_id is None:
        return None
    top = turn.state.top
    if top is not None and top.flow_id == flow_id:
        return await rules.engine.reprompt(turn.state, turn.ctx)
    return await rules.engine.start(turn.state, flow_id, turn.ctx)


async def help_word(turn: Turn, rules: Rules) -> Decision:
    """`help`: what Bobby is and the words it knows; mid-exercise, the waiting question again."""
    if turn.word is not GlobalWord.HELP:
        return None
    texts = rules.texts
    if not turn.state.active:
        return Outcome(state=turn.state, effects=say(texts.help))
    pending = await rules.engine.reprompt(turn.state, turn.ctx)
    return Outcome(state=pending.state, effects=say(f"{texts.help}\n\n{texts.help_carry_on}")
                   + pending.effects)


async def consent(turn: Turn, rules: Rules) -> Decision:
    """Before consent only the consent dialogue runs; a deep link sent as the first message
    (such as `Burnout Check-In`) starts as soon as the user agrees."""
    state, ctx = turn.state, turn.ctx
    if ctx.user.may_store:
        return None
    top = state.top
    if state.active and top is not None and top.flow_id == CONSENT_FLOW and turn.word is None:
        pending = state.after_consent
        answered = await rules.engine.receive(state, turn.text, ctx)
        after = ctx.after(answered.effects)
        if after.user.may_store and pending is not None and not answered.state.active:
            started = await rules.start_exercise(answered.state, pending, after)
            return Outcome(state=started.state, effects=answered.effects + started.effects)
        return answered
    linked = match_deep_link(rules.engine.registry, turn.text)
    asked = await rules.engine.start(state.idle(ctx.now), CONSENT_FLOW, ctx)
    return Outcome(state=replace(asked.state, after_consent=linked.id if linked else None),
                   effects=asked.effects)


async def media_only(turn: Turn, rules: Rules) -> Decision:
    """A photo, a voice note or a file without words: nothing a step could take as an answer.
    The step stays where it was and the user is told kindly that Bobby reads text."""
    if not turn.media or turn.text.strip():
        return None
    return Outcome(state=turn.state, effects=say(rules.texts.media_not_read))


async def greeting(turn: Turn, rules: Rules) -> Decision:
    """A hello in the middle of an exercise asks before dropping anything."""
    state = turn.state
    if not (turn.word is GlobalWord.MENU and state.active and is_greeting(turn.text)):
        return None
    top = state.top
    if top is not None and top.flow_id == RESUME_CHECK:
        return await rules.engine.reprompt(state, turn.ctx)
    return await rules.engine.start(state, RESUME_CHECK, turn.ctx)


async def menu_word(turn: Turn, rules: Rules) -> Decision:
    """`menu` (and `start`): leave what runs, recorded as abandoned, and show the menu."""
    if turn.word not in (GlobalWord.MENU, GlobalWord.START):
        return None
    state, ctx = turn.state, turn.ctx
    closed = await rules.engine.abandon(state, ctx) if state.active else Outcome(state=state)
    return closed.then(rules.menu())


async def subscription_word(turn: Turn, rules: Rules) -> Decision:
    """`subscription`: the billing portal with access, else the checkout."""
    if not is_subscription_word(turn.text):
        return None
    ctx = turn.ctx
    return Outcome(state=turn.state, effects=rules.links.for_subscription_word(
        ctx.user.id, ctx.subscriptions, ctx.now))


async def stale_exercise(turn: Turn, rules: Rules) -> Decision:
    """The exercise changed since the user started it: begin again from the menu."""
    if not rules.engine.is_stale(turn.state):
        return None
    return Outcome(state=turn.state.idle(turn.ctx.now),
                   effects=say(rules.texts.exercise_updated) + rules.menu())


async def deep_link(turn: Turn, rules: Rules) -> Decision:
    """An exercise's exact deep-link message starts it, over what runs (idle: see the menu)."""
    linked = match_deep_link(rules.engine.registry, turn.text)
    if linked is None or not turn.state.active:
        return None
    closed = await rules.engine.abandon(turn.state, turn.ctx)
    started = await rules.start_exercise(closed.state, linked.id, turn.ctx)
    return Outcome(state=started.state, effects=closed.effects + started.effects)


async def running_exercise(turn: Turn, rules: Rules) -> Decision:
    """The answer to the step that waits."""
    if not turn.state.active:
        return None
    return await rules.engine.receive(turn.state, turn.text, turn.ctx)


async def menu_choice(turn: Turn, rules: Rules) -> Decision:
    """A pick from the menu starts it; text the menu does not know starts the recommender (a
    sentence of three words or more already says how the user feels: not asked again)."""
    chosen = match_menu(rules.engine.registry, turn.text)
    if chosen is not None:
        return await rules.start_exercise(turn.state, chosen.id, turn.ctx)
    if not any(f.id == UNRECOGNISED_FLOW for f in rules.engine.registry.exercises()):
        return Outcome(state=turn.state, effects=rules.menu())
    if is_sign_off(turn.text):
        # "skip", "thanks", "ok" after an exercise: nothing to suggest an exercise for.
        return Outcome(state=turn.state, effects=say(rules.texts.signed_off))
    given: dict[str, JsonValue] = (
        {UNRECOGNISED_VAR: turn.text.strip()} if len(turn.text.split()) >= 3 else {})
    return await rules.start_exercise(turn.state, UNRECOGNISED_FLOW, turn.ctx, given)
