"""The extract stage on Dask distributed: pending postings split into partitions, each analysed
on a worker process (the analyzer loaded once per process), the results stored by this process.

This process reads the texts and writes the analyses; the workers only analyse, so any store
works and nothing on the workers needs to reach it. A partition whose task fails is retried
(`RETRIES`); one lost with its worker is rescheduled by Dask itself.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipelines.errors import InputError
from pipelines.stages.errors import ClusterUnavailable
from pipelines.stages.extract import (
    BATCH_TEXTS,
    Analyzer,
    ExtractTally,
    analysis_frames,
    installed_analyzer,
    pending_posting_ids,
    progress_bar,
)
from pipelines.store.backend import StoreBackend

log = logging.getLogger("credscope.extract")

PARTITIONS_PER_WORKER = 4
RETRIES = 2
CONNECT_TIMEOUT_S = 5
IN_FLIGHT_PER_WORKER = 2
SCHEMES = ("tcp://", "tls://", "inproc://", "ucx://")

AnalyzerLoader = Callable[[], Analyzer]


@dataclass(frozen=True)
class ClusterSpec:
    """A LocalCluster of `local_workers` processes, or the scheduler at `address`."""

    local_workers: int | None = None
    address: str | None = None

    @classmethod
    def parse(cls, text: str) -> ClusterSpec:
        """`local:N` or a scheduler address such as `tcp://HOST:8786`."""
        value = text.strip()
        if value.startswith("local:"):
            count = value.removeprefix("local:")
            if not count.isdigit() or int(count) < 1:
                raise InputError(f"--cluster local:N needs a whole number N ≥ 1, got {text!r}")
            return cls(local_workers=int(count))
        if value.startswith(SCHEMES) and len(value) > value.index("://") + 3:
            return cls(address=value)
        raise InputError(f"--cluster expects local:N or tcp://HOST:PORT, got {text!r}")

    def describe(self) -> str:
        """The cluster in words, for logs."""
        return self.address or f"a local cluster of {self.local_workers} worker processes"


@contextmanager
def connected(spec: ClusterSpec) -> Iterator[Any]:
    """A Dask client: on a new LocalCluster, or on the named scheduler (timing out clearly)."""
    from distributed import Client, LocalCluster

    if spec.local_workers is not None:
        with (
            LocalCluster(
                n_workers=spec.local_workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",  # with bokeh installed: this machine only
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(spec.address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as error:
        raise ClusterUnavailable(
            f"cannot reach the Dask scheduler at {spec.address} within {CONNECT_TIMEOUT_S} s "
            f"({error}); start one with `dask scheduler` or check the address"
        ) from None
    with client:
        yield client


@functools.cache
def worker_analyzer(loader: AnalyzerLoader) -> Analyzer:
    """The analyzer of this worker process, loaded on first use and kept."""
    return loader()


def worker_version(loader: AnalyzerLoader) -> str:
    """Load the analyzer on this worker now; return its analysis version."""
    return worker_analyzer(loader).version


def analyze_partition(
    rows: list[tuple[str, str, str]], loader: AnalyzerLoader, run_id: int | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Analyse one partition on a worker: its mention rows and summary rows."""
    analyzer = worker_analyzer(loader)
    analyses = analyzer.analyze_texts(
        [row[2] for row in rows], ids=[row[0] for row in rows], n_process=1
    )
    return analysis_frames(rows, analyses, analyzer.version, run_id)


def cluster_version(client: Any, loader: AnalyzerLoader) -> tuple[str, int]:
    """Load the analyzer on every worker; (their one analysis version, number of workers)."""
    client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S * 6)
    versions = client.run(worker_version, loader)
    distinct = sorted(set(versions.values()))
    if len(distinct) != 1:
        raise ClusterUnavailable(
            f"the cluster's workers run different analyzers ({', '.join(distinct)}); "
            "install the same credscope on every worker"
        )
    return distinct[0], len(versions)


def partitions(ids: list[str], workers: int, batch_size: int) -> list[list[str]]:
    """Near-equal slices of `ids`: at least four per worker, none above batch_size."""
    if not ids:
        return []
    count = min(len(ids), max(PARTITIONS_PER_WORKER * workers, math.ceil(len(ids) / batch_size)))
    size = math.ceil(len(ids) / count)
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def extract_on_cluster(
    store: StoreBackend,
    spec: ClusterSpec,
    *,
    loader: AnalyzerLoader = installed_analyzer,
    batch_size: int = 1000,
    run_id: int | None = None,
    progress: bool = False,
) -> dict[str, int]:
    """Analyse every pending posting on a Dask cluster; store each partition as it comes back."""
    from distributed import as_completed

    with connected(spec) as client:
        version, workers = cluster_version(client, loader)
        pending = pending_posting_ids(store, version)
        slices = partitions(pending, workers, batch_size)
        log.info(
            "extract: %d postings in %d partitions on %s (%d workers, analysis version %s)",
            len(pending), len(slices), spec.describe(), workers, version,
        )  # fmt: skip
        tally = ExtractTally(pending=len(pending))
        queue = iter(slices)
        running: dict[Any, list[str]] = {}

        def submit_next(completed: Any) -> None:
            ids = next(queue, None)
            if ids is None:
                return
            rows = store.con.execute(BATCH_TEXTS, {"ids": ids}).fetchall()
            future = client.submit(
                analyze_partition, rows, loader, run_id, retries=RETRIES, pure=False
            )
            running[future] = ids
            completed.add(future)

        completed = as_completed()
        for _ in range(IN_FLIGHT_PER_WORKER * workers):
            submit_next(completed)
        with progress_bar(progress) as bar:
            task = bar.add_task("analysing", total=len(pending)) if bar else None
            for future in completed:
                ids = running.pop(future)
                tally.add(len(ids), _store_partition(store, version, ids, future))
                if bar is not None and task is not None:
                    bar.advance(task, len(ids))
                submit_next(completed)
    return tally.counts()


def _store_partition(store: StoreBackend, version: str, ids: list[str], future: Any) -> int | None:
    """Store a finished partition; its mention count, or None when it failed every try."""
    try:
        mentions, summaries = future.result()
    except Exception:
        log.exception("extract: partition starting at posting %s failed on the cluster", ids[0])
        return None
    store.replace_analyses(version, ids, mentions, summaries)
    return len(mentions)
