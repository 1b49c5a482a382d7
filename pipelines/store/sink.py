"""The crawler's PostingSink writing into the store: incremental, closing vanished postings."""

from __future__ import annotations

from pathlib import Path

from pipelines.store.backend import StoreBackend
from pipelines.store.database import Store
from pipelines.store.posting_rows import posting_key

LOCK_WAIT = 120.0  # seconds a shared-crawl worker waits for the other writers of the file


class StoreSink:
    """The crawler's PostingSink writing into a store (file or lake): incremental, closing."""

    def __init__(
        self, store: StoreBackend, *, run_id: int | None = None, close_vanished: bool = True
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.close_vanished = close_vanished  # False for a shared crawl's worker: it sees a part
        self.counts = {"new": 0, "updated": 0, "unchanged": 0, "closed": 0}
        self._seen: set[str] = set()

    def open(self) -> None:
        """Start counting a new crawl."""
        self.counts = {"new": 0, "updated": 0, "unchanged": 0, "closed": 0}
        self._seen = set()

    def write(self, postings: list[dict]) -> None:
        """Store one batch in one transaction and remember which postings this crawl saw."""
        batch = self.store.upsert_postings(postings, run_id=self.run_id)
        for key, value in batch.items():
            self.counts[key] += value
        self._seen.update(posting_key(posting) for posting in postings)

    def finish(self, completed_boards: list[tuple[str, str]]) -> dict[str, int]:
        """Close the unseen postings of completely listed boards; return the crawl's counts."""
        if self.close_vanished:
            self.counts["closed"] += self.store.close_missing(completed_boards, self._seen)
        return dict(self.counts)


class SharedStoreSink:
    """The PostingSink of one worker of a shared crawl: several processes write one DuckDB file,
    which only one process may hold at a time, so each batch is written through its own short
    connection, waiting while another worker writes. Upserts by posting_id make a posting two
    workers both stored one row. Vanished postings are never closed (a worker sees part of a
    board)."""

    def __init__(self, path: Path, *, run_id: int | None = None) -> None:
        self.path = Path(path)
        self.run_id = run_id
        self.counts = {"new": 0, "updated": 0, "unchanged": 0, "closed": 0}

    def open(self) -> None:
        """Start counting a new crawl."""
        self.counts = {"new": 0, "updated": 0, "unchanged": 0, "closed": 0}

    def write(self, postings: list[dict]) -> None:
        """Store one batch in one transaction, holding the file only for that long."""
        with Store.connect(self.path, wait=LOCK_WAIT) as store:
            batch = store.upsert_postings(postings, run_id=self.run_id)
        for key, value in batch.items():
            self.counts[key] += value

    def finish(self, completed_boards: list[tuple[str, str]]) -> dict[str, int]:
        """The crawl's counts (nothing is closed)."""
        return dict(self.counts)
