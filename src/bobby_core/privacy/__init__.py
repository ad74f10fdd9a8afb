"""A user's rights over their data: a copy of everything stored (export) and erasure."""
