"""credscope analyzer: every credential a job posting asks for (spaCy, from spacy.blank("en")).

The public names load on first use (PEP 562), so `import analyzer.paths` or `analyzer.vocab`
does not import spaCy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analyzer.api import analyze_pairs, analyze_text, analyze_texts, iter_analyses
    from analyzer.pipeline import analysis_version, build_pipeline, load_pipeline

_LAZY = {
    "analysis_version": "analyzer.pipeline",
    "analyze_pairs": "analyzer.api",
    "analyze_text": "analyzer.api",
    "analyze_texts": "analyzer.api",
    "build_pipeline": "analyzer.pipeline",
    "iter_analyses": "analyzer.api",
    "load_pipeline": "analyzer.pipeline",
}

__all__ = [
    "analysis_version",
    "analyze_pairs",
    "analyze_text",
    "analyze_texts",
    "build_pipeline",
    "iter_analyses",
    "load_pipeline",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first access and keep the name in this module."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the lazy public ones included."""
    return sorted({*globals(), *__all__})
