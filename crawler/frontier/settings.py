"""The Scrapy settings that make a crawl one worker of a shared crawl on Redis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy.settings import Settings

from crawler.frontier.connection import REDIS_PARAMS, crawl_id, crawl_key
from crawler.frontier.leases import LeaseBook
from crawler.pipelines import Shared

if TYPE_CHECKING:
    from crawler.registry import Employer

COMPONENTS: dict[str, dict[str, int]] = {
    # outermost, so it sees every request's final output
    "SPIDER_MIDDLEWARES": {"crawler.frontier.middlewares.FrontierSpiderMiddleware": 1},
    # after the HTTP cache (a cached page costs the site nothing), beside the download
    "DOWNLOADER_MIDDLEWARES": {"crawler.frontier.middlewares.HostGate": 950},
    "EXTENSIONS": {"crawler.frontier.extension.FrontierExtension": 600},
}


@dataclass(frozen=True)
class SharedCrawl:
    """One shared crawl: the Redis that holds its frontier and the crawl's id."""

    url: str
    crawl: str


def targets_id(employers: list[Employer] | None, url: str | None) -> str:
    """The id of a crawl of these targets: the same employers and --url give the same crawl."""
    chosen = sorted((e.source, e.name, e.board or "", e.url or "") for e in employers or [])
    return crawl_id({"employers": chosen, "url": url})


def apply_frontier(settings: Settings, shared: SharedCrawl, book: LeaseBook) -> None:
    """Turn `settings` into those of one worker of `shared` (scrapy-redis scheduler, leases,
    shared per-host politeness)."""
    values: dict[str, Any] = {
        "SCHEDULER": "crawler.frontier.scheduler.FrontierScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.frontier.queue.LeasedQueue",
        "SCHEDULER_QUEUE_KEY": crawl_key(shared.crawl, "%(spider)s", "requests"),
        "SCHEDULER_DUPEFILTER_KEY": crawl_key(shared.crawl, "%(spider)s", "dupefilter"),
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": shared.url,
        "REDIS_PARAMS": REDIS_PARAMS,
        "CREDSCOPE_FRONTIER_LEASES": Shared(book),
    }
    settings.setdict(values, priority="cmdline")
    for name, additions in COMPONENTS.items():
        settings.set(name, {**settings.getdict(name), **additions}, priority="cmdline")
