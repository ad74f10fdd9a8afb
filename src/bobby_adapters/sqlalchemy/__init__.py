"""SQLAlchemy 2 (async) storage for every repository port: SQLite by default, PostgreSQL via psycopg 3."""
