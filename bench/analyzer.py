"""Analyzer throughput on real postings beside `spacy.blank("en")` tokenising the same texts."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import spacy

from analyzer import analyze_texts, build_pipeline
from analyzer.api import shared_pipeline, shared_prefilter
from bench.postings import real_texts

POSTINGS = 8000


def _timed(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def run(limit: int = POSTINGS) -> list[dict[str, Any]]:
    """Postings/s and words/s: tokenising, the full pipeline, the analyzer on 1 and 2 cores."""
    texts = real_texts(limit)
    words = sum(len(t.split()) for t in texts)
    blank = spacy.blank("en")
    blank.max_length = 20_000_000
    shared_pipeline()
    shared_prefilter()
    full = build_pipeline()
    cases = [
        ("tokenizer only (spacy.blank)", lambda: [blank.make_doc(t) for t in texts]),
        ("full pipeline, every line", lambda: list(full.pipe(texts, batch_size=64))),
        ("analyzer, 1 process", lambda: analyze_texts(texts, n_process=1)),
        ("analyzer, 2 processes", lambda: analyze_texts(texts, n_process=2)),
    ]
    rows = []
    for name, work in cases:
        seconds = _timed(work)
        rows.append(
            {
                "bench": "analyzer",
                "case": name,
                "postings": len(texts),
                "seconds": round(seconds, 2),
                "postings_per_s": round(len(texts) / seconds, 1),
                "words_per_s": round(words / seconds),
            }
        )
    baseline = rows[0]["words_per_s"]
    for row in rows:
        row["ratio_to_tokenizer"] = round(row["words_per_s"] / baseline, 2)
    return rows
