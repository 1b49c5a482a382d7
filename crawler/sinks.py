"""Where crawled postings go: the sink protocol the storage pipeline writes to, and a JSONL sink."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Protocol, runtime_checkable

from crawler.errors import SinkError


@runtime_checkable
class PostingSink(Protocol):
    """Receives Posting records in batches; `finish` reports what changed."""

    def open(self) -> None:
        """Prepare to receive postings (open files, start a run)."""

    def write(self, postings: list[dict]) -> None:
        """Store one batch of Posting records."""

    def finish(self, completed_boards: list[tuple[str, str]]) -> dict[str, int]:
        """Close the run; boards listed completely may have their missing postings closed."""


class JsonlSink:
    """Writes every Posting record as one JSON line; every record counts as new."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.written = 0
        self._handle: IO[str] | None = None

    def open(self) -> None:
        """Create (or truncate) the output file."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8")
        except OSError as error:
            raise SinkError(f"cannot write postings to {self.path}: {error}") from error
        self.written = 0

    def write(self, postings: list[dict]) -> None:
        """Append the records and flush, so a killed crawl keeps what was written."""
        if self._handle is None:
            self.open()
        assert self._handle is not None
        for posting in postings:
            self._handle.write(json.dumps(posting, ensure_ascii=False, sort_keys=True) + "\n")
        self._handle.flush()
        self.written += len(postings)

    def finish(self, completed_boards: list[tuple[str, str]]) -> dict[str, int]:
        """Close the file; a JSONL file has no history, so nothing is updated or closed."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        return {"new": self.written, "updated": 0, "unchanged": 0, "closed": 0}

    def __getstate__(self) -> dict:
        """Pickle without the open file handle (the sink may cross into a crawl subprocess)."""
        state = self.__dict__.copy()
        state["_handle"] = None
        return state


def read_jsonl(path: Path | str) -> list[dict]:
    """Read back the records a JsonlSink wrote."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
