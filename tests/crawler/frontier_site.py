"""A loopback career site for the shared-crawl tests and bench: an index linking N JobPosting
pages, served by a handler that records when each page was asked for."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from pathlib import Path
from typing import ClassVar

from pipelines.demo.sample_site import SampleHandler

DESCRIPTION = (
    "<p>We are looking for a registered nurse to join our ward team.</p>"
    "<ul><li>Registered with the NMC</li><li>Bachelor's degree in nursing or equivalent</li></ul>"
)


def build_jobs_site(root: Path, pages: int) -> Path:
    """Write `jobs/index.html` linking `pages` JobPosting pages under `root`; return `root`."""
    jobs = root / "jobs"
    jobs.mkdir(parents=True, exist_ok=True)
    links = []
    for number in range(pages):
        posting = {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": f"Staff Nurse {number}",
            "description": DESCRIPTION,
            "identifier": {"@type": "PropertyValue", "value": f"job-{number}"},
            "datePosted": "2026-11-01",
            "hiringOrganization": {"@type": "Organization", "name": "Loopback Trust"},
        }
        script = json.dumps(posting).replace("</", "<\\/")
        page = f"<html><head><script type='application/ld+json'>{script}</script></head></html>"
        (jobs / f"{number}.html").write_text(page, encoding="utf-8")
        links.append(f"<li><a href='{number}.html'>job {number}</a></li>")
    (jobs / "index.html").write_text(f"<html><ul>{''.join(links)}</ul></html>", encoding="utf-8")
    return root


class RecordingHandler(SampleHandler):
    """Serves the site and records (monotonic time, path, User-Agent) of every GET; job pages
    wait until `opened` is set (so a test can let several workers join before the crawl moves
    on)."""

    seen: ClassVar[list[tuple[float, str, str]]] = []
    opened: ClassVar[threading.Event] = threading.Event()
    lock = threading.Lock()

    def do_GET(self) -> None:
        """Record, wait if the site is held, then serve."""
        with self.lock:
            self.seen.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
        if is_job_page(self.path):
            self.opened.wait(timeout=60)
        super().do_GET()


def is_job_page(path: str) -> bool:
    """Whether `path` is a job page (not the index, not robots.txt)."""
    return path.rstrip("/").split("/")[-1][:1].isdigit()


def recording_handler(held: bool = False) -> type[RecordingHandler]:
    """A RecordingHandler class with its own, empty record; `held`: job pages wait."""
    opened = threading.Event()
    if not held:
        opened.set()
    return type("Recording", (RecordingHandler,), {"seen": [], "opened": opened})


def job_hits(handler: type[RecordingHandler], agent: str | None = None) -> Counter[str]:
    """How often each job page (not the index, not robots.txt) was fetched (by `agent`)."""
    return Counter(
        path
        for _, path, user_agent in handler.seen
        if is_job_page(path) and agent in (None, user_agent)
    )


def busiest_second(handler: type[RecordingHandler]) -> int:
    """The most requests the site received within any one second."""
    times = sorted(when for when, _, _ in handler.seen)
    return max(
        (sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times)), default=0
    )
