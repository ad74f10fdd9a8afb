"""The reply guard's decisions: kind, action, flow and step of each refused model reply (and
each "done" before a loop's min_turns). Never the text, never the user.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guard_events",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("flow_id", sa.String(length=64), nullable=False),
        sa.Column("step_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_guard_events"),
    )
    op.create_index("ix_guard_events_created_at", "guard_events", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_guard_events_created_at", table_name="guard_events")
    op.drop_table("guard_events")
