"""Shared fixtures for analyzer tests."""

import json
from pathlib import Path

import pytest

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"


@pytest.fixture(scope="session")
def gold_texts() -> list[str]:
    """The real posting texts of the dev gold set."""
    texts = []
    for path in sorted(GOLD_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            texts.extend(json.loads(line)["text"] for line in handle if line.strip())
    return texts
