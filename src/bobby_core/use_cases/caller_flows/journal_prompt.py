"""The user's next journaling prompt, for a caller that runs the session itself: the journaling
flow's own progress and prompt actions over the user's stored results (latest first, so the
series never jumps)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bobby_core.engine.actions import ActionHandler
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.outcome import TurnContext
from bobby_core.model import normalise_phone
from bobby_core.ports import Clock, IdGenerator, UnitOfWorkFactory
from bobby_core.use_cases.caller_flows.callers import nobody, run_action
from bobby_core.use_cases.caller_flows.choose_topic import FLOW_ID, JournalPrompt


@dataclass(frozen=True, slots=True, kw_only=True)
class NextJournalPromptCommand:
    phone: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NextJournalPromptResult:
    message: str
    """Where the user is (welcome, session N of 7, series finished)."""
    prompt: JournalPrompt | None
    """None: a topic must be chosen first."""


class NextJournalPrompt:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 registry: FlowRegistry, actions: Mapping[str, ActionHandler]) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._flow, self._actions = registry.latest(FLOW_ID), actions

    async def execute(self, cmd: NextJournalPromptCommand) -> NextJournalPromptResult:
        phone = normalise_phone(cmd.phone)
        async with self._uow() as uow:  # reads only: a number Bobby does not know has no series
            user = await uow.users.get_by_phone(phone)
            progress = await uow.results.list_for_flows(user.id, {FLOW_ID}) if user else []
        now = self._clock.now()
        ctx = TurnContext(user=user or nobody(now), now=now, ids=self._ids,
                          progress=tuple(progress))
        variables: dict[str, Any] = {}
        await run_action(self._actions, self._flow, "progress", variables, ctx)
        message = str(variables.get("journal_intro") or "")
        if variables.get("journal_has_series") is not True:
            return NextJournalPromptResult(message=message, prompt=None)
        await run_action(self._actions, self._flow, "load", variables, ctx)
        return NextJournalPromptResult(message=message, prompt=JournalPrompt.of(variables))
