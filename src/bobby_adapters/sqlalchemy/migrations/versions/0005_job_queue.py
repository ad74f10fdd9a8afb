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

_DROP = """
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
