"""Real posting texts from the shared development data, for benchmarks."""

from __future__ import annotations

import csv
import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
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


def emscad_texts() -> list[str]:
    """Title, description and requirements of every legitimate EMSCAD posting."""
    return list(csv_texts("emscad_legit.dev.csv", ("title", "description", "requirements")))


def glassdoor_texts() -> list[str]:
    """Title and description of each distinct Glassdoor posting, first occurrence kept."""
    return list(
        dict.fromkeys(csv_texts("glassdoor_ds_jobs.dev.csv", ("Job Title", "Job Description")))
    )


def real_texts(limit: int) -> list[str]:
    """Up to `limit` real posting texts: EMSCAD and Glassdoor, then NHS."""
    texts = emscad_texts() + glassdoor_texts()
    for text in nhs_texts():
        if len(texts) >= limit:
            break
        texts.append(text)
    return texts[:limit]


@dataclass(frozen=True)
class TextSet:
    """A named, fixed list of posting texts and how many came from each source."""

    name: str
    texts: list[str]
    sources: dict[str, int]

    def describe(self) -> str:
        """E.g. "shared-mix: 4,000 texts (591 EMSCAD, 597 Glassdoor, 2,812 NHS)"."""
        parts = ", ".join(f"{count:,} {source}" for source, count in self.sources.items())
        return f"{self.name}: {len(self.texts):,} texts ({parts})"


SHARED_MIX = "shared-mix"


def shared_mix(limit: int) -> TextSet:
    """The "shared-mix" set: every EMSCAD posting, the distinct Glassdoor postings, then NHS in
    file order, `limit` texts in all. Each text is already what `credscope analyze --jsonl` would
    analyse (HTML converted the way the command converts it), so the command and the in-process
    API see the very same strings."""
    from pipelines.stages.posting_files import (
        posting_text,  # here: the crawl bench imports this module too
    )

    emscad, glassdoor = emscad_texts(), glassdoor_texts()
    head = (emscad + glassdoor)[:limit]
    nhs: list[str] = []
    for text in nhs_texts():
        if len(head) + len(nhs) >= limit:
            break
        nhs.append(text)
    sources = {
        "EMSCAD": min(len(emscad), limit),
        "Glassdoor": len(head) - min(len(emscad), limit),
        "NHS": len(nhs),
    }
    texts = [posting_text(text) for text in head + nhs]
    return TextSet(SHARED_MIX, texts, {k: v for k, v in sources.items() if v})
