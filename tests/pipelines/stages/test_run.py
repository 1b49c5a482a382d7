"""The scheduled job: idempotent reruns, no overlap, a crawl (kills: tests/faults)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipelines.stages.crawl import own_signal_handlers
from pipelines.stages.run import RunOptions, run_job
from pipelines.store.database import Store
from pipelines.store.errors import RunLocked
from pipelines.store.paths import lock_path
from tests.pipelines.store.test_run_lock import write_lock
from tests.pipelines.store_data import FAKE, nhs_postings

CREDSCOPE = str(Path(sys.executable).with_name("credscope"))
REPO = Path(__file__).resolve().parents[3]


def test_run_without_crawl_extracts_reports_and_reruns_idempotently(tmp_path: Path) -> None:
    db = tmp_path / "job.duckdb"
    with Store.open(db) as store:
        store.upsert_postings(nhs_postings(40))
    options = RunOptions(crawl=False, report_dir=tmp_path / "reports", batch_size=16)

    first = run_job(db, options, analyzer=FAKE)
    second = run_job(db, options, analyzer=FAKE)

    assert (first.status, second.status) == ("ok", "ok")
    assert first.counts["extract"]["analysed"] == 40 and second.counts["extract"]["pending"] == 0
    assert (tmp_path / "reports" / "industry.html").is_file()
    assert first.counts["report"]["files"] == second.counts["report"]["files"] > 0
    assert not lock_path(db).exists()
    with Store.open(db) as store:
        assert store.count("posting_summaries") == 40
        assert store.count("runs", "command = 'run' AND status = 'ok'") == 2


def test_run_refuses_to_overlap_a_live_run(tmp_path: Path) -> None:
    db = tmp_path / "job.duckdb"
    write_lock(lock_path(db), os.getppid())
    with pytest.raises(RunLocked):
        run_job(db, RunOptions(crawl=False), analyzer=FAKE)
    assert not db.exists()


def test_run_crawls_the_loopback_sample_into_the_store(tmp_path: Path) -> None:
    from pipelines.demo.sample_site import sample_registry_text, sample_settings, serve_sample

    samples = REPO / "data" / "samples"
    db = tmp_path / "crawl.duckdb"
    script = textwrap.dedent(
        """
        import json, signal, sys
        from pathlib import Path
        from pipelines.stages.run import RunOptions, run_job
        from tests.pipelines.store_data import FAKE
        settings = json.loads(sys.argv[3])
        options = RunOptions(registry=Path(sys.argv[2]), crawl_settings=settings,
                             report_dir=Path(sys.argv[4]))
        record = run_job(Path(sys.argv[1]), options, analyzer=FAKE)
        default_term = signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        print(json.dumps({"status": record.status, "counts": record.counts,
                          "default_term": default_term}))
        """
    )
    with serve_sample(samples) as base_url:
        registry = tmp_path / "employers.yaml"
        registry.write_text(sample_registry_text(samples, base_url), encoding="utf-8")
        settings = {**sample_settings(base_url), "LOG_LEVEL": "WARNING"}
        command = [sys.executable, "-c", script, str(db), str(registry), json.dumps(settings),
                   str(tmp_path / "reports")]  # fmt: skip
        runs = [subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)
                for _ in range(2)]  # fmt: skip
    assert [done.returncode for done in runs] == [0, 0], runs[-1].stderr[-2000:]
    first, second = (json.loads(done.stdout.strip().splitlines()[-1]) for done in runs)
    assert first["status"] == second["status"] == "ok"
    assert first["default_term"] is True  # Scrapy's handlers would hang the analyzer's pool
    crawled = first["counts"]["crawl"]
    assert crawled["new"] > 0 and crawled["errors"] == 0
    assert second["counts"]["crawl"]["unchanged"] == crawled["new"]
    assert second["counts"]["crawl"]["new"] == second["counts"]["crawl"]["closed"] == 0
    assert second["counts"]["extract"]["pending"] == 0
    with Store.open(db) as store:
        assert store.count("postings") == crawled["new"]
        assert store.count("postings", "run_id = 1 AND source NOT LIKE 'import:%'") > 0
        assert store.count("posting_summaries") == store.count("postings")


def test_signal_handlers_installed_inside_are_put_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with own_signal_handlers():
        signal.signal(signal.SIGTERM, lambda *_: None)
    assert signal.getsignal(signal.SIGTERM) is before
