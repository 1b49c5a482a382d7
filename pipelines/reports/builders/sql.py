"""Run DuckDB SQL over in-memory DataFrames: DuckDB groups, pandas shapes."""

from __future__ import annotations

import threading

import duckdb
import pandas as pd

_LOCAL = threading.local()  # one in-memory DuckDB per thread: connecting costs ~0.1 s each time


def _connection() -> duckdb.DuckDBPyConnection:
    con: duckdb.DuckDBPyConnection | None = getattr(_LOCAL, "con", None)
    if con is None:
        con = _LOCAL.con = duckdb.connect()
    return con


def query(sql: str, **frames: pd.DataFrame) -> pd.DataFrame:
    """Run sql on a private in-memory DuckDB where each keyword names a DataFrame view."""
    con = _connection()
    try:
        for name, frame in frames.items():
            con.register(name, frame)
        return con.execute(sql).df()
    finally:
        for name in frames:
            con.unregister(name)


def quoted(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def plain_mentions(alias: str = "m") -> str:
    """A subquery reading the mentions view with category columns as plain text."""
    return (
        "(SELECT posting_id, CAST(type AS VARCHAR) AS type, CAST(level AS VARCHAR) AS level, "
        "CAST(credential_id AS VARCHAR) AS credential_id, CAST(label AS VARCHAR) AS label, "
        "CAST(strength AS VARCHAR) AS strength, experience_substitute, "
        f"CAST(text AS VARCHAR) AS text FROM mentions) {alias}"
    )
