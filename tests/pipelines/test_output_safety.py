"""Output safety: CSV exports and reports carry no live formula; file names stay in their folder."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from pipelines.cli import report_runner
from pipelines.cli.app import app as credscope
from pipelines.output_safety import FORMULA_STARTS, NUMBER, neutralise_cell, safe_slug
from tests.pipelines.reports.report_samples import VERSION, sample_store

runner = CliRunner()
HYPERLINK = '=HYPERLINK("http://x","y")'
HOSTILE = {  # posting_id: (column, value)
    "p1": ("title", "+cmd|' /C calc'!A0"),
    "p2": ("title", "-2+3"),
    "p3": ("city", "@SUM(1)"),
    "p4": ("city", "\tfoo"),
    "p5": ("title", "\rbar"),
    "p6": ("title", "-3.5"),
    "p7": ("title", "1e3"),
}


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tfoo", "'\tfoo"),
        ("\rbar", "'\rbar"),
        ("-inf", "'-inf"),
        ("- 3", "'- 3"),
        ("-3.5", "-3.5"),
        ("+7", "+7"),
        ("-.5e-3", "-.5e-3"),
        ("1e3", "1e3"),
        ("Acme = good", "Acme = good"),
        ("", ""),
    ],
)
def test_a_cell_is_neutralised_unless_it_is_a_number(cell: str, written: str) -> None:
    assert neutralise_cell(cell) == written


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/cron.d/x", "..", ".", "", "a/../../b", "C:\\Windows\\x", "\x00nul"],
)
def test_a_slug_never_leaves_its_folder(tmp_path: Path, name: str) -> None:
    slug = safe_slug(name)
    assert (tmp_path / f"{slug}.csv").resolve().parent == tmp_path.resolve()
    assert slug and set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")


def test_a_slug_keeps_the_name_readable() -> None:
    assert safe_slug("Ærøskøbing Café & Co.") == "rskbing-cafe-co"
    assert safe_slug("What Acme Health asks for") == "what-acme-health-asks-for"
    assert len(safe_slug("x" * 500)) == 80
    assert safe_slug("///", "employer") == "employer"


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setattr(report_runner, "current_analysis_version", lambda: VERSION)
    return credscope


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The sample store with formula-like employers, titles and cities, and number-like titles."""
    path = sample_store(tmp_path / "store.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE postings SET employer = ? WHERE employer = 'Acme Health'", [HYPERLINK])
    for posting_id, (column, value) in HOSTILE.items():
        con.execute(f"UPDATE postings SET {column} = ? WHERE posting_id = ?", [value, posting_id])
    con.close()
    return path


def stored(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT * FROM postings ORDER BY posting_id").fetchall()


def cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def assert_no_live_formula(path: Path) -> None:
    for cell in cells(path):
        assert not cell.startswith(FORMULA_STARTS) or NUMBER.fullmatch(cell), (path.name, cell)


def test_csv_export_neutralises_cells_and_leaves_the_store(db: Path, tmp_path: Path) -> None:
    before = stored(db)
    out = tmp_path / "export"
    result = runner.invoke(credscope, ["export", "--csv", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    for path in out.glob("*.csv"):
        assert_no_live_formula(path)
    postings = cells(out / "postings.csv")
    for value in ["'" + HYPERLINK, "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1)", "'\tfoo", "'\rbar"]:
        assert value in postings
    assert {"-3.5", "1e3"} <= set(postings)
    raw = (out / "postings.csv").read_text(encoding="utf-8")
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in raw  # prefixed, quoted, quotes doubled
    assert stored(db) == before


def test_csv_reports_neutralise_cells(app: typer.Typer, db: Path, tmp_path: Path) -> None:
    before = stored(db)
    out = tmp_path / "reports"
    out.mkdir()
    commands = [
        ["report", "employer", HYPERLINK],
        ["report", "region", "--by", "city"],
        ["report", "industry"],
    ]
    for command in commands:
        result = runner.invoke(
            app, [*command, "--format", "csv", "--out", str(out), "--min-n", "1", "--db", str(db)]
        )
        assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert "what-hyperlink-http-x-y-asks-for.csv" in written and len(written) == 3
    for path in out.iterdir():
        assert_no_live_formula(path)
    employer = cells(out / "what-hyperlink-http-x-y-asks-for.csv")
    assert "'+cmd|' /C calc'!A0" in employer and "'-2+3" in employer
    region = cells(next(out.glob("*cit*.csv")))
    assert "'@SUM(1)" in region and "'\tfoo" in region
    assert stored(db) == before
