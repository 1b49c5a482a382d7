"""The crawler test site on loopback: static fixtures plus live faults (loop, 500, slow, 429)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crawler.registry import Employer
from pipelines.demo.sample_site import SampleHandler, sample_settings, serve_directory

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "crawler" / "site"
SLOW_SECONDS = 2.5
HUGE_BYTES = 2_000_000


class FaultHandler(SampleHandler):
    """SampleHandler with fault routes under /careers/faults/."""

    hits: dict[str, int] = {}  # noqa: RUF012 (shared on purpose: counts across handler instances)
    times: dict[str, list[float]] = {}  # noqa: RUF012 (shared on purpose, as hits)
    lock = threading.Lock()

    def do_GET(self) -> None:
        """Serve a fault, or a fixture file."""
        route = self.path.split("?")[0]
        fault = FAULTS.get(route)
        if fault is None:
            super().do_GET()
            return
        with self.lock:
            self.hits[route] = self.hits.get(route, 0) + 1
            self.times.setdefault(route, []).append(time.monotonic())
        fault(self)

    def send_body(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        """Send a complete response."""
        self.send_response(status)
        for name, value in {"Content-Type": "text/html", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def redirect_loop(handler: FaultHandler) -> None:
    """Redirect forever, each time to a new URL (the dupefilter would stop a plain self-loop)."""
    hop = handler.hits["/careers/faults/redirect-loop"]
    handler.send_response(302)
    handler.send_header("Location", f"/careers/faults/redirect-loop?hop={hop}")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def server_error(handler: FaultHandler) -> None:
    """Always 500."""
    handler.send_body(500, b"<html><body>Internal error</body></html>")


def slow(handler: FaultHandler) -> None:
    """Answer after the crawler's timeout."""
    time.sleep(SLOW_SECONDS)
    with contextlib.suppress(ConnectionError):  # the crawler has given up by now
        handler.send_body(200, b"<html><body>late</body></html>")


def huge(handler: FaultHandler) -> None:
    """A page larger than DOWNLOAD_MAXSIZE."""
    handler.send_body(200, b"<html><body>" + b"x" * HUGE_BYTES + b"</body></html>")


def retry_after(handler: FaultHandler) -> None:
    """429 with Retry-After: 1 the first time, then a real posting page."""
    if handler.hits["/careers/faults/retry-after"] == 1:
        handler.send_body(429, b"slow down", {"Retry-After": "1"})
        return
    handler.send_body(200, (SITE / "retry-after-page.html").read_bytes())


FAULTS: dict[str, Callable[[FaultHandler], None]] = {
    "/careers/faults/redirect-loop": redirect_loop,
    "/careers/faults/server-error": server_error,
    "/careers/faults/slow": slow,
    "/careers/faults/huge": huge,
    "/careers/faults/retry-after": retry_after,
}


@contextmanager
def serve_fixture_site() -> Iterator[str]:
    """Serve the fixture site with its faults; yield the base URL."""
    FaultHandler.hits = {}
    FaultHandler.times = {}
    with serve_directory(SITE, FaultHandler) as base_url:
        yield base_url


def employer(name: str, source: str, board: str | None = None, **extra: Any) -> Employer:
    """A registry employer for the fixture site."""
    return Employer(
        name=name,
        aliases=[],
        source=source,
        board=board,
        url=extra.get("url"),
        workday=extra.get("workday"),
        industry=extra.get("industry", "62"),
        country=extra.get("country", "US"),
        found_at="tests/fixtures/crawler",
    )


def fixture_employers(base_url: str) -> list[Employer]:
    """One employer per board and site of the fixture site, including broken ones."""
    workday = {"host": "wdco.wd5.myworkdayjobs.com", "tenant": "wdco", "site": "External"}
    return [
        employer("Acme", "greenhouse", "acme"),
        employer("Broken Board", "greenhouse", "broken"),
        employer("Lever Co", "lever", "leverco"),
        employer("Staffing Agency", "lever", "agency"),
        employer("Gone Co", "lever", "missing"),
        employer("Ash Co", "ashby", "ashco", industry="51"),
        employer("SR Co", "smartrecruiters", "srco"),
        employer("Work Co", "workable", "workco", industry="52", country="GB"),
        employer("WD Co", "workday", workday=workday),
        employer("Careers Trust", "jsonld", url=f"{base_url}/careers/index.html", country="GB"),
        employer("Sitemap Trust", "jsonld", url=f"{base_url}/sitemapsite/sitemap.xml"),
    ]


def loopback_settings(base_url: str) -> dict[str, Any]:
    """Fast, loopback settings with small timeouts, size caps and pages."""
    return {
        **sample_settings(base_url),
        "DOWNLOAD_TIMEOUT": 1,
        "RETRY_TIMES": 1,
        "DOWNLOAD_MAXSIZE": 1_000_000,
        "DOWNLOAD_WARNSIZE": 0,
        "CREDSCOPE_RETRY_BACKOFF_BASE": 0.05,
        "SMARTRECRUITERS_PAGE_SIZE": 2,
        "WORKDAY_PAGE_SIZE": 2,
        "CREDSCOPE_SINK_BATCH": 7,
        "LOG_LEVEL": "WARNING",
    }
