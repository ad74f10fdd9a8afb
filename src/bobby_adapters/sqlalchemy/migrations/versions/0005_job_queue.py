"""The job queue: procrastinate's schema, on PostgreSQL only (SQLite uses the in-process queue).

The SQL is the schema.sql shipped inside the installed procrastinate package (pinned to 3.10.x
in pyproject.toml: a newer procrastinate ships SQL migrations of its own, which a later revision
must apply). Downgrade drops every procrastinate object, queued jobs included.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op
from procrastinate.schema import SchemaManager

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# procrastinate wakes its workers (LISTEN/NOTIFY) when a job is inserted, not when a job holding
# a lock ends; the next job of that user would then wait for a worker's next poll. This trigger
# sends the same "job_inserted" notification when a job leaves 'doing' and another job of its
# lock waits, so one user's messages follow each other without a polling delay.
_WAKE_ON_UNLOCK = """
CREATE OR REPLACE FUNCTION bobby_notify_lock_released() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    payload text;
BEGIN
    IF EXISTS (SELECT 1 FROM procrastinate_jobs WHERE lock = OLD.lock AND status = 'todo') THEN
        payload := json_build_object('type', 'job_inserted', 'job_id', OLD.id)::text;
        PERFORM pg_notify('procrastinate_queue_v1#' || OLD.queue_name, payload);
        PERFORM pg_notify('procrastinate_any_queue_v1', payload);
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS bobby_notify_lock_released_on_update ON procrastinate_jobs;
CREATE TRIGGER bobby_notify_lock_released_on_update AFTER UPDATE OF status ON procrastinate_jobs
    FOR EACH ROW WHEN (OLD.status = 'doing' AND NEW.status <> 'doing' AND OLD.lock IS NOT NULL)
    EXECUTE PROCEDURE bobby_notify_lock_released();
DROP TRIGGER IF EXISTS bobby_notify_lock_released_on_delete ON procrastinate_jobs;
CREATE TRIGGER bobby_notify_lock_released_on_delete AFTER DELETE ON procrastinate_jobs
    FOR EACH ROW WHEN (OLD.status = 'doing' AND OLD.lock IS NOT NULL)
    EXECUTE PROCEDURE bobby_notify_lock_released();
"""

_DROP = """
DROP FUNCTION IF EXISTS bobby_notify_lock_released() CASCADE;
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT p.oid::regprocedure AS signature
               FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = current_schema() AND starts_with(p.proname, 'procrastinate_')
    LOOP
        EXECUTE 'DROP FUNCTION IF EXISTS ' || r.signature || ' CASCADE';
    END LOOP;
END;
$$;
DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs,
    procrastinate_workers CASCADE;
DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_event_type,
    procrastinate_job_status CASCADE;
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    installed = bind.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar()
    if installed is None:
        _run_script(SchemaManager.get_schema())
    _run_script(_WAKE_ON_UNLOCK)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run_script(_DROP)


def _run_script(script: str) -> None:
    # Many statements and plpgsql bodies (with % in them) in one go: psycopg runs a query
    # without parameters as a simple query, which allows several statements and leaves % alone.
    cursor = op.get_bind().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(script)
    finally:
        cursor.close()
