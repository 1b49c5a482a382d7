"""The crawl stage: Scrapy's spiders into a JSONL file, or into the store under a run record."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.frontier.settings import SharedCrawl
from crawler.registry import Employer
from crawler.runner import CrawlSummary, check_start_url, run_crawl
from crawler.sinks import JsonlSink, PostingSink
from pipelines.store.backend import StoreBackend
from pipelines.store.database import Store
from pipelines.store.run_records import recorded_run
from pipelines.store.run_status import RunStatus
from pipelines.store.sink import LOCK_WAIT, SharedStoreSink, StoreSink
from pipelines.store.target import StoreTarget, open_store

log = logging.getLogger("credscope.run")


@dataclass(frozen=True)
class CrawlRequest:
    """What to crawl: registry employers or one site, a per-board limit, Scrapy settings."""

    employers: list[Employer]
    url: str | None
    limit: int | None
    settings: dict[str, Any]
    shared: SharedCrawl | None = None


def crawl_to_jsonl(request: CrawlRequest, out: Path) -> CrawlSummary:
    """Crawl into a JSONL file of Posting records."""
    return _crawl(request, JsonlSink(out))


def crawl_to_store(request: CrawlRequest, target: StoreTarget) -> CrawlSummary:
    """Crawl into the store under a run record: unchanged postings keep their row,
    changed ones are updated, postings gone from a fully crawled board are marked closed.
    A start URL the outbound guard refuses is refused before the store is opened. A worker of a
    shared crawl holds a DuckDB file only while it writes a batch (other workers write it too)
    and closes no posting."""
    check_start_url(request.url, request.settings)
    shared = request.shared is not None
    wait = LOCK_WAIT if shared else 0.0
    with (
        open_store(target, wait=wait) as store,
        recorded_run(store, "crawl", alone=not shared) as record,
    ):
        summary = crawl_into(store, record.run_id, lambda sink: _crawl(request, sink), shared)
        record.counts["crawl"] = {**summary.counts, "errors": len(summary.errors)}
        record.errors.extend(f"{url}: {reason}" for url, reason in summary.errors.items())
    return summary


def crawl_into(
    store: StoreBackend, run_id: int, crawl: Callable[[PostingSink], CrawlSummary], shared: bool
) -> CrawlSummary:
    """Run `crawl` with a sink into `store`. A shared crawl's worker closes no posting (it sees
    part of each board) and releases a DuckDB file meanwhile, writing each batch through its own
    connection; a lake takes many writers as it is."""
    if not shared or not isinstance(store, Store):
        return crawl(StoreSink(store, run_id=run_id, close_vanished=not shared))
    with store.released(wait=LOCK_WAIT):
        return crawl(SharedStoreSink(store.path, run_id=run_id))


def _crawl(request: CrawlRequest, sink: PostingSink) -> CrawlSummary:
    return run_crawl(
        request.employers,
        url=request.url,
        limit=request.limit,
        sink=sink,
        settings=request.settings,
        progress=True,
        shared=request.shared,
    )


def crawl_status(summary: CrawlSummary, *, shared: bool = False) -> RunStatus:
    """As for `credscope run`: ok, partial (some URLs failed or were refused by the outbound
    guard, their boards skipped), failed (nothing crawled and something failed). A worker of a
    shared crawl is partial when some of its pages failed (others stored the rest)."""
    if not summary.errors:
        return RunStatus.PARTIAL if summary.refused else RunStatus.OK
    if shared or summary.completed_boards or summary.stored:
        return RunStatus.PARTIAL
    return RunStatus.FAILED


@contextmanager
def own_signal_handlers() -> Iterator[None]:
    """Put back SIGTERM and SIGINT handling after a block (Scrapy installs its own and keeps them).

    Left in place, Scrapy's handlers are inherited by the analyzer's forked workers, which then
    survive the pool's SIGTERM and hang the extract stage."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def crawl_stage(
    store: StoreBackend,
    employers: list,
    run_id: int,
    settings: dict[str, Any] | None = None,
    shared: SharedCrawl | None = None,
) -> dict[str, Any]:
    """Crawl the chosen employers into the store; the crawl's errors are counted, not raised,
    and the requests the outbound guard refused are given by URL with the reason."""

    def crawl(sink: PostingSink) -> CrawlSummary:
        return run_crawl(employers, sink=sink, settings=settings, shared=shared)

    with own_signal_handlers():
        summary = crawl_into(store, run_id, crawl, shared is not None)
    for url, error in summary.errors.items():
        log.warning("crawl: %s: %s", url, error)
    return {
        **summary.counts,
        "stored": summary.stored,
        "pages": summary.pages,
        "boards_complete": len(summary.completed_boards),
        "dropped": summary.dropped,
        "errors": len(summary.errors),
        "refused": summary.refused,
        "seconds": summary.seconds,
    }
