"""Benchmarks for confsearch (not part of the package): a synthetic weblog generator, an SQLite FTS5
reference engine and the `make bench` harness."""
