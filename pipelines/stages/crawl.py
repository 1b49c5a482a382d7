"""The crawl stage: Scrapy's spiders into a JSONL file, or into the store under a run record."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.registry import Employer
from crawler.runner import CrawlSummary, run_crawl
from crawler.sinks import JsonlSink, PostingSink
from pipelines.store.backend import StoreBackend
from pipelines.store.run_records import recorded_run
from pipelines.store.run_status import RunStatus
from pipelines.store.sink import StoreSink
from pipelines.store.target import StoreTarget, open_store

log = logging.getLogger("credscope.run")


@dataclass(frozen=True)
class CrawlRequest:
    """What to crawl: registry employers or one site, a per-board limit, Scrapy settings."""

    employers: list[Employer]
    url: str | None
    limit: int | None
    settings: dict[str, str]


def crawl_to_jsonl(request: CrawlRequest, out: Path) -> CrawlSummary:
    """Crawl into a JSONL file of Posting records."""
    return _crawl(request, JsonlSink(out))


def crawl_to_store(request: CrawlRequest, target: StoreTarget) -> CrawlSummary:
    """Crawl into the store under a run record: unchanged postings keep their row,
    changed ones are updated, postings gone from a fully crawled board are marked closed."""
    with open_store(target) as store, recorded_run(store, "crawl") as record:
        summary = _crawl(request, StoreSink(store, run_id=record.run_id))
        record.counts["crawl"] = {**summary.counts, "errors": len(summary.errors)}
        record.errors.extend(f"{url}: {reason}" for url, reason in summary.errors.items())
    return summary


def _crawl(request: CrawlRequest, sink: PostingSink) -> CrawlSummary:
    return run_crawl(
        request.employers,
        url=request.url,
        limit=request.limit,
        sink=sink,
        settings=request.settings,
        progress=True,
    )


def crawl_status(summary: CrawlSummary) -> RunStatus:
    """As for `credscope run`: ok, partial (some URLs failed), failed (nothing crawled)."""
    if not summary.errors:
        return RunStatus.OK
    return RunStatus.PARTIAL if summary.completed_boards or summary.stored else RunStatus.FAILED


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
    store: StoreBackend, employers: list, run_id: int, settings: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Crawl the chosen employers into the store; the crawl's errors are counted, not raised."""
    with own_signal_handlers():
        summary = run_crawl(employers, sink=StoreSink(store, run_id=run_id), settings=settings)
    for url, error in summary.errors.items():
        log.warning("crawl: %s: %s", url, error)
    return {
        **summary.counts,
        "stored": summary.stored,
        "pages": summary.pages,
        "boards_complete": len(summary.completed_boards),
        "dropped": summary.dropped,
        "errors": len(summary.errors),
        "seconds": summary.seconds,
    }
