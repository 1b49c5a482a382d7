"""The frontier's housekeeping in each worker: renew its leases, re-queue the expired leases of
dead workers, wake a starved engine, and close the spider only when the whole crawl is finished."""

from __future__ import annotations

import logging

import redis
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet.task import LoopingCall

from crawler.frontier.leases import LeaseBook
from crawler.frontier.middlewares import leased_queue
from crawler.pipelines import unwrap
from crawler.settings import CREDSCOPE_FRONTIER_LEASE

logger = logging.getLogger(__name__)
TICK = 0.25  # seconds between wake-ups of a starved engine


class FrontierExtension:
    """Lease renewal, dead workers' leases, wake-ups, and the crawl-wide finish."""

    def __init__(self, crawler: Crawler) -> None:
        book = unwrap(crawler.settings.get("CREDSCOPE_FRONTIER_LEASES"))
        if book is None:
            raise NotConfigured("no shared frontier")
        self.crawler = crawler
        self.book: LeaseBook = book
        lease = crawler.settings.getfloat("CREDSCOPE_FRONTIER_LEASE", CREDSCOPE_FRONTIER_LEASE)
        self.renew_every = max(1, round(lease / 3 / TICK))
        self.ticks = 0
        self.loop = LoopingCall(self.tick)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierExtension:
        """Build the extension for `crawler` (only when the crawl has a frontier)."""
        return cls(crawler)

    def opened(self, spider: Spider) -> None:
        """Start the housekeeping; listen for idleness after the storage pipeline does, so its
        last postings are written before the leases are acknowledged."""
        self.crawler.signals.connect(self.idle, signal=signals.spider_idle)
        self.loop.start(TICK, now=False)

    def closed(self, spider: Spider) -> None:
        """Stop the housekeeping."""
        if self.loop.running:
            self.loop.stop()

    def tick(self) -> None:
        """Send acknowledgements, wake a starved engine; every third of a lease, renew leases and
        re-queue dead ones."""
        try:
            self.book.send_acks()
            self.wake()
            self.ticks += 1
            if self.ticks % self.renew_every == 0:
                queue = leased_queue(self.crawler)
                queue.renew(self.book.entries(queue))
                if queue.requeue_expired():
                    logger.info("credscope: re-queued requests whose worker stopped")
        except redis.RedisError as error:
            logger.error("credscope: the Redis frontier failed: %s", error)

    def wake(self) -> None:
        """Hand a starved engine one request, so it asks the queue again at once."""
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        request = scheduler.wake() if scheduler is not None else None  # type: ignore[attr-defined]
        if request is not None and engine is not None:
            engine.crawl(request)

    def idle(self, spider: Spider) -> None:
        """Nothing left here: acknowledge every lease, re-queue dead ones; keep the spider open
        until the crawl is finished for every worker."""
        queue = leased_queue(self.crawler)
        self.book.ack_all(queue)
        queue.requeue_expired()
        if not queue.finished():
            raise DontCloseSpider
