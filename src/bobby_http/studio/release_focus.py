"""Release and Focus (sphere of influence): the control loop and the save."""

from __future__ import annotations

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from bobby_core.use_cases.caller_flows.kept_history import KeptHistory
from bobby_core.use_cases.caller_flows.loop_turn import RunLoopTurn, RunLoopTurnCommand
from bobby_core.use_cases.caller_flows.record_exercise import (
    RecordExercise,
    RecordExerciseCommand,
)
from bobby_http.signatures import json_signed
from bobby_http.studio.fields import History, Text, ended_early
from bobby_http.studio.schemas import CallerIn, LoopIn, LoopOut, SavedOut

FLOW = "release_focus"


class ControlLoopIn(LoopIn):
    user_event: Text

    def to_command(self) -> RunLoopTurnCommand:
        return RunLoopTurnCommand(flow_id=FLOW, step_id="control_loop", history=self.kept(),
                                  text=self.last_user_response,
                                  variables={"challenge": self.user_event},
                                  opening_texts=(self.user_event,))


class ControlDataIn(CallerIn):
    user_event: Text
    history: History
    user_feel_after: Text
    flow_sid: Text
    origin: Text
    error: Text

    def to_command(self) -> RecordExerciseCommand:
        talk = KeptHistory.decode(self.history)
        return RecordExerciseCommand(
            phone=self.phone, flow_id=FLOW,
            values={"challenge": self.user_event, "control_talk": talk.transcript() or None},
            answers={"clarity": self.user_feel_after}, crises=talk.crises,
            ended_early_at="control_loop" if ended_early(self.error) else None)


@post("/sphere_of_influence/control_loop", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Release and Focus: what is outside, then inside, your control")
async def control_loop(data: JSONBody[ControlLoopIn],
                       loop_turn: NamedDependency[RunLoopTurn]) -> LoopOut:
    return LoopOut.of(await loop_turn.execute(data.to_command()))


@post("/sphere_of_influence/save_control_data", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Release and Focus: store the finished exercise")
async def save_control_data(data: JSONBody[ControlDataIn],
                            record_exercise: NamedDependency[RecordExercise]) -> SavedOut:
    await record_exercise.execute(data.to_command())
    return SavedOut()


ROUTES = [control_loop, save_control_data]
