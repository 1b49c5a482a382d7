"""`--lake` on the commands: Dask extract equal to single-process extract, reports and exports
equal to the DuckDB file's over the same postings, usage errors, refusal, the per-store run lock,
an unreachable scheduler."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipelines.cli.app import app as credscope
from pipelines.store.run_lock import RunLock
from pipelines.store.target import StoreTarget
from tests.pipelines.store_data import nhs_objects, write_jsonl

runner = CliRunner()
REPO = Path(__file__).resolve().parents[3]
MENTIONS = (
    'SELECT posting_id, analysis_version, ordinal, start, "end", text, type, level, '
    "credential_id, label, issuer, strength, experience_substitute, section FROM mentions"
)
TIMES = ("first_seen", "last_seen", "analysed_at", "started_at", "ended_at", "counts")


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The same 60 real postings imported into a DuckDB file and a lake; the file analysed in
    one process, the lake on a Dask LocalCluster of two worker processes (through the CLI)."""
    root = tmp_path_factory.mktemp("lake_cli")
    postings = write_jsonl(root / "nhs.jsonl", nhs_objects(60))
    db, lake = str(root / "store.duckdb"), str(root / "lake")
    for flag, where in (("--db", db), ("--lake", lake)):
        imported = runner.invoke(
            credscope, ["import", str(postings), "--format", "jsonld", flag, where]
        )
        assert imported.exit_code == 0, imported.output
    single = runner.invoke(credscope, ["extract", "--db", db, "--batch-size", "25"])
    assert single.exit_code == 0, single.output
    clustered = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "extract", "--lake", lake, "--cluster", "local:2"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert clustered.returncode == 0, clustered.stderr
    return {"db": db, "lake": lake, "cluster_stderr": clustered.stderr}


def test_cluster_extract_equals_single_process_extract(stores: dict[str, str]) -> None:
    import duckdb

    from pipelines.store.lake import Lake

    with duckdb.connect(stores["db"], read_only=True) as con:
        single = con.execute(f"{MENTIONS} ORDER BY ALL").fetchall()
    with Lake.open(stores["lake"], read_only=True) as lake:
        clustered = lake.con.execute(f"{MENTIONS} ORDER BY ALL").fetchall()
        partitions = len(list((Path(stores["lake"]) / "posting_summaries").glob("part-*")))
    assert len(single) > 40 and clustered == single
    assert partitions >= 8  # at least four partitions for each of the two workers
    assert "analysing" in stores["cluster_stderr"] and "60/60" in stores["cluster_stderr"]


@pytest.mark.parametrize(
    "args",
    [
        ("report", "industry", "--format", "json"),
        ("report", "region", "--by", "city", "--format", "csv", "--min-n", "3"),
        ("report", "trend", "--by", "run"),
        ("report", "credential", "degree.any", "--min-n", "3", "--format", "md"),
        ("employer", "University College London Hospitals NHS Foundation Trust"),
    ],
)
def test_reports_over_the_lake_print_what_they_print_over_the_file(
    stores: dict[str, str], args: tuple[str, ...]
) -> None:
    over_file = runner.invoke(credscope, [*args, "--db", stores["db"]])
    over_lake = runner.invoke(credscope, [*args, "--lake", stores["lake"]])
    assert over_file.exit_code == over_lake.exit_code == 0, over_lake.output
    assert len(over_file.stdout) > 100 and over_lake.stdout == over_file.stdout


def test_export_over_the_lake_writes_the_same_files(stores: dict[str, str], tmp_path: Path) -> None:
    for flag in ("db", "lake"):
        result = runner.invoke(
            credscope, ["export", f"--{flag}", stores[flag], "--parquet", str(tmp_path / flag)]
        )
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "db").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "lake").iterdir()) and len(names) == 4
    for name in names:
        from_file = pd.read_parquet(tmp_path / "db" / name)
        from_lake = pd.read_parquet(tmp_path / "lake" / name)
        assert list(from_lake.columns) == list(from_file.columns), name
        kept = [c for c in from_file.columns if c not in TIMES]
        pd.testing.assert_frame_equal(from_lake[kept], from_file[kept], check_dtype=False)
        if "posting_id" in from_lake and name == "postings.parquet":
            assert from_lake["posting_id"].is_unique and len(from_lake) == 60


@pytest.mark.parametrize(
    "command",
    [
        ["import", "x.jsonl", "--format", "jsonl"],
        ["extract"],
        ["export", "--csv", "out"],
        ["report", "industry"],
        ["run", "--no-crawl"],
        ["crawl", "--url", "http://127.0.0.1:9/"],
    ],
)
def test_db_and_lake_together_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    result = runner.invoke(
        credscope, [*command, "--db", str(tmp_path / "s.duckdb"), "--lake", str(tmp_path / "l")]
    )
    assert result.exit_code == 2 and "give --db FILE or --lake DIR, not both" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "l").exists()


def test_a_directory_that_is_not_a_lake_is_refused(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8")
    result = runner.invoke(credscope, ["extract", "--lake", str(tmp_path / "photos")])
    assert result.exit_code == 2 and "is not empty and is not a credscope lake" in result.output
    assert sorted(p.name for p in (tmp_path / "photos").iterdir()) == ["cat.jpg"]


def test_a_second_run_on_one_lake_exits_75(tmp_path: Path) -> None:
    lake = str(tmp_path / "lake")
    lock = StoreTarget(lake=lake).lock_path
    with RunLock(lock):  # the first run, still going
        second = runner.invoke(credscope, ["run", "--lake", lake, "--no-crawl"])
    later = runner.invoke(credscope, ["run", "--lake", lake, "--no-crawl"])
    assert second.exit_code == 75 and "another run holds" in second.output
    assert later.exit_code == 0, later.output  # the lake is made beside the lock, then released
    assert (Path(lake) / "credscope-lake.json").is_file() and not lock.exists()


def test_an_unreachable_scheduler_is_one_message_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    result = runner.invoke(
        credscope,
        ["extract", "--lake", str(tmp_path / "lake"), "--cluster", f"tcp://127.0.0.1:{port}"],
    )
    assert result.exit_code == 2
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output and time.monotonic() - started < 60


@pytest.mark.parametrize("value", ["local:0", "local:two", "127.0.0.1:8786", "tcp://"])
def test_a_malformed_cluster_is_a_usage_error(tmp_path: Path, value: str) -> None:
    result = runner.invoke(
        credscope, ["extract", "--lake", str(tmp_path / "l"), "--cluster", value]
    )
    assert result.exit_code == 2 and "--cluster" in result.output


def test_workers_with_a_cluster_is_a_usage_error(tmp_path: Path) -> None:
    args = ["extract", "--lake", str(tmp_path / "l"), "--workers", "4", "--cluster", "local:2"]
    result = runner.invoke(credscope, args)
    assert result.exit_code == 2 and "with --cluster, local:N sets the workers" in result.output
