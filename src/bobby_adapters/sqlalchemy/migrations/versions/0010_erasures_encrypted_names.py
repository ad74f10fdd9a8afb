"""Erasure audit records, and the profile name and the mailing-list address encrypted at rest.

The two columns become TEXT (a Fernet token is longer than the old limits). Values already
stored stay readable as plain text; `bobby keys rotate` encrypts them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "erasures",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("requested_at", TIME, nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("pending_media", sa.JSON(), nullable=False),
        sa.Column("media_removed", sa.Integer(), nullable=False),
        sa.Column("completed_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
    )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("profile_name", type_=sa.Text(), existing_type=sa.String(256),
                           existing_nullable=True)
    with op.batch_alter_table("mailing_sync") as batch:
        batch.alter_column("email", type_=sa.Text(), existing_type=sa.String(320),
                           existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("mailing_sync") as batch:
        batch.alter_column("email", type_=sa.String(320), existing_type=sa.Text(),
                           existing_nullable=True)
    with op.batch_alter_table("users") as batch:
        batch.alter_column("profile_name", type_=sa.String(256), existing_type=sa.Text(),
                           existing_nullable=True)
    op.drop_table("erasures")
