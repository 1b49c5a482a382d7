"""The outbound guard from the command line: a refused --url ends the crawl before any request
(exit 2); a refused board of a registry crawl is skipped and named (exit 3). Every request goes
to 127.0.0.1: the fake resolver answers 127.0.0.1 for any host it is not told about."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from crawler.guard import ALLOW_PRIVATE_ENV
from crawler.sinks import read_jsonl
from pipelines.demo.sample_site import LOOPBACK_SETTINGS
from tests.crawler.fake_dns import FAKE_DNS_SETTING, RESOLVER_PATH
from tests.crawler.guard_site import (
    JOB_PATH,
    MAPPED_METADATA_URL,
    METADATA_URL,
    MOVED_PATH,
    serve_counted,
)


def credscope(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pipelines.cli", *args]
    wide = {**os.environ, "COLUMNS": "300"}  # table rows on one line each
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=wide)


def test_a_refused_url_ends_the_crawl_before_any_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV)
    out, db = tmp_path / "postings.jsonl", tmp_path / "store.duckdb"
    with serve_counted() as (base_url, paths):
        to_file = credscope("crawl", "--url", f"{base_url}/careers/index.html", "--out", str(out))
        to_store = credscope("crawl", "--url", f"{base_url}/careers/", "--db", str(db))
    assert paths == []  # not even robots.txt
    for result in (to_file, to_store):
        assert result.returncode == 2, result.stderr
        url = f"{base_url}/careers/index.html" if result is to_file else f"{base_url}/careers/"
        assert result.stderr.strip().splitlines() == [
            f"error: refused to crawl {url}: 127.0.0.1 is a loopback address; pass --allow-private"
            " or set CREDSCOPE_ALLOW_PRIVATE=1 to crawl loopback and private addresses"
        ]
    assert not out.exists() and not db.exists()


def registry(path: Path, urls: dict[str, str]) -> Path:
    entries = [
        {"name": name, "source": "jsonld", "url": url, "industry": "62", "country": "GB"}
        | {"found_at": "tests/pipelines/cli/test_guard_cli.py"}
        for name, url in urls.items()
    ]
    path.write_text(yaml.safe_dump({"employers": entries}), encoding="utf-8")
    return path


def test_a_refused_board_is_skipped_and_named_and_the_crawl_exits_3(tmp_path: Path) -> None:
    out = tmp_path / "postings.jsonl"
    with serve_counted() as (base_url, paths):
        port = base_url.rsplit(":", 1)[1]
        boards = {
            "Good Co": f"http://careers.test:{port}{JOB_PATH}",  # fake DNS: 127.0.0.1, allowed
            "Metadata Co": METADATA_URL,
            "Moved Co": f"{base_url}{MOVED_PATH}",  # redirects to MAPPED_METADATA_URL
        }
        settings = {
            **LOOPBACK_SETTINGS,
            "JSONLD_MAX_DEPTH": 0,
            "CREDSCOPE_DNS_RESOLVER": RESOLVER_PATH,
            FAKE_DNS_SETTING: json.dumps({"careers.test": ["127.0.0.1"]}),
        }
        sets = [part for key, value in settings.items() for part in ("--set", f"{key}={value}")]
        result = credscope(
            "crawl", "--registry", str(registry(tmp_path / "employers.yaml", boards)),
            "--out", str(out), "--allow-private", *sets,
        )  # fmt: skip
    assert result.returncode == 3, result.stdout + result.stderr
    assert JOB_PATH in paths and MOVED_PATH in paths
    assert not [path for path in paths if "meta-data" in path]
    assert [posting["employer"] for posting in read_jsonl(out)] == ["Good Co"]
    table = re.sub(r"[\s│]+", " ", result.stdout)
    assert "requests refused 2" in table
    assert "boards refused 2" in table and "boards complete 1" in table
    assert (
        f"{METADATA_URL} Metadata Co (jsonld) skipped: 169.254.169.254 is a link-local address, "
        "refused even with --allow-private"
    ) in table
    assert (
        f"{MAPPED_METADATA_URL} Moved Co (jsonld) skipped: ::ffff:a9fe:a9fe (169.254.169.254) is "
        "a link-local address"
    ) in table


def test_allow_private_reaches_the_crawl_settings_of_crawl_and_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from crawler.runner import CrawlSummary
    from pipelines.cli.app import app
    from pipelines.store.run_records import RunRecord

    seen: list[dict] = []

    def crawl_to_jsonl(request, out):  # a stand-in for the real crawl
        seen.append(request.settings)
        return CrawlSummary(stored=1)

    def run_job(db_path, options):  # a stand-in for the real job
        seen.append(options.crawl_settings)
        return RunRecord(run_id=1)

    monkeypatch.setattr("pipelines.stages.crawl.crawl_to_jsonl", crawl_to_jsonl)
    monkeypatch.setattr("pipelines.stages.run.run_job", run_job)
    runner, out, db = CliRunner(), str(tmp_path / "p.jsonl"), str(tmp_path / "s.duckdb")
    url = "http://127.0.0.1:9/"  # loopback, should a stand-in ever not apply
    assert (
        runner.invoke(app, ["crawl", "--url", url, "--out", out, "--allow-private"]).exit_code == 0
    )
    assert runner.invoke(app, ["crawl", "--url", url, "--out", out]).exit_code == 0
    assert runner.invoke(app, ["run", "--db", db, "--no-crawl", "--allow-private"]).exit_code == 0
    assert runner.invoke(app, ["run", "--db", db, "--no-crawl"]).exit_code == 0
    assert seen == [{"CREDSCOPE_ALLOW_PRIVATE": True}, {}, {"CREDSCOPE_ALLOW_PRIVATE": True}, {}]
