"""End to end on the 10,438 real NHS postings: import, extract and report, per stage, beside a
plain-pandas baseline doing the same reading and counting in the same run."""

from __future__ import annotations

import gzip
import html
import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from bench.postings import POSTINGS
from pipelines.reports.files import write_default_reports
from pipelines.stages.extract import extract
from pipelines.stages.importers import import_file
from pipelines.store.database import Store

NHS = POSTINGS / "nhs_jobs_jsonld.dev.jsonl.gz"
TAGS = re.compile(r"<[^>]+>")
DEGREE = re.compile(r"\bdegree\b", re.I)


def _baseline_import() -> pd.DataFrame:
    """Plain pandas: read the file and strip the markup crudely."""
    with gzip.open(NHS, "rt", encoding="utf-8") as handle:
        frame = pd.DataFrame(json.loads(line) for line in handle)
    frame["text"] = frame["description"].fillna("").map(lambda d: TAGS.sub(" ", html.unescape(d)))
    return frame


def _baseline_extract(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain pandas: one regular expression for the word "degree"."""
    return frame.assign(degree=frame["text"].str.contains(DEGREE))


def _baseline_report(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain pandas: the share asking for a degree, by industry."""
    return frame.groupby("industry", dropna=False)["degree"].agg(["count", "mean"])


def _timed(work: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def run(workers: int = 2) -> list[dict[str, Any]]:
    """Seconds and postings/s per stage, ours beside the baseline."""
    with tempfile.TemporaryDirectory() as scratch, Store.open(Path(scratch) / "b.duckdb") as store:
        imported, import_s = _timed(lambda: import_file(store, NHS, "jsonld"))
        counts, extract_s = _timed(lambda: extract(store, workers=workers))
        _, report_s = _timed(lambda: write_default_reports(store.con, Path(scratch) / "reports"))
    frame, base_import_s = _timed(_baseline_import)
    flagged, base_extract_s = _timed(lambda: _baseline_extract(frame))
    _, base_report_s = _timed(lambda: _baseline_report(flagged))
    n = imported.counts["read"]
    stages = [
        ("import (jsonld → DuckDB)", import_s, base_import_s),
        (f"extract (analyzer, {workers} workers)", extract_s, base_extract_s),
        ("report (industry, region, trend files)", report_s, base_report_s),
    ]
    rows = [
        {
            "bench": "pipeline",
            "stage": name,
            "postings": n,
            "seconds": round(ours, 2),
            "postings_per_s": round(n / ours, 1),
            "baseline_seconds": round(base, 2),
            "ratio_to_baseline": round(ours / base, 1),
        }
        for name, ours, base in stages
    ]
    rows[1]["mentions"] = counts["mentions"]
    return rows
