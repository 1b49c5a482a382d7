"""The DuckDB file's run records and analysis rows, each written in one transaction."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.store.posting_rows import utc_now
from pipelines.store.run_status import INTERRUPTED_ERROR

MARK_INTERRUPTED = (
    f"UPDATE runs SET status = 'interrupted', error = '{INTERRUPTED_ERROR}' "
    "WHERE status = 'running'"
)
INSERT_RUN = "INSERT INTO runs (run_id, command, started_at, status) VALUES (?, ?, ?, 'running')"
END_RUN = "UPDATE runs SET ended_at = ?, status = ?, counts = ?, error = ? WHERE run_id = ?"
DELETE_ANALYSES = (
    "DELETE FROM {table} WHERE analysis_version = $version "
    "AND posting_id IN (SELECT unnest($ids::VARCHAR[]))"
)


def insert_from_frame(table: str, frame: str, columns: list[str]) -> str:
    """An INSERT copying the named columns from a registered DataFrame into a store table."""
    names = ", ".join(f'"{column}"' for column in columns)
    return f"INSERT INTO {table} ({names}) SELECT {names} FROM {frame}"


def begin_run(con: duckdb.DuckDBPyConnection, command: str, *, alone: bool = True) -> int:
    """Insert a `running` record and return its id (in a txn); when this command runs `alone` (no
    other process writes the store meanwhile), first mark the runs still `running` interrupted."""
    if alone:
        con.execute(MARK_INTERRUPTED)
    row = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()
    run_id = int(row[0]) if row else 1
    con.execute(INSERT_RUN, [run_id, command, utc_now()])
    return run_id


def end_run(
    con: duckdb.DuckDBPyConnection, run_id: int, status: str, counts: str, error: str | None
) -> None:
    """Store a run's end time, status, counts (JSON text) and errors."""
    con.execute(END_RUN, [utc_now(), status, counts, error, run_id])


def replace_analyses(
    con: duckdb.DuckDBPyConnection,
    version: str,
    ids: list[str],
    mentions: pd.DataFrame,
    summaries: pd.DataFrame,
) -> None:
    """Drop the postings' analyses for `version` and insert the new rows (inside a txn)."""
    for table in ("mentions", "posting_summaries"):
        con.execute(DELETE_ANALYSES.format(table=table), {"version": version, "ids": ids})
    con.register("mention_frame", mentions)
    con.register("summary_frame", summaries)
    con.execute(insert_from_frame("mentions", "mention_frame", list(mentions.columns)))
    con.execute(insert_from_frame("posting_summaries", "summary_frame", list(summaries.columns)))
    con.unregister("mention_frame")
    con.unregister("summary_frame")
