"""Retries with backoff that honours Retry-After, and recording of every failure with its URL."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message
from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

ERRORS_KEY = "credscope/errors_by_url"


def record_error(stats: StatsCollector, url: str, reason: str) -> None:
    """Count a failure under `credscope/errors/<kind>` and keep its URL and reason."""
    kind = reason.split(":", 1)[0].strip().replace(" ", "_").lower() or "error"
    stats.inc_value(f"credscope/errors/{kind}")
    errors: dict[str, str] = stats.get_value(ERRORS_KEY) or {}
    errors[url] = reason
    stats.set_value(ERRORS_KEY, errors)
    logger.warning("credscope: %s failed: %s", url, reason)


def describe_failure(failure: Failure) -> str:
    """Name a download failure in a few words: 'http 404', 'timeout: ...', 'ignored: ...'."""
    error = failure.value
    response = getattr(error, "response", None)
    if response is not None and hasattr(response, "status"):
        return f"http {response.status}"
    name = type(error).__name__
    text = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    return f"{name}: {text}" if text else name


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Parse a Retry-After header (delta seconds or an HTTP date) into seconds, or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that waits before retrying: Retry-After if given, else backoff."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("CREDSCOPE_RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("CREDSCOPE_RETRY_BACKOFF_MAX", 120.0)

    def backoff_delay(self, request: Request, response: Response | None) -> float:
        """Seconds to wait before retrying `request`."""
        attempt = request.meta.get("retry_times", 0)
        delay = self.backoff_base * (2**attempt)
        if response is not None:
            stated = retry_after_seconds(response.headers.get("Retry-After"))
            if stated is not None:
                delay = stated
        return min(delay, self.backoff_max)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        """Retry 429/5xx responses after the backoff delay."""
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        delay = self.backoff_delay(request, response)
        if delay > 0:
            self.crawler.stats.inc_value("credscope/retry/backoff_waits")
            await sleep(delay)
        return retry


class ErrorRecorderExtension:
    """Record exceptions raised in spider callbacks and item pipelines, with their URLs."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ErrorRecorderExtension:
        """Build the extension for `crawler`."""
        return cls(crawler)

    def spider_error(self, failure: Failure, response: Response, spider: Spider) -> None:
        """Keep the URL and the error of a callback that raised."""
        record_error(self.stats, response.url, f"callback error: {describe_failure(failure)}")
        mark_failed(spider, response.meta.get("board"))

    def item_error(
        self, item: Any, response: Response | None, spider: Spider, failure: Failure
    ) -> None:
        """Keep the URL and the error of a posting a pipeline raised on: the posting is lost,
        so its board is not complete (the store must not close it)."""
        fields = item if isinstance(item, Mapping) else {}
        url = fields.get("url") or fields.get("source_ref") or getattr(response, "url", "?")
        record_error(self.stats, str(url), f"pipeline error: {describe_failure(failure)}")
        board = fields.get("board")
        mark_failed(spider, tuple(board) if board else None)


def mark_failed(spider: Spider, board: tuple[str, str] | None) -> None:
    """Mark `board` failed on a credscope spider (other spiders have no boards)."""
    mark = getattr(spider, "mark", None)
    if mark is not None:
        mark(board, "failed")
