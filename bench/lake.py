"""Extract on Dask beside single-process extract, over the same real NHS postings in one run,
and what the lake's Parquet costs per million postings and mentions.

Each row analyses the same postings from scratch (a fresh lake each); the analyzer is loaded and
warmed before the clock starts (in this process for the single-process row, on every worker for
the Dask rows, whose LocalCluster is started first), so the figures compare analysis throughput,
not start-up. The driver (this process) reads the texts and writes the parts meanwhile.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.pipeline import NHS
from pipelines.stages.extract import extract, installed_analyzer
from pipelines.stages.extract_cluster import ClusterSpec, extract_on_cluster, worker_version
from pipelines.stages.importers import import_file
from pipelines.store.lake import Lake

POSTINGS = 2000
TARGET_SPEEDUP = 1.7


def _fresh_lake(scratch: Path, name: str) -> Lake:
    lake = Lake.open(str(scratch / name))
    import_file(lake, NHS, "jsonld", limit=POSTINGS)
    return lake


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob("part-*.parquet"))


def _single(scratch: Path) -> tuple[float, dict[str, int], Path]:
    """Extract in this process; then import the same postings again (all unchanged: sightings)."""
    analyzer = installed_analyzer()
    with _fresh_lake(scratch, "single") as lake:
        start = time.perf_counter()
        counts = extract(lake, analyzer=analyzer, batch_size=500)
        seconds = time.perf_counter() - start
        import_file(lake, NHS, "jsonld", limit=POSTINGS)
        return seconds, counts, scratch / "single"


def _on_dask(scratch: Path, workers: int) -> tuple[float, dict[str, int]]:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
        _fresh_lake(scratch, f"dask{workers}") as lake,
    ):  # fmt: skip
        client.run(worker_version, installed_analyzer)  # load the analyzer on every worker
        start = time.perf_counter()
        counts = extract_on_cluster(lake, ClusterSpec(address=cluster.scheduler_address))
        return time.perf_counter() - start, counts


def run() -> list[dict[str, Any]]:
    """Postings/s: one process, then Dask with 1 and 2 workers; Parquet bytes per million."""
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        single_s, counts, lake_dir = _single(scratch)
        rows = [_row("extract, single process (1 core)", single_s, counts, single_s)]
        for workers in (1, 2):
            seconds, dask_counts = _on_dask(scratch, workers)
            rows.append(_row(f"extract, Dask {workers} worker(s)", seconds, dask_counts, single_s))
        rows[-1]["target"] = f"≥ {TARGET_SPEEDUP}× single"
        postings_bytes = _folder_bytes(lake_dir / "postings")
        mention_bytes = _folder_bytes(lake_dir / "mentions")
        sighting_bytes = _folder_bytes(lake_dir / "sightings")
    rows.append(
        {
            "bench": "lake",
            "case": "Parquet bytes (zstd)",
            "postings": counts["analysed"],
            "mentions": counts["mentions"],
            "MB_per_million_postings": round(postings_bytes / counts["analysed"], 1),
            "MB_per_million_mentions": round(mention_bytes / max(counts["mentions"], 1), 1),
            "MB_per_million_resightings": round(sighting_bytes / counts["analysed"], 1),
        }
    )
    return rows


def _row(case: str, seconds: float, counts: dict[str, int], single_s: float) -> dict[str, Any]:
    return {
        "bench": "lake",
        "case": case,
        "postings": counts["analysed"],
        "mentions": counts["mentions"],
        "seconds": round(seconds, 2),
        "postings_per_s": round(counts["analysed"] / seconds, 1),
        "speedup_vs_single": round(single_s / seconds, 2),
    }


if __name__ == "__main__":
    for result in run():
        print(result)
