"""Where the analyzer's data files live (the repository's `data/`, or CREDSCOPE_DATA_DIR)."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The data directory: CREDSCOPE_DATA_DIR when set, else `data/` beside the packages."""
    override = os.environ.get("CREDSCOPE_DATA_DIR")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "data"


def taxonomy_dir() -> Path:
    """The folder of taxonomy YAML files."""
    return data_dir() / "taxonomy"


def cues_dir() -> Path:
    """The folder of modifier, section and shape cue files."""
    return data_dir() / "cues"


def decider_dir() -> Path:
    """The folder of the trained decision layer's weights and meta data."""
    return data_dir() / "models" / "decider"
