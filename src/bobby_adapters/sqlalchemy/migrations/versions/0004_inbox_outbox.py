"""Inbox and outbox: a message's channel, when its turn ran (or its status last changed), and
how often it was tried.

Messages stored before this revision were answered inline (TwiML), so existing inbound rows are
marked handled and existing outbound rows sent: nothing old is re-run or re-sent.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=16), server_default="whatsapp",
                                   nullable=False))
        batch.add_column(sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
    op.execute("UPDATE messages SET handled_at = created_at WHERE direction = 'inbound'")
    op.execute("UPDATE messages SET status = 'sent' WHERE direction = 'outbound' "
               "AND status = 'queued'")
    op.create_index("ix_messages_waiting", "messages", ["direction", "handled_at"])
    op.create_index("ix_messages_status", "messages", ["direction", "status"])
    op.create_index("ix_exercise_results_user_flow", "exercise_results", ["user_id", "flow_id"])


def downgrade() -> None:
    op.drop_index("ix_exercise_results_user_flow", table_name="exercise_results")
    op.drop_index("ix_messages_status", table_name="messages")
    op.drop_index("ix_messages_waiting", table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("attempts")
        batch.drop_column("handled_at")
        batch.drop_column("channel")
