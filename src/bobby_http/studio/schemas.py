"""The prototype's request and answer fields, read into Bobby's commands. Unknown fields are
ignored (the prototype passed them into its database); the phone is the signed caller's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bobby_core.model import JsonValue
from bobby_core.use_cases.kept_state import KeptState
from bobby_core.use_cases.run_kept_steps import RunKeptStepsCommand, RunKeptStepsResult
from bobby_http.studio.fields import History, Text
from bobby_http.studio.history import decode, encode_text

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

    def save(self, flow: str, start: str, then: str, *, answers: Mapping[str, str | None],
             stopped_at: str | None, kept: KeptState | None = None,
             given: Mapping[str, JsonValue] | None = None) -> RunKeptStepsCommand:
        """Store a finished exercise: the flow's own steps from `start` up to `then` (its
        save among them); one the caller says stopped early is kept as abandoned there."""
        kept = kept or KeptState()
        return RunKeptStepsCommand(
            flow_id=flow, start=stopped_at or start, stop=frozenset({then}),
            kept=KeptState(variables=kept.variables, crises=kept.crises), given=given or {},
            answers=answers, phone=self.phone, stores=True, abandon=stopped_at is not None,
            show=False)


class TurnIn(StudioIn):
    """A loop widget's call: the user's reply to the last question, and what was kept."""

    last_user_response: Text

    def kept(self) -> KeptState:
        raise NotImplementedError

    def loop(self, flow: str, start: str, stop: str, given: Mapping[str, JsonValue],
             screen: str) -> RunKeptStepsCommand:
        """One turn of the part of `flow` from `start` up to `stop`."""
        return RunKeptStepsCommand(flow_id=flow, start=start, stop=frozenset({stop}),
                                   kept=self.kept(), text=self.last_user_response, given=given,
                                   screen=(screen,))


class LoopIn(TurnIn):
    history: History

    def kept(self) -> KeptState:
        return decode(self.history)


class LoopOut(BaseModel):
    question: str
    is_done: bool
    history: str
    """The JSON text of the kept history (history.encode_text)."""
    crisis: bool = False

    @classmethod
    def of(cls, result: RunKeptStepsResult, closing: str = "") -> LoopOut:
        """`closing`: what a done answer says when the steps said nothing (Studio sends the
        question even then)."""
        return cls(question="\n\n".join(result.replies) or closing, is_done=result.done,
                   history=encode_text(result.kept), crisis=result.crisis)


class PromptFields(BaseModel):
    """A journaling prompt as the flows read it: follow-ups are one newline-separated text."""

    topic: str | None = None
    topic_idx: int | None = None
    prompt: str | None = None
    follow_up_questions: str | None = None

    @staticmethod
    def values(variables: Mapping[str, Any] | None) -> dict[str, Any]:
        if variables is None:
            return {"topic": None, "topic_idx": None, "prompt": None, "follow_up_questions": None}
        follow_ups = (variables.get(f"follow_up_{n}") for n in range(1, 5))
        return {"topic": variables.get("topic"), "topic_idx": variables.get("prompt_index"),
                "prompt": variables.get("prompt"),
                "follow_up_questions": "\n".join(str(f) for f in follow_ups if f)}


class SavedOut(BaseModel):
    saved: bool = True
    message: str = "Saved."
