"""`credscope import|extract|run|export` through Typer's CliRunner: output, messages, exit codes."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipelines.cli.app import app as credscope
from pipelines.store.database import Store
from pipelines.store.paths import DB_ENV, lock_path
from tests.pipelines.store.test_database import damaged_store, digest
from tests.pipelines.store_data import EMSCAD, GLASSDOOR, csv_slice, nhs_objects, write_jsonl

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return credscope


@pytest.fixture
def emscad(tmp_path: Path) -> Path:
    csv_slice(EMSCAD, tmp_path / "emscad.csv", 8)
    return tmp_path / "emscad.csv"


def test_import_reports_counts_and_is_idempotent(
    app: typer.Typer, emscad: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "cli.duckdb")
    first = runner.invoke(app, ["import", str(emscad), "--format", "emscad", "--db", db])
    again = runner.invoke(app, ["import", str(emscad), "--format", "emscad", "--db", db])
    assert first.exit_code == 0, first.output
    assert "8 read, 8 new, 0 updated, 0 unchanged, 0 skipped" in first.stdout
    assert "8 read, 0 new, 0 updated, 8 unchanged, 0 skipped" in again.stdout
    assert "INFO credscope.run: import: run 2 ok" in again.stderr


def test_import_with_bad_lines_exits_3_naming_them(app: typer.Typer, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [*nhs_objects(2), "{oops"])
    result = runner.invoke(
        app, ["import", str(path), "--format", "jsonld", "--db", str(tmp_path / "b.duckdb")]
    )
    assert result.exit_code == 3
    assert "2 new" in result.stdout and "1 skipped" in result.stdout
    assert "skipped line 3: invalid JSON" in result.stderr


def test_wrong_or_missing_input_exits_2_without_a_traceback(
    app: typer.Typer, tmp_path: Path
) -> None:
    db = str(tmp_path / "w.duckdb")
    wrong = runner.invoke(app, ["import", str(GLASSDOOR), "--format", "emscad", "--db", db])
    missing = runner.invoke(app, ["import", "nope.csv", "--format", "emscad", "--db", db])
    junk = write_jsonl(tmp_path / "junk.jsonl", ["[1]", "[2]"])
    nothing = runner.invoke(app, ["import", str(junk), "--format", "jsonl", "--db", db])
    assert (wrong.exit_code, missing.exit_code, nothing.exit_code) == (2, 2, 2)
    assert "missing columns job_id, title, description" in wrong.stderr
    assert "error: no such file: nope.csv" in missing.stderr
    assert "0 new" in nothing.stdout
    assert all("Traceback" not in r.output for r in (wrong, missing, nothing))


def test_database_default_comes_from_the_environment(
    app: typer.Typer, emscad: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env" / "store.duckdb"))
    result = runner.invoke(app, ["import", str(emscad), "--format", "emscad", "--limit", "3"])
    assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "env" / "store.duckdb") as store:
        assert store.count("postings") == 3


def test_corrupt_database_is_one_clear_message(app: typer.Typer, tmp_path: Path) -> None:
    db = tmp_path / "corrupt.duckdb"
    db.write_bytes(b"\x00garbage" * 100)
    result = runner.invoke(app, ["extract", "--db", str(db)])
    assert result.exit_code == 2
    assert "is not a valid DuckDB database" in result.stderr and "Traceback" not in result.output


def test_extract_then_export_with_the_real_analyzer(app: typer.Typer, tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    runner.invoke(
        app, ["import", str(GLASSDOOR), "--format", "glassdoor", "--db", db, "--limit", "4"]
    )
    extracted = runner.invoke(app, ["extract", "--db", db, "--batch-size", "2"])
    assert extracted.exit_code == 0, extracted.output
    assert "analysed 4 of 4 pending postings" in extracted.stdout
    assert "extract: batch 2/2 stored" in extracted.stderr

    exported = runner.invoke(app, ["export", "--db", db, "--csv", str(tmp_path / "csv")])
    assert exported.exit_code == 0, exported.output
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "mentions.csv", "posting_summaries.csv", "postings.csv", "runs.csv",
    ]  # fmt: skip
    both = runner.invoke(app, ["export", "--db", db, "--csv", "a", "--parquet", "b"])
    assert both.exit_code == 2 and "exactly one of --parquet DIR or --csv DIR" in both.stderr


def test_export_of_a_store_that_is_not_there_makes_nothing(
    app: typer.Typer, tmp_path: Path
) -> None:
    missing, lake, out = tmp_path / "typo.duckdb", tmp_path / "no-lake", tmp_path / "out"
    for store in (["--db", str(missing)], ["--lake", str(lake)]):
        exported = runner.invoke(app, ["export", *store, "--csv", str(out)])
        assert exported.exit_code == 2 and "first" in exported.stderr, exported.output
    assert not missing.exists() and not lake.exists() and not out.exists()


def test_run_without_crawl_and_a_held_lock(app: typer.Typer, tmp_path: Path) -> None:
    db = tmp_path / "run.duckdb"
    runner.invoke(app, ["import", str(GLASSDOOR), "--format", "glassdoor", "--db", str(db),
                        "--limit", "3"])  # fmt: skip
    reports = tmp_path / "reports"
    ran = runner.invoke(app, ["run", "--no-crawl", "--db", str(db), "--report-dir", str(reports)])
    assert ran.exit_code == 0, ran.output
    assert "run 2: ok" in ran.stdout and (reports / "industry.md").is_file()

    owner = {"pid": os.getppid(), "host": socket.gethostname(), "started_at": "now"}
    lock_path(db).write_text(json.dumps(owner), encoding="utf-8")
    locked = runner.invoke(app, ["run", "--no-crawl", "--db", str(db)])
    assert locked.exit_code == 75 and "another run holds" in locked.stderr


def test_help_lists_the_commands_and_run_exit_codes() -> None:
    overview = runner.invoke(credscope, ["--help"])
    run_help = runner.invoke(credscope, ["run", "--help"])
    assert all(name in overview.stdout for name in ("import", "extract", "run", "export"))
    assert "75 locked" in run_help.stdout


def test_damaged_database_is_one_clear_message_and_left_untouched(
    app: typer.Typer, tmp_path: Path
) -> None:
    db = damaged_store(tmp_path / "damaged.duckdb", "truncated")
    before = digest(db)
    for command in (["extract"], ["run", "--no-crawl"], ["export", "--csv", str(tmp_path / "x")]):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 2, command
        assert "is damaged and cannot be read" in result.stderr
        assert "Traceback" not in result.output
    assert digest(db) == before
    assert not lock_path(db).exists()
