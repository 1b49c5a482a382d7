"""`credscope report …` and `credscope employer` over a real store file."""

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipelines.cli import report_runner
from pipelines.cli.app import app as credscope
from tests.pipelines.reports.report_samples import VERSION, sample_store

runner = CliRunner()


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setattr(report_runner, "current_analysis_version", lambda: VERSION)
    return credscope


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return sample_store(tmp_path / "store.duckdb")


def invoke(app: typer.Typer, db: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", str(db)])
    return result.exit_code, result.stdout, result.output


def test_industry_json_records(app: typer.Typer, db: Path) -> None:
    code, out, _ = invoke(app, db, "report", "industry", "--format", "json", "--min-n", "3")
    assert code == 0
    rows = [r for r in json.loads(out) if r["table"] == "industries"]
    health = next(r for r in rows if r["industry"] == "62")
    assert health["industry_label"] == "Health Care and Social Assistance"
    assert (health["n"], health["too_small"]) == (3, False)
    assert health["share_degree"] == pytest.approx(2 / 3)
    assert health["ci_low_degree"] == pytest.approx(0.2077, abs=1e-4)
    assert health["ci_high_degree"] == pytest.approx(0.9385, abs=1e-4)


def test_region_csv_and_filters(app: typer.Typer, db: Path) -> None:
    args = ("report", "region", "--by", "subdivision", "--format", "csv", "--source", "greenhouse")
    code, out, _ = invoke(app, db, *args)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("table,country,subdivision,region_label,n,")
    assert lines[1].startswith('"regions","US","US-CA","California",2,')  # text cells quoted


def test_employer_view_quotes_phrases(app: typer.Typer, db: Path) -> None:
    code, out, _ = invoke(app, db, "employer", "acme health")
    assert code == 0
    assert "What Acme Health asks for" in out
    assert "RN license required." in out
    assert "not who gets hired" in out
    assert "Its postings" not in out and out.count("Nurse Manager") == 1


def test_a_close_employer_name_is_used_with_a_note(app: typer.Typer, db: Path) -> None:
    code, out, output = invoke(app, db, "report", "employer", "Acme Helth")
    assert code == 0
    assert "note: no employer is called 'Acme Helth'; using 'Acme Health'" in output
    assert "What Acme Health asks for" in out


def test_unknown_employer_suggests_closest(app: typer.Typer, db: Path) -> None:
    code, _, output = invoke(app, db, "report", "employer", "Acne Wealth Group")
    assert code == 2
    assert "no employer called 'Acne Wealth Group'" in output and "'Acme Health'" in output
    assert "Traceback" not in output


def test_unknown_industry_lists_known(app: typer.Typer, db: Path) -> None:
    code, _, output = invoke(app, db, "report", "industry", "--industry", "99")
    assert code == 2 and "industries in the store" in output


def test_no_matching_postings(app: typer.Typer, db: Path) -> None:
    code, _, output = invoke(app, db, "report", "trend", "--since", "2030-01-01")
    assert code == 1 and "no analysed postings match since=2030-01-01" in output


def test_no_analysis_for_current_version(
    app: typer.Typer, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_runner, "current_analysis_version", lambda: "newer")
    code, _, output = invoke(app, db, "report", "industry")
    assert code == 1 and "credscope extract" in output


def test_credential_and_trend_files(app: typer.Typer, db: Path, tmp_path: Path) -> None:
    md, page = tmp_path / "pmp.md", tmp_path / "trend.html"
    args = ("report", "credential", "cert.pmi.pmp", "--format", "md", "--out", str(md))
    assert invoke(app, db, *args)[0] == 0
    assert "# Where PMP (cert.pmi.pmp) is asked for" in md.read_text()
    args = ("report", "trend", "--by", "run", "--format", "html", "--out", str(page))
    assert invoke(app, db, *args)[0] == 0
    assert page.read_text().count("<svg") == 2


def test_missing_database(app: typer.Typer, tmp_path: Path) -> None:
    code, _, output = invoke(app, tmp_path / "none.duckdb", "report", "industry")
    assert code == 2 and "no database at" in output
