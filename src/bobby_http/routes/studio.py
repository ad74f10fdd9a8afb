"""The step endpoint: one exercise step per HTTP call (a Twilio Studio flow's HTTP Request
widget), flat JSON in and out."""

from __future__ import annotations

from litestar import post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from bobby_core.use_cases.run_flow_step import RunFlowStep
from bobby_http.schemas import StudioStepIn, StudioStepOut
from bobby_http.signatures import json_signed


@post("/studio/steps/{flow:str}/{step:str}", guards=[json_signed], status_code=HTTP_200_OK,
      summary="Run one exercise step for Twilio Studio's HTTP Request widget")
async def studio_step(flow: FromPath[str], step: FromPath[str], data: JSONBody[StudioStepIn],
                      run_step: NamedDependency[RunFlowStep]) -> StudioStepOut:
    result = await run_step.execute(data.to_command(flow, step))
    return StudioStepOut.of(flow, step, result)


ROUTES = [studio_step]
