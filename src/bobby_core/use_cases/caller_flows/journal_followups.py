"""Journaling follow-ups for a caller that keeps the talk: the journaling flow's follow-up loop
on the prompt's own questions; when the prompt has a fourth question, the flow's "keep going?"
question, then its second, shorter loop. The earlier loop's transcript rides in the history's
note, so the save stores both as a WhatsApp session does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.steps import Ask, LlmLoop
from bobby_core.engine.templates import render
from bobby_core.model import JsonValue
from bobby_core.use_cases.caller_flows.callers import step_of
from bobby_core.use_cases.caller_flows.choose_topic import FLOW_ID
from bobby_core.use_cases.caller_flows.kept_history import KeptHistory
from bobby_core.use_cases.caller_flows.loop_turn import (
    RunLoopTurn,
    RunLoopTurnCommand,
    RunLoopTurnResult,
)

PHASE = "journal_phase"
FIRST_LOOP, ASK_MORE, MORE_LOOP = "followups", "keep_going", "more"
EARLIER = "followups"
"""The kept transcript of the first loop, once the second one runs."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUpJournalCommand:
    prompt: str
    entry: str
    follow_ups: tuple[str, ...]
    history: KeptHistory
    text: str = ""


class FollowUpJournal:
    def __init__(self, registry: FlowRegistry, loops: RunLoopTurn) -> None:
        self._flow, self._loops = registry.latest(FLOW_ID), loops

    async def execute(self, cmd: FollowUpJournalCommand) -> RunLoopTurnResult:
        variables: dict[str, JsonValue] = {"prompt": cmd.prompt, "entry": cmd.entry}
        for number, question in enumerate(cmd.follow_ups[:4], start=1):
            variables[f"follow_up_{number}"] = question
        phase = cmd.history.kept.get(PHASE, FIRST_LOOP)
        if phase == ASK_MORE:
            return await self._asked_more(cmd, variables)
        loop = MORE_LOOP if phase == MORE_LOOP else FIRST_LOOP
        result = await self._turn(loop, cmd.history, cmd.text, variables, (cmd.entry,))
        if not result.done or loop == MORE_LOOP or not variables.get("follow_up_4"):
            return result
        ask = step_of(self._flow, ASK_MORE, Ask)
        question = f"{result.question}\n\n{render(ask.prompt, variables)}".strip()
        kept = {**result.history.kept, PHASE: ASK_MORE, EARLIER: result.history.transcript()}
        return replace(result, question=question, done=False,
                       history=replace(result.history, turns=(), kept=kept))

    async def _asked_more(self, cmd: FollowUpJournalCommand,
                          variables: Mapping[str, JsonValue]) -> RunLoopTurnResult:
        ask = step_of(self._flow, ASK_MORE, Ask)
        ok, more = ask.expect.parse(cmd.text)
        history = cmd.history
        if not ok:
            return RunLoopTurnResult(question=render(ask.prompt, variables), done=False,
                                     history=history)
        if more is not True:
            closing = step_of(self._flow, FIRST_LOOP, LlmLoop).closing
            return RunLoopTurnResult(question=render(closing, variables), done=True,
                                     history=history)
        kept = {**history.kept, PHASE: MORE_LOOP}
        return await self._turn(MORE_LOOP, replace(history, turns=(), kept=kept), "", variables,
                                ())

    async def _turn(self, step_id: str, history: KeptHistory, text: str,
                    variables: Mapping[str, JsonValue],
                    opening: tuple[str, ...]) -> RunLoopTurnResult:
        return await self._loops.execute(RunLoopTurnCommand(
            flow_id=FLOW_ID, step_id=step_id, history=history, text=text, variables=variables,
            opening_texts=opening))


def session_transcripts(history: KeptHistory) -> tuple[JsonValue, JsonValue]:
    """What a journaling save stores: the first loop's transcript and the second's (or None)."""
    earlier = history.kept.get(EARLIER)
    if isinstance(earlier, list):
        return earlier, history.transcript() or None
    return history.transcript(), None
