"""Shared fixtures of the crawler tests: the loopback site and one full crawl of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.runner import CrawlSummary, run_crawl_isolated
from crawler.sinks import JsonlSink, read_jsonl
from tests.crawler.fixture_server import fixture_employers, loopback_settings, serve_fixture_site


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """The fixture site's base URL."""
    with serve_fixture_site() as base_url:
        yield base_url


@pytest.fixture(scope="session")
def full_crawl(site: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlSummary, list]:
    """One crawl of every fixture employer (in a subprocess: Twisted runs once per process)."""
    out: Path = tmp_path_factory.mktemp("crawl") / "postings.jsonl"
    summary = run_crawl_isolated(
        employers=fixture_employers(site), sink=JsonlSink(out), settings=loopback_settings(site)
    )
    return summary, read_jsonl(out)
