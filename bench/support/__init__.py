"""Shared machinery for the benchmarks in bench/: processes, databases, fakes, load generation.

Not a benchmark itself: `make bench` runs only the top-level bench/*.py scripts."""
