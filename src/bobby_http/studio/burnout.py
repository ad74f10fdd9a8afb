"""Burnout survey: the scored result with its chart, and the save. Studio asked the twelve
questions; the flow's own questions read the answers, and its own steps score and save them."""

from __future__ import annotations

from typing import Any

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK
from pydantic import BaseModel

from bobby_core.use_cases.run_kept_steps import (
    RunKeptSteps,
    RunKeptStepsCommand,
    RunKeptStepsResult,
)
from bobby_http.signatures import json_signed
from bobby_http.studio.fields import Answers, Text, ended_early
from bobby_http.studio.schemas import CallerIn, SavedOut

FLOW = "burnout"
ITEMS = tuple(f"item_{n:02d}" for n in range(1, 13))
"""The flow's questions, in the order Studio sends the answers."""


class BurnoutIn(CallerIn):
    results: Answers

    def answers(self) -> dict[str, str | None]:
        return dict(zip(ITEMS, self.results, strict=False))

    def to_command(self) -> RunKeptStepsCommand:
        # From the scoring to the advice: what the flow shows once the questions are answered.
        return RunKeptStepsCommand(flow_id=FLOW, start="score", stop=frozenset({"save"}),
                                   answers=self.answers(), phone=self.phone, stores=True)


class BurnoutSaveIn(BurnoutIn):
    flow_sid: Text
    origin: Text
    error: Text

    def to_command(self) -> RunKeptStepsCommand:
        answered = [a for a in self.results[:len(ITEMS)] if a]
        stopped = ITEMS[min(len(answered), len(ITEMS) - 1)]  # the first question left open
        return self.save(FLOW, "score", "after", answers=self.answers(),
                         stopped_at=stopped if ended_early(self.error) else None)


class BurnoutInfographicOut(BaseModel):
    image_url: str | None
    title: str
    mean_burnout_score: float | None
    band: str | None

    @classmethod
    def of(cls, result: RunKeptStepsResult) -> BurnoutInfographicOut:
        overall: Any = result.variables.get("burnout_overall")
        band = result.variables.get("burnout_band")
        return cls(image_url=result.image_url, title="\n\n".join(result.replies),
                   mean_burnout_score=overall if isinstance(overall, int | float) else None,
                   band=band if isinstance(band, str) else None)


@post("/burnout_survey/get_burnout_infographic", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Burnout survey: scores, band advice and a chart")
async def get_burnout_infographic(data: JSONBody[BurnoutIn], run_kept: NamedDependency[
        RunKeptSteps]) -> BurnoutInfographicOut:
    return BurnoutInfographicOut.of(await run_kept.execute(data.to_command()))


@post("/burnout_survey/save_data", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Burnout survey: store the answers and scores")
async def save_burnout(data: JSONBody[BurnoutSaveIn],
                       run_kept: NamedDependency[RunKeptSteps]) -> SavedOut:
    await run_kept.execute(data.to_command())
    return SavedOut()


ROUTES = [get_burnout_infographic, save_burnout]
