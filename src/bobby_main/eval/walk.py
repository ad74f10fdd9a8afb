"""One scripted user walks one exercise: consent, pick it from the menu, answer every step as
the persona would, until the exercise (and what follows it) ends or the walk runs too long."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bobby_core.flows.system.carry_on import PAUSE_CHECK, RESUME_CHECK
from bobby_core.use_cases.run_flow_step import CONSENT_FLOW
from bobby_main.eval.counters import read_counts
from bobby_main.eval.personas import Persona
from bobby_main.eval.pipeline import Pipeline

MAX_MESSAGES = 80
"""A walk that has not ended after this many messages of the persona stops, and says where."""
SAY_YES = frozenset({CONSENT_FLOW, PAUSE_CHECK, RESUME_CHECK})
"""Where Bobby asks whether to go on: the persona says its `carry_on` there."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Turn:
    """One message of the persona inside the exercise and what it got."""

    at: str
    """"flow/step" the user stood at when sending ("" before the exercise started)."""
    said: str
    replies: tuple[str, ...]
    seconds: float
    prompt_tokens: int
    completion_tokens: int
    guard_hits: int
    model_unavailable: int
    model_errors: int
    crisis: bool
    """Whether the crisis reply was among the replies."""
    check_in: bool = False
    """Whether the risk check's gentle check-in was among them (a moderate rating)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Walk:
    exercise: str
    persona: str
    turns: tuple[Turn, ...]
    finished: bool
    """The exercise stored a finished result."""
    stopped_at: str | None
    """Where the user still stood when the walk gave up (None: the conversation ended)."""
    disclosed: int | None = None
    """The index of the turn that disclosed distress, if the persona did."""


async def walk(pipeline: Pipeline, flow_id: str, menu_key: str, persona: Persona,
               phone: str, max_messages: int = MAX_MESSAGES) -> Walk:
    """Every message is a turn of the walk, the consent too: a model that answers "hi" with
    the crisis reply shows in the figures. The persona agrees wherever Bobby asks to go on
    (the consent, "shall we carry on?"), picks the exercise again while it is at the menu,
    and is itself from the exercise's start."""
    crisis, check_in = pipeline.crisis_reply(phone), pipeline.check_in(phone)
    turns: list[Turn] = []
    tries: Counter[str] = Counter()
    text, at, disclosed, picked = "hi", "", None, None
    while True:
        before = read_counts(pipeline.metrics)
        answer = await pipeline.send(phone, text)
        counts = read_counts(pipeline.metrics) - before
        turns.append(Turn(at=at, said=text, replies=answer.replies,
                          seconds=answer.seconds, prompt_tokens=answer.prompt_tokens,
                          completion_tokens=answer.completion_tokens,
                          guard_hits=counts.guard_hits,
                          model_unavailable=counts.model_unavailable,
                          model_errors=counts.model_errors, crisis=crisis in answer.replies,
                          check_in=check_in in answer.replies))
        state = pipeline.state(answer.user_id)
        if picked is None and pipeline.started(answer.user_id, flow_id):
            picked = len(turns) - 1
        top = state.top
        at = "" if top is None else f"{top.flow_id}/{top.step_id}"
        if (top is None and picked is not None) or len(turns) > max_messages:
            break
        if top is None:
            text = menu_key
        elif top.flow_id in SAY_YES or picked is None:
            text = persona.carry_on
        else:
            said = len(turns) - picked
            step = pipeline.conversation.engine.current_step(state)
            text = persona.answer(step, said=said, tries=tries[at],
                                  disclosed=disclosed is not None)
            if persona.disclose is not None and text == persona.disclose:
                disclosed = len(turns)
        tries[at] += 1
    return Walk(exercise=flow_id, persona=persona.name, turns=tuple(turns),
                finished=pipeline.finished(answer.user_id, flow_id),
                stopped_at=None if top is None and picked is not None else at or "menu",
                disclosed=disclosed)
