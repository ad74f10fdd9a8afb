"""Token usage per turn: the model tokens a turn used, on the inbound message that started it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("prompt_tokens", "completion_tokens"):
        op.add_column("messages", sa.Column(column, sa.Integer(), server_default="0",
                                            nullable=False))


def downgrade() -> None:
    # SQLite drops columns only by rebuilding the table, which batch mode does.
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("completion_tokens")
        batch.drop_column("prompt_tokens")
