"""`credscope crawl --db`: the real spiders crawl the bundled sample on loopback into DuckDB."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from analyzer.paths import data_dir
from pipelines.demo.sample_site import sample_registry_text, sample_settings, serve_sample


def crawl(db, registry, base_url, *extra):
    settings = {**sample_settings(base_url), "LOG_LEVEL": "WARNING"}
    args = [f"{key}={value}" for key, value in settings.items()]
    command = [sys.executable, "-m", "pipelines.cli", "crawl", "--db", str(db)]
    command += ["--registry", str(registry), *extra]
    for arg in args:
        command += ["--set", arg]
    return subprocess.run(command, capture_output=True, text=True, timeout=240)


@pytest.mark.slow
def test_crawl_into_the_store_is_incremental(tmp_path):
    db = tmp_path / "store.duckdb"
    sample = tmp_path / "sample"
    shutil.copytree(data_dir() / "samples", sample)
    with serve_sample(sample) as base_url:
        registry = tmp_path / "employers.yaml"
        registry.write_text(sample_registry_text(sample, base_url), encoding="utf-8")
        first = crawl(db, registry, base_url, "--source", "lever", "--source", "greenhouse")
        assert first.returncode == 0, first.stderr
        changed, vanished = edit_the_boards(sample)
        second = crawl(db, registry, base_url, "--source", "lever", "--source", "greenhouse")
        assert second.returncode == 0, second.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT count(*), count(DISTINCT posting_id) FROM postings").fetchone()
        sources = {row[0] for row in con.execute("SELECT DISTINCT source FROM postings").fetchall()}
        runs = con.execute("SELECT command, status FROM runs ORDER BY run_id").fetchall()
        rows = con.execute(
            "SELECT source_ref, text, closed_at IS NOT NULL, last_seen > first_seen FROM postings"
        ).fetchall()
    assert stored[0] == stored[1] > 0
    assert sources == {"lever", "greenhouse"}
    assert runs == [("crawl", "ok"), ("crawl", "ok")]
    assert table_value(first.stdout, "postings new") == stored[0]
    assert table_value(first.stdout, "edited: industry_registry") == stored[0]
    assert table_value(second.stdout, "postings new") == 0
    assert table_value(second.stdout, "postings updated") == 1
    assert table_value(second.stdout, "postings closed") == 1
    assert table_value(second.stdout, "postings unchanged") == stored[0] - 2
    by_ref = {ref: (text, closed, moved) for ref, text, closed, moved in rows}
    assert "CPR certification" in by_ref[changed][0]
    assert by_ref[vanished][1] is True  # closed, still stored
    assert sum(moved for _, _, moved in by_ref.values()) == stored[0] - 1  # last_seen moved


def edit_the_boards(sample: Path) -> tuple[str, str]:
    """Change one Lever posting's text and take one job off a Greenhouse board."""
    lever = sample / "lever/v0/postings/harbor-demo.json"
    postings = json.loads(lever.read_text(encoding="utf-8"))
    postings[0]["description"] += "<p>Also requires a current CPR certification.</p>"
    lever.write_text(json.dumps(postings), encoding="utf-8")
    greenhouse = sample / "greenhouse/v1/boards/northwind-demo/jobs.json"
    board = json.loads(greenhouse.read_text(encoding="utf-8"))
    gone = board["jobs"].pop()
    greenhouse.write_text(json.dumps(board), encoding="utf-8")
    return f"harbor-demo/{postings[0]['id']}", f"northwind-demo/{gone['id']}"


def table_value(output: str, label: str) -> int:
    match = re.search(rf"{label}\s*│\s*(\d+)", output)
    assert match, output
    return int(match.group(1))
