"""Users keyed by the messaging provider's user id, the phone optional (WhatsApp usernames and
business-scoped user ids), and templates named as the product names them (any provider's
template name or id, with its language).

Rows in use keep their phone; a provider user id that two rows share (never expected: it was a
phone's WhatsApp id) is kept on the oldest row only, so that the id can be unique.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    users = sa.table("users", sa.column("id", sa.String), sa.column("provider_user_id", sa.String),
                     sa.column("created_at", sa.DateTime))
    bind = op.get_bind()
    seen: set[str] = set()
    rows = bind.execute(sa.select(users.c.id, users.c.provider_user_id)
                        .where(users.c.provider_user_id.is_not(None))
                        .order_by(users.c.created_at, users.c.id))
    for row in rows.fetchall():
        if row.provider_user_id in seen:
            bind.execute(users.update().where(users.c.id == row.id).values(provider_user_id=None))
        seen.add(row.provider_user_id)
    with op.batch_alter_table("users") as batch:
        batch.alter_column("phone", existing_type=sa.String(length=20), nullable=True)
        batch.create_unique_constraint("uq_users_provider_user_id", ["provider_user_id"])
    with op.batch_alter_table("messages") as batch:
        batch.alter_column("content_sid", new_column_name="template_name",
                           existing_type=sa.String(length=64), type_=sa.String(length=512))
        batch.alter_column("content_variables", new_column_name="template_variables",
                           existing_type=sa.JSON())
        batch.add_column(sa.Column("template_language", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("template_language")
        batch.alter_column("template_variables", new_column_name="content_variables",
                           existing_type=sa.JSON())
        batch.alter_column("template_name", new_column_name="content_sid",
                           existing_type=sa.String(length=512), type_=sa.String(length=64))
    op.execute("DELETE FROM users WHERE phone IS NULL")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_provider_user_id", type_="unique")
        batch.alter_column("phone", existing_type=sa.String(length=20), nullable=False)
