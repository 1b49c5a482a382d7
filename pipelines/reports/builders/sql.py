"""Run DuckDB SQL over in-memory DataFrames: DuckDB groups, pandas shapes."""

from __future__ import annotations

import duckdb
import pandas as pd


def query(sql: str, **frames: pd.DataFrame) -> pd.DataFrame:
    """Run sql on a private in-memory DuckDB where each keyword names a DataFrame view."""
    con = duckdb.connect()
    try:
        for name, frame in frames.items():
            con.register(name, frame)
        return con.execute(sql).df()
    finally:
        con.close()


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
