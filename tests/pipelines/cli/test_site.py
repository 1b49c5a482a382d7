"""`credscope site OUT_DIR` over a real store file: writes the site, refuses bad targets cleanly."""

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipelines.cli.app import app as credscope
from pipelines.reports.site import publish
from pipelines.store.database import Store
from tests.pipelines.reports.report_samples import VERSION, sample_store

runner = CliRunner()


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setattr(publish, "current_analysis_version", lambda: VERSION)
    return credscope


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return sample_store(tmp_path / "store.duckdb")


def test_writes_the_site_and_says_where(app: typer.Typer, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", str(out), "--db", str(db), "--min-n", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote the site: {out / 'index.html'}"
    employers = sorted(p.name for p in (out / "employers").iterdir())
    assert employers == ["acme-health.html", "beta-tech.html", "gamma-care.html"]
    assert "Delta Works" not in (out / "index.html").read_text()  # stored, never analysed


def test_a_foreign_folder_is_refused_in_one_sentence(
    app: typer.Typer, db: Path, tmp_path: Path
) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("mine")
    result = runner.invoke(app, ["site", str(tmp_path / "notes"), "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert "not written by `credscope site`" in result.output
    assert "Traceback" not in result.output


def test_a_store_with_nothing_analysed_fails_clearly(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    Store.open(db).close()
    result = runner.invoke(credscope, ["site", str(tmp_path / "site"), "--db", str(db)])
    assert result.exit_code == 1
    assert "no postings analysed" in result.output and not (tmp_path / "site").exists()
