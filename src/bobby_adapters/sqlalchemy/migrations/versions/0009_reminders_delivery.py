"""Reminders that are sent: their outcome, templates in the outbox, local time zones, the
once-a-day opted-out notice, and exercises paused (not erased) after an idle timeout.

Existing users still on the "UTC" placeholder get the zone their phone number suggests.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bobby_adapters.phone_zones import zone_for_phone

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("flow_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("note", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("settled_at", TIME, nullable=True))
        batch.add_column(sa.Column("reason", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("message_id", sa.String(length=64), nullable=True))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("content_sid", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("content_variables", sa.JSON(), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("stop_notice_at", TIME, nullable=True))
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("paused_at", TIME, nullable=True))
        batch.add_column(sa.Column("held_text", sa.Text(), nullable=True))
    _fill_time_zones()


def _fill_time_zones() -> None:
    bind = op.get_bind()
    users = sa.table("users", sa.column("id", sa.String), sa.column("phone", sa.String),
                     sa.column("time_zone", sa.String))
    rows = bind.execute(sa.select(users.c.id, users.c.phone)
                        .where(users.c.time_zone == "UTC")).all()
    for user_id, phone in rows:
        found = zone_for_phone(phone)
        if found != "UTC":
            bind.execute(users.update().where(users.c.id == user_id).values(time_zone=found))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("held_text")
        batch.drop_column("paused_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("stop_notice_at")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("content_variables")
        batch.drop_column("content_sid")
    with op.batch_alter_table("reminders") as batch:
        batch.drop_column("message_id")
        batch.drop_column("reason")
        batch.drop_column("settled_at")
        batch.drop_column("note")
        batch.drop_column("flow_id")
