"""`credscope crawl --frontier`: worker processes share one crawl through a real redis-server.

Every worker is a real CLI subprocess crawling a loopback site into one DuckDB file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import redis
from typer.testing import CliRunner

from pipelines.cli.app import app
from pipelines.demo.sample_site import serve_directory
from tests.crawler.frontier_site import (
    RecordingHandler,
    build_jobs_site,
    busiest_second,
    job_hits,
    recording_handler,
)
from tests.redis_server import redis_server

REPO = Path(__file__).resolve().parents[2]
PAGES = 40
DELAY = 0.1  # DOWNLOAD_DELAY: at most 10 requests a second to the site, however many workers
SETTINGS = {
    "DOWNLOAD_DELAY": DELAY,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 4,  # a worker holds at most 4 leases
    "CREDSCOPE_FRONTIER_LEASE": 2,
    "LOG_LEVEL": "WARNING",
}
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A redis-server of this module's own."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def site(tmp_path: Path, redis_url: str) -> Iterator[tuple[str, type[RecordingHandler]]]:
    """The jobs site on loopback and its request record; Redis emptied first."""
    redis.Redis.from_url(redis_url).flushdb()
    handler = recording_handler(held=True)
    with serve_directory(build_jobs_site(tmp_path / "site", PAGES), handler) as base_url:
        yield base_url, handler


def worker(base_url: str, db: Path, redis_url: str, **settings: object) -> subprocess.Popen:
    """Start one crawl worker of the shared crawl of the site."""
    command = [sys.executable, "-m", "pipelines.cli", "crawl", "--url", f"{base_url}/jobs/"]
    command += ["--db", str(db), "--frontier", redis_url]
    for key, value in {**SETTINGS, **settings}.items():
        command += ["--set", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen) -> int:
    """Wait for a worker; its exit code (its output shown if it failed)."""
    out, err = process.communicate(timeout=120)
    if process.returncode not in (0, -signal.SIGKILL):
        print(out, err)
    return int(process.returncode)


def start_two_workers(
    base_url: str, handler: type[RecordingHandler], db: Path, redis_url: str, **first: object
) -> tuple[subprocess.Popen, subprocess.Popen]:
    """Start two workers (the first with settings `first`) and open the (held) site once both
    hold leases of the crawl."""
    workers = worker(base_url, db, redis_url, **first), worker(base_url, db, redis_url)
    server = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 90
    while sum(server.zcard(key) for key in server.keys("credscope:crawl:*:leases")) <= 4:
        assert time.monotonic() < deadline, "the two workers did not both join the crawl"
        time.sleep(0.05)
    handler.opened.set()
    return workers


def wait_for_pages(handler: type[RecordingHandler], count: int, agent: str | None = None) -> None:
    """Return once the site has served `count` job pages (to `agent`)."""
    deadline = time.monotonic() + 60
    while sum(job_hits(handler, agent).values()) < count:
        assert time.monotonic() < deadline, "the crawl did not start"
        time.sleep(0.05)


def stored(db: Path) -> tuple[int, int, int]:
    """Postings, distinct posting ids, and distinct runs that inserted them."""
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT count(*), count(DISTINCT posting_id), count(DISTINCT run_id) FROM postings"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def test_two_workers_share_the_crawl_politely_and_a_rerun_crawls_afresh(site, redis_url, tmp_path):
    base_url, handler = site
    db = tmp_path / "store.duckdb"
    first, second = start_two_workers(base_url, handler, db, redis_url)
    assert [finish(first), finish(second)] == [0, 0]

    assert stored(db) == (PAGES, PAGES, 2)  # each posting once; both workers stored some
    hits = job_hits(handler)
    assert len(hits) == PAGES and set(hits.values()) == {1}  # no page fetched twice
    assert busiest_second(handler) <= 1 / DELAY + 1  # the delay held across both workers

    server = redis.Redis.from_url(redis_url)
    assert not server.keys("credscope:crawl:*:dupefilter")  # finished: fingerprints dropped
    assert finish(worker(base_url, db, redis_url, DOWNLOAD_DELAY=0)) == 0
    assert set(job_hits(handler).values()) == {2}  # the next invocation crawled everything again
    assert stored(db)[:2] == (PAGES, PAGES)


def test_a_worker_killed_mid_crawl_loses_nothing(site, redis_url, tmp_path):
    base_url, handler = site
    db = tmp_path / "store.duckdb"
    doomed, survivor = start_two_workers(base_url, handler, db, redis_url, USER_AGENT="doomed")
    wait_for_pages(handler, 3, agent="doomed")  # its postings wait in its batch, unwritten
    doomed.send_signal(signal.SIGKILL)
    assert finish(doomed) == -signal.SIGKILL
    assert finish(survivor) == 0
    assert stored(db)[:2] == (PAGES, PAGES)
    assert set(job_hits(handler)) == {f"/jobs/{n}.html" for n in range(PAGES)}
    fetched_by_the_dead = set(job_hits(handler, "doomed"))
    survivor_agent = next(agent for _, _, agent in handler.seen if agent != "doomed")
    assert fetched_by_the_dead <= set(job_hits(handler, survivor_agent))  # crawled again


@pytest.mark.parametrize(
    "url, says",
    [
        ("redis://127.0.0.1:1/0", "cannot reach the Redis frontier at redis://127.0.0.1:1/0"),
        ("http://127.0.0.1:6379/0", "is not a Redis URL"),
        ("redis://127.0.0.1:port/0", "is not a valid Redis URL"),
    ],
)
@pytest.mark.parametrize("command", ["crawl", "run"])
def test_a_wrong_or_unreachable_redis_is_one_clear_message(command, url, says, tmp_path):
    target = ["--url", "http://127.0.0.1:9/"] if command == "crawl" else []
    args = [command, *target, "--db", str(tmp_path / "s.duckdb"), "--frontier", url]
    started = time.monotonic()
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert says in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert time.monotonic() - started < 10
    assert not (tmp_path / "s.duckdb").exists()


def test_a_crawl_id_needs_a_frontier(tmp_path):
    args = ["crawl", "--url", "http://127.0.0.1:9/", "--crawl-id", "nightly"]
    result = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2 and "--frontier" in result.output


RUN_SCRIPT = """
import json, sys
from pathlib import Path
from pipelines.stages.run import RunOptions, run_job
from tests.pipelines.store_data import FAKE
options = RunOptions(registry=Path(sys.argv[2]), crawl_settings=json.loads(sys.argv[3]),
                     report_dir=Path(sys.argv[4]), frontier=sys.argv[5])
record = run_job(Path(sys.argv[1]), options, analyzer=FAKE)
print(json.dumps({"status": record.status, "counts": record.counts}))
"""


def test_run_crawls_as_a_worker_of_the_shared_crawl(redis_url, tmp_path):
    from pipelines.demo.sample_site import sample_registry_text, sample_settings, serve_sample

    samples = REPO / "data" / "samples"
    db = tmp_path / "run.duckdb"
    with serve_sample(samples) as base_url:
        registry = tmp_path / "employers.yaml"
        registry.write_text(sample_registry_text(samples, base_url), encoding="utf-8")
        settings = json.dumps({**sample_settings(base_url), "LOG_LEVEL": "WARNING"})
        args = [str(db), str(registry), settings, str(tmp_path / "reports"), redis_url]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        done = subprocess.run(
            [sys.executable, "-c", RUN_SCRIPT, *args],
            capture_output=True, text=True, timeout=180, cwd=REPO, env=env,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == "ok"
    crawled = result["counts"]["crawl"]
    assert crawled["new"] > 0 and crawled["errors"] == 0 and crawled["closed"] == 0
    assert result["counts"]["extract"]["analysed"] == crawled["new"]  # the store came back
    assert stored(db)[:2] == (crawled["new"], crawled["new"])
