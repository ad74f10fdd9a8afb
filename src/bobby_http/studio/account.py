"""The main menu's calls: access, visits, the tool recommender, feedback, "why not buy"."""

from __future__ import annotations

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK
from pydantic import BaseModel

from bobby_core.use_cases.check_access import CheckAccess, CheckAccessCommand, CheckAccessResult
from bobby_core.use_cases.record_feedback import (
    EXERCISE,
    WHY_NOT_BUY,
    RecordFeedback,
    RecordFeedbackCommand,
)
from bobby_core.use_cases.record_visit import RecordVisit, RecordVisitCommand
from bobby_core.use_cases.run_kept_steps import RunKeptSteps, RunKeptStepsCommand
from bobby_http.signatures import json_signed
from bobby_http.studio.fields import Text
from bobby_http.studio.schemas import CallerIn, SavedOut, StudioIn

# The prototype's exercise names, as its flows send them.
FLOW_NAMES = {"reflect": "reflect", "sphere_of_influence": "release_focus",
              "journaling": "journaling", "burnout_quiz": "burnout", "welcome": "welcome"}


class AccessOut(BaseModel):
    is_active: bool
    has_account: bool
    status: str | None

    @classmethod
    def of(cls, result: CheckAccessResult) -> AccessOut:
        return cls(is_active=result.may_use, has_account=result.has_account, status=result.status)


class VisitIn(CallerIn):
    flow_name: Text


class VisitOut(SavedOut):
    may_store: bool


class FeelingIn(StudioIn):
    user_feeling: Text

    def to_command(self) -> RunKeptStepsCommand:
        # The recommender's own steps, up to the list of exercises (Studio shows its own).
        return RunKeptStepsCommand(flow_id="recommender", start="told",
                                   stop=frozenset({"options"}),
                                   given={"feeling": self.user_feeling},
                                   screen=(self.user_feeling,))


class RecommendOut(BaseModel):
    response: str
    crisis: bool


class FeedbackIn(CallerIn):
    flow_name: Text
    user_feedback: Text


class WhyNotBuyIn(CallerIn):
    why_not_buy: Text


@post("/authenticate_user", guards=[json_signed], status_code=HTTP_200_OK, tags=["studio"],
      summary="Whether the caller's own number may use the paid exercises")
async def authenticate_user(data: JSONBody[CallerIn],
                            check_access: NamedDependency[CheckAccess]) -> AccessOut:
    return AccessOut.of(await check_access.execute(CheckAccessCommand(phone=data.phone)))


@post("/save_user_info", guards=[json_signed], status_code=HTTP_200_OK, tags=["studio"],
      summary="A user opened an exercise")
async def save_user_info(data: JSONBody[VisitIn],
                         record_visit: NamedDependency[RecordVisit]) -> VisitOut:
    return VisitOut(may_store=await record_visit.execute(RecordVisitCommand(phone=data.phone)))


@post("/recommend_tool", guards=[json_signed], status_code=HTTP_200_OK, tags=["studio"],
      summary="One sentence recommending an exercise for a feeling")
async def recommend_tool(data: JSONBody[FeelingIn],
                         run_kept: NamedDependency[RunKeptSteps]) -> RecommendOut:
    result = await run_kept.execute(data.to_command())
    return RecommendOut(response="\n\n".join(result.replies), crisis=result.crisis)


@post("/save_user_feedback", guards=[json_signed], status_code=HTTP_200_OK, tags=["studio"],
      summary="Feedback on an exercise")
async def save_user_feedback(data: JSONBody[FeedbackIn],
                             record_feedback: NamedDependency[RecordFeedback]) -> SavedOut:
    saved = await record_feedback.execute(RecordFeedbackCommand(
        phone=data.phone, kind=EXERCISE, text=data.user_feedback,
        flow_id=FLOW_NAMES.get(data.flow_name)))
    return SavedOut(saved=saved, message="Saved." if saved else "Nothing to store.")


@post("/why_not_buy_save_data", guards=[json_signed], status_code=HTTP_200_OK, tags=["studio"],
      summary="Why the user did not subscribe")
async def why_not_buy_save_data(data: JSONBody[WhyNotBuyIn],
                                record_feedback: NamedDependency[RecordFeedback]) -> SavedOut:
    saved = await record_feedback.execute(RecordFeedbackCommand(
        phone=data.phone, kind=WHY_NOT_BUY, text=data.why_not_buy))
    return SavedOut(saved=saved, message="Saved." if saved else "Nothing to store.")


ROUTES = [authenticate_user, save_user_info, recommend_tool, save_user_feedback,
          why_not_buy_save_data]
