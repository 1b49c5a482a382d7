"""Check a label file against the corpus and the labelling guide's fields.

`python tests/gold/check_labels.py LABELS.jsonl [--corpus tests/gold/corpus/postings.jsonl]`
prints one line per problem (posting id, mention, what is wrong) and exits 1 when there are any.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "corpus" / "postings.jsonl"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, run as a script
from analyzer.vocab import (  # noqa: E402  (after the path; imports nothing heavy)
    CREDENTIAL_TYPES,
    DEGREE_LEVELS,
    STRENGTHS,
    UNSPECIFIED_LEVEL,
)

TYPES = set(CREDENTIAL_TYPES)
LEVELS = {*DEGREE_LEVELS, UNSPECIFIED_LEVEL}


def mention_problems(text: str, mention: dict[str, Any]) -> list[str]:
    """What is wrong with one mention (empty when nothing is)."""
    problems = []
    phrase = mention.get("text") or ""
    occurrence = mention.get("occurrence", 0)
    if not phrase or text.count(phrase) <= occurrence:
        problems.append(f"text {phrase!r} occurrence {occurrence} not in the posting")
    if mention.get("type") not in TYPES:
        problems.append(f"type {mention.get('type')!r}")
    level = mention.get("level")
    if mention.get("type") == "degree" and level not in LEVELS:
        problems.append(f"degree level {level!r}")
    if mention.get("type") != "degree" and level is not None:
        problems.append("level set on a non-degree")
    if mention.get("strength") not in STRENGTHS:
        problems.append(f"strength {mention.get('strength')!r}")
    if not isinstance(mention.get("experience_substitute"), bool):
        problems.append("experience_substitute not a boolean")
    return problems


def posting_problems(text: str, labels: dict[str, Any]) -> list[str]:
    """What is wrong with one posting's labels."""
    problems = []
    for index, mention in enumerate(labels.get("mentions", [])):
        problems += [f"mention {index}: {p}" for p in mention_problems(text, mention)]
    if not isinstance(labels.get("equivalency"), bool):
        problems.append("equivalency not a boolean")
    minimum = labels.get("min_degree_required")
    if minimum is not None and minimum not in LEVELS:
        problems.append(f"min_degree_required {minimum!r}")
    required_degree = any(
        m.get("type") == "degree" and m.get("strength") == "required"
        for m in labels.get("mentions", [])
    )
    if required_degree and minimum is None:
        problems.append("a degree is labelled required but min_degree_required is null")
    return problems


def main() -> int:
    """Print problems; exit 1 if any."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    texts = {}
    for line in args.corpus.read_text("utf-8").split("\n"):
        if not line.strip():
            continue
        record = json.loads(line)
        texts[record["id"]] = record["text"]
    problems, seen = [], set()
    for number, line in enumerate(args.labels.read_text("utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            labels = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not JSON ({error})")
            continue
        posting_id = labels.get("id")
        if posting_id not in texts:
            problems.append(f"line {number}: unknown id {posting_id!r}")
            continue
        if posting_id in seen:
            problems.append(f"line {number}: {posting_id} labelled twice")
        seen.add(posting_id)
        problems += [f"{posting_id}: {p}" for p in posting_problems(texts[posting_id], labels)]
    for problem in problems:
        print(problem)
    print(f"{len(seen)} postings checked, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
