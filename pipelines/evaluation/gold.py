"""The labelled corpus in `tests/gold/`: posting texts, frozen splits and label files.

It lives in the repository, not in the wheel: evaluation and training run from a source checkout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GOLD_DIR = Path(__file__).resolve().parents[2] / "tests" / "gold"
SPLITS = ("train", "dev", "test")
LABEL_FILES = {
    "adjudicated": "adjudicated.jsonl",
    "labeller_a": "labeller_a.jsonl",
    "labeller_b": "labeller_b.jsonl",
}


class GoldError(ValueError):
    """The gold corpus is missing a file or holds an inconsistent record."""


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file (blank lines skipped; lines split on \\n only)."""
    if not path.is_file():
        raise GoldError(f"{path} does not exist")
    records = []
    for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise GoldError(f"{path}:{number}: not JSON ({error.msg})") from error
    return records


def load_splits(gold_dir: Path = GOLD_DIR) -> dict[str, str]:
    """Posting id → split name."""
    path = gold_dir / "corpus" / "splits.json"
    if not path.is_file():
        raise GoldError(f"{path} does not exist")
    splits: dict[str, str] = json.loads(path.read_text("utf-8"))
    return splits


def load_corpus(
    split: str | None = None, labels: str = "adjudicated", gold_dir: Path = GOLD_DIR
) -> list[dict[str, Any]]:
    """Gold postings (id, source, text and the label fields) of one split, or of all."""
    if split is not None and split not in SPLITS:
        raise GoldError(f"unknown split {split!r}: choose one of {', '.join(SPLITS)}")
    splits = load_splits(gold_dir)
    texts = {p["id"]: p for p in read_jsonl(gold_dir / "corpus" / "postings.jsonl")}
    postings = []
    for record in read_jsonl(gold_dir / "labels" / LABEL_FILES[labels]):
        posting_id = str(record.get("id"))
        if posting_id not in texts:
            raise GoldError(f"{LABEL_FILES[labels]}: {posting_id!r} is not in the corpus")
        if split is None or splits.get(posting_id) == split:
            postings.append({**record, **texts[posting_id], "split": splits.get(posting_id)})
    return sorted(postings, key=lambda p: p["id"])


def texts_of(split: str, gold_dir: Path = GOLD_DIR) -> list[str]:
    """The posting texts of one split (no labels needed)."""
    splits = load_splits(gold_dir)
    corpus = read_jsonl(gold_dir / "corpus" / "postings.jsonl")
    return [p["text"] for p in sorted(corpus, key=lambda p: p["id"]) if splits[p["id"]] == split]
