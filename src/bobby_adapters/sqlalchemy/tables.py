"""Adapter-private rows. Repositories map them to and from domain objects by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bobby_adapters.sqlalchemy.encryption import EncryptedJSON, EncryptedText

# Explicit constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity.
Seq = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware in and out, stored as UTC. SQLite keeps no zone, so it gets naive UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime, dict[str, Any]: JSON,
                                                    list[Any]: JSON}


def _user_fk() -> Any:
    return ForeignKey("users.id", ondelete="CASCADE")


class OwnedRecord:
    """Rows a user owns, many per user: insertion order, a public id, the owner."""

    seq: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(String(64), _user_fk(), index=True)


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # A user is keyed by the messaging provider's id for them, else by the phone (at least one).
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    provider_user_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    profile_name: Mapped[str | None] = mapped_column(EncryptedText)
    consent: Mapped[str] = mapped_column(String(16))
    opted_out: Mapped[bool] = mapped_column(Boolean)
    time_zone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    told_english_only: Mapped[bool] = mapped_column(Boolean, server_default="0")
    stop_notice_at: Mapped[datetime | None]


class ConversationRow(Base):
    """The whole frame stack is kept as JSON; the top frame is copied into columns for queries."""

    __tablename__ = "conversations"
    user_id: Mapped[str] = mapped_column(String(64), _user_fk(), primary_key=True)
    flow_id: Mapped[str | None] = mapped_column(String(64))
    flow_version: Mapped[int | None]
    step_id: Mapped[str | None] = mapped_column(String(64))
    stack: Mapped[list[Any]]
    variables: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON)
    llm_history: Mapped[list[Any]] = mapped_column(EncryptedJSON)
    started_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime | None]
    version: Mapped[int]
    paused_at: Mapped[datetime | None]
    held_text: Mapped[str | None] = mapped_column(EncryptedText)  # what the user wrote
    # The engine's own bookkeeping of the running exercise (never in `variables`).
    result_saved: Mapped[bool] = mapped_column(Boolean, server_default="0")
    after_consent: Mapped[str | None] = mapped_column(String(64))
    prompt_tokens: Mapped[int] = mapped_column(Integer, server_default="0")
    completion_tokens: Mapped[int] = mapped_column(Integer, server_default="0")
    checked_in_at: Mapped[datetime | None]


class MessageRow(Base):
    """Inbound and outbound messages. Not tied to `users` by a foreign key: an erased user's
    farewell outlives their row until it is sent (the erasure deletes the rest explicitly)."""

    __tablename__ = "messages"
    seq: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    direction: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime]
    provider_message_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    media_url: Mapped[str | None] = mapped_column(Text)
    in_reply_to: Mapped[str | None] = mapped_column(String(64), index=True)
    error_code: Mapped[str | None] = mapped_column(String(32))
    prompt_tokens: Mapped[int] = mapped_column(Integer, server_default="0")
    completion_tokens: Mapped[int] = mapped_column(Integer, server_default="0")
    channel: Mapped[str] = mapped_column(String(16), server_default="whatsapp")
    # Inbound: when its turn ran (NULL: waiting in the inbox). Outbound: the last status change.
    handled_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    # The approved template it goes as when WhatsApp's 24-hour window is closed.
    template_name: Mapped[str | None] = mapped_column(String(512))
    template_language: Mapped[str | None] = mapped_column(String(32))
    template_variables: Mapped[dict[str, Any] | None]
    # Vendor work of a reply not yet sent: a chart to draw (the user's scores), a payment link.
    chart: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON)
    link: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # The farewell of an erased user: where it goes (removed once sent).
    address: Mapped[str | None] = mapped_column(EncryptedText)

    # The inbox and the outbox are read by "what is still waiting", oldest first.
    __table_args__ = (
        Index("ix_messages_waiting", "direction", "handled_at"),
        Index("ix_messages_status", "direction", "status"),
    )


class ExerciseResultRow(OwnedRecord, Base):
    __tablename__ = "exercise_results"
    flow_id: Mapped[str] = mapped_column(String(64))
    flow_version: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    fields: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON)
    feel_after: Mapped[int | None]
    abandoned_at_step: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_exercise_results_flow", "flow_id", "flow_version"),
                      Index("ix_exercise_results_user_flow", "user_id", "flow_id"))


class SafetyEventRow(OwnedRecord, Base):
    __tablename__ = "safety_events"
    created_at: Mapped[datetime]
    categories: Mapped[list[Any]]
    screener: Mapped[str] = mapped_column(String(64))
    flow_id: Mapped[str | None] = mapped_column(String(64))
    step_id: Mapped[str | None] = mapped_column(String(64))
    verdicts: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")


class GuardEventRow(Base):
    """One reply-guard decision: kind, action, flow and step. Never the text, never the user."""

    __tablename__ = "guard_events"
    seq: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(index=True)
    flow_id: Mapped[str] = mapped_column(String(64))
    step_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))


class FeedbackRow(OwnedRecord, Base):
    __tablename__ = "feedback"
    created_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(EncryptedText)
    flow_id: Mapped[str | None] = mapped_column(String(64))


class ReminderRow(OwnedRecord, Base):
    __tablename__ = "reminders"
    kind: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime]
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    flow_id: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(String(64))
    settled_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(String(64))
    message_id: Mapped[str | None] = mapped_column(String(64))

    # The worker that sends reminders looks for pending ones by due time.
    __table_args__ = (Index("ix_reminders_due", "status", "due_at"),)


class ProcessedEventRow(Base):
    """Provider events already handled (webhook retries are answered without acting twice)."""

    __tablename__ = "processed_events"
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(server_default=func.now())


class SubscriptionRow(Base):
    """The merged state of one Stripe subscription or one-off pass (see core `merge`). A row
    may wait without a user until an event names them; it goes when its user is deleted."""

    __tablename__ = "subscriptions"
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(String(64), _user_fk(), index=True)
    customer_id: Mapped[str | None] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32))
    evidence: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[datetime]
    period_end: Mapped[datetime | None]
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean)


class MailingSyncRow(Base):
    """The wanted mailing-list state of one contact, pushed by a sweep (pending until done)."""

    __tablename__ = "mailing_sync"
    contact_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    email: Mapped[str | None] = mapped_column(EncryptedText)
    tags: Mapped[dict[str, Any]]
    user_id: Mapped[str | None] = mapped_column(String(64), index=True)
    delete: Mapped[bool] = mapped_column(Boolean)
    pending: Mapped[bool] = mapped_column(Boolean)
    failed: Mapped[bool] = mapped_column(Boolean)
    revision: Mapped[int] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())

    __table_args__ = (Index("ix_mailing_sync_due", "pending", "next_attempt_at"),)


class ErasureRow(Base):
    """The audit record of one erasure: when, through what, the files still to remove (until
    they are) and how many were. No phone, id or name of the user."""

    __tablename__ = "erasures"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    requested_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(32))
    pending_media: Mapped[list[Any]]
    media_removed: Mapped[int] = mapped_column(Integer)
    completed_at: Mapped[datetime | None]


class AdminSessionRow(Base):
    """A signed-in operator's session: the hash of its random id (the cookie's value is never
    stored), a keyed tag of the ADMIN_TOKEN it was opened with, and its times."""

    __tablename__ = "admin_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_tag: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class ModelCallRow(Base):
    """One request that reached the model's server and the tokens it used (or their estimate):
    no text, no user. The admin's cost figure sums these."""

    __tablename__ = "model_calls"
    id: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    model: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(64))
    prompt_tokens: Mapped[int] = mapped_column(Integer)
    completion_tokens: Mapped[int] = mapped_column(Integer)
    estimated: Mapped[bool] = mapped_column(Boolean)
