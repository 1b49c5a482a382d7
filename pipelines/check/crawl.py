"""The crawls of `credscope check`, each run in a child process (Scrapy's reactor runs once)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.discovery import Discovery
from crawler.registry import Employer
from crawler.runner import CrawlSummary
from pipelines.store.backend import StoreBackend
from pipelines.store.run_records import recorded_run
from pipelines.store.sink import StoreSink
from pipelines.store.target import StoreTarget, open_store

JSONLD = "jsonld"


class CheckSink(StoreSink):
    """A StoreSink that also counts what it stored by source and employer, and keeps the ids."""

    def __init__(self, store: StoreBackend, *, run_id: int | None = None) -> None:
        super().__init__(store, run_id=run_id)
        self.by_source: Counter[str] = Counter()
        self.organisations: Counter[str] = Counter()
        self.board_ids: list[str] = []

    def write(self, postings: list[dict]) -> None:
        """Store the batch, then count it."""
        super().write(postings)
        for posting in postings:
            self.by_source[posting["source"]] += 1
            if posting["source"] == JSONLD and posting.get("employer"):
                self.organisations[posting["employer"]] += 1
            elif posting["source"] != JSONLD:
                self.board_ids.append(posting["posting_id"])


@dataclass
class UrlCrawl:
    """What checking a careers page did: what it showed, the crawl, and the employer named."""

    discovery: Discovery
    summary: CrawlSummary
    employer: str
    by_source: dict[str, int] = field(default_factory=dict)


def site_host(url: str) -> str:
    """The host of a URL without a leading www. (the employer's name when nothing better)."""
    host = (urlsplit(url).hostname or url).lower()
    return host.removeprefix("www.")


def crawl_url(store_target: StoreTarget, url: str, limit: int | None, settings: dict) -> UrlCrawl:
    """Discover how the careers page at `url` publishes jobs, crawl that into the store, and name
    the employer: the hiringOrganization most postings carry, else the site's host."""
    from crawler.discover_crawl import discover_and_crawl

    host = site_host(url)
    with open_store(store_target) as store, recorded_run(store, "check") as record:
        sink = CheckSink(store, run_id=record.run_id)
        discovery, summary = discover_and_crawl(
            url, host, limit=limit, sink=sink, settings=settings
        )
        record.counts["crawl"] = {**summary.counts, "errors": len(summary.errors)}
        record.errors.extend(f"{where}: {reason}" for where, reason in summary.errors.items())
        employer = host
        if sink.organisations:
            employer = sink.organisations.most_common(1)[0][0]
            store.rename_employer(sink.board_ids, employer)  # they carried the host
    return UrlCrawl(discovery, summary, employer, dict(sink.by_source))


def crawl_employer(
    store_target: StoreTarget, employer: Employer, limit: int | None, settings: dict
) -> CrawlSummary:
    """Crawl one registry employer's board into the store, under a `check` run record."""
    from crawler.runner import run_crawl

    with open_store(store_target) as store, recorded_run(store, "check") as record:
        summary = run_crawl(
            [employer], limit=limit, sink=StoreSink(store, run_id=record.run_id), settings=settings
        )
        record.counts["crawl"] = {**summary.counts, "errors": len(summary.errors)}
        record.errors.extend(f"{where}: {reason}" for where, reason in summary.errors.items())
    return summary
