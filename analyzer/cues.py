"""Load the cue data (`data/cues/*.yaml`): headings, modifiers, credential shapes, exclusions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from analyzer.grammar import Grammar, load_grammar
from analyzer.paths import cues_dir
from analyzer.taxonomy import SafeLoader, TaxonomyError
from analyzer.vocab import CREDENTIAL_TYPES, STRENGTHS


class CueCategory(StrEnum):
    """What a modifier cue does to the credentials it reaches (see data/cues/modifiers.yaml)."""

    REQUIRED = "REQUIRED"
    PREFERRED = "PREFERRED"
    NEGATED = "NEGATED"
    EXPERIENCE_SUBSTITUTE = "EXPERIENCE_SUBSTITUTE"
    OFFERED = "OFFERED"
    HOLDER = "HOLDER"
    HYPOTHETICAL = "HYPOTHETICAL"
    TERMINATE = "TERMINATE"


CATEGORIES: tuple[str, ...] = tuple(category.value for category in CueCategory)
DIRECTIONS = ("forward", "backward", "bidirectional")
SCOPES = ("sentence", "posting")
TUPLE_FIELDS = ("types", "phrases", "patterns", "terminates")


@dataclass(frozen=True)
class ModifierRule:
    """One modifier cue group: category, direction, scope and the credential types it targets."""

    key: str
    category: str
    direction: str
    scope: str
    types: tuple[str, ...]
    phrases: tuple[str, ...]
    patterns: tuple[Any, ...]
    weight: int = 2
    terminates: tuple[str, ...] = CATEGORIES


@dataclass(frozen=True)
class Cues:
    """All cue data the pipeline needs, as plain values (saved with the pipeline)."""

    headings: dict[str, tuple[str, str]]
    modifiers: tuple[ModifierRule, ...]
    shapes: tuple[dict[str, Any], ...]
    not_credentials: tuple[str, ...]
    not_patterns: tuple[Any, ...]
    grammar: Grammar

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy, for `nlp.to_disk`."""
        return {
            "headings": {k: list(v) for k, v in self.headings.items()},
            "modifiers": [rule.__dict__ for rule in self.modifiers],
            "shapes": list(self.shapes),
            "not_credentials": list(self.not_credentials),
            "not_patterns": list(self.not_patterns),
            "grammar": self.grammar.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cues:
        """Rebuild from `to_dict` output."""
        rules = tuple(
            ModifierRule(**{**r, **{k: tuple(r[k]) for k in TUPLE_FIELDS}})
            for r in data["modifiers"]
        )
        headings = {k: (v[0], v[1]) for k, v in data["headings"].items()}
        return cls(
            headings,
            rules,
            tuple(data["shapes"]),
            tuple(data["not_credentials"]),
            tuple(data.get("not_patterns", ())),
            Grammar.from_dict(data["grammar"]),
        )


def load_cues(directory: Path | None = None) -> Cues:
    """Read and check the cue files; raise TaxonomyError naming the file and entry at fault."""
    folder = directory or cues_dir()
    return Cues(
        headings=_headings(_read(folder / "sections.yaml", "headings")),
        modifiers=_modifiers(_read(folder / "modifiers.yaml", "modifiers")),
        shapes=_shapes(_read(folder / "shapes.yaml", "shapes")),
        not_credentials=tuple(_read(folder / "exclusions.yaml", "not_credentials")),
        not_patterns=tuple(_read(folder / "exclusions.yaml", "not_patterns")),
        grammar=load_grammar(folder),
    )


def _read(path: Path, key: str) -> list[Any]:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except (OSError, yaml.YAMLError) as error:
        raise TaxonomyError(f"{path}: cannot read cue file: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise TaxonomyError(f"{path}: expected a mapping with a list under '{key}'")
    return document[key]


def _headings(groups: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    headings: dict[str, tuple[str, str]] = {}
    for index, group in enumerate(groups):
        if group.get("strength") not in STRENGTHS or not group.get("section"):
            raise TaxonomyError(f"sections.yaml: group {index}: needs a section and a strength")
        for phrase in group.get("phrases") or []:
            headings[" ".join(phrase.lower().split())] = (group["section"], group["strength"])
    return headings


def _modifiers(groups: list[dict[str, Any]]) -> tuple[ModifierRule, ...]:
    rules = []
    for index, group in enumerate(groups):
        where = f"modifiers.yaml: group {index}"
        if group.get("category") not in CATEGORIES:
            raise TaxonomyError(f"{where}: category must be one of {', '.join(CATEGORIES)}")
        if group.get("direction") not in DIRECTIONS or group.get("scope") not in SCOPES:
            raise TaxonomyError(f"{where}: bad direction or scope")
        unknown = set(group.get("terminates") or ()) - set(CATEGORIES)
        if unknown:
            raise TaxonomyError(f"{where}: unknown categories in 'terminates': {sorted(unknown)}")
        types = tuple(group.get("types") or CREDENTIAL_TYPES)
        if set(types) - set(CREDENTIAL_TYPES):
            raise TaxonomyError(
                f"{where}: unknown types {sorted(set(types) - set(CREDENTIAL_TYPES))}"
            )
        rules.append(
            ModifierRule(
                key=f"mod{index}",
                category=group["category"],
                direction=group["direction"],
                scope=group["scope"],
                types=types,
                phrases=tuple(group.get("phrases") or ()),
                patterns=tuple(group.get("patterns") or ()),
                weight=int(group.get("weight", 2)),
                terminates=tuple(group.get("terminates") or CATEGORIES),
            )
        )
    return tuple(rules)


def _shapes(groups: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    for index, group in enumerate(groups):
        if group.get("type") not in CREDENTIAL_TYPES or not group.get("patterns"):
            raise TaxonomyError(f"shapes.yaml: group {index}: needs a type and patterns")
    return tuple(groups)
