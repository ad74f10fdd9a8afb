"""Initial schema: users, conversations, messages, results, safety events, feedback, events.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit column.
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def _id(length: int = 64) -> sa.String:
    return sa.String(length=length)


def _owned(table: str) -> list[sa.schema.SchemaItem]:
    """The ordering key, public id and owning user shared by the append-only tables."""
    return [
        sa.Column("seq", SEQ, autoincrement=True, nullable=False),
        sa.Column("id", _id(), nullable=False),
        sa.Column("user_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=f"fk_{table}_user_id_users",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seq", name=f"pk_{table}"),
        sa.UniqueConstraint("id", name=f"uq_{table}_id"),
    ]


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", _id(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("provider_user_id", sa.String(length=128), nullable=True),
        sa.Column("profile_name", sa.String(length=256), nullable=True),
        sa.Column("consent", sa.String(length=16), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("phone", name="uq_users_phone"),
    )
    op.create_table(
        "conversations",
        sa.Column("user_id", _id(), nullable=False),
        sa.Column("flow_id", _id(), nullable=True),
        sa.Column("flow_version", sa.Integer(), nullable=True),
        sa.Column("step_id", _id(), nullable=True),
        sa.Column("stack", sa.JSON(), nullable=False),
        sa.Column("variables", sa.JSON(), nullable=False),
        sa.Column("llm_history", sa.JSON(), nullable=False),
        sa.Column("started_at", TIME, nullable=True),
        sa.Column("last_activity_at", TIME, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_conversations_user_id_users",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name="pk_conversations"),
    )
    op.create_table(
        "messages",
        *_owned("messages"),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("provider_message_id", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("media_url", sa.Text(), nullable=True),
        sa.Column("in_reply_to", _id(), nullable=True),
        sa.Column("error_code", sa.String(length=32), nullable=True),
        sa.UniqueConstraint("provider_message_id", name="uq_messages_provider_message_id"),
    )
    op.create_index("ix_messages_user_id", "messages", ["user_id"])
    op.create_index("ix_messages_in_reply_to", "messages", ["in_reply_to"])
    op.create_table(
        "exercise_results",
        *_owned("exercise_results"),
        sa.Column("flow_id", _id(), nullable=False),
        sa.Column("flow_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", TIME, nullable=False),
        sa.Column("ended_at", TIME, nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("feel_after", sa.Integer(), nullable=True),
        sa.Column("abandoned_at_step", _id(), nullable=True),
    )
    op.create_index("ix_exercise_results_user_id", "exercise_results", ["user_id"])
    op.create_index("ix_exercise_results_flow", "exercise_results", ["flow_id", "flow_version"])
    op.create_table(
        "safety_events",
        *_owned("safety_events"),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("screener", _id(), nullable=False),
        sa.Column("flow_id", _id(), nullable=True),
        sa.Column("step_id", _id(), nullable=True),
    )
    op.create_index("ix_safety_events_user_id", "safety_events", ["user_id"])
    op.create_table(
        "feedback",
        *_owned("feedback"),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("flow_id", _id(), nullable=True),
    )
    op.create_index("ix_feedback_user_id", "feedback", ["user_id"])
    op.create_table(
        "processed_events",
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("processed_at", TIME, server_default=sa.text("CURRENT_TIMESTAMP"),
                  nullable=False),
        sa.PrimaryKeyConstraint("source", "event_id", name="pk_processed_events"),
    )


def downgrade() -> None:
    for table in ("processed_events", "feedback", "safety_events", "exercise_results",
                  "messages", "conversations", "users"):
        op.drop_table(table)
