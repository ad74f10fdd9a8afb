"""Replies carry their vendor work until sent; the engine's bookkeeping gets columns of its own.

- messages: `chart` (encrypted JSON: the user's scores) and `link` (a payment link to open) of a
  reply not yet sent; `address`, where an erased user's farewell goes. The foreign key to
  `users` goes: that farewell outlives the user row until it is sent (an erasure deletes the
  user's messages explicitly, as it always did).
- conversations: `result_saved`, `after_consent` and the exercise's token counters, which the
  engine kept in the (encrypted) variables. Rows saved before are moved over when they are read
  (this migration holds no encryption key): see `LEGACY_BOOKKEEPING`.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint("fk_messages_user_id_users", type_="foreignkey")
        batch.add_column(sa.Column("chart", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("link", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("address", sa.Text(), nullable=True))
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("result_saved", sa.Boolean(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("after_consent", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("prompt_tokens", sa.Integer(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("completion_tokens", sa.Integer(), server_default="0",
                                   nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("completion_tokens")
        batch.drop_column("prompt_tokens")
        batch.drop_column("after_consent")
        batch.drop_column("result_saved")
    op.execute("DELETE FROM messages WHERE user_id NOT IN (SELECT id FROM users)")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("address")
        batch.drop_column("link")
        batch.drop_column("chart")
        batch.create_foreign_key("fk_messages_user_id_users", "users", ["user_id"], ["id"],
                                 ondelete="CASCADE")
