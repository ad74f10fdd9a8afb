"""The SQLAlchemy unit of work: one session and one transaction per use-case step."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bobby_adapters.sqlalchemy.billing import (
    SqlAlchemyMailingSyncRepository,
    SqlAlchemySubscriptionRepository,
)
from bobby_adapters.sqlalchemy.locks import advisory_key
from bobby_adapters.sqlalchemy.messages import SqlAlchemyInbox, SqlAlchemyOutbox, SqlAlchemyTranscript
from bobby_adapters.sqlalchemy.privacy import (
    SqlAlchemyErasureRepository,
    SqlAlchemyPersonalDataRepository,
)
from bobby_adapters.sqlalchemy.records import (
    SqlAlchemyExerciseResultRepository,
    SqlAlchemyFeedbackRepository,
    SqlAlchemyGuardEventRepository,
    SqlAlchemyProcessedEventRepository,
    SqlAlchemyReminderRepository,
    SqlAlchemySafetyEventRepository,
)
from bobby_adapters.sqlalchemy.users import (
    SqlAlchemyConversationRepository,
    SqlAlchemyUserRepository,
)
from bobby_core.errors import ConcurrentUpdateError, ExternalServiceError

__all__ = ["SqlAlchemyUnitOfWork", "SqlAlchemyUnitOfWorkFactory", "advisory_key"]


class SqlAlchemyUnitOfWork:
    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self._session, self._dialect = session, dialect
        self.users = SqlAlchemyUserRepository(session)
        self.conversations = SqlAlchemyConversationRepository(session)
        self.inbox = SqlAlchemyInbox(session, dialect)
        self.outbox = SqlAlchemyOutbox(session)
        self.transcript = SqlAlchemyTranscript(session)
        self.results = SqlAlchemyExerciseResultRepository(session)
        self.safety_events = SqlAlchemySafetyEventRepository(session)
        self.guard_events = SqlAlchemyGuardEventRepository(session)
        self.feedback = SqlAlchemyFeedbackRepository(session)
        self.processed_events = SqlAlchemyProcessedEventRepository(session)
        self.reminders = SqlAlchemyReminderRepository(session)
        self.subscriptions = SqlAlchemySubscriptionRepository(session)
        self.mailing = SqlAlchemyMailingSyncRepository(session)
        self.personal_data = SqlAlchemyPersonalDataRepository(session)
        self.erasures = SqlAlchemyErasureRepository(session)

    async def commit(self) -> None:
        await self._session.commit()


class SqlAlchemyUnitOfWorkFactory:
    """Opens units of work on one engine; `dispose()` closes its pooled connections."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[SqlAlchemyUnitOfWork]:
        try:
            async with self._sessions() as session:
                try:
                    yield SqlAlchemyUnitOfWork(session, self._engine.dialect.name)
                finally:
                    await session.rollback()  # a no-op after commit; undoes the rest
        except IntegrityError as exc:
            raise ConcurrentUpdateError("database constraint") from exc
        except SQLAlchemyError as exc:
            # Connectivity, timeouts, a locked SQLite file: the caller may retry later.
            raise ExternalServiceError("database", type(exc).__name__) from exc

    async def dispose(self) -> None:
        await self._engine.dispose()
