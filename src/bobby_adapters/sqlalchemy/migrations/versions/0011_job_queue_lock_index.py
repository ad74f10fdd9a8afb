"""The job queue: an index for procrastinate's per-lock check, and autovacuum tuned for a queue.

Every fetch (procrastinate_fetch_job_v2) asks, of each candidate job, whether another job of
the same lock is running or waiting ahead of it. procrastinate 3.10 has no index that starts
with `lock` over todo and doing jobs, so each of those checks read the whole (id, lock) index;
when the planner chose to check every waiting job before sorting (it does when the table's
statistics were taken while it was nearly empty, as after a quiet spell), one fetch with a
thousand turns waiting cost 13-45 ms of PostgreSQL CPU, and the worker waited on it (the same
finding as procrastinate issues #393 and #1242). With the index a check is one lookup.

A queue table turns over every row in seconds: the default autovacuum thresholds (20% of the
table) leave it with stale statistics and dead index entries for long spells; fixed, small
thresholds keep both fresh.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_INDEX = "bobby_procrastinate_jobs_lock_todo_doing"
_TUNED = ("autovacuum_vacuum_scale_factor", "autovacuum_vacuum_threshold",
          "autovacuum_analyze_scale_factor", "autovacuum_analyze_threshold")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX IF NOT EXISTS {_INDEX} ON procrastinate_jobs (lock, id) "
               "WHERE status IN ('todo', 'doing')")
    op.execute("ALTER TABLE procrastinate_jobs SET (autovacuum_vacuum_scale_factor = 0, "
               "autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0, "
               "autovacuum_analyze_threshold = 500)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {_INDEX}")
    op.execute(f"ALTER TABLE procrastinate_jobs RESET ({', '.join(_TUNED)})")
