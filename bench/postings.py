"""Real posting texts from the shared development data, for benchmarks."""

from __future__ import annotations

import csv
import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path

from crawler.htmltext import html_to_text

SHARED = Path(
    os.environ.get("CREDSCOPE_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared/data")
)
POSTINGS = SHARED / "postings"


def nhs_texts() -> Iterator[str]:
    """Title + description text of every NHS JSON-LD posting."""
    with gzip.open(POSTINGS / "nhs_jobs_jsonld.dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            yield f"{record.get('title', '')}\n{html_to_text(record.get('description') or '')}"


def csv_texts(name: str, columns: tuple[str, ...]) -> Iterator[str]:
    """The given columns of a shared CSV file, joined by newlines."""
    with (POSTINGS / name).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield "\n".join(row[c] for c in columns if row.get(c))


def real_texts(limit: int) -> list[str]:
    """Up to `limit` real posting texts: EMSCAD and Glassdoor, then NHS."""
    texts = list(csv_texts("emscad_legit.dev.csv", ("title", "description", "requirements")))
    texts += list(
        dict.fromkeys(csv_texts("glassdoor_ds_jobs.dev.csv", ("Job Title", "Job Description")))
    )
    for text in nhs_texts():
        if len(texts) >= limit:
            break
        texts.append(text)
    return texts[:limit]
