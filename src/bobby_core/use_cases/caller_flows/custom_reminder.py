"""Schedule the reminder a caller's flow asked the user about (1-7 days), with the reminder
offer's own question and action: only ever to the signed caller's own number."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bobby_core.engine.actions import ActionHandler
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.outcome import TurnContext
from bobby_core.engine.steps import Ask, NumberRange
from bobby_core.errors import DomainError
from bobby_core.local_time import QuietHours
from bobby_core.model import normalise_phone
from bobby_core.ports import Clock, IdGenerator, UnitOfWorkFactory
from bobby_core.use_cases.caller_flows.callers import (
    ConsentPolicy,
    run_action,
    step_of,
    storing_user,
)
from bobby_core.use_cases.turn_io import store_records

FLOW_ID = "reminder_offer"
DAYS_STEP, SCHEDULE_STEP = "days", "schedule"


class InvalidReminderDaysError(DomainError):
    """The number of days is not one the reminder question accepts."""

    def __init__(self, low: int, high: int) -> None:
        super().__init__(f"the number of days must be a whole number from {low} to {high}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleCustomReminderCommand:
    phone: str
    days: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleCustomReminderResult:
    due_at: datetime
    when: str
    """In words, in the user's time zone ("in 3 days, around 09:30 your time")."""


class ScheduleCustomReminder:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 registry: FlowRegistry, actions: Mapping[str, ActionHandler],
                 policy: ConsentPolicy, quiet_hours: QuietHours | None = None) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._flow, self._actions, self._policy = registry.latest(FLOW_ID), actions, policy
        self._quiet = quiet_hours or QuietHours()

    async def execute(self, cmd: ScheduleCustomReminderCommand) -> ScheduleCustomReminderResult:
        phone = normalise_phone(cmd.phone)
        ask = step_of(self._flow, DAYS_STEP, Ask)
        ok, days = ask.expect.parse(cmd.days)
        if not ok:
            scale = ask.expect
            low, high = (scale.low, scale.high) if isinstance(scale, NumberRange) else (1, 7)
            raise InvalidReminderDaysError(low, high)
        variables: dict[str, Any] = {ask.save_as: days}
        async with self._uow() as uow:
            user = await storing_user(uow, self._ids, self._clock, phone, self._policy)
            ctx = TurnContext(user=user, now=self._clock.now(), ids=self._ids,
                              quiet_hours=self._quiet)
            effects = await run_action(self._actions, self._flow, SCHEDULE_STEP, variables, ctx)
            await store_records(uow, effects)
            await uow.commit()
        [reminder] = effects.reminders
        return ScheduleCustomReminderResult(due_at=reminder.due_at,
                                            when=str(variables.get("reminder_when", "")))
