"""The lake's tables as DuckDB views over its part files, each row at its latest version.

Part files only ever add rows; each row carries `_written`, the token of the write that made it
(sorting in write order). The views resolve them: a posting's content from its latest version, its
first_seen and run_id from its first, last_seen from every sighting, closed_at from a closing
sighting newer than any sighting of it; an analysis (summary and its mentions) from its latest
write; a run from its latest record. Column names and types come from the DuckDB file's own
migrations, applied to an in-memory database named `shape`.
"""

from __future__ import annotations

import duckdb

from pipelines.store.migrations import apply_migrations

TABLES = ("postings", "mentions", "posting_summaries", "runs")
PART_TABLES = (*TABLES, "sightings")
WRITTEN = "_written"
OWNER = "_owner"

SHAPE_EXTRAS = (
    f"ALTER TABLE shape.postings ADD COLUMN {WRITTEN} VARCHAR",
    f"ALTER TABLE shape.mentions ADD COLUMN {WRITTEN} VARCHAR",
    f"ALTER TABLE shape.posting_summaries ADD COLUMN {WRITTEN} VARCHAR",
    f"ALTER TABLE shape.runs ADD COLUMN {WRITTEN} VARCHAR",
    f"ALTER TABLE shape.runs ADD COLUMN {OWNER} VARCHAR",
    "CREATE TABLE shape.sightings (posting_id VARCHAR, last_seen TIMESTAMP, "
    f"closed_at TIMESTAMP, {WRITTEN} VARCHAR)",
)

POSTINGS_VIEW = """CREATE OR REPLACE VIEW postings AS
WITH versions AS (SELECT * FROM _parts_postings),
latest AS (SELECT * FROM versions
           QUALIFY row_number() OVER (PARTITION BY posting_id ORDER BY _written DESC) = 1),
origin AS (SELECT posting_id, arg_min(first_seen, _written) AS first_seen,
                  arg_min(run_id, _written) AS run_id
           FROM versions GROUP BY posting_id),
events AS (SELECT posting_id, last_seen, NULL::TIMESTAMP AS closed_at, _written FROM versions
           UNION ALL SELECT posting_id, last_seen, closed_at, _written FROM _parts_sightings),
seen AS (SELECT posting_id, max(last_seen) AS last_seen,
                arg_max_null(closed_at, _written) AS closed_at
         FROM events GROUP BY posting_id)
SELECT {columns} FROM latest l JOIN origin o USING (posting_id) JOIN seen s USING (posting_id)"""
POSTING_RESOLVED = {
    "first_seen": "o.first_seen",
    "last_seen": "s.last_seen",
    "closed_at": "s.closed_at",
    "run_id": "o.run_id",
}

LATEST_SUMMARIES = """CREATE OR REPLACE VIEW _latest_summaries AS
SELECT * FROM _parts_posting_summaries
QUALIFY row_number() OVER (PARTITION BY posting_id, analysis_version ORDER BY _written DESC) = 1"""
SUMMARIES_VIEW = (
    "CREATE OR REPLACE VIEW posting_summaries AS SELECT {columns} FROM _latest_summaries"
)
MENTIONS_VIEW = """CREATE OR REPLACE VIEW mentions AS SELECT {columns} FROM _parts_mentions m
SEMI JOIN _latest_summaries s USING (posting_id, analysis_version, _written)"""
LATEST_RUNS = """CREATE OR REPLACE VIEW _latest_runs AS SELECT * FROM _parts_runs
QUALIFY row_number() OVER (PARTITION BY run_id ORDER BY _written DESC) = 1"""
RUNS_VIEW = "CREATE OR REPLACE VIEW runs AS SELECT {columns} FROM _latest_runs"


def create_shape(con: duckdb.DuckDBPyConnection) -> None:
    """Attach the in-memory `shape` database holding the store's empty tables and part columns."""
    con.execute("ATTACH ':memory:' AS shape")
    con.execute("USE shape")
    try:
        apply_migrations(con, 0)
    finally:
        con.execute("USE memory")
    for statement in SHAPE_EXTRAS:
        con.execute(statement)


def shape_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, type) of a part table's columns, in order."""
    rows = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = 'shape' AND table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    return [(str(name), str(kind)) for name, kind in rows]


def quoted(name: str) -> str:
    """A column name quoted for SQL."""
    return f'"{name}"'


def parts_view(con: duckdb.DuckDBPyConnection, table: str, files: list[str]) -> str:
    """The raw view of a table's part files: every row written, typed as the shape says."""
    columns = shape_columns(con, table)
    names = ", ".join(f"CAST({quoted(n)} AS {t}) AS {quoted(n)}" for n, t in columns)
    source = f"SELECT * FROM shape.{table}"
    if files:
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        source += f" UNION ALL BY NAME SELECT * FROM read_parquet([{listed}], union_by_name=true)"
    return f"CREATE OR REPLACE VIEW _parts_{table} AS SELECT {names} FROM ({source})"


def table_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The statements creating the store's four tables as views over the raw part views."""

    def visible(table: str, alias: str = "", resolved: dict[str, str] | None = None) -> str:
        picked = []
        for name, kind in shape_columns(con, table):
            if name.startswith("_"):
                continue
            expression = (resolved or {}).get(name, f"{alias}{quoted(name)}")
            if kind == "JSON":
                expression = f"CAST({expression} AS JSON)"
            picked.append(f"{expression} AS {quoted(name)}")
        return ", ".join(picked)

    return [
        POSTINGS_VIEW.format(columns=visible("postings", "l.", POSTING_RESOLVED)),
        LATEST_SUMMARIES,
        SUMMARIES_VIEW.format(columns=visible("posting_summaries")),
        MENTIONS_VIEW.format(columns=visible("mentions", "m.")),
        LATEST_RUNS,
        RUNS_VIEW.format(columns=visible("runs")),
    ]


def part_select(
    con: duckdb.DuckDBPyConnection, table: str, source: str, values: dict[str, str]
) -> str:
    """A SELECT giving a part file's columns from `source`: its own columns where it has them,
    the given SQL `values`, else NULL; each cast to the part table's type."""
    present = {str(row[0]) for row in con.execute(f"DESCRIBE {source}").fetchall()}
    picked = []
    for name, kind in shape_columns(con, table):
        expression = values.get(name) or (quoted(name) if name in present else "NULL")
        picked.append(f"CAST({expression} AS {kind}) AS {quoted(name)}")
    return f"SELECT {', '.join(picked)} FROM {source}"
