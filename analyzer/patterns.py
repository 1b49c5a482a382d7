"""The registered, versioned loaders that fill the components at `nlp.initialize`: the credential
matchers' patterns (taxonomy, shapes, exclusions), the cues, the credential facts, the decider."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy

from analyzer.cues import Cues, load_cues
from analyzer.decider import DeciderModel
from analyzer.paths import decider_dir
from analyzer.taxonomy import NOT_LABEL, compile_patterns, is_case_exact, load_taxonomy

SHAPE_PREFIX = "shape:"
TITLE_LIKE_SUFFIX = ":title_like"
EXCLUSION_ID = "exclusion"


def shape_patterns(cues: Cues) -> list[dict[str, Any]]:
    """Patterns for credentials found by their shape; ids say the type and whether title-like."""
    patterns = []
    for shape in cues.shapes:
        shape_id = (
            SHAPE_PREFIX + shape["type"] + (TITLE_LIKE_SUFFIX if shape.get("title_like") else "")
        )
        for pattern in shape["patterns"]:
            patterns.append({"label": shape["type"], "pattern": pattern, "id": shape_id})
    return patterns


def exclusion_patterns(cues: Cues) -> list[dict[str, Any]]:
    """Patterns for what is never a credential request (background checks, documents, roles)."""
    return [
        {"label": NOT_LABEL, "pattern": pattern, "id": EXCLUSION_ID}
        for pattern in (*cues.not_credentials, *cues.not_patterns)
    ]


PATTERN_KINDS = ("phrase", "exact", "token")


def pattern_kind(pattern: dict[str, Any]) -> str:
    """Which matcher takes a pattern: case-folded phrases, case-exact phrases, or token patterns."""
    if not isinstance(pattern["pattern"], str):
        return "token"
    return "exact" if is_case_exact(pattern["pattern"]) else "phrase"


def credential_patterns(
    taxonomy_path: Path | None = None, cues_path: Path | None = None, *, kind: str = "phrase"
) -> list[dict[str, Any]]:
    """The patterns of one credential matcher (see `pattern_kind`)."""
    if kind not in PATTERN_KINDS:
        raise ValueError(f"kind must be one of {PATTERN_KINDS}, got {kind!r}")
    cues = load_cues(cues_path)
    patterns = [
        *compile_patterns(load_taxonomy(taxonomy_path)),
        *shape_patterns(cues),
        *exclusion_patterns(cues),
    ]
    return [p for p in patterns if pattern_kind(p) == kind]


@spacy.registry.misc("credscope.credential_patterns.v1")
def credential_patterns_v1(
    taxonomy_path: str | None = None, cues_path: str | None = None, kind: str = "phrase"
) -> list[dict[str, Any]]:
    """Registered loader (v1) for the credential matchers' `initialize.patterns`."""
    return credential_patterns(
        Path(taxonomy_path) if taxonomy_path else None,
        Path(cues_path) if cues_path else None,
        kind=kind,
    )


@spacy.registry.misc("credscope.cues.v1")
def cues_v1(cues_path: str | None = None) -> dict[str, Any]:
    """Registered loader (v1) for the components' `initialize.cues`: data/cues, checked, as the
    JSON-ready dict `Cues.to_dict()` gives (spaCy validates initialize settings as data)."""
    return load_cues(Path(cues_path) if cues_path else None).to_dict()


@spacy.registry.misc("credscope.credential_facts.v1")
def credential_facts_v1(taxonomy_path: str | None = None) -> dict[str, dict[str, Any]]:
    """Registered loader (v1) for the resolver's `initialize.credentials`: per taxonomy id, the
    level, label, issuer and whether the name is also a job title."""
    taxonomy = load_taxonomy(Path(taxonomy_path) if taxonomy_path else None)
    return {
        c.id: {"level": c.level, "title_like": c.title_like, "label": c.label, "issuer": c.issuer}
        for c in taxonomy.credentials.values()
    }


@spacy.registry.misc("credscope.decider.v1")
def decider_v1(model_dir: str | None = None) -> DeciderModel | None:
    """Registered loader (v1) for the decision layer's `initialize.model`: the trained weights in
    data/models/decider, or None when there are none (the rules then decide)."""
    folder = Path(model_dir) if model_dir else decider_dir()
    return DeciderModel.load_if_saved(folder)
