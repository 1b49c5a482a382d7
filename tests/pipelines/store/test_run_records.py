"""Run records: every command's row in `runs`, and runs killed mid-way marked interrupted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.store.database import Store
from pipelines.store.run_records import recorded_run


def test_run_records_status_counts_and_marks_killed_runs_interrupted(tmp_path: Path) -> None:
    with Store.open(tmp_path / "runs.duckdb") as store:
        store.con.execute("INSERT INTO runs (run_id, command, status) VALUES (1, 'run', 'running')")
        with recorded_run(store, "extract") as record:
            record.counts["extract"] = {"analysed": 3}
        with pytest.raises(ValueError), recorded_run(store, "import"):
            raise ValueError("disk on fire")
        rows = store.con.execute(
            "SELECT run_id, command, status, counts, error, ended_at IS NOT NULL FROM runs "
            "ORDER BY run_id"
        ).fetchall()
    assert [row[:3] for row in rows] == [
        (1, "run", "interrupted"), (2, "extract", "ok"), (3, "import", "failed"),
    ]  # fmt: skip
    assert json.loads(rows[1][3]) == {"extract": {"analysed": 3}}
    assert rows[2][4] == "ValueError: disk on fire" and rows[2][5]
