"""Extract on Dask: partitions per worker, and a failed partition retried on a real cluster
joined by its tcp:// address."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pipelines.stages.extract import Analyzer
from pipelines.stages.extract_cluster import ClusterSpec, extract_on_cluster, partitions
from pipelines.store.lake import Lake
from tests.pipelines.store_data import fake_analyze, short_postings

FLAG = "CREDSCOPE_TEST_FAILED_ONCE"


def fails_once(texts: Sequence[str], ids: Sequence[str] | None = None, **_: Any) -> list[dict]:
    """The fake analyzer, except that the cluster's very first call fails."""
    try:
        os.close(os.open(os.environ[FLAG], os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return fake_analyze(texts, ids)
    raise RuntimeError("a partition that fails the first time")


def failing_once_loader() -> Analyzer:
    """Loaded on each worker, once."""
    return Analyzer(fails_once, "fails-once-1")


def test_partitions_give_every_worker_four_and_respect_the_batch_size() -> None:
    ids = [f"p{i:03d}" for i in range(100)]
    assert len(partitions(ids, 2, 1000)) >= 8
    assert max(len(p) for p in partitions(ids, 1, 10)) <= 10
    assert [i for part in partitions(ids, 3, 7) for i in part] == ids
    assert partitions(ids[:3], 2, 1000) == [["p000"], ["p001"], ["p002"]]
    assert partitions([], 2, 10) == []


def test_a_failed_partition_is_retried_on_a_joined_scheduler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import LocalCluster

    monkeypatch.setenv(FLAG, str(tmp_path / "failed-once"))
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        Lake.open(str(tmp_path / "lake")) as lake,
    ):  # fmt: skip
        lake.upsert_postings(short_postings(12, chars=3000))
        counts = extract_on_cluster(
            lake, ClusterSpec.parse(cluster.scheduler_address), loader=failing_once_loader
        )
        stored = lake.count("posting_summaries")
    assert (tmp_path / "failed-once").exists()  # the failure happened…
    assert counts["failed"] == 0 and counts["analysed"] == stored == 12  # …and was retried
