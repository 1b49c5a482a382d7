"""The scheduled job (`credscope run`): crawl, extract and report under a lock, with a run record.

The job returns its run record, whose status (ok, partial, failed) the CLI turns into an exit
code. Every run, including an interrupted one, leaves a row in the `runs` table (start, end,
status, counts per stage, error). Reruns are idempotent: postings are upserted by id and
each analysis batch replaces its own rows in one transaction, so nothing is lost or duplicated.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.errors import CrawlerError
from pipelines.errors import CredscopeError
from pipelines.stages.extract import Analyzer, extract, installed_analyzer
from pipelines.store.backend import StoreBackend
from pipelines.store.run_lock import RunLock
from pipelines.store.run_records import RunRecord, recorded_run
from pipelines.store.target import StoreTarget, open_store

log = logging.getLogger("credscope.run")


def run_stage(record: RunRecord, name: str, stage: Callable[[], dict[str, Any]]) -> None:
    """Run one stage, keep its counts; a failure is logged and recorded, later stages still run."""
    record.stages_run += 1
    log.info("%s: started", name)
    try:
        counts = stage()
    except Exception as error:
        if isinstance(error, CredscopeError | CrawlerError):
            log.error("%s: failed: %s", name, error)
        else:
            log.exception("%s: failed", name)
        record.errors.append(f"{name}: {error}")
        record.stages_failed += 1
        return
    record.counts[name] = counts
    if counts.get("failed") or counts.get("errors"):
        record.errors.append(f"{name}: some items failed")
    for url, why in (counts.get("refused") or {}).items():
        record.errors.append(f"{name}: refused {url}: {why}")
    log.info("%s: finished %s", name, json.dumps(counts, default=str))


@dataclass(frozen=True)
class RunOptions:
    """What `credscope run` should do."""

    employers: tuple[str, ...] = ()
    registry: Path | None = None
    crawl_settings: dict[str, Any] | None = None
    crawl: bool = True
    report_dir: Path | None = None
    workers: int = 1
    batch_size: int = 1000
    frontier: str | None = None  # redis://HOST:PORT/DB: crawl as one worker of a shared crawl
    crawl_id: str | None = None  # the shared crawl's id (default: one derived from the employers)


def run_job(
    target: StoreTarget | Path, options: RunOptions, *, analyzer: Analyzer | None = None
) -> RunRecord:
    """The scheduled job: lock, crawl into the store, extract, write reports; one run record.

    `target` is the store (a bare path means that DuckDB file); the lock is per store."""
    chosen_store = target if isinstance(target, StoreTarget) else StoreTarget(db=target)
    with RunLock(chosen_store.lock_path), open_store(chosen_store) as store:
        employers = _chosen_employers(options) if options.crawl else []
        with recorded_run(store, "run") as record:
            if options.crawl:
                run_stage(
                    record,
                    "crawl",
                    lambda: _crawl_stage(store, employers, record.run_id, options),
                )
            chosen = analyzer or installed_analyzer()
            run_stage(record, "extract", lambda: extract_stage(store, chosen, options, record))
            report_dir = options.report_dir or chosen_store.default_report_dir
            run_stage(record, "report", lambda: report_stage(store, report_dir, chosen.version))
        return record


def extract_stage(
    store: StoreBackend, analyzer: Analyzer, options: RunOptions, record: RunRecord
) -> dict[str, Any]:
    """Analyse what the store holds that the current analyzer has not analysed yet."""
    return extract(
        store,
        analyzer=analyzer,
        workers=options.workers,
        batch_size=options.batch_size,
        run_id=record.run_id,
    )


def _crawl_stage(
    store: StoreBackend, employers: list, run_id: int, options: RunOptions
) -> dict[str, Any]:
    """The crawl stage, imported only when a run crawls (Scrapy is slow to import)."""
    from crawler.frontier.settings import SharedCrawl, targets_id
    from pipelines.stages.crawl import crawl_stage

    shared = None
    if options.frontier:
        crawl = options.crawl_id or targets_id(employers, None)
        shared = SharedCrawl(options.frontier, crawl)
    return crawl_stage(store, employers, run_id, options.crawl_settings, shared)


def report_stage(store: StoreBackend, out_dir: Path, version: str) -> dict[str, Any]:
    """Write the default report files into `out_dir` and say where."""
    from pipelines.reports.files import write_default_reports

    written = write_default_reports(store.con, out_dir, analysis_version=version)
    log.info("report: wrote %d files in %s", len(written), out_dir)
    return {"files": len(written), "dir": str(out_dir)}


def configured_registry(path: Path | None) -> list:
    """The registry a crawl reads: the file given, else the bundled one and the user's own (the
    employers `credscope check` added)."""
    from crawler.registry import load_registries, load_registry
    from pipelines.store.paths import user_registry_path

    return load_registry(path) if path is not None else load_registries(user_registry_path())


def _chosen_employers(options: RunOptions) -> list:
    """The registry entries to crawl; an unknown name is a usage error raised before any work."""
    from crawler.registry import find_employers

    registry = configured_registry(options.registry)
    if not registry:
        raise CredscopeError("the employer registry is empty: nothing to crawl")
    return find_employers(list(options.employers), registry) if options.employers else registry
