"""Item pipelines, one concern each; every drop and edit is counted in the crawl stats.

Drops count under `credscope/dropped/<reason>`, edits under `credscope/edited/<what>`.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.logformatter import LogFormatter, LogFormatterResult

from crawler.htmltext import (
    ESCAPED_TAG,
    html_to_text,
    looks_like_html,
    normalise_text,
    unescape_markup,
)
from crawler.ids import content_hash
from crawler.industry import resolve_industry
from crawler.items import PostingItem, posting_record
from crawler.location import parse_location

logger = logging.getLogger(__name__)


class Shared:
    """Hands one object to every crawler of a run: Scrapy deep-copies settings per crawler."""

    def __init__(self, target: Any) -> None:
        self.target = target

    def __deepcopy__(self, memo: dict) -> Shared:
        """Stay the same object through Settings.copy()."""
        return self


def unwrap(value: Any) -> Any:
    """The object a setting holds, through a Shared wrapper if there is one."""
    return value.target if isinstance(value, Shared) else value


class QuietLogFormatter(LogFormatter):
    """Log drops in one line at DEBUG (the reason is counted) and pipeline errors by URL."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> Any:
        """One line per drop, without the item's text."""
        result: LogFormatterResult = {
            "level": logging.DEBUG,
            "msg": "Dropped: %(exception)s",
            "args": {"exception": exception},
        }
        return result

    def item_error(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        """Name the posting a pipeline failed on by its URL, not by its whole text."""
        url = (item.get("url") or item.get("source_ref")) if hasattr(item, "get") else None
        return {
            "level": logging.ERROR,
            "msg": "Error processing the posting %(url)s",
            "args": {"url": url or "(no url)"},
        }


class CountingPipeline:
    """Base of the pipelines: access to settings and stats, and counted drops and edits."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.settings = crawler.settings

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        """Build the pipeline for `crawler`."""
        return cls(crawler)

    def drop(self, item: PostingItem, reason: str) -> None:
        """Drop `item`, counting `reason`."""
        self.stats.inc_value(f"credscope/dropped/{reason}")
        raise DropItem(f"{reason}: {item.get('url') or item.get('source_ref')}")

    def edited(self, what: str) -> None:
        """Count one edit of kind `what`."""
        self.stats.inc_value(f"credscope/edited/{what}")


class HtmlTextPipeline(CountingPipeline):
    """Plain text with one line per block from the HTML description; tidy titles."""

    def process_item(self, item: PostingItem) -> PostingItem:
        """Fill `text` from `html` (or from a `text` that is really HTML); clean the title."""
        markup, text = item.get("html"), item.get("text")
        if markup and ESCAPED_TAG.search(markup[:20000]):
            markup = item["html"] = unescape_markup(markup)
            self.edited("html_unescaped")
        if markup and not text:
            item["text"] = html_to_text(markup)
            self.edited("text_from_html")
        elif text and looks_like_html(text):
            item["html"] = markup or text
            item["text"] = html_to_text(text)
            self.edited("text_from_html")
        elif text:
            item["text"] = normalise_text(html.unescape(text))
        title = item.get("title")
        if title:
            plain = html_to_text(title) if "<" in title or "&" in title else title
            clean = " ".join(html.unescape(plain or title).split())
            if clean != title:
                item["title"] = clean
                self.edited("title")
        return item


class LocationPipeline(CountingPipeline):
    """country / subdivision / city / remote from the location strings; unknown stays None."""

    def process_item(self, item: PostingItem) -> PostingItem:
        """Parse the posting's locations; prefer the source's own remote flag and country."""
        parts = list(dict.fromkeys(item.get("location_parts") or []))
        raw = parts if len(parts) > 1 else (item.get("location_raw") or (parts or [None])[0])
        if not item.get("location_raw") and parts:
            item["location_raw"] = "; ".join(parts)
        location = parse_location(raw, country_hint=item.get("country_hint"))
        item["country"] = location.country or item.get("country_hint")
        item["subdivision"] = location.subdivision
        item["city"] = location.city
        remote_hint = item.get("remote_hint")
        item["remote"] = remote_hint if remote_hint is not None else location.remote
        known = any(item.get(key) is not None for key in ("country", "city", "remote"))
        self.edited("location" if known else "location_unknown")
        return item


class IndustryPipeline(CountingPipeline):
    """NAICS sector from the registry, else the posting's own label; record which."""

    def process_item(self, item: PostingItem) -> PostingItem:
        """Resolve the industry code and its source."""
        code, source = resolve_industry(item.get("registry_industry"), item.get("industry_label"))
        item["industry"] = code
        item["industry_source"] = source
        self.edited(f"industry_{source or 'unknown'}")
        return item


class ValidationPipeline(CountingPipeline):
    """Drop what is not a usable job posting: no title, no text, not typed a JobPosting."""

    def process_item(self, item: PostingItem) -> PostingItem:
        """Keep the item or drop it with its reason."""
        schema_type = item.get("schema_type")
        if schema_type is not None and schema_type != "JobPosting":
            self.drop(item, "not_a_job_posting")
        if not (item.get("title") or "").strip():
            self.drop(item, "no_title")
        text = (item.get("text") or "").strip()
        if not text:
            self.drop(item, "no_text")
        if len(text) < self.settings.getint("CREDSCOPE_MIN_TEXT_CHARS", 40):
            self.drop(item, "text_too_short")
        return item


class SeenPostings:
    """What a run has kept so far: posting ids, and which board first held each fingerprint."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.fingerprints: dict[str, tuple[str, str]] = {}


class DuplicatesPipeline(CountingPipeline):
    """Drop a posting seen before in this run: same posting_id, or same text from another
    source or employer (a staffing agency's re-post). Shared across crawlers via CREDSCOPE_SEEN."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.seen: SeenPostings = unwrap(crawler.settings.get("CREDSCOPE_SEEN")) or SeenPostings()

    def process_item(self, item: PostingItem) -> PostingItem:
        """Fingerprint the posting and drop repeats."""
        item["content_hash"] = content_hash(item.get("title") or "", item.get("text") or "")
        if item["posting_id"] in self.seen.ids:
            self.drop(item, "duplicate_id")
        holder = (item.get("source") or "", item.get("employer") or "")
        first = self.seen.fingerprints.setdefault(item["content_hash"], holder)
        if first != holder:
            self.drop(item, "duplicate_content")
        self.seen.ids.add(item["posting_id"])
        return item


class StoragePipeline(CountingPipeline):
    """Write Posting records in batches to the sink in the CREDSCOPE_SINK setting."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.sink = unwrap(crawler.settings.get("CREDSCOPE_SINK"))
        self.batch_size = max(1, crawler.settings.getint("CREDSCOPE_SINK_BATCH", 200))
        self.batch: list[dict] = []
        # A crawl with a shared frontier idles while other workers finish: write what is queued.
        crawler.signals.connect(self.flush, signal=signals.spider_idle)
        if self.sink is None:
            logger.warning("credscope: no CREDSCOPE_SINK set; postings are counted, not stored")

    def process_item(self, item: PostingItem) -> PostingItem:
        """Queue the record; write a full batch."""
        self.batch.append(posting_record(item))
        if len(self.batch) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        """Write what is left."""
        self.flush()

    def flush(self) -> None:
        """Write the queued records; a failing sink is logged and counted, the crawl goes on."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        if self.sink is None:
            self.stats.inc_value("credscope/unstored", len(batch))
            return
        try:
            self.sink.write(batch)
        except Exception as error:  # a sink may raise anything; the crawl must go on
            self.stats.inc_value("credscope/errors/sink")
            self.stats.inc_value("credscope/unstored", len(batch))
            logger.error("credscope: the sink failed to store %d postings: %s", len(batch), error)
            return
        self.stats.inc_value("credscope/stored", len(batch))
