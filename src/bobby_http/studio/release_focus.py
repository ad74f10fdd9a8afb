"""Release and Focus (sphere of influence): the control loop and the save."""

from __future__ import annotations

from dataclasses import replace

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from bobby_core.use_cases.run_kept_steps import RunKeptSteps, RunKeptStepsCommand
from bobby_http.signatures import json_signed
from bobby_http.studio.fields import History, Text, ended_early
from bobby_http.studio.history import decode
from bobby_http.studio.schemas import CallerIn, LoopIn, LoopOut, SavedOut

FLOW = "release_focus"


class ControlLoopIn(LoopIn):
    user_event: Text

    def to_command(self) -> RunKeptStepsCommand:
        # The flow sends the done answer with "Send & Wait for Reply": it asks, never closes.
        return replace(self.loop(FLOW, "control_loop", "clarity", {"challenge": self.user_event},
                                 self.user_event), done_asks="studio_done")


class ControlDataIn(CallerIn):
    user_event: Text
    history: History
    user_feel_after: Text
    flow_sid: Text
    origin: Text
    error: Text

    def to_command(self) -> RunKeptStepsCommand:
        return self.save(FLOW, "save", "by_clarity", kept=decode(self.history),
                         given={"challenge": self.user_event},
                         answers={"clarity": self.user_feel_after},
                         stopped_at="control_loop" if ended_early(self.error) else None)


@post("/sphere_of_influence/control_loop", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Release and Focus: what is outside, then inside, your control")
async def control_loop(data: JSONBody[ControlLoopIn],
                       run_kept: NamedDependency[RunKeptSteps]) -> LoopOut:
    return LoopOut.of(await run_kept.execute(data.to_command()))


@post("/sphere_of_influence/save_control_data", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Release and Focus: store the finished exercise")
async def save_control_data(data: JSONBody[ControlDataIn],
                            run_kept: NamedDependency[RunKeptSteps]) -> SavedOut:
    await run_kept.execute(data.to_command())
    return SavedOut()


ROUTES = [control_loop, save_control_data]
