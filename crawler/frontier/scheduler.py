"""scrapy-redis' scheduler over the leased queue: requests and fingerprints live in Redis."""

from __future__ import annotations

from collections import deque
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy_redis.scheduler import Scheduler

from crawler.frontier.connection import connect
from crawler.frontier.leases import LeaseBook
from crawler.frontier.queue import LEASE, LeasedQueue
from crawler.pipelines import unwrap

HANDOFF = "frontier_handoff"  # request.meta key: a leased request handed to the engine directly


class FrontierScheduler(Scheduler):
    """Pops leased requests; a request made from a leased one (a retry, a redirect) is queued
    before that lease is released. Also hands one request to an idle engine to wake it."""

    queue: LeasedQueue

    def __init__(self, server: Any, book: LeaseBook, **kwargs: Any) -> None:
        super().__init__(server, **kwargs)
        self.book = book
        self.handed: deque[Request] = deque()
        self.starved = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        """Build the scheduler from the crawl's settings (see crawler.frontier.settings)."""
        settings = crawler.settings
        scheduler = cls(
            connect(settings["REDIS_URL"]),
            unwrap(settings["CREDSCOPE_FRONTIER_LEASES"]),
            persist=True,
            queue_key=settings["SCHEDULER_QUEUE_KEY"],
            queue_cls=settings["SCHEDULER_QUEUE_CLASS"],
            dupefilter_key=settings["SCHEDULER_DUPEFILTER_KEY"],
            dupefilter_cls=settings["DUPEFILTER_CLASS"],
        )
        return scheduler

    def enqueue_request(self, request: Request) -> bool:
        """Queue a new request in Redis (unless seen); then release the lease it came from."""
        if request.meta.pop(HANDOFF, False):
            self.handed.append(request)
            return True
        carried = request.meta.pop(LEASE, None)
        queued = bool(super().enqueue_request(request))
        if carried is not None:
            self.book.done(carried)
        return queued

    def next_request(self) -> Request | None:
        """A handed-on request, else the next request of the shared queue, leased."""
        request = self.handed.popleft() if self.handed else super().next_request()
        self.starved = request is None
        if request is not None and LEASE in request.meta:
            self.book.taken(request.meta[LEASE], self.queue)
        return request

    def has_pending_requests(self) -> bool:
        """Whether the shared queue (or the hand-off) holds requests."""
        return bool(self.handed) or len(self.queue) > 0

    def wake(self) -> Request | None:
        """A leased request to hand to a starved engine (it only asks again on a heartbeat)."""
        if not self.starved:
            return None
        request = self.queue.pop()
        if request is not None:
            request.meta[HANDOFF] = True
        return request
