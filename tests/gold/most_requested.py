"""Rank the credentials most requested in the bundled sample and the shared development postings.

Run from the repo root: `.venv/bin/python -m tests.gold.most_requested`.
Reads every source the way the gold corpus builder does (`tests/gold/build_corpus.py: SOURCES`,
one definition of how each file becomes text), drops repeated texts (same words, or the same LA job
class or USAJOBS qualification text) with the demo sample read first, analyses the rest in batches
and writes `most_requested.csv`: the TOP credentials by the number of distinct postings asking for
them (rank, id, type, label, postings), ties broken by id.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from analyzer import iter_analyses
from analyzer.paths import taxonomy_dir
from analyzer.taxonomy import load_taxonomy
from tests.gold.build_corpus import SOURCES, fingerprint

OUTPUT = taxonomy_dir() / "most_requested.csv"
TOP = 100


def distinct_texts() -> Iterator[tuple[str, str]]:
    """(posting id, text) for every source posting whose text or dedup key was not seen before."""
    seen: set[str] = set()
    for read in SOURCES.values():
        for posting_id, text, key in read():
            marks = {fingerprint(text), *([key] if key else [])}
            if "" in marks or marks & seen:
                continue
            seen |= marks
            yield posting_id, text


def credential_counts(n_process: int) -> tuple[Counter[str], int]:
    """How many distinct postings ask for each credential id, and how many postings were read."""
    counts: Counter[str] = Counter()
    postings = list(distinct_texts())
    texts = (text for _, text in postings)
    ids = (posting_id for posting_id, _ in postings)
    for analysis in iter_analyses(texts, ids, batch_size=128, n_process=n_process):
        counts.update({m["credential_id"] for m in analysis["mentions"] if m["credential_id"]})
    return counts, len(postings)


def write_ranking(counts: Counter[str], path: Path, top: int) -> None:
    """The `top` credentials by postings as CSV (rank, id, type, label, postings)."""
    taxonomy = load_taxonomy()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["rank", "id", "type", "label", "postings"])
        for rank, (credential_id, postings) in enumerate(ranked, start=1):
            credential = taxonomy.credentials[credential_id]
            writer.writerow([rank, credential_id, credential.type, credential.label, postings])


def main() -> None:
    """Count, rank and write the list."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--top", type=int, default=TOP)
    parser.add_argument("--processes", type=int, default=1, help="nlp.pipe n_process")
    args = parser.parse_args()
    counts, read = credential_counts(args.processes)
    write_ranking(counts, args.out, args.top)
    print(f"{read} distinct postings, {len(counts)} credentials; top {args.top} → {args.out}")


if __name__ == "__main__":
    main()
