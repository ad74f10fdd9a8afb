"""Burnout survey: the scored result with its chart, and the save."""

from __future__ import annotations

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK
from pydantic import BaseModel

from bobby_core.use_cases.caller_flows.burnout_answers import (
    RecordBurnoutCheck,
    RecordBurnoutCheckCommand,
    ScoreBurnoutAnswers,
    ScoreBurnoutAnswersCommand,
    ScoreBurnoutAnswersResult,
)
from bobby_http.signatures import json_signed
from bobby_http.studio.fields import Answers, Text, ended_early
from bobby_http.studio.schemas import CallerIn, SavedOut


class BurnoutIn(CallerIn):
    results: Answers


class BurnoutSaveIn(BurnoutIn):
    flow_sid: Text
    origin: Text
    error: Text


class BurnoutInfographicOut(BaseModel):
    image_url: str | None
    title: str
    mean_burnout_score: float | None
    band: str | None

    @classmethod
    def of(cls, result: ScoreBurnoutAnswersResult) -> BurnoutInfographicOut:
        return cls(image_url=result.image_url, title=result.title,
                   mean_burnout_score=result.overall, band=result.band)


@post("/burnout_survey/get_burnout_infographic", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Burnout survey: scores, band advice and a chart")
async def get_burnout_infographic(data: JSONBody[BurnoutIn], score_burnout: NamedDependency[
        ScoreBurnoutAnswers]) -> BurnoutInfographicOut:
    return BurnoutInfographicOut.of(await score_burnout.execute(
        ScoreBurnoutAnswersCommand(phone=data.phone, answers=data.results)))


@post("/burnout_survey/save_data", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Burnout survey: store the answers and scores")
async def save_burnout(data: JSONBody[BurnoutSaveIn],
                       record_burnout: NamedDependency[RecordBurnoutCheck]) -> SavedOut:
    await record_burnout.execute(RecordBurnoutCheckCommand(
        phone=data.phone, answers=data.results, ended_early=ended_early(data.error)))
    return SavedOut()


ROUTES = [get_burnout_infographic, save_burnout]
