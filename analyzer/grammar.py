"""The function words components and taxonomy checks read (`data/cues/grammar.yaml`)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from analyzer.paths import cues_dir

GRAMMAR_FILE = "grammar.yaml"


@dataclass(frozen=True)
class Grammar:
    """Word lists from grammar.yaml, with the patterns built from them."""

    context_tail: tuple[str, ...]
    degree_joiners: tuple[str, ...]
    list_joiners: tuple[str, ...]
    chain_breaks: tuple[str, ...]
    title_minor_words: tuple[str, ...]
    alias_equivalent_tails: tuple[str, ...]
    alias_strength_tails: tuple[str, ...]
    alias_loose_starts: tuple[str, ...]
    alias_loose_ends: tuple[str, ...]

    @cached_property
    def degree_joiner(self) -> re.Pattern[str]:
        """What may stand between two degrees joined into one mention."""
        return re.compile(rf"(?:[ \t]|/|\\|,|&|\+|\(|\)|{_words(self.degree_joiners)})+", re.I)

    @cached_property
    def list_joiner(self) -> re.Pattern[str]:
        """What may stand between two items of a bracketed list."""
        return re.compile(rf"[ \t]*(?:,|/|&|;)?[ \t]*(?:{_words(self.list_joiners)})?[ \t]*", re.I)

    @cached_property
    def chain_break(self) -> re.Pattern[str]:
        """What ends a chain of credentials an experience cue reaches back over."""
        return re.compile(rf";|&|{_words(self.chain_breaks)}", re.I)

    @cached_property
    def alias_equivalent_tail(self) -> re.Pattern[str]:
        """An alias ending in an equivalency cue."""
        return re.compile(rf"{_words(self.alias_equivalent_tails)}\s*$", re.I)

    @cached_property
    def alias_strength_tail(self) -> re.Pattern[str]:
        """An alias ending in a strength cue."""
        return re.compile(rf"{_words(self.alias_strength_tails)}\s*$", re.I)

    @cached_property
    def alias_loose_end(self) -> re.Pattern[str]:
        """An alias starting with a cue word or ending in a joining word."""
        starts, ends = _words(self.alias_loose_starts), _words(self.alias_loose_ends)
        return re.compile(rf"^(?:{starts})|(?:{ends})$", re.I)

    def to_dict(self) -> dict[str, list[str]]:
        """A JSON-ready copy, for `nlp.to_disk`."""
        return {name: list(values) for name, values in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Grammar:
        """Rebuild from `to_dict` output or the YAML file's mapping."""
        missing = [f.name for f in fields(cls) if f.name not in data]
        if missing:
            raise ValueError(f"{GRAMMAR_FILE}: missing {', '.join(missing)}")
        return cls(**{f.name: tuple(str(word) for word in data[f.name]) for f in fields(cls)})


def _words(words: tuple[str, ...]) -> str:
    """A group matching any of the words whole, longest first."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in ordered) + ")"


def load_grammar(folder: Path | None = None) -> Grammar:
    """Read grammar.yaml from the cues folder."""
    path = (folder or cues_dir()) / GRAMMAR_FILE
    return Grammar.from_dict(yaml.safe_load(path.read_text("utf-8")))


@cache
def shared_grammar() -> Grammar:
    """The grammar of the configured data folder, read once per process."""
    return load_grammar()
