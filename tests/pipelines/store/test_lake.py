"""The Parquet lake: marker and refusal, upserts read back like the file, concurrent writers,
a part file cut short skipped and named, and an fsspec memory:// lake."""

from __future__ import annotations

import errno
import logging
import subprocess
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import fsspec
import pytest
from fsspec.implementations.memory import MemoryFile, MemoryFileSystem

from pipelines.stages.extract import Analyzer, extract
from pipelines.store.database import Store
from pipelines.store.errors import StoreError, StoreWriteFailed
from pipelines.store.lake import Lake
from pipelines.store.lake_files import MARKER
from pipelines.store.run_records import recorded_run
from tests.pipelines.store_data import (
    FAKE,
    fake_analyze,
    nhs_objects,
    short_postings,
    write_jsonl,
)

REPO = Path(__file__).resolve().parents[3]
POSTING_STATE = (
    "SELECT posting_id, title, text, content_hash, run_id, closed_at IS NULL FROM postings "
    "ORDER BY posting_id"
)


def test_missing_and_empty_directories_become_lakes_others_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    Lake.open(str(tmp_path / "new" / "lake")).close()
    Lake.open(str(empty)).close()
    assert (tmp_path / "new" / "lake" / MARKER).is_file() and (empty / MARKER).is_file()
    Lake.open(str(empty)).close()  # a lake opens again

    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="not empty and is not a credscope lake"):
        Lake.open(str(full))
    assert sorted(p.name for p in full.iterdir()) == ["notes.txt"]
    with pytest.raises(StoreError, match="no lake at"):
        Lake.open(str(tmp_path / "absent"), read_only=True)


def test_upserts_and_closing_read_back_exactly_like_the_database(tmp_path: Path) -> None:
    first, later = short_postings(12), short_postings(16)
    later[0] = {**later[0], "text": later[0]["text"] + " Degree required."}  # changed
    board = (later[0]["source"], later[0]["employer"])
    with Store.open(tmp_path / "s.duckdb") as db, Lake.open(str(tmp_path / "lake")) as lake:
        counts = []
        for store in (db, lake):
            counts.append(
                [store.upsert_postings(first, run_id=1), store.upsert_postings(later, run_id=2)]
            )
            counts[-1].append(store.close_missing([board], [p["source_ref"] for p in later[:3]]))
        assert counts[0] == counts[1]
        assert counts[1][1] == {"new": 4, "updated": 1, "unchanged": 11}
        assert (
            db.con.execute(POSTING_STATE).fetchall() == lake.con.execute(POSTING_STATE).fetchall()
        )
        row = lake.con.execute(
            "SELECT count(*), count(DISTINCT posting_id) FROM postings"
        ).fetchone()
        assert row == (16, 16)


def test_a_new_analysis_replaces_the_old_and_runs_are_recorded(tmp_path: Path) -> None:
    with Lake.open(str(tmp_path / "lake")) as lake:
        lake.upsert_postings(short_postings(20, chars=2000))
        with recorded_run(lake, "extract") as record:
            record.counts["extract"] = extract(lake, analyzer=FAKE, batch_size=7)
        lake.upsert_postings([{**short_postings(1)[0], "text": "A degree, a degree."}])
        again = extract(lake, analyzer=FAKE)
        mentions = lake.con.execute(
            "SELECT count(*) FROM mentions m JOIN posting_summaries s USING (posting_id) "
            "WHERE s.n_mentions > 0"
        ).fetchone()
        totals = lake.con.execute(
            "SELECT (SELECT count(*) FROM mentions), (SELECT sum(n_mentions) FROM "
            "posting_summaries), (SELECT count(*) FROM posting_summaries)"
        ).fetchone()
        runs = lake.con.execute("SELECT run_id, command, status FROM runs").fetchall()
    assert record.counts["extract"]["analysed"] == 20 and again["analysed"] == 1
    assert totals is not None and totals[0] == totals[1] and totals[2] == 20
    assert mentions is not None and mentions[0] == totals[0]
    assert runs == [(1, "extract", "ok")]


def test_a_run_killed_with_sigkill_is_marked_interrupted(tmp_path: Path) -> None:
    lake = str(tmp_path / "lake")
    script = (
        "import os, signal; from pipelines.store.lake import Lake; "
        f"Lake.open({lake!r}).begin_run('crawl'); os.kill(os.getpid(), signal.SIGKILL)"
    )
    killed = subprocess.run([sys.executable, "-c", script], cwd=REPO, check=False)
    with Lake.open(lake) as opened:
        opened.begin_run("import")
        statuses = opened.con.execute("SELECT run_id, status FROM runs ORDER BY 1").fetchall()
    assert killed.returncode == -9
    assert statuses == [(1, "interrupted"), (2, "running")]


