"""Job queues behind the TaskQueue port: procrastinate on PostgreSQL, in-process on SQLite."""
