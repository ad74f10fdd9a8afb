"""Append-only records: exercise results, safety events, feedback, processed provider events."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bobby_adapters.sqlalchemy.tables import (
    ExerciseResultRow,
    FeedbackRow,
    GuardEventRow,
    ProcessedEventRow,
    ReminderRow,
    SafetyEventRow,
)
from bobby_core.model import (
    ExerciseResult,
    Feedback,
    LayerVerdict,
    MessageId,
    Reminder,
    ReminderStatus,
    ResultId,
    ResultStatus,
    SafetyEvent,
    UserId,
)
from bobby_core.safety.guard_events import GuardEvent

# Read before every turn of a flow that looks at earlier results: built once (see messages.py).
_R: Table = ExerciseResultRow.__table__  # type: ignore[assignment]
_FOR_FLOWS = (select(_R).where(_R.c.user_id == bindparam("b_user"),
                               _R.c.flow_id.in_(bindparam("b_flows", expanding=True)))
              .order_by(_R.c.seq))


class SqlAlchemyExerciseResultRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, result: ExerciseResult) -> None:
        await self._s.execute(insert(ExerciseResultRow).values(
            id=result.id, user_id=result.user_id, flow_id=result.flow_id,
            flow_version=result.flow_version, status=result.status.value,
            started_at=result.started_at, ended_at=result.ended_at, fields=result.fields,
            feel_after=result.feel_after, abandoned_at_step=result.abandoned_at_step))

    async def list_for_flows(self, user_id: UserId, flow_ids: Collection[str]) -> list[ExerciseResult]:
        rows = await self._s.execute(_FOR_FLOWS, {"b_user": user_id, "b_flows": list(flow_ids)})
        return [_result(r) for r in rows]


def _result(r: Any) -> ExerciseResult:
    return ExerciseResult(
        id=ResultId(r.id), user_id=UserId(r.user_id), flow_id=r.flow_id,
        flow_version=r.flow_version, status=ResultStatus(r.status), started_at=r.started_at,
        ended_at=r.ended_at, fields=dict(r.fields), feel_after=r.feel_after,
        abandoned_at_step=r.abandoned_at_step)


class SqlAlchemySafetyEventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, event: SafetyEvent) -> None:
        await self._s.execute(insert(SafetyEventRow).values(
            id=event.id, user_id=event.user_id, created_at=event.created_at,
            categories=list(event.categories), screener=event.screener, flow_id=event.flow_id,
            step_id=event.step_id, verdicts=[_verdict_row(v) for v in event.verdicts]))


class SqlAlchemyGuardEventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, event: GuardEvent) -> None:
        await self._s.execute(insert(GuardEventRow).values(
            created_at=event.created_at, flow_id=event.flow_id[:64], step_id=event.step_id[:64],
            kind=event.kind.value, action=event.action.value))


def _verdict_row(v: LayerVerdict) -> dict[str, Any]:
    return {"layer": v.layer, "flagged": v.flagged, "categories": list(v.categories),
            "score": v.score, "failed": v.failed}


class SqlAlchemyFeedbackRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, feedback: Feedback) -> None:
        await self._s.execute(insert(FeedbackRow).values(
            id=feedback.id, user_id=feedback.user_id, created_at=feedback.created_at,
            kind=feedback.kind, text=feedback.text, flow_id=feedback.flow_id))


class SqlAlchemyProcessedEventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def mark_processed(self, source: str, event_id: str) -> bool:
        try:
            # The primary key decides; a savepoint keeps the surrounding transaction usable.
            async with self._s.begin_nested():
                await self._s.execute(insert(ProcessedEventRow).values(
                    source=source, event_id=event_id))
        except IntegrityError:
            return False
        return True

    async def was_processed(self, source: str, event_id: str) -> bool:
        found = await self._s.execute(select(ProcessedEventRow.event_id).where(
            ProcessedEventRow.source == source, ProcessedEventRow.event_id == event_id))
        return found.first() is not None


class SqlAlchemyReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def replace_pending(self, reminder: Reminder) -> None:
        await self._s.execute(
            update(ReminderRow)
            .where(ReminderRow.user_id == reminder.user_id, ReminderRow.kind == reminder.kind,
                   ReminderRow.status == ReminderStatus.PENDING.value)
            .values(status=ReminderStatus.CANCELLED.value, settled_at=reminder.created_at,
                    reason="replaced")
            .execution_options(synchronize_session=False))
        await self._s.execute(insert(ReminderRow).values(
            id=reminder.id, user_id=reminder.user_id, kind=reminder.kind, due_at=reminder.due_at,
            created_at=reminder.created_at, status=reminder.status.value,
            flow_id=reminder.flow_id, note=reminder.note, settled_at=reminder.settled_at,
            reason=reminder.reason, message_id=reminder.message_id))

    async def get(self, reminder_id: str) -> Reminder | None:
        row = (await self._s.scalars(select(ReminderRow).where(ReminderRow.id == reminder_id)
                                     .execution_options(populate_existing=True))).first()
        return _reminder(row) if row is not None else None

    async def settle(self, reminder: Reminder) -> bool:
        # The WHERE on the status makes this the one decision point between two workers: only
        # one of them sees a row count of 1.
        result = await self._s.execute(
            update(ReminderRow)
            .where(ReminderRow.id == reminder.id,
                   ReminderRow.status == ReminderStatus.PENDING.value)
            .values(status=reminder.status.value, settled_at=reminder.settled_at,
                    reason=reminder.reason, message_id=reminder.message_id)
            .execution_options(synchronize_session=False))
        return getattr(result, "rowcount", 0) == 1

    async def cancel_pending(self, user_id: UserId, at: datetime, reason: str) -> int:
        result = await self._s.execute(
            update(ReminderRow)
            .where(ReminderRow.user_id == user_id,
                   ReminderRow.status == ReminderStatus.PENDING.value)
            .values(status=ReminderStatus.CANCELLED.value, settled_at=at, reason=reason)
            .execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    async def of_user(self, user_id: UserId, limit: int) -> list[Reminder]:
        query = (select(ReminderRow).where(ReminderRow.user_id == user_id)
                 .order_by(ReminderRow.created_at.desc(), ReminderRow.seq.desc()).limit(limit)
                 .execution_options(populate_existing=True))
        return [_reminder(r) for r in (await self._s.scalars(query)).all()]

    async def overdue(self, before: datetime) -> list[Reminder]:
        query = (select(ReminderRow)
                 .where(ReminderRow.status == ReminderStatus.PENDING.value,
                        ReminderRow.due_at < before)
                 .order_by(ReminderRow.due_at).execution_options(populate_existing=True))
        return [_reminder(r) for r in (await self._s.scalars(query)).all()]

    async def recent(self, limit: int) -> list[Reminder]:
        query = (select(ReminderRow).order_by(ReminderRow.due_at.desc()).limit(limit)
                 .execution_options(populate_existing=True))
        return [_reminder(r) for r in (await self._s.scalars(query)).all()]


def _reminder(r: ReminderRow) -> Reminder:
    return Reminder(id=r.id, user_id=UserId(r.user_id), kind=r.kind, due_at=r.due_at,
                    created_at=r.created_at, status=ReminderStatus(r.status), flow_id=r.flow_id,
                    note=r.note, settled_at=r.settled_at, reason=r.reason,
                    message_id=MessageId(r.message_id) if r.message_id else None)
