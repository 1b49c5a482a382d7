"""Exit codes as the README's table says: one ExitCode, and every domain error mapped to it."""

from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawler.registry import RegistryError
from pipelines.cli.app import app
from pipelines.cli.error_handler import exit_code_for
from pipelines.cli.exit_codes import ExitCode, exit_code_for_status, exit_codes_help
from pipelines.errors import CredscopeError, InputError, PartialFailure
from pipelines.reports.errors import NoMatchingPostingsError, UnknownValueError
from pipelines.stages.errors import AnalyzerUnavailable, ExtractAborted
from pipelines.store.database import Store
from pipelines.store.errors import RunLocked, StoreError, StoreLocked
from pipelines.store.paths import lock_path
from pipelines.store.run_status import RunStatus

README = Path(__file__).resolve().parents[3] / "README.md"
runner = CliRunner()


def readme_table() -> dict[int, str]:
    """The README's exit-code table: code → the first word of its meaning."""
    rows = re.findall(r"^\| (\d+) \| (\w+)", README.read_text(encoding="utf-8"), re.M)
    return {int(code): word for code, word in rows}


def test_exit_code_enum_is_the_readme_table() -> None:
    assert readme_table() == {code.value: code.name.lower() for code in ExitCode}
    assert exit_codes_help() == (
        "Exit codes: 0 ok, 1 failed, 2 usage or input error, 3 partial (some stages or items "
        "failed), 75 locked (another run has the database; try later)."
    )


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (CredscopeError("registry empty"), ExitCode.USAGE),
        (InputError("no such file"), ExitCode.USAGE),
        (StoreError("corrupt"), ExitCode.USAGE),
        (UnknownValueError("no such industry"), ExitCode.USAGE),
        (RegistryError("no employer 'Acme'"), ExitCode.USAGE),  # the crawler's own subclass
        (NoMatchingPostingsError("nothing analysed"), ExitCode.FAILED),
        (ExtractAborted("batch after batch failed"), ExitCode.FAILED),
        (AnalyzerUnavailable("cannot load"), ExitCode.FAILED),
        (PartialFailure("2 lines failed"), ExitCode.PARTIAL),
        (StoreLocked("in use"), ExitCode.LOCKED),
        (RunLocked("another run holds the lock"), ExitCode.LOCKED),
    ],
)
def test_each_domain_error_maps_to_its_code(error: CredscopeError, code: ExitCode) -> None:
    assert exit_code_for(error) is code


def test_run_status_maps_to_ok_partial_failed() -> None:
    assert [exit_code_for_status(status) for status in RunStatus] == [0, 3, 1]


def test_the_commands_exit_with_those_codes_and_one_message(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    Store.open(db).close()
    batch = tmp_path / "batch.jsonl"
    posting = {"source_ref": "a", "title": "Nurse", "text": "RN license required."}
    batch.write_text(json.dumps(posting) + "\n{oops\n", encoding="utf-8")
    owner = {"pid": os.getppid(), "host": socket.gethostname(), "started_at": "now"}
    lock_path(db).write_text(json.dumps(owner), encoding="utf-8")  # a live process holds it
    cases = {
        ExitCode.USAGE: ["report", "industry", "--db", str(tmp_path / "missing.duckdb")],
        ExitCode.FAILED: ["report", "industry", "--db", str(db)],
        ExitCode.PARTIAL: ["import", str(batch), "--format", "jsonl", "--db", str(db)],
        ExitCode.LOCKED: ["run", "--no-crawl", "--db", str(db)],
    }
    for code, args in cases.items():
        result = runner.invoke(app, args)
        assert result.exit_code == code, (args, result.output)
        assert "Traceback" not in result.output
    missing = runner.invoke(app, ["report", "industry", "--db", str(tmp_path / "missing.duckdb")])
    assert missing.stderr.startswith("error: no database at ")
    assert missing.stderr.count("\n") == 1
