"""The prototype's request and answer fields, read into Bobby's commands. Unknown fields are
ignored (the prototype passed them into its database); the phone is the signed caller's."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bobby_core.use_cases.caller_flows.choose_topic import JournalPrompt
from bobby_core.use_cases.caller_flows.kept_history import KeptHistory
from bobby_core.use_cases.caller_flows.loop_turn import RunLoopTurnResult
from bobby_http.studio.fields import History, Text

PHONE_EXAMPLE = "whatsapp:+447700900123"


class StudioIn(BaseModel):
    model_config = ConfigDict(extra="ignore")


class CallerIn(StudioIn):
    """A call about one user: `user_number` (or, on some save routes, `user_id`)."""

    user_number: Text = Field(default="", examples=[PHONE_EXAMPLE])
    user_id: Text = Field(default="", examples=[PHONE_EXAMPLE])

    @model_validator(mode="after")
    def _has_phone(self) -> CallerIn:
        if not (self.user_number or self.user_id):
            raise ValueError("user_number is required")
        return self

    @property
    def phone(self) -> str:
        return self.user_number or self.user_id


class LoopIn(StudioIn):
    history: History
    last_user_response: Text

    def kept(self) -> KeptHistory:
        return KeptHistory.decode(self.history)


class LoopOut(BaseModel):
    question: str
    is_done: bool
    history: list[dict[str, Any]]
    crisis: bool = False

    @classmethod
    def of(cls, result: RunLoopTurnResult) -> LoopOut:
        return cls(question=result.question, is_done=result.done,
                   history=result.history.encode(), crisis=result.crisis)


class PromptFields(BaseModel):
    """A journaling prompt as the flows read it: follow-ups are one newline-separated text."""

    topic: str | None = None
    topic_idx: int | None = None
    prompt: str | None = None
    follow_up_questions: str | None = None

    @staticmethod
    def values(prompt: JournalPrompt | None) -> dict[str, Any]:
        if prompt is None:
            return {"topic": None, "topic_idx": None, "prompt": None, "follow_up_questions": None}
        return {"topic": prompt.topic, "topic_idx": prompt.index, "prompt": prompt.prompt,
                "follow_up_questions": "\n".join(prompt.follow_ups)}


class SavedOut(BaseModel):
    saved: bool = True
    message: str = "Saved."
