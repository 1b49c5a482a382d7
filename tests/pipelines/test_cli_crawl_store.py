"""`credscope crawl --db`: the real spiders crawl the bundled sample on loopback into DuckDB."""

import re
import subprocess
import sys

import duckdb
import pytest

from analyzer.paths import data_dir
from pipelines.demo_site import sample_registry_text, sample_settings, serve_sample


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
    sample = data_dir() / "samples"
    with serve_sample(sample) as base_url:
        registry = tmp_path / "employers.yaml"
        registry.write_text(sample_registry_text(sample, base_url), encoding="utf-8")
        first = crawl(db, registry, base_url, "--source", "lever", "--source", "greenhouse")
        assert first.returncode == 0, first.stderr
        second = crawl(db, registry, base_url, "--source", "lever", "--source", "greenhouse")
        assert second.returncode == 0, second.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT count(*), count(DISTINCT posting_id) FROM postings").fetchone()
        sources = {row[0] for row in con.execute("SELECT DISTINCT source FROM postings").fetchall()}
        runs = con.execute("SELECT command, status FROM runs ORDER BY run_id").fetchall()
    assert stored[0] == stored[1] > 0
    assert sources == {"lever", "greenhouse"}
    assert runs == [("crawl", "ok"), ("crawl", "ok")]
    assert table_value(first.stdout, "postings new") == stored[0]
    assert table_value(second.stdout, "postings new") == 0
    assert table_value(second.stdout, "postings unchanged") == stored[0]


def table_value(output: str, label: str) -> int:
    match = re.search(rf"{label}\s*│\s*(\d+)", output)
    assert match, output
    return int(match.group(1))
