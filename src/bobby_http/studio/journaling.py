"""Journaling: the next prompt of the user's series, the topic loop, the follow-up loop and
the save (which is what moves the series on)."""

from __future__ import annotations

from typing import Any

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from bobby_core.use_cases.caller_flows.choose_topic import (
    ChooseJournalTopic,
    ChooseJournalTopicCommand,
    ChooseJournalTopicResult,
)
from bobby_core.use_cases.caller_flows.journal_followups import (
    FollowUpJournal,
    FollowUpJournalCommand,
    session_transcripts,
)
from bobby_core.use_cases.caller_flows.journal_prompt import (
    NextJournalPrompt,
    NextJournalPromptCommand,
    NextJournalPromptResult,
)
from bobby_core.use_cases.caller_flows.kept_history import KeptHistory
from bobby_core.use_cases.caller_flows.record_exercise import (
    RecordExercise,
    RecordExerciseCommand,
)
from bobby_http.signatures import json_signed
from bobby_http.studio.fields import History, Text, ended_early
from bobby_http.studio.schemas import CallerIn, LoopIn, LoopOut, PromptFields, SavedOut

FLOW = "journaling"


class JournalPromptOut(PromptFields):
    message: str
    select_new_topic: bool

    @classmethod
    def of(cls, result: NextJournalPromptResult) -> JournalPromptOut:
        return cls(message=result.message, select_new_topic=result.prompt is None,
                   **PromptFields.values(result.prompt))


class TopicLoopIn(LoopIn):
    user_topic_intro: Text

    def to_command(self) -> ChooseJournalTopicCommand:
        return ChooseJournalTopicCommand(history=self.kept(), text=self.last_user_response,
                                         intro=self.user_topic_intro)


class TopicLoopOut(PromptFields):
    question: str
    is_done: bool
    history: list[dict[str, Any]]
    crisis: bool = False

    @classmethod
    def of(cls, result: ChooseJournalTopicResult) -> TopicLoopOut:
        return cls(question=result.question, is_done=result.done,
                   history=result.history.encode(), crisis=result.crisis,
                   **PromptFields.values(result.chosen))


class FollowUpLoopIn(LoopIn):
    user_event: Text
    prompt: Text
    follow_up_questions: Text

    def to_command(self) -> FollowUpJournalCommand:
        questions = tuple(q.strip() for q in self.follow_up_questions.splitlines() if q.strip())
        return FollowUpJournalCommand(prompt=self.prompt, entry=self.user_event,
                                      follow_ups=questions, history=self.kept(),
                                      text=self.last_user_response)


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

    def to_command(self) -> RecordExerciseCommand:
        talk, topics = KeptHistory.decode(self.history), KeptHistory.decode(self.topic_history)
        followups, more = session_transcripts(talk)
        index = int(self.topic_idx) if self.topic_idx.isdigit() else None
        topic = self.topic or None
        return RecordExerciseCommand(
            phone=self.phone, flow_id=FLOW, values={
                "mode": "series" if topic else "free_style", "topic": topic,
                "prompt_index": index if topic else None, "prompt": self.prompt or None,
                "entry": self.user_event or self.free_style_user_event or self.user_event_var,
                "followups": followups or None, "more_followups": more,
            }, answers={"rate": self.user_feel_after}, crises=(*topics.crises, *talk.crises),
            ended_early_at="followups" if ended_early(self.error) else None)


@post("/journaling/get_journal_prompt", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Journaling: the next prompt of the user's series")
async def get_journal_prompt(data: JSONBody[CallerIn], next_journal_prompt: NamedDependency[
        NextJournalPrompt]) -> JournalPromptOut:
    return JournalPromptOut.of(
        await next_journal_prompt.execute(NextJournalPromptCommand(phone=data.phone)))


@post("/journaling/ask_user_for_journaling_topic_loop", guards=[json_signed],
      status_code=HTTP_200_OK, tags=["studio"], summary="Journaling: help choose a topic")
async def topic_loop(data: JSONBody[TopicLoopIn],
                     choose_topic: NamedDependency[ChooseJournalTopic]) -> TopicLoopOut:
    return TopicLoopOut.of(await choose_topic.execute(data.to_command()))


@post("/journaling/ask_follow_up_questions_loop", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Journaling: follow-up questions on the user's entry")
async def follow_up_loop(data: JSONBody[FollowUpLoopIn],
                         follow_up_journal: NamedDependency[FollowUpJournal]) -> LoopOut:
    return LoopOut.of(await follow_up_journal.execute(data.to_command()))


@post("/journaling/save_data", guards=[json_signed], status_code=HTTP_200_OK, tags=["studio"],
      summary="Journaling: store the session (moves the series on)")
async def save_journal(data: JSONBody[JournalDataIn],
                       record_exercise: NamedDependency[RecordExercise]) -> SavedOut:
    await record_exercise.execute(data.to_command())
    return SavedOut()


ROUTES = [get_journal_prompt, topic_loop, follow_up_loop, save_journal]
