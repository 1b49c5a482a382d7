"""What every store backend offers the stages and reports: the DuckDB file and the Parquet lake.

Readers use `con`, a DuckDB connection in which `postings`, `mentions`, `posting_summaries` and
`runs` can be queried (tables in the file; views over the Parquet parts in the lake)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import duckdb
import pandas as pd


class StoreBackend(Protocol):
    """An open store: a DuckDB connection to read, and the writes the stages make."""

    con: duckdb.DuckDBPyConnection

    @property
    def location(self) -> str:
        """Where the store is, for messages and logs."""
        ...

    def count(self, table: str, where: str = "TRUE") -> int:
        """Number of rows of a store table matching an SQL condition."""
        ...

    def upsert_postings(self, postings: Iterable[dict], *, run_id: int | None = None) -> dict:
        """Store a batch: new postings added, changed ones updated, last_seen moved on."""
        ...

    def close_missing(self, boards: list[tuple[str, str]], seen_ids: Iterable[str]) -> int:
        """Mark closed the open postings of fully listed boards that a crawl did not see."""
        ...

    def rename_employer(self, posting_ids: list[str], employer: str) -> None:
        """Give these stored postings another employer name (nothing else changes)."""
        ...

    def replace_analyses(
        self, version: str, ids: list[str], mentions: pd.DataFrame, summaries: pd.DataFrame
    ) -> None:
        """Replace the postings' analyses for `version` with these mention and summary rows."""
        ...

    def begin_run(self, command: str, *, alone: bool = True) -> int:
        """Record a command as running; return its run id. `alone`: no other process writes the
        store meanwhile, so runs still marked running were cut short."""
        ...

    def end_run(self, run_id: int, status: str, counts: str, error: str | None) -> None:
        """Record a run's end: status, counts (JSON text) and errors."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...
