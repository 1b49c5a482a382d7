"""Which leases a worker holds and when it may acknowledge each: once the request's callback has
finished and every posting it yielded is written to the sink (or was dropped), so a worker killed
at any moment leaves every unfinished request leased, to be crawled again by another worker.

Acknowledgements are sent in batches (`send_acks`, a few times a second): a worker killed before
sending one only makes a finished request crawl again, never loses one."""

from __future__ import annotations

from collections.abc import Iterable

from crawler.frontier.queue import LeasedQueue
from crawler.sinks import PostingSink


class LeaseBook:
    """The leases this worker process holds, across the crawlers of its run."""

    def __init__(self) -> None:
        self.held: dict[bytes, LeasedQueue] = {}
        self.yielding: set[bytes] = set()
        self.unwritten: dict[bytes, set[str]] = {}
        self.waiting: dict[str, set[bytes]] = {}
        self.finished: dict[LeasedQueue, list[bytes]] = {}

    def taken(self, entry: bytes, queue: LeasedQueue) -> None:
        """A request was popped with this lease."""
        self.held[entry] = queue

    def entries(self, queue: LeasedQueue) -> list[bytes]:
        """The leases held on `queue`."""
        return [entry for entry, owner in self.held.items() if owner is queue]

    def output_started(self, entry: bytes) -> None:
        """The request's callback started yielding."""
        self.yielding.add(entry)

    def produced(self, entry: bytes, posting_id: str) -> None:
        """The callback yielded a posting: the lease waits until it is written or dropped."""
        self.unwritten.setdefault(entry, set()).add(posting_id)
        self.waiting.setdefault(posting_id, set()).add(entry)

    def output_done(self, entry: bytes) -> None:
        """The callback has yielded everything."""
        self.yielding.discard(entry)
        self._settle(entry)

    def dropped(self, entry: bytes, posting_id: str) -> None:
        """A posting of the request was dropped (or failed) in the item pipelines."""
        self.unwritten.get(entry, set()).discard(posting_id)
        waiting = self.waiting.get(posting_id, set())
        waiting.discard(entry)
        if not waiting:
            self.waiting.pop(posting_id, None)
        self._settle(entry)

    def written(self, posting_ids: Iterable[str]) -> None:
        """The sink has written these postings."""
        for posting_id in posting_ids:
            for entry in self.waiting.pop(posting_id, set()):
                self.unwritten.get(entry, set()).discard(posting_id)
                self._settle(entry)

    def done(self, entry: bytes) -> None:
        """The request yields nothing more (it failed, or was handed on as a new request)."""
        self.yielding.discard(entry)
        self.unwritten.pop(entry, None)
        self._settle(entry)

    def ack_all(self, queue: LeasedQueue) -> None:
        """Acknowledge every lease held on `queue` now (its crawler is idle: all are finished)."""
        for entry in self.entries(queue):
            self._forget(entry)
        self.send_acks()

    def send_acks(self) -> None:
        """Acknowledge the finished leases in Redis."""
        finished, self.finished = self.finished, {}
        for queue, entries in finished.items():
            queue.ack(entries)

    def _settle(self, entry: bytes) -> None:
        if entry in self.held and entry not in self.yielding and not self.unwritten.get(entry):
            self._forget(entry)

    def _forget(self, entry: bytes) -> None:
        queue = self.held.pop(entry, None)
        if queue is not None:
            self.finished.setdefault(queue, []).append(entry)
        self.yielding.discard(entry)
        for posting_id in self.unwritten.pop(entry, set()):
            self.waiting.get(posting_id, set()).discard(entry)


class AckingSink:
    """A PostingSink that tells the lease book what it wrote; never closes vanished postings (a
    worker of a shared crawl sees only part of each board)."""

    def __init__(self, sink: PostingSink, book: LeaseBook) -> None:
        self.sink = sink
        self.book = book

    def open(self) -> None:
        """Open the wrapped sink."""
        self.sink.open()

    def write(self, postings: list[dict]) -> None:
        """Write through the wrapped sink; the postings' leases may then be acknowledged (a
        failed write is recorded by the storage pipeline, as without a frontier)."""
        try:
            self.sink.write(postings)
        finally:
            self.book.written(str(posting["posting_id"]) for posting in postings)

    def finish(self, completed_boards: list[tuple[str, str]]) -> dict[str, int]:
        """Finish the wrapped sink without closing any posting."""
        return self.sink.finish([])
