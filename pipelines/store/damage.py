"""A damaged database file becomes one clear StoreError, and is refused before any write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.store.errors import StoreError

DAMAGE_SIGNS = ("corrupt", "checksum", "could not read enough bytes", "not a valid duckdb database")


def damage_error(path: Path, error: duckdb.Error) -> StoreError | None:
    """A clear StoreError when a DuckDB error says the file is damaged; None for other errors."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if not any(sign in message.lower() for sign in DAMAGE_SIGNS):
        return None
    return StoreError(
        f"{path} is damaged and cannot be read ({message}); it was left as it is: "
        "restore it from a backup, or point --db at a new file"
    )


@contextmanager
def damage_reported(path: Path) -> Iterator[None]:
    """Turn a DuckDB error caused by a damaged file into a clear StoreError."""
    try:
        yield
    except duckdb.Error as error:
        damaged = damage_error(path, error)
        if damaged is None:
            raise
        raise damaged from None


def verify_readable(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Read every row of every table, so a damaged file is refused before anything is written."""
    with damage_reported(path):
        tables = con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        for (table,) in tables:
            con.execute(f'SELECT count(*), sum(hash(t)) FROM "{table}" t').fetchone()
