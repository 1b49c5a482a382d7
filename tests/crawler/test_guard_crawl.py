"""The guarded resolver in a real crawl: names the fake resolver maps to loopback are refused
where the connection is made (robots.txt included) when the allowance is off; the server on
127.0.0.1 sees no request."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.guard import ALLOW_PRIVATE_ENV
from crawler.runner import run_crawl_isolated
from crawler.sinks import JsonlSink, read_jsonl
from pipelines.demo.sample_site import LOOPBACK_SETTINGS
from tests.crawler.fake_dns import FAKE_DNS_SETTING, RESOLVER_PATH
from tests.crawler.fixture_server import employer
from tests.crawler.guard_site import JOB_PATH, serve_counted


def test_names_resolving_to_loopback_are_refused_at_the_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV)
    out = tmp_path / "postings.jsonl"
    answers = {"careers.test": ["127.0.0.1"], "mapped.test": ["::ffff:127.0.0.1"]}
    with serve_counted() as (base_url, paths):
        port = base_url.rsplit(":", 1)[1]
        employers = [
            employer("Named Co", "jsonld", url=f"http://careers.test:{port}{JOB_PATH}"),
            employer("Mapped Co", "jsonld", url=f"http://mapped.test:{port}{JOB_PATH}"),
        ]
        settings = {
            **LOOPBACK_SETTINGS,
            "CREDSCOPE_DNS_RESOLVER": RESOLVER_PATH,
            FAKE_DNS_SETTING: answers,
            "LOG_LEVEL": "WARNING",
        }
        summary = run_crawl_isolated(employers=employers, sink=JsonlSink(out), settings=settings)
    assert paths == []
    assert read_jsonl(out) == []
    assert summary.errors == {}
    assert summary.boards == {"refused": 2}
    assert summary.completed_boards == []
    named, mapped = f"http://careers.test:{port}", f"http://mapped.test:{port}"
    assert set(summary.refused) == {
        f"{named}/robots.txt",
        f"{named}{JOB_PATH}",
        f"{mapped}/robots.txt",
        f"{mapped}{JOB_PATH}",
    }
    assert summary.refused[f"{named}{JOB_PATH}"].startswith(
        "Named Co (jsonld) skipped: 127.0.0.1 is a loopback address; pass --allow-private"
    )
    assert summary.refused[f"{mapped}/robots.txt"].startswith(
        "::ffff:7f00:1 (127.0.0.1) is a loopback address"
    )
