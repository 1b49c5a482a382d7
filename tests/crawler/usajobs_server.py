"""The USAJOBS Search API on loopback: the saved real response, paged, with faults by organization.

GET /api/search?Organization=...&ResultsPerPage=...&Page=N
- Organization AF (the one code the tests filter on): the Air Force announcements of the saved
  response, paged by ResultsPerPage, as the real API filters by agency.
- ER00: page 3 always answers 500; RT00: page 2 answers 429 the first time.
- any other code: tests/fixtures/crawler/usajobs/pages/page-N.json as saved (100 a page, 5 pages),
  whatever the filter (the saved response was not filtered by organization).
Every request's query and headers are recorded in UsajobsHandler.seen.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from pipelines.demo.sample_site import LOOPBACK_SETTINGS, SampleHandler, serve_directory

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "crawler" / "usajobs" / "pages"
FILTERED = {"AF": "Department of the Air Force"}  # code -> DepartmentName in the saved response
KEY, EMAIL = "test-key-0000", "credscope-tests@example.org"


def saved_items() -> list[dict]:
    """Every announcement of the saved pages, in order."""
    pages = sorted(PAGES.glob("page-*.json"), key=lambda path: int(path.stem.split("-")[1]))
    return [
        item
        for path in pages
        for item in json.loads(path.read_text(encoding="utf-8"))["SearchResult"][
            "SearchResultItems"
        ]
    ]


class UsajobsHandler(SampleHandler):
    """Answers /api/search from the saved pages."""

    seen: ClassVar[list[dict[str, Any]]] = []
    lock = threading.Lock()

    def do_GET(self) -> None:
        """Record the request, then answer it."""
        parts = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        with self.lock:
            self.seen.append({"path": parts.path, "query": query, "headers": dict(self.headers)})
        if parts.path != "/api/search":
            self.send_error(404, "Not Found")
            return
        organization, page = query.get("Organization", ""), int(query.get("Page", "1"))
        if self.fault(organization, page):
            return
        if organization in FILTERED:
            self.send_json(
                filtered_page(FILTERED[organization], page, int(query["ResultsPerPage"]))
            )
            return
        path = PAGES / f"page-{page}.json"
        if not path.is_file():
            self.send_error(404, "Not Found")
            return
        self.send_json(path.read_bytes())

    def fault(self, organization: str, page: int) -> bool:
        """Answer with a fault when the organization asks for one; whether it did."""
        if organization == "ER00" and page == 3:
            self.send_json(b'{"error": "internal"}', 500)
            return True
        asked = [r["query"] for r in self.seen]
        tries = sum(1 for q in asked if (q.get("Organization"), q.get("Page")) == ("RT00", "2"))
        if organization == "RT00" and page == 2 and tries == 1:
            self.send_json(b"slow down", 429)
            return True
        return False

    def send_json(self, body: bytes, status: int = 200) -> None:
        """Send a complete response."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def filtered_page(department: str, page: int, size: int) -> bytes:
    """One page of the saved announcements of `department`, with its paging figures."""
    items = [
        item
        for item in saved_items()
        if item["MatchedObjectDescriptor"]["DepartmentName"] == department
    ]
    chosen = items[(page - 1) * size : page * size]
    result = {
        "SearchResultCount": len(chosen),
        "SearchResultCountAll": len(items),
        "SearchResultItems": chosen,
        "UserArea": {"NumberOfPages": str(math.ceil(len(items) / size)), "IsRadialSearch": False},
    }
    return json.dumps(
        {"LanguageCode": "EN", "SearchParameters": {}, "SearchResult": result}
    ).encode()


@contextmanager
def serve_usajobs() -> Iterator[str]:
    """Serve the API on 127.0.0.1; yield the search URL."""
    UsajobsHandler.seen = []
    with serve_directory(PAGES, UsajobsHandler) as base_url:
        yield f"{base_url}/api/search"


def usajobs_settings(search_url: str, page_size: int = 100) -> dict[str, Any]:
    """Fast loopback settings for the USAJOBS spider, with a test key and e-mail."""
    return {
        **LOOPBACK_SETTINGS,
        "USAJOBS_API_URL": search_url,
        "USAJOBS_PAGE_SIZE": page_size,
        "USAJOBS_API_KEY": KEY,
        "USAJOBS_USER_AGENT_EMAIL": EMAIL,
        "RETRY_TIMES": 1,
        "CREDSCOPE_RETRY_BACKOFF_BASE": 0.05,
        "LOG_LEVEL": "WARNING",
    }
