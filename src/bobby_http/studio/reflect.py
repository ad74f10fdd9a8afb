"""Reflect (the CBT "ABC" exercise): the belief loop, the Socratic ("distortion") loop, the save."""

from __future__ import annotations

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from bobby_core.model import Role
from bobby_core.use_cases.caller_flows.kept_history import KeptHistory
from bobby_core.use_cases.caller_flows.loop_turn import RunLoopTurn, RunLoopTurnCommand
from bobby_core.use_cases.caller_flows.record_exercise import (
    RecordExercise,
    RecordExerciseCommand,
)
from bobby_http.signatures import json_signed
from bobby_http.studio.fields import History, Text, ended_early
from bobby_http.studio.schemas import CallerIn, LoopIn, LoopOut, SavedOut, StudioIn

FLOW = "reflect"


class BeliefLoopIn(LoopIn):
    user_event: Text

    def to_command(self) -> RunLoopTurnCommand:
        return RunLoopTurnCommand(flow_id=FLOW, step_id="belief_loop", history=self.kept(),
                                  text=self.last_user_response,
                                  variables={"event": self.user_event},
                                  opening_texts=(self.user_event,))


class DistortionLoopIn(StudioIn):
    user_event: Text
    user_belief: Text
    belief_history: History
    distortion_history: History
    last_user_response: Text

    def to_command(self) -> RunLoopTurnCommand:
        belief = KeptHistory.decode(self.belief_history)
        said = "\n".join(t.content for t in belief.turns if t.role is Role.USER)
        return RunLoopTurnCommand(
            flow_id=FLOW, step_id="socratic_loop", history=KeptHistory.decode(
                self.distortion_history), text=self.last_user_response,
            variables={"event": self.user_event, "belief": self.user_belief,
                       "belief_talk_user_text": said or self.user_belief},
            opening_texts=(self.user_belief,), earlier=belief, extract_on_open="name_belief",
            carry={"belief_talk": belief.transcript() or None})


class AbcDataIn(CallerIn):
    user_feeling: Text
    user_event: Text
    bot_feeling: Text
    user_belief: Text
    bot_distortions: Text
    user_rephrase: Text
    user_feel_after: Text
    user_feedback: Text
    flow_sid: Text
    origin: Text
    error: Text
    event_history: History
    distortion_history: History

    def to_command(self) -> RecordExerciseCommand:
        talk = KeptHistory.decode(self.distortion_history)
        return RecordExerciseCommand(
            phone=self.phone, flow_id=FLOW, values={
                "event": self.user_event or self.user_feeling,
                "belief": talk.kept.get("belief") or self.user_belief or None,
                "belief_talk": talk.kept.get("belief_talk"),
                "socratic_talk": talk.transcript() or None,
            }, answers={"feel_after": self.user_feel_after}, crises=talk.crises,
            ended_early_at="socratic_loop" if ended_early(self.error) else None)


@post("/reflect/ask_for_belief_loop", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Reflect: ask for the belief behind the event")
async def ask_for_belief_loop(data: JSONBody[BeliefLoopIn],
                              loop_turn: NamedDependency[RunLoopTurn]) -> LoopOut:
    return LoopOut.of(await loop_turn.execute(data.to_command()))


@post("/reflect/distortion_loop", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Reflect: Socratic questions about the belief")
async def distortion_loop(data: JSONBody[DistortionLoopIn],
                          loop_turn: NamedDependency[RunLoopTurn]) -> LoopOut:
    return LoopOut.of(await loop_turn.execute(data.to_command()))


@post("/save_abc_data", guards=[json_signed], status_code=HTTP_200_OK, tags=["studio"],
      summary="Reflect: store the finished exercise")
async def save_abc_data(data: JSONBody[AbcDataIn],
                        record_exercise: NamedDependency[RecordExercise]) -> SavedOut:
    await record_exercise.execute(data.to_command())
    return SavedOut()


ROUTES = [ask_for_belief_loop, distortion_loop, save_abc_data]
