"""The store room: the DuckDB file, its schema and migrations, run records and the run lock."""
