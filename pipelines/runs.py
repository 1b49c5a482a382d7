"""The scheduled job (`credscope run`): crawl, extract and report under a lock, with a run record.

Exit codes (for cron, systemd timers, CI schedules and Airflow):

    0   ok: every stage finished
    1   failed: no stage finished (the run record in the `runs` table says why)
    2   usage or input error: bad option, unknown employer, unreadable or corrupt database or file
    3   partial: some stages, batches or rows failed; the others were stored (rerun to retry)
    75  locked: another run (or another writer) has the database; try again later

Every run, including an interrupted one, leaves a row in the `runs` table (start, end, status,
counts per stage, error). A run killed with `kill -9` leaves status `running`; the next command to
open the database marks it `interrupted`. Reruns are idempotent: postings are upserted by id and
each analysis batch replaces its own rows in one transaction, so nothing is lost or duplicated.
Log lines go to stderr with a timestamp, one event per line, readable in a cron mail or CI log.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.errors import CredscopeError
from pipelines.extract import Analyzer, extract, installed_analyzer
from pipelines.store.database import Store
from pipelines.store.paths import lock_path
from pipelines.store.run_lock import RunLock
from pipelines.store.run_records import RunRecord, recorded_run
from pipelines.store.sink import StoreSink

log = logging.getLogger("credscope.run")

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL, EXIT_LOCKED = 0, 1, 2, 3, 75
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET_LOGGERS = ("spacy",)  # its debug lines surface once Scrapy has set the root logger


def configure_logging(level: int = logging.INFO) -> None:
    """Plain timestamped log lines on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT, datefmt="%Y-%m-%dT%H:%M:%S%z"))
    root = logging.getLogger("credscope")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)


def run_stage(record: RunRecord, name: str, stage: Callable[[], dict[str, Any]]) -> None:
    """Run one stage, keep its counts; a failure is logged and recorded, later stages still run."""
    record.stages_run += 1
    log.info("%s: started", name)
    try:
        counts = stage()
    except Exception as error:
        if isinstance(error, CredscopeError):
            log.error("%s: failed: %s", name, error)
        else:
            log.exception("%s: failed", name)
        record.errors.append(f"{name}: {error}")
        record.stages_failed += 1
        return
    record.counts[name] = counts
    if counts.get("failed") or counts.get("errors"):
        record.errors.append(f"{name}: some items failed")
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


def run_job(db_path: Path, options: RunOptions, *, analyzer: Analyzer | None = None) -> RunRecord:
    """The scheduled job: lock, crawl into the store, extract, write reports; one run record."""
    with RunLock(lock_path(db_path)), Store.open(db_path) as store:
        employers = _chosen_employers(options) if options.crawl else []
        with recorded_run(store, "run") as record:
            if options.crawl:
                run_stage(
                    record,
                    "crawl",
                    lambda: crawl_stage(store, employers, record.run_id, options.crawl_settings),
                )
            chosen = analyzer or installed_analyzer()
            run_stage(record, "extract", lambda: extract_stage(store, chosen, options, record))
            report_dir = options.report_dir or db_path.parent / "reports"
            run_stage(record, "report", lambda: report_stage(store, report_dir, chosen.version))
        return record


def extract_stage(
    store: Store, analyzer: Analyzer, options: RunOptions, record: RunRecord
) -> dict[str, Any]:
    """Analyse what the store holds that the current analyzer has not analysed yet."""
    return extract(
        store,
        analyzer=analyzer,
        workers=options.workers,
        batch_size=options.batch_size,
        run_id=record.run_id,
    )


@contextmanager
def own_signal_handlers() -> Iterator[None]:
    """Put back SIGTERM and SIGINT handling after a block (Scrapy installs its own and keeps them).

    Left in place, Scrapy's handlers are inherited by the analyzer's forked workers, which then
    survive the pool's SIGTERM and hang the extract stage."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def crawl_stage(
    store: Store, employers: list, run_id: int, settings: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Crawl the chosen employers into the store; the crawl's errors are counted, not raised."""
    from crawler.runner import run_crawl

    with own_signal_handlers():
        summary = run_crawl(employers, sink=StoreSink(store, run_id=run_id), settings=settings)
    for url, error in summary.errors.items():
        log.warning("crawl: %s: %s", url, error)
    return {
        **summary.counts,
        "stored": summary.stored,
        "pages": summary.pages,
        "boards_complete": len(summary.completed_boards),
        "dropped": summary.dropped,
        "errors": len(summary.errors),
        "seconds": summary.seconds,
    }


def report_stage(store: Store, out_dir: Path, version: str) -> dict[str, Any]:
    """Write the default report files into `out_dir` and say where."""
    from pipelines.reports import write_default_reports

    written = write_default_reports(store.con, out_dir, analysis_version=version)
    log.info("report: wrote %d files in %s", len(written), out_dir)
    return {"files": len(written), "dir": str(out_dir)}


def _chosen_employers(options: RunOptions) -> list:
    """The registry entries to crawl; an unknown name is a usage error raised before any work."""
    from crawler.registry import find_employers, load_registry

    registry = load_registry(options.registry)
    if not registry:
        raise CredscopeError("the employer registry is empty: nothing to crawl")
    return find_employers(list(options.employers), registry) if options.employers else registry
