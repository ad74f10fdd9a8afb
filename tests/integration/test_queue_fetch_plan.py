"""procrastinate's fetch checks each candidate's lock with one index lookup (migration 0011)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from bobby_adapters.queue.procrastinate_queue import libpq_dsn

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

# The candidate query of procrastinate 3.10's procrastinate_fetch_job_v2, as it plans it.
CANDIDATE = """
SELECT jobs.id FROM procrastinate_jobs AS jobs
 WHERE NOT EXISTS (
         SELECT 1 FROM procrastinate_jobs AS other_jobs
          WHERE jobs.lock IS NOT NULL AND other_jobs.lock = jobs.lock
            AND (other_jobs.status = 'doing'
                 OR (other_jobs.status = 'todo'
                     AND (other_jobs.priority > jobs.priority
                          OR (other_jobs.priority = jobs.priority AND other_jobs.id < jobs.id)))))
   AND jobs.status = 'todo' AND jobs.queue_name = ANY('{bobby}')
   AND (jobs.scheduled_at IS NULL OR jobs.scheduled_at <= now())
 ORDER BY jobs.priority DESC, jobs.id ASC LIMIT 1
"""


def scans(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from scans(child)


@pytest.mark.parametrize("analyzed", ["while empty", "when full"])
def test_the_lock_check_of_a_fetch_is_an_index_lookup_with_thousands_waiting(
        clean_postgres_url: str, analyzed: str) -> None:
    with psycopg.connect(libpq_dsn(clean_postgres_url)) as conn:  # rolled back at the end
        if analyzed == "while empty":
            conn.execute("ANALYZE procrastinate_jobs")
        conn.execute("""
            INSERT INTO procrastinate_jobs (queue_name, task_name, lock, queueing_lock, args, status)
            SELECT 'bobby', 'turns', 'user-' || n, 'turns-' || n, '{}', 'todo'
              FROM generate_series(1, 3000) AS n""")
        conn.execute("UPDATE procrastinate_jobs SET status = 'doing' WHERE id % 6 = 0")
        if analyzed == "when full":
            conn.execute("ANALYZE procrastinate_jobs")
        row = conn.execute("EXPLAIN (FORMAT JSON) " + CANDIDATE).fetchone()
        conn.rollback()
    assert row is not None
    (explained,) = row
    plan = explained if isinstance(explained, list) else json.loads(explained)
    lock_checks = [node for node in scans(plan[0]["Plan"]) if node.get("Alias") == "other_jobs"]
    assert lock_checks, "the plan has no scan of the other jobs"
    for node in lock_checks:
        assert node.get("Index Name") == "bobby_procrastinate_jobs_lock_todo_doing", node
        assert "lock = jobs.lock" in node.get("Index Cond", ""), node
