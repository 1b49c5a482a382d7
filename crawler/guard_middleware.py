"""The outbound guard in Scrapy's downloader: refusals of IP-literal hosts, names for the hosts
the guarded resolver refused, and the count and list of every refused request.

Every request passes the downloader middlewares, whoever made it: start URLs, followed links,
sitemap locations, redirects (RedirectMiddleware hands the engine a new request) and robots.txt
(RobotsTxtMiddleware downloads it through the engine). Two positions are needed:
- LiteralHostGuard (before RobotsTxtMiddleware) refuses a request to a refused IP literal before
  anything is fetched for it, robots.txt included, and whatever proxy is configured;
- RefusedLookupNamer (next to the downloader, so its process_exception runs before the retry
  middleware's) turns the DNS failure of a host whose every answer the resolver refused into a
  named refusal that is never retried.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import DNSLookupError

from crawler.guard import Refusal
from crawler.guard_resolver import guard_from_settings

logger = logging.getLogger(__name__)

# How a lookup the resolver emptied reaches the middlewares (Scrapy's HTTP handler wraps
# Twisted's error in its own).
LOOKUP_FAILURES = (DNSLookupError, CannotResolveHostError)

REFUSED_KEY = "credscope/refused_by_url"
REFUSED_COUNT_PREFIX = "credscope/refused/"
request_refused = object()  # signal sent with request= and refusal= (the live progress counts it)


class RefusedRequest(IgnoreRequest):
    """A request the outbound guard refused; the message says why."""


def refuse(crawler: Crawler, request: Request, refusal: Refusal) -> RefusedRequest:
    """Count and keep the refusal of `request` (naming its board, if it has one), signal it;
    the exception to raise for it."""
    stats = crawler.stats
    assert stats is not None  # a crawler's stats exist once it is built
    stats.inc_value(f"{REFUSED_COUNT_PREFIX}{refusal.kind}")
    board = request.meta.get("board")
    why = f"{board[1]} ({board[0]}) skipped: {refusal}" if board else str(refusal)
    refused: dict[str, str] = stats.get_value(REFUSED_KEY) or {}
    refused[request.url] = why
    stats.set_value(REFUSED_KEY, refused)
    logger.warning("credscope: refused %s: %s", request.url, why)
    crawler.signals.send_catch_log(request_refused, request=request, refusal=refusal)
    return RefusedRequest(f"refused by the outbound guard: {refusal}")


class LiteralHostGuard:
    """Refuses requests whose host is an IP literal the guard forbids."""

    def __init__(self, crawler: Crawler) -> None:
        self.guard = guard_from_settings(crawler.settings)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LiteralHostGuard:
        """Build the middleware for `crawler`."""
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        """Raise RefusedRequest for a refused literal host; let every other request on."""
        refusal = self.guard.check_host(urlparse_cached(request).hostname)
        if refusal is not None:
            raise refuse(self.crawler, request, refusal)


class RefusedLookupNamer:
    """Names the requests whose host the guarded resolver refused, instead of a DNS error."""

    def __init__(self, crawler: Crawler) -> None:
        self.guard = guard_from_settings(crawler.settings)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RefusedLookupNamer:
        """Build the middleware for `crawler`."""
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> Any:
        """Raise RefusedRequest for a lookup the guard emptied; leave other failures alone."""
        if not isinstance(exception, LOOKUP_FAILURES):
            return None
        refusal = self.guard.refused_host(urlparse_cached(request).hostname)
        if refusal is not None:
            raise refuse(self.crawler, request, refusal)
        return None
