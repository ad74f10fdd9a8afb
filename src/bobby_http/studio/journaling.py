"""Journaling: the next prompt of the user's series, the topic loop, the follow-up loop and
the save (which is what moves the series on)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from bobby_core.engine.templates import render
from bobby_core.flows.journaling.topics import GENERAL_TOPIC
from bobby_core.use_cases.kept_state import KeptState
from bobby_core.use_cases.run_kept_steps import (
    RunKeptSteps,
    RunKeptStepsCommand,
    RunKeptStepsResult,
)
from bobby_http.signatures import json_signed
from bobby_http.studio.fields import History, Text, ended_early
from bobby_http.studio.history import decode, encode_text
from bobby_http.studio.schemas import CallerIn, LoopIn, LoopOut, PromptFields, SavedOut

FLOW = "journaling"
PROMPT_SHOWN = "entry"
"""Where the flow has a series' prompt to write to."""


class JournalPromptIn(CallerIn):
    def to_command(self) -> RunKeptStepsCommand:
        # The flow's first steps: where the user is in their series, and its next prompt.
        return RunKeptStepsCommand(flow_id=FLOW, start="progress",
                                   stop=frozenset({"pick", PROMPT_SHOWN}), phone=self.phone)


class JournalPromptOut(PromptFields):
    message: str
    select_new_topic: bool

    @classmethod
    def of(cls, result: RunKeptStepsResult) -> JournalPromptOut:
        chosen = result.at == PROMPT_SHOWN
        return cls(message="\n\n".join(result.replies), select_new_topic=not chosen,
                   **PromptFields.values(result.variables if chosen else None))


class TopicLoopIn(LoopIn):
    user_topic_intro: Text


TOPIC_TRIES = 3
"""Replies that name no topic (or say "not sure") before the general topic is chosen."""
TRIES = "studio_topic_tries"
NO_TOPIC = frozenset({"pick_number", "free_style"})
"""Where the flow goes when the reply named no topic (its list) or asked for free style."""


async def choose_topic(data: TopicLoopIn, run_kept: RunKeptSteps) -> RunKeptStepsResult:
    """The flow's own topic choice (its words, its model extraction, its series start), as the
    Studio flow can use it: the flow shows no list and has no free style, so the questions name
    neither, and the loop always ends with a topic: after free style, or after TOPIC_TRIES
    replies that named none, the general one."""
    texts = run_kept.texts(FLOW)
    kept, text = data.kept(), data.last_user_response
    if kept.step != "pick":  # a first call (or one after "Change topic", with the old history)
        kept, text = KeptState(step="pick", crises=kept.crises), text or data.user_topic_intro
    if not text.strip():
        return RunKeptStepsResult(replies=(texts["studio_topic_ask"],), kept=kept,
                                  variables=kept.variables, at=kept.step, done=False)
    result = await run_kept.execute(RunKeptStepsCommand(
        flow_id=FLOW, start="pick", stop=frozenset({PROMPT_SHOWN, *NO_TOPIC}), kept=kept,
        text=text, done_asks="studio_topic_chosen"))
    if result.crisis or result.at not in NO_TOPIC:
        return result
    tries = int(kept.variables.get(TRIES) or 0) + 1
    if result.at == "free_style" or tries >= TOPIC_TRIES:
        return await run_kept.execute(RunKeptStepsCommand(
            flow_id=FLOW, start="chosen", stop=frozenset({PROMPT_SHOWN}),
            kept=replace(result.kept, step="chosen", talk=(),
                         variables={**result.kept.variables, "topic_choice": GENERAL_TOPIC}),
            done_asks="studio_topic_chosen"))
    again = render(texts[f"studio_topic_again_{tries}"], result.variables)
    waiting = replace(result.kept, step="pick", variables={**result.kept.variables, TRIES: tries})
    return replace(result, replies=(again,), kept=waiting, at="pick", done=False)


