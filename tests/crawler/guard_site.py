"""A loopback site for the outbound guard's crawl tests: the fixture pages, every request
counted, and a page that redirects to the cloud metadata address (IPv4-mapped)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pipelines.demo.sample_site import SampleHandler, serve_directory
from tests.crawler.fixture_server import SITE

METADATA_URL = "http://169.254.169.254/latest/meta-data/"
MAPPED_METADATA_URL = "http://[::ffff:a9fe:a9fe]/latest/meta-data/"  # IPv4-mapped, same address
MOVED_PATH = "/moved"
JOB_PATH = "/careers/jobs/915703330.html"


class CountingHandler(SampleHandler):
    """The fixture site; every path asked for is kept; /moved redirects to MAPPED_METADATA_URL."""

    paths: list[str]

    def do_GET(self) -> None:
        """Keep the path, then serve it."""
        self.paths.append(self.path)
        if self.path == MOVED_PATH:
            self.send_response(302)
            self.send_header("Location", MAPPED_METADATA_URL)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()


@contextmanager
def serve_counted() -> Iterator[tuple[str, list[str]]]:
    """Serve the site on 127.0.0.1; yield its base URL and the list of paths it was asked for."""
    paths: list[str] = []
    handler = type("Counted", (CountingHandler,), {"paths": paths})
    with serve_directory(SITE, handler) as base_url:
        yield base_url, paths
