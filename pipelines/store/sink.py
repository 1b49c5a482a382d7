"""The crawler's PostingSink writing into the store: incremental, closing vanished postings."""

from __future__ import annotations

from pipelines.store.backend import StoreBackend
from pipelines.store.posting_rows import posting_row


class StoreSink:
    """The crawler's PostingSink writing into a store (file or lake): incremental, closing."""

    def __init__(self, store: StoreBackend, *, run_id: int | None = None) -> None:
        self.store = store
        self.run_id = run_id
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
        self._seen.update(posting_row(posting)["posting_id"] for posting in postings)

    def finish(self, completed_boards: list[tuple[str, str]]) -> dict[str, int]:
        """Close the unseen postings of completely listed boards; return the crawl's counts."""
        self.counts["closed"] += self.store.close_missing(completed_boards, self._seen)
        return dict(self.counts)
