"""`credscope crawl --lake`: the real spiders crawl the bundled sample on loopback into a lake,
incrementally: new, updated, unchanged and closed postings as a crawl into the file has them."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.paths import data_dir
from pipelines.demo.sample_site import sample_registry_text, sample_settings, serve_sample
from pipelines.store.lake import Lake
from tests.pipelines.cli.test_crawl_store import edit_the_boards, table_value

STATE = (
    "SELECT source_ref, text, closed_at IS NOT NULL, last_seen > first_seen FROM postings "
    "ORDER BY source_ref"
)


def crawl(flag: str, store: Path, registry: Path, base_url: str) -> subprocess.CompletedProcess:
    settings = {**sample_settings(base_url), "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "pipelines.cli", "crawl", flag, str(store)]
    command += ["--registry", str(registry), "--source", "lever", "--source", "greenhouse"]
    for key, value in settings.items():
        command += ["--set", f"{key}={value}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)


@pytest.mark.slow
def test_crawl_into_a_lake_is_incremental(tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    sample = tmp_path / "sample"
    shutil.copytree(data_dir() / "samples", sample)
    with serve_sample(sample) as base_url:
        registry = tmp_path / "employers.yaml"
        registry.write_text(sample_registry_text(sample, base_url), encoding="utf-8")
        first = crawl("--lake", lake, registry, base_url)
        changed, vanished = edit_the_boards(sample)
        second = crawl("--lake", lake, registry, base_url)
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    with Lake.open(str(lake), read_only=True) as opened:
        rows = opened.con.execute(STATE).fetchall()
        runs = opened.con.execute("SELECT command, status FROM runs ORDER BY run_id").fetchall()
    by_ref = {ref: (text, closed, moved) for ref, text, closed, moved in rows}
    assert len(rows) == len(by_ref) == table_value(first.stdout, "postings new") > 10
    assert runs == [("crawl", "ok"), ("crawl", "ok")]
    assert table_value(second.stdout, "postings new") == 0
    assert table_value(second.stdout, "postings updated") == 1
    assert table_value(second.stdout, "postings closed") == 1
    assert table_value(second.stdout, "postings unchanged") == len(rows) - 2
    assert "CPR certification" in by_ref[changed][0]
    assert by_ref[vanished][1] is True  # closed, still stored
    assert sum(moved for _, _, moved in by_ref.values()) == len(rows) - 1  # last_seen moved
