"""Each screening layer's verdict on a safety event (layer, flagged, categories, score, failed).

Never the message text. Existing events get an empty list.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("safety_events", sa.Column("verdicts", sa.JSON(), server_default="[]",
                                             nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("safety_events") as batch:
        batch.drop_column("verdicts")
