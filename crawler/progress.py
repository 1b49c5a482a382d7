"""A live one-line progress display of a crawl (pages, postings kept, dropped, errors, requests
refused by the outbound guard)."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from scrapy import signals
from scrapy.crawler import Crawler

from crawler.guard_middleware import request_refused


class CrawlProgress:
    """Counts signals from every crawler of a run into one rich progress line on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.counts = {"pages": 0, "kept": 0, "dropped": 0, "errors": 0, "refused": 0}
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]crawling[/bold] {task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task(self.describe(), total=None)

    def describe(self) -> str:
        """The progress line's text."""
        return "  ".join(f"{name} {value}" for name, value in self.counts.items())

    def bump(self, name: str) -> None:
        """Count one event and refresh the line."""
        self.counts[name] += 1
        self.progress.update(self.task, description=self.describe())

    def watch(self, crawler: Crawler) -> None:
        """Follow `crawler`'s signals."""
        if not self.enabled:
            return
        crawler.signals.connect(self.on_response, signal=signals.response_received)
        crawler.signals.connect(self.on_item, signal=signals.item_scraped)
        crawler.signals.connect(self.on_drop, signal=signals.item_dropped)
        crawler.signals.connect(self.on_error, signal=signals.spider_error)
        crawler.signals.connect(self.on_refused, signal=request_refused)

    def on_response(self, **_: Any) -> None:
        """A page or API response arrived."""
        self.bump("pages")

    def on_item(self, **_: Any) -> None:
        """A posting went through every pipeline."""
        self.bump("kept")

    def on_drop(self, **_: Any) -> None:
        """A posting was dropped."""
        self.bump("dropped")

    def on_error(self, **_: Any) -> None:
        """A callback raised."""
        self.bump("errors")

    def on_refused(self, **_: Any) -> None:
        """The outbound guard refused a request."""
        self.bump("refused")

    def __enter__(self) -> CrawlProgress:
        if self.enabled:
            self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.enabled:
            self.progress.stop()
