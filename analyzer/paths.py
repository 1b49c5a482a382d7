"""Where credscope's data files live: CREDSCOPE_DATA_DIR, the installed data package, or data/.

`data/` is a folder of the repository; the wheel ships it as the package `credscope_data`
(pyproject's package-dir maps the folder under that name). Every module finds data through
`data_dir()`.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.resources import files
from pathlib import Path

DATA_PACKAGE = "credscope_data"
ENV_VAR = "CREDSCOPE_DATA_DIR"
CHECKOUT_DATA = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    """The data folder: CREDSCOPE_DATA_DIR when set, else the installed data, else data/."""
    override = os.environ.get(ENV_VAR)
    return Path(override) if override else bundled_data_dir()


@cache
def bundled_data_dir() -> Path:
    """The data shipped with credscope: the `credscope_data` package, else the checkout's data/."""
    try:
        root = files(DATA_PACKAGE)
    except ModuleNotFoundError:
        return CHECKOUT_DATA
    if not isinstance(root, Path):
        raise RuntimeError(f"{DATA_PACKAGE} must be installed as plain files, not in {root}")
    return root


def taxonomy_dir() -> Path:
    """The folder of taxonomy YAML files."""
    return data_dir() / "taxonomy"


def cues_dir() -> Path:
    """The folder of cue files: sections, modifiers, shapes, exclusions, grammar, language."""
    return data_dir() / "cues"


def decider_dir() -> Path:
    """The folder of the trained decision layer's weights and meta data."""
    return data_dir() / "models" / "decider"