class TopicLoopOut(PromptFields):
    question: str
    is_done: bool
    history: str
    """The JSON text of the kept history (history.encode_text)."""
    crisis: bool = False

    @classmethod
    def of(cls, result: RunKeptStepsResult) -> TopicLoopOut:
        done = result.done and result.at == PROMPT_SHOWN
        return cls(question="\n\n".join(result.replies), is_done=done,
                   history=encode_text(result.kept), crisis=result.crisis,
                   **PromptFields.values(result.variables if done else None))


class FollowUpLoopIn(LoopIn):
    user_event: Text
    prompt: Text
    follow_up_questions: Text

    def to_command(self) -> RunKeptStepsCommand:
        questions = [q.strip() for q in self.follow_up_questions.splitlines() if q.strip()]
        given: dict[str, Any] = {"prompt": self.prompt, "entry": self.user_event}
        given.update({f"follow_up_{n}": q for n, q in enumerate(questions[:4], start=1)})
        # The flow sends the done answer with "Send & Wait for Reply": it asks, never closes.
        return replace(self.loop(FLOW, "followups", "rate", given, self.user_event),
                       done_asks="studio_followups_done")


class JournalDataIn(CallerIn):
    prompt: Text
    user_topic_intro: Text
    topic_history: History
    last_user_topic_response: Text
    free_style_user_event: Text
    user_event_var: Text
    user_event: Text
    start_time: Text
    approx_end_time: Text
    last_user_response: Text
    user_unsure: Text
    user_does_not_commit: Text
    user_feel_after: Text
    history: History
    flow_sid: Text
    origin: Text
    error: Text
    topic: Text
    topic_idx: Text

    def to_command(self) -> RunKeptStepsCommand:
        talk, topics = decode(self.history), decode(self.topic_history)
        topic = self.topic or None
        index = int(self.topic_idx) if topic and self.topic_idx.isdigit() else None
        return self.save(
            FLOW, "save", "after", kept=KeptState(variables=talk.variables,
                                          crises=(*topics.crises, *talk.crises)),
            given={"mode": "series" if topic else "free_style", "topic": topic,
                   "prompt_index": index, "prompt": self.prompt or None,
                   "entry": self.user_event or self.free_style_user_event or self.user_event_var},
            answers={"rate": self.user_feel_after},
            stopped_at="followups" if ended_early(self.error) else None)


@post("/journaling/get_journal_prompt", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Journaling: the next prompt of the user's series")
async def get_journal_prompt(data: JSONBody[JournalPromptIn],
                             run_kept: NamedDependency[RunKeptSteps]) -> JournalPromptOut:
    return JournalPromptOut.of(await run_kept.execute(data.to_command()))


@post("/journaling/ask_user_for_journaling_topic_loop", guards=[json_signed],
      status_code=HTTP_200_OK, tags=["studio"], summary="Journaling: help choose a topic")
async def topic_loop(data: JSONBody[TopicLoopIn],
                     run_kept: NamedDependency[RunKeptSteps]) -> TopicLoopOut:
    return TopicLoopOut.of(await choose_topic(data, run_kept))


@post("/journaling/ask_follow_up_questions_loop", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Journaling: follow-up questions on the user's entry")
async def follow_up_loop(data: JSONBody[FollowUpLoopIn],
                         run_kept: NamedDependency[RunKeptSteps]) -> LoopOut:
    return LoopOut.of(await run_kept.execute(data.to_command()))


@post("/journaling/save_data", guards=[json_signed], status_code=HTTP_200_OK, tags=["studio"],
      summary="Journaling: store the session (moves the series on)")
async def save_journal(data: JSONBody[JournalDataIn],
                       run_kept: NamedDependency[RunKeptSteps]) -> SavedOut:
    await run_kept.execute(data.to_command())
    return SavedOut()


ROUTES = [get_journal_prompt, topic_loop, follow_up_loop, save_journal]
