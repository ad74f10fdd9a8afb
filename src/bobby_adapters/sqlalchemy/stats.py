"""Read-only numbers for the operator, straight from the tables: the metrics' queue depth
and the admin pages (never a message text; feedback is shown, decrypted, because it was
written for the team)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bobby_adapters.sqlalchemy.billing import subscription_of
from bobby_adapters.sqlalchemy.privacy import SqlAlchemyErasureRepository
from bobby_adapters.sqlalchemy.tables import (
    ConversationRow,
    ExerciseResultRow,
    FeedbackRow,
    GuardEventRow,
    MessageRow,
    ModelCallRow,
    SafetyEventRow,
    SubscriptionRow,
    UserRow,
)
from bobby_core.errors import ExternalServiceError
from bobby_core.model import DeliveryStatus, Direction, ResultStatus
from bobby_core.ports.stats import (
    FailureLine,
    FeedbackLine,
    FeelPoint,
    FunnelLine,
    ModelCallLine,
    SafetyLine,
    UsageLine,
    UserLine,
)
from bobby_core.privacy.model import Erasure
from bobby_core.safety.guard_events import GuardCount


async def queue_depth(engine: AsyncEngine) -> dict[str, int]:
    """Inbound messages whose turn has not run, and replies queued or being sent."""
    waiting = (select(func.count()).select_from(MessageRow)
               .where(MessageRow.direction == Direction.INBOUND.value,
                      MessageRow.handled_at.is_(None)))
    unsent = (select(func.count()).select_from(MessageRow)
              .where(MessageRow.direction == Direction.OUTBOUND.value,
                     MessageRow.status.in_([DeliveryStatus.QUEUED.value,
                                            DeliveryStatus.SENDING.value])))
    try:
        async with engine.connect() as conn:
            return {"inbound_waiting": int((await conn.execute(waiting)).scalar_one()),
                    "outbound_unsent": int((await conn.execute(unsent)).scalar_one())}
    except SQLAlchemyError as exc:
        raise ExternalServiceError("database", type(exc).__name__) from exc


class SqlAlchemyOperatorStats:
    """The admin pages' numbers, each read in one short read-only connection."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def users(self, limit: int) -> list[UserLine]:
        last = (select(MessageRow.user_id, func.max(MessageRow.created_at).label("at"))
                .where(MessageRow.direction == Direction.INBOUND.value)
                .group_by(MessageRow.user_id).subquery())
        query = (select(UserRow.id, UserRow.phone, UserRow.created_at, UserRow.consent,
                        UserRow.opted_out, last.c.at)
                 .outerjoin(last, last.c.user_id == UserRow.id)
                 .order_by(UserRow.created_at.desc()).limit(limit))
        rows = await self._all(query)
        subs = [subscription_of(row) for row in await self._rows(
            select(SubscriptionRow).where(SubscriptionRow.user_id.in_([r.id for r in rows])))]
        return [UserLine(user_id=r.id, phone_hint=_hint(r.phone), created_at=r.created_at,
                         consent=r.consent, opted_out=r.opted_out,
                         last_message_at=_utc(r.at),
                         subscriptions=tuple(s for s in subs if s.user_id == r.id))
                for r in rows]

    async def funnels(self) -> list[FunnelLine]:
        R = ExerciseResultRow  # noqa: N806 - a short alias keeps the query readable
        counts = await self._all(select(R.flow_id, R.flow_version, R.status, R.abandoned_at_step,
                                        func.count().label("n"))
                                 .group_by(R.flow_id, R.flow_version, R.status,
                                           R.abandoned_at_step))
        stacks = await self._all(select(ConversationRow.stack)
                                 .where(ConversationRow.flow_id.is_not(None)))
        lines: dict[tuple[str, int], dict[str, Any]] = {}

        def line(flow_id: str, version: int) -> dict[str, Any]:
            return lines.setdefault((flow_id, version), {"finished": 0, "abandoned": 0,
                                                         "in_progress": 0, "abandoned_at": {}})

        for c in counts:
            entry = line(c.flow_id, c.flow_version)
            entry[c.status] = entry.get(c.status, 0) + c.n
            if c.status == ResultStatus.ABANDONED.value:
                step = c.abandoned_at_step or "?"
                entry["abandoned_at"][step] = entry["abandoned_at"].get(step, 0) + c.n
        for s in stacks:
            if s.stack:  # the exercise is the root frame; system flows sit on top of it
                line(s.stack[0]["flow_id"], s.stack[0]["version"])["in_progress"] += 1
        return [FunnelLine(flow_id=f, flow_version=v, finished=e["finished"],
                           abandoned=e["abandoned"], in_progress=e["in_progress"],
                           started=e["finished"] + e["abandoned"] + e["in_progress"],
                           abandoned_at=dict(sorted(e["abandoned_at"].items())))
                for (f, v), e in sorted(lines.items())]

    async def feel_after(self) -> list[FeelPoint]:
        rows = await self._all(select(ExerciseResultRow.flow_id, ExerciseResultRow.ended_at,
                                      ExerciseResultRow.feel_after)
                               .where(ExerciseResultRow.feel_after.is_not(None)))
        days: dict[tuple[str, date], list[int]] = {}
        for r in rows:
            days.setdefault((r.flow_id, _utc(r.ended_at).date()), []).append(r.feel_after)
        return [FeelPoint(flow_id=f, day=d, average=round(sum(v) / len(v), 2), answers=len(v))
                for (f, d), v in sorted(days.items(), key=lambda kv: (kv[0][1], kv[0][0]))]

    async def feedback(self, limit: int) -> list[FeedbackLine]:
        rows = await self._all(select(FeedbackRow.created_at, FeedbackRow.kind,
                                      FeedbackRow.flow_id, FeedbackRow.text)
                               .order_by(FeedbackRow.created_at.desc()).limit(limit))
        return [FeedbackLine(created_at=r.created_at, kind=r.kind, flow_id=r.flow_id,
                             text=r.text) for r in rows]

    async def safety_events(self, limit: int) -> list[SafetyLine]:
        rows = await self._all(select(SafetyEventRow.created_at, SafetyEventRow.categories,
                                      SafetyEventRow.screener, SafetyEventRow.flow_id)
                               .order_by(SafetyEventRow.created_at.desc()).limit(limit))
        return [SafetyLine(created_at=r.created_at, categories=tuple(r.categories),
                           screener=r.screener, flow_id=r.flow_id) for r in rows]

    async def guard_counts(self) -> list[GuardCount]:
        g = GuardEventRow
        rows = await self._all(
            select(g.flow_id, g.step_id, g.kind, g.action, func.count().label("n"))
            .group_by(g.flow_id, g.step_id, g.kind, g.action)
            .order_by(func.count().desc(), g.flow_id, g.step_id, g.kind, g.action))
        return [GuardCount(flow_id=r.flow_id, step_id=r.step_id, kind=r.kind, action=r.action,
                           count=int(r.n)) for r in rows]

    async def delivery_failures(self) -> list[FailureLine]:
        at = func.coalesce(MessageRow.handled_at, MessageRow.created_at)
        rows = await self._all(
            select(MessageRow.error_code, MessageRow.status, func.count().label("n"),
                   func.max(at).label("last_at"))
            .where(MessageRow.direction == Direction.OUTBOUND.value,
                   MessageRow.status.in_([DeliveryStatus.FAILED.value,
                                          DeliveryStatus.UNDELIVERED.value]))
            .group_by(MessageRow.error_code, MessageRow.status)
            .order_by(func.count().desc()))
        return [FailureLine(error_code=r.error_code or "-", status=r.status, count=r.n,
                            last_at=_utc(r.last_at)) for r in rows]

    async def usage(self) -> list[UsageLine]:
        calls = await self._all(select(MessageRow.user_id, MessageRow.created_at,
                                       MessageRow.prompt_tokens, MessageRow.completion_tokens)
                                .where(MessageRow.direction == Direction.INBOUND.value,
                                       MessageRow.prompt_tokens + MessageRow.completion_tokens > 0))
        spans = await self._all(select(ExerciseResultRow.user_id, ExerciseResultRow.flow_id,
                                       ExerciseResultRow.started_at, ExerciseResultRow.ended_at))
        by_user: dict[str, list[Any]] = {}
        for s in spans:
            by_user.setdefault(s.user_id, []).append(s)
        totals: dict[str, list[int]] = {}
        for c in calls:
            flow = next((s.flow_id for s in by_user.get(c.user_id, ())
                         if s.started_at <= c.created_at <= s.ended_at), "-")
            total = totals.setdefault(flow, [0, 0, 0])
            total[0] += c.prompt_tokens
            total[1] += c.completion_tokens
            total[2] += 1
        return [UsageLine(flow_id=f, prompt_tokens=p, completion_tokens=o, turns=n)
                for f, (p, o, n) in sorted(totals.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))]

    async def model_calls(self) -> list[ModelCallLine]:
        tokens = func.sum(ModelCallRow.prompt_tokens + ModelCallRow.completion_tokens)
        rows = await self._all(
            select(ModelCallRow.kind, ModelCallRow.outcome, func.count().label("n"),
                   func.sum(case((ModelCallRow.estimated, 1), else_=0)).label("estimated"),
                   func.sum(ModelCallRow.prompt_tokens).label("prompt"),
                   func.sum(ModelCallRow.completion_tokens).label("completion"))
            .group_by(ModelCallRow.kind, ModelCallRow.outcome)
            .order_by(tokens.desc(), ModelCallRow.kind, ModelCallRow.outcome))
        return [ModelCallLine(kind=r.kind, outcome=r.outcome, attempts=r.n,
                              estimated=int(r.estimated or 0), prompt_tokens=int(r.prompt or 0),
                              completion_tokens=int(r.completion or 0)) for r in rows]

    async def erasures(self, limit: int) -> list[Erasure]:
        try:
            async with AsyncSession(self._engine) as session:
                return await SqlAlchemyErasureRepository(session).recent(limit)
        except SQLAlchemyError as exc:
            raise ExternalServiceError("database", type(exc).__name__) from exc

    async def _rows(self, query: Any) -> list[Any]:
        """ORM rows (mapped to domain objects by the repositories' own mappers)."""
        try:
            async with AsyncSession(self._engine) as session:
                return list((await session.scalars(query)).all())
        except SQLAlchemyError as exc:
            raise ExternalServiceError("database", type(exc).__name__) from exc

    async def _all(self, query: Any) -> list[Any]:
        try:
            async with self._engine.connect() as conn:
                return list((await conn.execute(query)).all())
        except SQLAlchemyError as exc:
            raise ExternalServiceError("database", type(exc).__name__) from exc


def _utc(value: datetime | None) -> Any:
    """Aggregates (max, coalesce) come back without the column type: naive UTC on SQLite."""
    if value is None or not isinstance(value, datetime):
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _hint(phone: str | None) -> str:
    # A user who shares no number (a WhatsApp username) has no digits to show.
    return "…" + phone[-4:] if phone else "no phone"
