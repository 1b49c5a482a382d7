"""The disk filling during extract (file and lake), two runs at once, and a report while extract
writes."""

from __future__ import annotations

import resource
import signal
import subprocess
import time
from pathlib import Path

from analyzer.taxonomy import load_taxonomy
from pipelines.store.database import Store
from pipelines.store.lake import Lake
from pipelines.store.posting_rows import posting_row
from tests.faults.conftest import FaultRow
from tests.faults.harness import CREDSCOPE, clear, count_lake, count_store, credscope
from tests.pipelines.store_data import short_postings

FILE_SIZE_LIMIT = 60_000  # bytes: below the write-ahead log of a few batches
PART_SIZE_LIMIT = 4_800  # bytes: above a part file of 30 short postings (about 3.6 kB), below
# one of 30 postings asking for LONG_ASKS credentials each (about 6 kB)
LONG_ASKS = 20


def limit_file_size() -> None:
    """In the child: writes past FILE_SIZE_LIMIT fail with EFBIG, as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


def stored_store(db: Path, n: int) -> Path:
    """A store holding n short postings, none analysed."""
    with Store.open(db) as store:
        store.upsert_postings(short_postings(n))
    return db


def test_disk_full_during_extract(tmp_path: Path, fault_table: list[FaultRow]) -> None:
    db = stored_store(tmp_path / "full.duckdb", 600)
    arguments = ["extract", "--db", str(db), "--batch-size", "30"]
    full = credscope(*arguments, preexec_fn=limit_file_size)
    with Store.open(db, read_only=True) as store:
        analysed_on_full_disk = store.count("posting_summaries")
        last = store.con.execute("SELECT status FROM runs ORDER BY run_id DESC").fetchone()
    rerun = credscope(*arguments)
    after = count_store(db)
    is_clear = clear(full, "disk is full", str(db)) and full.returncode == 3
    fault_table.append(
        FaultRow(
            "disk full during extract",
            1,
            len(after.posting_ids) - after.summaries,
            after.duplicated,
            is_clear,
        )
    )
    assert is_clear, full.stderr[-2000:]
    assert 0 < analysed_on_full_disk < 600 and last == ("failed",)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert after.summaries == 600 and after.duplicated == 0
    assert after.mentions == after.mentions_expected


def limit_part_size() -> None:
    """In the child: a lake's part files past PART_SIZE_LIMIT fail with EFBIG."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (PART_SIZE_LIMIT, PART_SIZE_LIMIT))


def stored_lake(lake: Path, n: int) -> Path:
    """A lake holding n short postings, none analysed; the later half (in the order extract
    takes them) ask for LONG_ASKS credentials each, so their batches write larger part files
    and the limit is met halfway, as a disk fills."""
    labels = sorted(c.label for c in load_taxonomy().credentials.values())[:LONG_ASKS]
    asks = "".join(f"\n- You will need the {label} for this role." for label in labels)
    postings = sorted(short_postings(n), key=lambda posting: posting_row(posting)["posting_id"])
    for posting in postings[n // 2 :]:
        posting["text"] += asks
    with Lake.open(str(lake)) as store:
        store.upsert_postings(postings)
    return lake


def test_disk_full_during_extract_into_a_lake(tmp_path: Path, fault_table: list[FaultRow]) -> None:
    lake = stored_lake(tmp_path / "lake", 600)
    arguments = ["extract", "--lake", str(lake), "--batch-size", "30"]
    full = credscope(*arguments, preexec_fn=limit_part_size)
    with Lake.open(str(lake), read_only=True) as store:
        analysed_on_full_disk = store.count("posting_summaries")
        last = store.con.execute("SELECT status FROM runs ORDER BY run_id DESC").fetchone()
    left_over = [path for path in lake.rglob("*") if path.name.endswith(".partial")]
    rerun = credscope(*arguments)
    after = count_lake(lake)
    is_clear = clear(full, "disk is full", str(lake), "intact") and full.returncode == 3
    fault_table.append(
        FaultRow(
            "disk full during extract (lake)",
            1,
            len(after.posting_ids) - after.summaries,
            after.duplicated,
            is_clear,
        )
    )
    assert is_clear, full.stderr[-2000:]
    assert analysed_on_full_disk == 300 and last == ("failed",)
    assert left_over == []
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert len(after.posting_ids) == 600
    assert after.summaries == 600 and after.duplicated == 0
    assert after.mentions == after.mentions_expected


def test_two_runs_at_once_one_exits_locked(tmp_path: Path, fault_table: list[FaultRow]) -> None:
    db = stored_store(tmp_path / "runs.duckdb", 600)
    command = [CREDSCOPE, "run", "--no-crawl", "--db", str(db), "--batch-size", "30"]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=180) for run in runs]
    results = [
        subprocess.CompletedProcess(command, run.returncode, *output)
        for run, output in zip(runs, outputs, strict=True)
    ]
    after = count_store(db)
    codes = sorted(result.returncode for result in results)
    refused = max(results, key=lambda result: result.returncode)
    is_clear = codes == [0, 75] and clear(refused, "another run holds")
    fault_table.append(
        FaultRow(
            "two runs at once",
            2,
            len(after.posting_ids) - after.summaries,
            after.duplicated,
            is_clear,
        )
    )
    assert is_clear, [result.stderr[-1000:] for result in results]
    assert after.summaries == 600 and after.duplicated == 0


def test_report_while_extract_writes(tmp_path: Path, fault_table: list[FaultRow]) -> None:
    db = stored_store(tmp_path / "busy.duckdb", 1500)
    writer = subprocess.Popen(
        [CREDSCOPE, "extract", "--db", str(db), "--batch-size", "20"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stderr is not None
    for line in writer.stderr:
        if "batch 1/" in line:
            break
    report = ["report", "industry", "--db", str(db), "--min-n", "1"]
    started = time.monotonic()
    busy = credscope(*report, "--wait", "1")
    waited = time.monotonic() - started
    patient = credscope(*report, "--wait", "120")
    writer.stderr.read()
    writer.wait(timeout=120)
    after = count_store(db)
    is_clear = busy.returncode == 75 and clear(busy, "in use by another process", "--wait")
    fault_table.append(
        FaultRow(
            "report while extract writes",
            2,
            len(after.posting_ids) - after.summaries,
            after.duplicated,
            is_clear,
        )
    )
    assert is_clear, busy.stderr[-2000:]
    assert waited >= 1
    assert writer.returncode == 0
    assert patient.returncode == 0, patient.stderr[-2000:]
    assert patient.stdout == credscope(*report).stdout  # it waited for the finished store
    assert after.summaries == 1500 and after.duplicated == 0