def test_a_part_file_cut_short_is_skipped_and_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Lake.open(str(tmp_path / "lake")) as lake:
        lake.upsert_postings(short_postings(5))
        lake.upsert_postings(short_postings(9)[5:])
    parts = sorted((tmp_path / "lake" / "postings").glob("part-*.parquet"))
    data = parts[1].read_bytes()
    parts[1].write_bytes(data[: len(data) // 2])
    with caplog.at_level(logging.WARNING), Lake.open(str(tmp_path / "lake")) as lake:
        assert lake.count("postings") == 5
        assert list(lake.skipped) == [str(parts[1])]
    assert f"skipping damaged part file {parts[1]}" in caplog.text


def test_concurrent_writers_store_each_posting_once(tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    files = [
        write_jsonl(tmp_path / f"p{i}.jsonl", nhs_objects(40)[i * 10 : i * 10 + 25])
        for i in range(3)
    ]
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", "import", str(path), "--format", "jsonld",
             "--lake", str(lake)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for path in files
    ]  # fmt: skip
    results = [writer.communicate(timeout=120) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0, 0], results
    with Lake.open(str(lake), read_only=True) as opened:
        row = opened.con.execute(
            "SELECT count(*), count(DISTINCT posting_id) FROM postings"
        ).fetchone()
        runs = opened.con.execute("SELECT run_id, status FROM runs ORDER BY 1").fetchall()
    assert row == (40, 40)
    assert runs == [(1, "ok"), (2, "ok"), (3, "ok")]


def english_fake(texts: Sequence[str], ids: Sequence[str] | None = None, **_: Any) -> list[dict]:
    """The fake analyzer, its postings marked as English (so reports read them)."""
    return [{**result, "language": "en"} for result in fake_analyze(texts, ids)]


def test_an_fsspec_memory_lake_stores_analyses_and_reports() -> None:
    from pipelines.reports.frames import load_frames

    url = f"memory://credscope-{uuid.uuid4().hex}"
    english = Analyzer(english_fake, "fake-en")
    with Lake.open(url) as lake:
        lake.upsert_postings(short_postings(8, chars=4000))
        counts = extract(lake, analyzer=english)
    with Lake.open(url, read_only=True) as lake:
        postings, mentions = load_frames(lake.con, analysis_version=english.version)
    assert counts["analysed"] == 8 and len(postings) == 8
    assert len(mentions) == counts["mentions"] > 0
    assert fsspec.filesystem("memory").exists(f"{url.removeprefix('memory://')}/{MARKER}")
    assert not Path(url.removeprefix("memory://")).exists()  # nothing written locally


class FullFile(MemoryFile):
    """A file on a full disk: created, but every write refused."""

    def write(self, data: Any) -> int:
        """Refuse, as the disk does."""
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_part_file_the_disk_refuses_is_a_clear_error_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"memory://credscope-{uuid.uuid4().hex}"
    with Lake.open(url) as lake:
        lake.upsert_postings(short_postings(5))
        opened = MemoryFileSystem._open

        def full_disk(fs: MemoryFileSystem, path: str, mode: str = "rb", **kw: Any) -> Any:
            if "w" not in mode or not path.endswith(".partial"):
                return opened(fs, path, mode, **kw)
            fs.store[path] = FullFile(fs, path)
            return fs.store[path]

        monkeypatch.setattr(MemoryFileSystem, "_open", full_disk)
        with pytest.raises(StoreWriteFailed, match=r"lake memory://.*No space left.*intact"):
            lake.upsert_postings(short_postings(9))
        monkeypatch.undo()
        assert not [path for path in lake.files.fs.find(lake.files.root) if "partial" in path]
    with Lake.open(url, read_only=True) as lake:
        assert lake.count("postings") == 5


def _open_lake_at(path: str, start: Any, results: Any) -> None:
    start.wait()
    try:
        with Lake.open(path):
            results.put("ok")
    except StoreError as error:
        results.put(str(error))


def test_writers_creating_one_lake_at_once_all_open_it(tmp_path: Path) -> None:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for trial in range(10):
        path = str(tmp_path / f"lake{trial}")
        start, results = context.Barrier(6), context.Queue()
        openers = [
            context.Process(target=_open_lake_at, args=(path, start, results)) for _ in range(6)
        ]
        for opener in openers:
            opener.start()
        outcomes = [results.get(timeout=60) for _ in openers]
        for opener in openers:
            opener.join(timeout=60)
        assert outcomes == ["ok"] * 6, outcomes
