"""Reflect (the CBT "ABC" exercise): the belief loop, the Socratic ("distortion") loop, the save."""

from __future__ import annotations

from dataclasses import replace

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from bobby_core.use_cases.kept_state import KeptState
from bobby_core.use_cases.run_kept_steps import RunKeptSteps, RunKeptStepsCommand
from bobby_http.signatures import json_signed
from bobby_http.studio.fields import History, Text, ended_early
from bobby_http.studio.history import decode
from bobby_http.studio.schemas import CallerIn, LoopIn, LoopOut, SavedOut, TurnIn

FLOW = "reflect"


class BeliefLoopIn(LoopIn):
    user_event: Text

    def to_command(self) -> RunKeptStepsCommand:
        # The flow sends the done answer with "Send & Wait for Reply" and keeps the reply as
        # `user_belief`: done asks for the belief in one sentence, never a closing line.
        return replace(self.loop(FLOW, "belief_loop", "name_belief", {"event": self.user_event},
                                 self.user_event), done_asks="belief_in_one_sentence")


class DistortionLoopIn(TurnIn):
    user_event: Text
    user_belief: Text
    belief_history: History
    distortion_history: History

    def kept(self) -> KeptState:
        """This loop's own history; on its first call, what the belief loop left (the flow
        goes on from there: it names the belief, then opens this loop)."""
        own = decode(self.distortion_history)
        if own.step is not None or own.talk:
            return own
        belief = decode(self.belief_history)
        return KeptState(variables=belief.variables, crises=(*belief.crises, *own.crises))

    def to_command(self) -> RunKeptStepsCommand:
        return replace(self.loop(FLOW, "name_belief", "feel_after", {
            "event": self.user_event, "belief_talk_user_text": self.user_belief},
            self.user_belief), done_asks="socratic_done")


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

    def to_command(self) -> RunKeptStepsCommand:
        return self.save(FLOW, "save", "thanks", kept=decode(self.distortion_history), given={
            "event": self.user_event or self.user_feeling, "belief": self.user_belief or None},
            answers={"feel_after": self.user_feel_after},
            stopped_at="socratic_loop" if ended_early(self.error) else None)


@post("/reflect/ask_for_belief_loop", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Reflect: ask for the belief behind the event")
async def ask_for_belief_loop(data: JSONBody[BeliefLoopIn],
                              run_kept: NamedDependency[RunKeptSteps]) -> LoopOut:
    return LoopOut.of(await run_kept.execute(data.to_command()))


@post("/reflect/distortion_loop", guards=[json_signed], status_code=HTTP_200_OK,
      tags=["studio"], summary="Reflect: Socratic questions about the belief")
async def distortion_loop(data: JSONBody[DistortionLoopIn],
                          run_kept: NamedDependency[RunKeptSteps]) -> LoopOut:
    return LoopOut.of(await run_kept.execute(data.to_command()))


@post("/save_abc_data", guards=[json_signed], status_code=HTTP_200_OK, tags=["studio"],
      summary="Reflect: store the finished exercise")
async def save_abc_data(data: JSONBody[AbcDataIn],
                        run_kept: NamedDependency[RunKeptSteps]) -> SavedOut:
    await run_kept.execute(data.to_command())
    return SavedOut()


ROUTES = [ask_for_belief_loop, distortion_loop, save_abc_data]
