"""The versioned loader that compiles taxonomy, shapes and exclusions into span_ruler patterns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from spacy.tokenizer import Tokenizer

from analyzer.cues import Cues, load_cues
from analyzer.taxonomy import NOT_LABEL, compile_patterns, load_taxonomy, phrase_pattern

SHAPE_PREFIX = "shape:"
TITLE_LIKE_SUFFIX = ":title_like"
EXCLUSION_ID = "exclusion"


def shape_patterns(cues: Cues) -> list[dict[str, Any]]:
    """Patterns for credentials found by their shape; ids say the type and whether title-like."""
    patterns = []
    for shape in cues.shapes:
        shape_id = SHAPE_PREFIX + shape["type"] + (TITLE_LIKE_SUFFIX if shape.get("title_like") else "")
        for pattern in shape["patterns"]:
            patterns.append({"label": shape["type"], "pattern": pattern, "id": shape_id})
    return patterns


def exclusion_patterns(cues: Cues, tokenizer: Tokenizer) -> list[dict[str, Any]]:
    """Patterns for phrases that are never credential requests (background checks, documents...)."""
    return [
        {"label": NOT_LABEL, "pattern": phrase_pattern(tokenizer, phrase), "id": EXCLUSION_ID}
        for phrase in cues.not_credentials
    ]


def credential_patterns(
    taxonomy_path: Path | None = None, cues_path: Path | None = None
) -> list[dict[str, Any]]:
    """Every span_ruler pattern of the credential matcher."""
    tokenizer = spacy.blank("en").tokenizer
    cues = load_cues(cues_path)
    return [
        *compile_patterns(load_taxonomy(taxonomy_path), tokenizer),
        *shape_patterns(cues),
        *exclusion_patterns(cues, tokenizer),
    ]


@spacy.registry.misc("credscope.credential_patterns.v1")
def credential_patterns_v1(
    taxonomy_path: str | None = None, cues_path: str | None = None
) -> list[dict[str, Any]]:
    """Registered loader (v1) for the span_ruler's `initialize.patterns`."""
    return credential_patterns(
        Path(taxonomy_path) if taxonomy_path else None, Path(cues_path) if cues_path else None
    )
