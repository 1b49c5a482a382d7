"""The frontier's middlewares: one worker seeds a crawl, leases follow each request's postings,
and per-host politeness is shared by every worker through Redis."""

from __future__ import annotations

import itertools
import logging
import os
import socket
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Item, Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.asyncio import sleep

from crawler.frontier.connection import connect, host_key
from crawler.frontier.leases import LeaseBook
from crawler.frontier.queue import LEASE, NOW, LeasedQueue
from crawler.pipelines import unwrap

logger = logging.getLogger(__name__)

SLOT = "frontier_slot"  # request.meta key: the host slot a request holds while it downloads
SLOT_POLL = 0.05  # seconds between tries while a host has no free slot

# KEYS: the host's slots (zset token -> expiry) and its next-allowed time. ARGV: concurrency,
# delay, hold, token. Returns '0' when the slot is taken, else the seconds to wait first.
GATE = (
    NOW
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return '-1' end
local ready = tonumber(redis.call('GET', KEYS[2]) or '0')
if ready > now then return tostring(ready - now) end
redis.call('SET', KEYS[2], tostring(now + tonumber(ARGV[2])), 'EX', math.ceil(ARGV[2]) + 60)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('EXPIRE', KEYS[1], math.ceil(ARGV[3]) + 60)
return '0'"""
)


def leased_queue(crawler: Crawler) -> LeasedQueue:
    """The crawler's shared queue (the frontier scheduler's)."""
    assert crawler.engine is not None and crawler.engine.scheduler is not None
    return crawler.engine.scheduler.queue  # type: ignore[attr-defined]


def lease_of(response: Response | None) -> bytes | None:
    """The lease of the request a response answers, if it was popped from the frontier."""
    request = getattr(response, "request", None)
    return request.meta.get(LEASE) if request is not None else None


class FrontierSpiderMiddleware:
    """Seeds the crawl from one worker only, and tells the lease book what each request yields."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.book: LeaseBook = unwrap(crawler.settings["CREDSCOPE_FRONTIER_LEASES"])
        crawler.signals.connect(self.item_gone, signal=signals.item_dropped)
        crawler.signals.connect(self.item_gone, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierSpiderMiddleware:
        """Build the middleware for `crawler`."""
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The start requests, from the one worker that claims the crawl; the others join it."""
        queue = leased_queue(self.crawler)
        if not queue.claim():
            logger.info("credscope: joined the shared crawl %s", queue.key)
            return
        logger.info("credscope: seeding the shared crawl %s", queue.key)
        async for entry in start:
            yield entry
        queue.mark_seeded()

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        """Pass the output on, noting each posting against the request's lease."""
        entry = lease_of(response)
        if entry is None:
            async for element in result:
                yield element
            return
        self.book.output_started(entry)
        try:
            async for element in result:
                if isinstance(element, Item | dict) and element.get("posting_id"):
                    self.book.produced(entry, str(element["posting_id"]))
                yield element
        finally:
            self.book.output_done(entry)

    def item_gone(self, item: Any, response: Response | None = None, **_: Any) -> None:
        """A posting was dropped or failed in the pipelines: its lease no longer waits on it."""
        entry = lease_of(response)
        if entry is not None and hasattr(item, "get") and item.get("posting_id"):
            self.book.dropped(entry, str(item["posting_id"]))


class HostGate:
    """Per-host concurrency (CONCURRENT_REQUESTS_PER_DOMAIN) and delay (DOWNLOAD_DELAY) held
    across every worker through Redis, so N workers are no ruder to a site than one."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.server = connect(settings["REDIS_URL"])
        self.gate = self.server.register_script(GATE)
        self.concurrency = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 1))
        self.delay = max(0.0, settings.getfloat("DOWNLOAD_DELAY", 0.0))
        self.hold = settings.getfloat("DOWNLOAD_TIMEOUT", 180.0) + 5.0
        self.tokens = (f"{socket.gethostname()}:{os.getpid()}:{n}" for n in itertools.count())

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGate:
        """Build the gate for `crawler`."""
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        """Wait until the request's host has a free slot and its delay has passed; take it."""
        host = urlsplit(request.url).hostname or ""
        token = next(self.tokens)
        keys = [host_key(host, "slots"), host_key(host, "next")]
        args: list[str | float] = [self.concurrency, self.delay, self.hold, token]
        while True:
            wait = float(self.gate(keys=keys, args=args))
            if wait == 0:
                request.meta[SLOT] = (host, token)
                return
            await sleep(SLOT_POLL if wait < 0 else min(wait, 1.0))

    def process_response(self, request: Request, response: Response) -> Response:
        """Free the host slot."""
        self.release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        """Free the host slot."""
        self.release(request)

    def release(self, request: Request) -> None:
        """Give the request's host slot back."""
        slot = request.meta.pop(SLOT, None)
        if slot is not None:
            self.server.zrem(host_key(slot[0], "slots"), slot[1])
