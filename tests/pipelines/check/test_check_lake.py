"""`credscope check --lake`: the same check over a Parquet lake answers as over the DuckDB file,
and names resolve against the employers the lake holds."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipelines.cli.app import app
from pipelines.store.lake import Lake
from tests.pipelines.check.conftest import Checker

UCLH = "University College London Hospitals NHS Foundation Trust"
MIXED = "/embeds/mixed.html"  # a Greenhouse board and a sitemap of UCLH's schema.org postings


def test_a_url_checked_into_a_lake_answers_as_over_the_file(
    check: Checker, tmp_path: Path, user_registry: Path
) -> None:
    lake = Checker(check.db, check.base_url, lake=tmp_path / "lake")
    over_lake = lake(MIXED, "--format", "json")
    assert over_lake.exit_code == 0, over_lake.output
    assert not check.db.exists()  # the lake was the only store written
    with Lake.open(str(lake.lake), read_only=True) as store:
        rows = store.con.execute("SELECT source, employer FROM postings").fetchall()
        analysed = store.count("posting_summaries")
    assert {source for source, _ in rows} == {"greenhouse", "jsonld"}
    assert {employer for _, employer in rows} == {UCLH}  # the board's postings renamed
    assert analysed == len(rows)
    user_registry.unlink()  # the file's check crawls afresh, as the lake's did
    over_file = check(MIXED, "--format", "json")
    assert over_file.exit_code == 0, over_file.output
    assert json.loads(over_lake.stdout)["postings"] == len(rows)
    assert over_lake.stdout == over_file.stdout


def test_a_name_resolves_against_the_employers_in_a_lake(
    check: Checker, tmp_path: Path, user_registry: Path
) -> None:
    lake = Checker(check.db, check.base_url, lake=tmp_path / "lake")
    assert lake(MIXED, "--format", "json").exit_code == 0
    user_registry.unlink()  # only the lake knows UCLH now
    by_prefix = lake("university college london hosp", "--offline", "--format", "json")
    assert by_prefix.exit_code == 0, by_prefix.output
    assert json.loads(by_prefix.stdout)["employer"] == UCLH
    command = ["report", "employer", "university college london hosp", "--format", "md"]
    report = CliRunner().invoke(app, [*command, "--lake", str(lake.lake)])
    assert report.exit_code == 0, report.output
    assert UCLH in report.stdout and f"using {UCLH!r}" in report.stderr


def test_db_and_lake_together_are_a_usage_error(check: Checker, tmp_path: Path) -> None:
    result = check("Acme", "--lake", str(tmp_path / "lake"))
    assert result.exit_code == 2, result.output
    assert "give --db FILE or --lake DIR, not both" in result.output
    assert not check.db.exists() and not (tmp_path / "lake").exists()
