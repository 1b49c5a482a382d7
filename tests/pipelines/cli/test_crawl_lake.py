"""`credscope crawl --lake`: the real spiders crawl the bundled sample on loopback into a lake,
incrementally, ending with the same postings as a crawl into the DuckDB file."""

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from analyzer.paths import data_dir
from pipelines.demo.sample_site import sample_registry_text, sample_settings, serve_sample
from pipelines.store.lake import Lake
from tests.pipelines.cli.test_crawl_store import edit_the_boards, table_value

STATE = (
    "SELECT source_ref, text, content_hash, closed_at IS NOT NULL, last_seen > first_seen, run_id "
    "FROM postings ORDER BY source_ref"
)


def crawl(flag: str, store: Path, registry: Path, base_url: str) -> subprocess.CompletedProcess:
    settings = {**sample_settings(base_url), "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "pipelines.cli", "crawl", flag, str(store)]
    command += ["--registry", str(registry), "--source", "lever", "--source", "greenhouse"]
    for key, value in settings.items():
        command += ["--set", f"{key}={value}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)


@pytest.mark.slow
def test_crawl_into_a_lake_is_incremental_like_the_file(tmp_path: Path) -> None:
    db, lake = tmp_path / "store.duckdb", tmp_path / "lake"
    sample = tmp_path / "sample"
    shutil.copytree(data_dir() / "samples", sample)
    with serve_sample(sample) as base_url:
        registry = tmp_path / "employers.yaml"
        registry.write_text(sample_registry_text(sample, base_url), encoding="utf-8")
        firsts = [
            crawl(flag, path, registry, base_url) for flag, path in [("--db", db), ("--lake", lake)]
        ]
        edit_the_boards(sample)
        seconds = [
            crawl(flag, path, registry, base_url) for flag, path in [("--db", db), ("--lake", lake)]
        ]
    assert [done.returncode for done in firsts + seconds] == [0, 0, 0, 0], seconds[1].stderr
    for label in ("postings new", "postings updated", "postings closed", "postings unchanged"):
        assert table_value(seconds[1].stdout, label) == table_value(seconds[0].stdout, label)
    assert table_value(seconds[1].stdout, "postings closed") == 1
    with duckdb.connect(str(db), read_only=True) as con:
        from_file = con.execute(STATE).fetchall()
    with Lake.open(str(lake), read_only=True) as opened:
        from_lake = opened.con.execute(STATE).fetchall()
    assert len(from_file) > 10 and from_lake == from_file
