"""The shared crawl frontier: the crawl bench's loopback site crawled by 1 and 2 `--frontier`
workers beside a single-process crawl without Redis, all into DuckDB; and Redis memory per
million fingerprints and per million queued requests.

Rates are measured at the site (first to last job page served), so process start-up is left out;
the held site opens once every worker of a run has joined. Figures drift with the machine's load.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import redis
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler
from scrapy_redis import picklecompat
from scrapy_redis.dupefilter import RFPDupeFilter

from bench.crawl import JSONLD_PAGES, build_site, nhs_postings
from crawler.frontier.connection import crawl_key
from crawler.spiders.jsonld import JsonLdSpider
from pipelines.demo.sample_site import sample_settings, serve_directory
from tests.crawler.frontier_site import RecordingHandler, job_hits, recording_handler
from tests.redis_server import redis_server

REPO = Path(__file__).resolve().parents[1]
SAMPLE_ENTRIES = 200_000  # synthetic fingerprints and requests; memory is extrapolated to 1M
BATCH = 10_000
_caption: list[str] = []


def caption() -> str | None:
    """Notes printed under the table."""
    return "\n".join(_caption) or None


def crawl_command(base_url: str, db: Path, frontier: str | None) -> list[str]:
    """The CLI command of one crawl (worker) of the bench site."""
    settings = {
        **sample_settings(base_url),
        "LOG_LEVEL": "ERROR",
        "JSONLD_MAX_PAGES": 100000,
        "CREDSCOPE_ALLOW_PRIVATE": True,  # the outbound guard's allowance: the site is on loopback
    }
    command = [sys.executable, "-m", "pipelines.cli", "crawl", "--db", str(db)]
    command += ["--url", f"{base_url}/careers/index.html"]
    command += ["--frontier", frontier] if frontier else []
    for key, value in settings.items():
        command += ["--set", f"{key}={value}"]
    return command


def open_when_joined(handler: type[RecordingHandler], server: redis.Redis, workers: int) -> None:
    """Open the held site once `workers` workers hold leases (each holds up to 32)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        held = sum(server.zcard(key) for key in server.keys("credscope:crawl:*:leases"))
        if held > 32 * (workers - 1):
            break
        time.sleep(0.02)
    handler.opened.set()


def timed_crawl(root: Path, db: Path, frontier: str | None, workers: int) -> dict[str, Any]:
    """Run the crawl with `workers` processes; pages and postings per second at the site."""
    handler = recording_handler(held=frontier is not None)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cpu_before = children_cpu_seconds()
    with serve_directory(root, handler) as base_url:
        command = crawl_command(base_url, db, frontier)
        processes = [
            subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
            for _ in range(workers)
        ]
        if frontier is not None:
            open_when_joined(handler, redis.Redis.from_url(frontier), workers)
        codes = [process.wait(timeout=900) for process in processes]
    cpu = children_cpu_seconds() - cpu_before
    times = [when for when, path, _ in handler.seen if path.split("/")[-1][:1].isdigit()]
    seconds = max(times) - min(times) if times else float("nan")
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM postings").fetchone()
    postings = int(row[0]) if row else 0
    pages = sum(job_hits(handler).values())
    return {
        "workers": workers,
        "exit_codes": codes,
        "pages": pages,
        "postings": postings,
        "seconds": round(seconds, 2),
        "pages_per_s": round(pages / seconds, 1),
        "postings_per_s": round(postings / seconds, 1),
        "worker_cpu_s": round(cpu, 1),
        "pages_per_cpu_s": round(pages / cpu, 1),
    }


def children_cpu_seconds() -> float:
    """CPU seconds (user + system) of the finished child processes so far (the workers, start-up
    included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sample_request() -> bytes:
    """A queued request as the frontier stores it: a JSON-LD job page with its callback."""
    spider = JsonLdSpider.from_crawler(get_crawler(Spider), start_urls=[])
    request = Request(
        "https://careers.example.org/jobs/916246620.html",
        callback=spider.parse_page,
        errback=spider.on_failure,
        meta={"board": ("jsonld", "careers.example.org"), "depth": 1},
        cb_kwargs={"employer": None, "host": "careers.example.org"},
    )
    return picklecompat.dumps(request.to_dict(spider=spider))


def megabytes_per_million(server: redis.Redis, fill: Any) -> float:
    """Redis used_memory growth for SAMPLE_ENTRIES entries written by `fill`, scaled to 1M."""
    server.flushdb()
    before = int(server.info("memory")["used_memory"])
    for start in range(0, SAMPLE_ENTRIES, BATCH):
        pipe = server.pipeline(transaction=False)
        fill(pipe, range(start, start + BATCH))
        pipe.execute()
    grown = int(server.info("memory")["used_memory"]) - before
    server.flushdb()
    return round(grown / SAMPLE_ENTRIES * 1_000_000 / 2**20, 1)


def redis_memory(url: str) -> list[dict[str, Any]]:
    """Memory per million fingerprints (a set of SHA1 hex) and queued requests (a zset)."""
    server = redis.Redis.from_url(url)
    dupefilter = RFPDupeFilter(server, crawl_key("bench", "jsonld", "dupefilter"))
    queue = crawl_key("bench", "jsonld", "requests")
    encoded = sample_request()

    def fingerprints(pipe: Any, numbers: range) -> None:
        urls = (Request(f"https://careers.example.org/jobs/{n}.html") for n in numbers)
        pipe.sadd(dupefilter.key, *(dupefilter.request_fingerprint(url) for url in urls))

    def requests(pipe: Any, numbers: range) -> None:
        pipe.zadd(queue, {encoded + str(n).encode(): 0 for n in numbers})

    return [
        {
            "benchmark": "redis MB per 1M fingerprints",
            "value": megabytes_per_million(server, fingerprints),
        },
        {
            "benchmark": "redis MB per 1M queued requests",
            "value": megabytes_per_million(server, requests),
            "bytes_per_request_entry": len(encoded),
        },
    ]


def run() -> list[dict]:
    """The single-process crawl, then 1 and 2 frontier workers, then Redis memory."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        build_site(root / "site", nhs_postings(JSONLD_PAGES))
        with redis_server(root) as url:
            base = timed_crawl(root / "site", root / "base.duckdb", None, 1)
            one = timed_crawl(root / "site", root / "one.duckdb", url, 1)
            two = timed_crawl(root / "site", root / "two.duckdb", url, 2)
            memory = redis_memory(url)
    one["per_worker_pages_per_s"] = one["pages_per_s"]
    two["per_worker_pages_per_s"] = round(two["pages_per_s"] / 2, 1)
    ratio = round(two["pages_per_s"] / one["pages_per_s"], 2)
    _caption[:] = [
        f"2 workers vs 1: {ratio}x pages/s (target >= 1.7x, reported, not asserted); "
        f"1 frontier worker vs the single-process crawl without Redis: "
        f"{round(one['pages_per_s'] / base['pages_per_s'], 2)}x.",
        f"Machine: {os.cpu_count()} cores, shared with the loopback site and redis-server; load "
        f"average {os.getloadavg()[0]:.1f} at the end. pages_per_cpu_s (worker CPU, start-up "
        "included) does not depend on the load.",
    ]
    return [
        {"benchmark": f"crawl jsonld ({JSONLD_PAGES} pages), no Redis (baseline)", **base},
        {"benchmark": "crawl --frontier, 1 worker", **one},
        {"benchmark": "crawl --frontier, 2 workers", **two, "ratio_to_1_worker": ratio},
        *memory,
    ]
