"""What every credscope spider shares: boards per employer, failure recording, limits, dates."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

import scrapy
from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.guard_middleware import RefusedRequest
from crawler.ids import posting_id
from crawler.items import PostingItem
from crawler.middlewares import describe_failure, record_error

if TYPE_CHECKING:
    from crawler.registry import Employer

Board = tuple[str, str]
COMPLETED_KEY = "credscope/completed_boards"
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DAYS_AGO = re.compile(r"(\d+)\+?\s+days?\s+ago", re.I)


def now_iso() -> str:
    """The current UTC time as an ISO timestamp (seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def iso_date(value: Any, today: date | None = None) -> str | None:
    """Normalise a source date (ISO text, epoch ms, "Posted 3 Days Ago") to YYYY-MM-DD."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    match = ISO_DATE.search(value)
    if match:
        try:
            return date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            return None
    return relative_date(value, today or datetime.now(UTC).date())


def relative_date(text: str, today: date) -> str | None:
    """Workday's "Posted Today / Yesterday / 3 Days Ago"; "30+ Days Ago" is too vague: None."""
    lowered = text.lower()
    if "today" in lowered:
        return today.isoformat()
    if "yesterday" in lowered:
        return (today - timedelta(days=1)).isoformat()
    match = DAYS_AGO.search(lowered)
    if match and "+" not in lowered:
        return (today - timedelta(days=int(match.group(1)))).isoformat()
    return None


def text_value(value: Any) -> str | None:
    """A scalar text from a JSON value that may be a string, a number, a list or an object."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        texts = [text for text in (text_value(part) for part in value) if text]
        return "; ".join(dict.fromkeys(texts)) or None
    if isinstance(value, dict):
        for key in ("name", "@value", "value", "label", "descriptor", "text"):
            text = text_value(value.get(key))
            if text:
                return text
    return None


def string(value: Any) -> str | None:
    """`value` if it is a non-empty string, else None."""
    return value if isinstance(value, str) and value.strip() else None


def country_code(value: Any) -> str | None:
    """An ISO alpha-2 country code from a source field ("us", "GB"), else None."""
    if isinstance(value, str) and len(value.strip()) == 2 and value.strip().isalpha():
        return value.strip().upper()
    return None


def flag(value: Any) -> bool | None:
    """`value` if it is a JSON boolean, else None."""
    return value if isinstance(value, bool) else None


def as_dict(value: Any) -> dict:
    """`value` if it is a JSON object, else an empty one (sources nest things unpredictably)."""
    return value if isinstance(value, dict) else {}


class BoardSpider(scrapy.Spider):
    """A spider that reads one board per registry employer and records how each board went."""

    source: ClassVar[str] = ""
    api_setting: ClassVar[str] = ""

    def __init__(
        self, employers: list[Employer] | None = None, limit: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.employers = list(employers or [])
        self.limit = int(limit) if limit else None
        self.board_state: dict[Board, str] = {}
        self.yielded: Counter[Board] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> BoardSpider:
        """Build the spider and publish the completed boards when it closes."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.publish_boards, signal=signals.spider_closed)
        return spider

    @classmethod
    def check_settings(cls, settings: Any) -> None:
        """Raise a CrawlerError when the family cannot run with `settings` (most need nothing)."""

    @property
    def api_url(self) -> str:
        """The family's API base URL (a setting, so tests point it at loopback)."""
        return str(self.settings.get(self.api_setting) or "").rstrip("/")

    async def start(self) -> AsyncIterator[Request]:
        """Start one board per employer."""
        for employer in self.employers:
            board = (self.source, employer.name)
            self.board_state.setdefault(board, "complete")
            for request in self.board_requests(employer):
                yield request

    def board_requests(self, employer: Employer) -> Iterator[Request]:
        """The first request(s) of one employer's board."""
        raise NotImplementedError

    def request(self, url: str, board: Board, callback: Any, **kwargs: Any) -> Request:
        """A request that belongs to `board`, so its failure marks the board incomplete."""
        meta = {"board": board, **kwargs.pop("meta", {})}
        return Request(url, callback=callback, errback=self.on_failure, meta=meta, **kwargs)

    def on_failure(self, failure: Failure) -> None:
        """Count and log a failed request with its URL; its board is no longer complete.
        A request the outbound guard refused (counted by the guard) marks its board refused."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(RefusedRequest):
            self.mark(request.meta.get("board"), "refused")
            return
        if failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            self.crawler.stats.inc_value("credscope/skipped/robots_txt")
            return
        record_error(self.crawler.stats, request.url, describe_failure(failure))
        self.mark(request.meta.get("board"), "failed")

    def fail(self, response: Response, reason: str) -> None:
        """Record a response the spider could not use."""
        record_error(self.crawler.stats, response.url, reason)
        self.mark(response.meta.get("board"), "failed")

    def mark(self, board: Board | None, state: str) -> None:
        """Set a board's state; 'failed' wins over 'refused' over 'truncated' over 'complete'."""
        if board is None:
            return
        order = {"complete": 0, "truncated": 1, "refused": 2, "failed": 3}
        current = self.board_state.get(board, "complete")
        if order[state] >= order[current]:
            self.board_state[board] = state

    def load_json(self, response: Response) -> Any | None:
        """The JSON body of `response`, or None after recording malformed JSON."""
        try:
            return json.loads(response.body)
        except (ValueError, UnicodeDecodeError) as error:
            self.fail(response, f"malformed json: {error}")
            return None

    def expect(self, response: Response, data: Any, key: str | None, kind: type) -> Any | None:
        """`data[key]` (or `data`) when it has the expected JSON type, else None, recorded."""
        value = as_dict(data).get(key) if key else data
        if isinstance(value, kind) or data is None:  # None: already recorded as malformed
            return value if isinstance(value, kind) else None
        self.fail(response, f"unexpected json: expected {kind.__name__} at {key or 'top level'}")
        return None

    def within_limit(self, board: Board) -> bool:
        """Whether `board` may yield one more posting under --limit (else it is truncated)."""
        if self.limit is not None and self.yielded[board] >= self.limit:
            self.mark(board, "truncated")
            return False
        self.yielded[board] += 1
        return True

    def posting(self, board: Board, employer: Employer | None, **fields: Any) -> PostingItem:
        """A PostingItem for `board` with ids, employer hints and crawl timestamps filled in."""
        ref = str(fields.pop("source_ref"))
        seen = now_iso()
        item = PostingItem(
            posting_id=posting_id(self.source, ref),
            source=self.source,
            source_ref=ref,
            employer=employer.name if employer else fields.pop("employer_name", None),
            registry_industry=employer.industry if employer else None,
            first_seen=seen,
            last_seen=seen,
            board=board,
        )
        fields.pop("employer_name", None)
        for name, value in fields.items():
            if value is not None and value != "" and value != []:
                item[name] = value
        return item

    def publish_boards(self, spider: scrapy.Spider) -> None:
        """Put the boards read completely, and a count per board state, into the crawl stats."""
        stats = self.crawler.stats
        states = self.board_state.items()
        completed = [list(board) for board, state in states if state == "complete"]
        stats.set_value(COMPLETED_KEY, (stats.get_value(COMPLETED_KEY) or []) + completed)
        for state in self.board_state.values():
            stats.inc_value(f"credscope/boards/{state}")


class ListBoardSpider(BoardSpider):
    """A board whose one JSON document lists every job under "jobs" (Greenhouse, Ashby,
    Workable)."""

    list_query = ""

    def board_requests(self, employer: Employer) -> Iterator[Request]:
        """The board's one list of jobs."""
        url = f"{self.api_url}/{quote(employer.board or '')}{self.list_query}"
        yield self.request(
            url, (self.source, employer.name), self.parse_board, cb_kwargs={"employer": employer}
        )

    def parse_board(self, response: Response, employer: Employer) -> Iterator[Any]:
        """One posting per listed job, within the limit."""
        jobs = self.expect(response, self.load_json(response), "jobs", list)
        board = (self.source, employer.name)
        for job in jobs or []:
            if isinstance(job, dict) and self.listed(job) and self.within_limit(board):
                yield self.job_posting(job, board, employer)

    def listed(self, job: dict) -> bool:
        """Whether a job of the list is a real, listed posting."""
        raise NotImplementedError

    def job_posting(self, job: dict, board: Board, employer: Employer) -> Any:
        """Map one job of the list to a posting."""
        raise NotImplementedError
