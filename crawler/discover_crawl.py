"""The crawl of `credscope check URL`: read the careers page, then crawl what it names."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Generator
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from twisted.internet.defer import Deferred, DeferredList, inlineCallbacks

from crawler.discovery import Discovery, FoundBoard
from crawler.registry import Employer
from crawler.runner import (
    SPIDERS,
    BoardSpider,
    CrawlSummary,
    crawl_settings,
    ensure_reactor_unused,
    summarise,
)
from crawler.sinks import PostingSink
from crawler.spiders.discovery import DiscoverySpider
from crawler.spiders.jsonld import JsonLdSpider


def board_employer(board: FoundBoard, name: str, url: str) -> Employer:
    """A registry-shaped employer for one board found on the careers page at `url`."""
    return Employer(
        name=name,
        aliases=[],
        source=board.source,
        board=board.board,
        url=url,
        workday=dict(board.workday) if board.workday else None,
        industry=None,
        country=None,
        found_at=f"careers page {url}",
    )


def crawl_plan(discovery: Discovery, name: str) -> list[tuple[type[BoardSpider], dict[str, Any]]]:
    """One spider per board family found, and the schema.org spider for the site's pages."""
    by_source: dict[str, list[Employer]] = {}
    for board in discovery.boards:
        by_source.setdefault(board.source, []).append(board_employer(board, name, discovery.url))
    plan: list[tuple[type[BoardSpider], dict[str, Any]]] = [
        (SPIDERS[source], {"employers": employers}) for source, employers in by_source.items()
    ]
    if discovery.site_urls():
        plan.append((JsonLdSpider, {"start_urls": discovery.site_urls()}))
    return plan


def discover_and_crawl(
    url: str,
    name: str,
    *,
    limit: int | None = None,
    sink: PostingSink | None = None,
    settings: dict | None = None,
) -> tuple[Discovery, CrawlSummary]:
    """Read the careers page at `url`, then crawl each board and site it shows into `sink`.

    Board postings carry `name` (the site's host, say) as their employer until the caller names
    them; schema.org postings carry their own hiringOrganization."""
    ensure_reactor_unused()
    started = time.monotonic()
    process = CrawlerProcess(crawl_settings(settings, sink, progress=False))
    finder = process.create_crawler(DiscoverySpider)
    crawlers: list[Crawler] = [finder]
    failures: list[BaseException] = []

    @inlineCallbacks
    def chain() -> Generator[Deferred[Any], Any, None]:
        try:
            yield process.crawl(finder, url=url)
            discovery: Discovery = finder.spider.discovery  # type: ignore[union-attr]
            if discovery.error is None:
                started_crawls = []
                for spider, kwargs in crawl_plan(discovery, name):
                    crawler = process.create_crawler(spider)
                    crawlers.append(crawler)
                    started_crawls.append(process.crawl(crawler, limit=limit, **kwargs))
                yield DeferredList(started_crawls)
        except Exception as error:  # raised again below, outside the reactor
            failures.append(error)
        finally:
            stop_reactor()

    if sink is not None:
        sink.open()
    chain()
    process.start(stop_after_crawl=False)
    if failures:
        raise failures[0]
    discovery = finder.spider.discovery  # type: ignore[union-attr]
    return discovery, summarise(crawlers, sink, time.monotonic() - started)


def stop_reactor() -> None:
    """Stop Twisted's reactor (already stopping is fine)."""
    from twisted.internet import reactor

    with contextlib.suppress(RuntimeError):
        reactor.stop()  # type: ignore[misc]
