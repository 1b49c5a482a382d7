"""Where the team's shared development postings are: $CREDSCOPE_SHARED_DATA, `shared/` beside the
repository (as on developer machines and in CI), or /work/shared."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CANDIDATES = [
    Path(os.environ["CREDSCOPE_SHARED_DATA"]) if os.environ.get("CREDSCOPE_SHARED_DATA") else None,
    REPO.parent / "shared" / "data",
    Path("/work/shared/data"),
]


def shared_postings() -> Path:
    """The folder of shared posting files (the first candidate that exists)."""
    for candidate in CANDIDATES:
        if candidate is not None and (candidate / "postings").is_dir():
            return candidate / "postings"
    return REPO.parent / "shared" / "data" / "postings"
