"""Small real slices of the shared postings, and a tiny deterministic analyzer, for store tests."""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from pipelines.stages.extract import Analyzer
from tests.shared_data import shared_postings

SHARED = shared_postings()
NHS = SHARED / "nhs_jobs_jsonld.dev.jsonl.gz"
EMSCAD = SHARED / "emscad_legit.dev.csv"
GLASSDOOR = SHARED / "glassdoor_ds_jobs.dev.csv"
DEGREE = re.compile(r"\bdegree\b", re.I)


def nhs_objects(n: int) -> list[dict]:
    """The first n NHS Jobs JSON-LD objects."""
    with gzip.open(NHS, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in islice(handle, n)]


def write_jsonl(path: Path, objects: Iterable[Any]) -> Path:
    """Write objects (or raw strings) one per line."""
    lines = (o if isinstance(o, str) else json.dumps(o) for o in objects)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def csv_slice(source: Path, target: Path, n: int) -> list[dict[str, str]]:
    """Copy the header and first n records of a shared CSV; return those records."""
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(islice(reader, n))
        fields = list(reader.fieldnames or [])
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def nhs_postings(n: int, *, text_chars: int | None = None) -> list[dict]:
    """Posting records from the first n NHS objects (texts optionally cut short)."""
    from pipelines.stages.import_formats import jsonld_posting

    postings = [jsonld_posting(obj) for obj in nhs_objects(n)]
    if text_chars is not None:
        for posting in postings:
            posting["text"] = posting["text"][:text_chars]
    return postings


def short_postings(n: int, chars: int = 200) -> list[dict]:
    """Cheap Posting records from the first n NHS objects: title and the description's start."""
    from crawler.htmltext import html_to_text

    return [
        {"source": "import:jsonld", "source_ref": obj["_fileid"], "title": obj["title"],
         "employer": obj["hiringOrganization"]["name"],
         "text": html_to_text(obj["description"][: chars * 4])[:chars]}
        for obj in nhs_objects(n)
    ]  # fmt: skip


def fake_analyze(
    texts: Sequence[str], ids: Sequence[str] | None = None, n_process: int = 1, **_: Any
) -> list[dict]:
    """One required degree mention per occurrence of the word "degree"."""
    results = []
    for text, text_id in zip(texts, ids or range(len(texts)), strict=True):
        mentions = [
            {"start": m.start(), "end": m.end(), "text": m.group(), "type": "degree",
             "level": "unspecified", "credential_id": "degree.unspecified", "label": "Degree",
             "issuer": None, "strength": "required", "experience_substitute": False,
             "section": None}
            for m in DEGREE.finditer(text)
        ]  # fmt: skip
        results.append(
            {"id": text_id, "mentions": mentions, "equivalency": False,
             "min_degree_required": "unspecified" if mentions else None}
        )  # fmt: skip
    return results


FAKE = Analyzer(fake_analyze, "fake-1")
