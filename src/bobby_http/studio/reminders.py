"""Custom reminders: schedule one for the signed caller's own number (the reminder offer's own
question and scheduling), record the answer."""

from __future__ import annotations

from datetime import datetime

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK
from pydantic import BaseModel

from bobby_core.use_cases.kept_state import KeptState
from bobby_core.use_cases.record_feedback import (
    NO_REMINDER,
    RecordFeedback,
    RecordFeedbackCommand,
)
from bobby_core.use_cases.run_kept_steps import (
    RunKeptSteps,
    RunKeptStepsCommand,
    RunKeptStepsResult,
)
from bobby_http.signatures import json_signed
from bobby_http.studio.fields import Text
from bobby_http.studio.schemas import CallerIn, SavedOut


class SetReminderIn(CallerIn):
    user_number_of_days: Text

    def to_command(self) -> RunKeptStepsCommand:
        # Studio asked "in how many days?": the flow takes the answer from there.
        return RunKeptStepsCommand(
            flow_id="reminder_offer", start="days", stop=frozenset({"scheduled", "no_thanks"}),
            kept=KeptState(step="days"), text=self.user_number_of_days, phone=self.phone,
            stores=True, strict=True)


class ReminderAnswerIn(CallerIn):
    is_reminder_set: Text
    why_not_set_reminder: Text
    user_number_of_days: Text
    flow_sid: Text
    origin: Text
    error: Text


class ReminderSetOut(BaseModel):
    scheduled: bool
    due_at: datetime
    when: str

    @classmethod
    def of(cls, result: RunKeptStepsResult) -> ReminderSetOut:
        due, when = result.variables["reminder_at"], result.variables["reminder_when"]
        return cls(scheduled=True, due_at=datetime.fromisoformat(str(due)), when=str(when))


@post("/custom_reminder/set_custom_reminder", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Custom reminder: schedule one in 1-7 days")
async def set_custom_reminder(data: JSONBody[SetReminderIn],
                              run_kept: NamedDependency[RunKeptSteps]) -> ReminderSetOut:
    return ReminderSetOut.of(await run_kept.execute(data.to_command()))


@post("/custom_reminder/save_data", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Custom reminder: record the answer (and why not)")
async def save_reminder_answer(data: JSONBody[ReminderAnswerIn],
                               record_feedback: NamedDependency[RecordFeedback]) -> SavedOut:
    # The reminder itself was stored when it was set; only a reason for none is new here.
    saved = await record_feedback.execute(RecordFeedbackCommand(
        phone=data.phone, kind=NO_REMINDER, text=data.why_not_set_reminder))
    return SavedOut(saved=saved, message="Saved." if saved else "Nothing new to store.")


ROUTES = [set_custom_reminder, save_reminder_answer]
