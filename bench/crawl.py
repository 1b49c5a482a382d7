"""Crawl throughput over loopback: the JSON-LD and Greenhouse spiders beside `scrapy bench`.

Pages are generated into a temp dir from the shared NHS JSON-LD postings; each crawl runs in its
own process (Twisted runs once per process). Figures drift between runs: compare the ratios.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.postings import POSTINGS
from crawler.registry import Employer
from crawler.runner import run_crawl_isolated
from crawler.sinks import JsonlSink
from pipelines.demo.sample_site import sample_settings, serve_directory

NHS_DATA = POSTINGS / "nhs_jobs_jsonld.dev.jsonl.gz"
JSONLD_PAGES = 2000
BOARDS = 20
JOBS_PER_BOARD = 100
BENCH_RATE = re.compile(r"Crawled \d+ pages \(at (\d+) pages/min\)")


def nhs_postings(count: int) -> list[dict]:
    """The first `count` NHS JobPosting objects."""
    with gzip.open(NHS_DATA, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for _, line in zip(range(count), handle, strict=False)]


def build_site(root: Path, postings: list[dict]) -> None:
    """A career page per posting, an index linking them, and Greenhouse boards of the texts."""
    jobs = root / "careers" / "jobs"
    jobs.mkdir(parents=True)
    links = []
    for number, posting in enumerate(postings[:JSONLD_PAGES]):
        script = json.dumps(posting).replace("</", "<\\/")
        page = f"<html><head><script type='application/ld+json'>{script}</script></head></html>"
        (jobs / f"{number}.html").write_text(page, encoding="utf-8")
        links.append(f"<li><a href='jobs/{number}.html'>{number}</a></li>")
    (root / "careers" / "index.html").write_text(f"<ul>{''.join(links)}</ul>", encoding="utf-8")
    for board in range(BOARDS):
        chunk = postings[board * JOBS_PER_BOARD : (board + 1) * JOBS_PER_BOARD]
        board_jobs = [greenhouse_job(board, n, posting) for n, posting in enumerate(chunk)]
        path = root / "greenhouse/v1/boards" / f"board{board}" / "jobs.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps({"jobs": board_jobs, "meta": {"total": len(board_jobs)}}))


def greenhouse_job(board: int, number: int, posting: dict) -> dict:
    """An NHS posting shaped as a Greenhouse job (content escaped once more, as Greenhouse does)."""
    location = posting["jobLocation"]["address"]
    return {
        "id": board * 10000 + number,
        "title": posting["title"],
        "absolute_url": f"https://boards.greenhouse.io/board{board}/jobs/{number}",
        "location": {"name": f"{location.get('addressLocality', '')}, UK"},
        "updated_at": posting["datePosted"],
        "content": html.escape(html.unescape(posting["description"])),
    }


def employer(name: str, source: str, board: str | None = None, url: str | None = None) -> Employer:
    """A bench employer."""
    return Employer(name, [], source, board, url, None, "62", "GB", "bench")


def timed_crawl(employers: list[Employer], base_url: str, out: Path) -> dict[str, Any]:
    """Crawl in a subprocess; pages, postings and seconds."""
    settings = {
        **sample_settings(base_url),
        "LOG_LEVEL": "ERROR",
        "JSONLD_MAX_PAGES": 100000,
        "CREDSCOPE_ALLOW_PRIVATE": True,  # the bench site is served on loopback
    }
    summary = run_crawl_isolated(employers=employers, sink=JsonlSink(out), settings=settings)
    return {"pages": summary.pages, "postings": summary.stored, "seconds": summary.seconds}


def scrapy_bench_rate(seconds: int = 10) -> float:
    """Pages/s of `scrapy bench` on this machine now (its last reported rate)."""
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    rates = [int(rate) for rate in BENCH_RATE.findall(result.stderr + result.stdout)]
    return max(rates) / 60 if rates else float("nan")


def row(name: str, crawl: dict[str, Any], baseline: float) -> dict[str, Any]:
    """One result row with rates and the ratio to scrapy bench."""
    pages_per_s = crawl["pages"] / crawl["seconds"] if crawl["seconds"] else float("nan")
    return {
        "benchmark": name,
        **crawl,
        "pages_per_s": round(pages_per_s, 1),
        "postings_per_s": round(crawl["postings"] / crawl["seconds"], 1),
        "scrapy_bench_pages_per_s": round(baseline, 1),
        "ratio_to_scrapy_bench": round(pages_per_s / baseline, 2) if baseline else None,
    }


def run() -> list[dict]:
    """Measure both spiders and `scrapy bench` in this job; one row per spider."""
    postings = nhs_postings(max(JSONLD_PAGES, BOARDS * JOBS_PER_BOARD))
    baseline = scrapy_bench_rate()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        build_site(root / "site", postings)
        with serve_directory(root / "site") as base_url:
            site = employer("Bench Trust", "jsonld", url=f"{base_url}/careers/index.html")
            jsonld = timed_crawl([site], base_url, root / "jsonld.jsonl")
            boards = [employer(f"Board {i}", "greenhouse", f"board{i}") for i in range(BOARDS)]
            greenhouse = timed_crawl(boards, base_url, root / "greenhouse.jsonl")
    return [
        row(f"crawl jsonld ({JSONLD_PAGES} pages)", jsonld, baseline),
        row(f"crawl greenhouse ({BOARDS} boards x {JOBS_PER_BOARD})", greenhouse, baseline),
    ]


if __name__ == "__main__":
    for result in run():
        print(json.dumps(result))
