"""Load and validate the credential taxonomy (`data/taxonomy/*.yaml`) and compile it to patterns."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.matcher import Matcher

from analyzer.grammar import shared_grammar
from analyzer.paths import taxonomy_dir
from analyzer.vocab import CREDENTIAL_TYPES, DEGREE_LEVELS, UNSPECIFIED_LEVEL


class EntryKey(StrEnum):
    """The keys a taxonomy entry may have (the first three are required)."""

    ID = "id"
    TYPE = "type"
    LABEL = "label"
    ALIASES = "aliases"
    ISSUER = "issuer"
    LEVEL = "level"
    NOT = "not"
    TITLE_LIKE = "title_like"
    PATTERNS = "patterns"
    RENEWAL_YEARS = "renewal_years"
    STUDY_TIME = "study_time"
    SOURCE = "source"
    NOTES = "notes"


REQUIRED_KEYS = frozenset({EntryKey.ID.value, EntryKey.TYPE.value, EntryKey.LABEL.value})
OPTIONAL_KEYS = frozenset(key.value for key in EntryKey) - REQUIRED_KEYS
ID_SHAPE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
NOT_LABEL = "NOT"
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class TaxonomyError(ValueError):
    """The taxonomy files are invalid; the message names every file and entry at fault."""


@dataclass(frozen=True)
class Credential:
    """One taxonomy entry."""

    id: str
    type: str
    label: str
    issuer: str | None = None
    level: str | None = None
    aliases: tuple[str, ...] = ()
    not_phrases: tuple[str, ...] = ()
    title_like: bool = False
    patterns: tuple[Any, ...] = ()
    renewal_years: float | None = None
    study_time: str | None = None
    source: str | None = None
    official_url: str | None = None
    prerequisites: str | None = None
    facts_source: str | None = None
    file: str = ""


@dataclass
class Taxonomy:
    """All credentials by id, with a version hash of the files they came from."""

    credentials: dict[str, Credential] = field(default_factory=dict)
    version: str = ""

    def __len__(self) -> int:
        return len(self.credentials)

    def get(self, credential_id: str) -> Credential | None:
        """The credential with this id, or None."""
        return self.credentials.get(credential_id)

    def by_type(self) -> dict[str, int]:
        """How many credentials of each type."""
        counts = dict.fromkeys(CREDENTIAL_TYPES, 0)
        for credential in self.credentials.values():
            counts[credential.type] += 1
        return counts


def taxonomy_files(directory: Path | None = None) -> list[Path]:
    """The taxonomy YAML files, in a stable order."""
    return sorted((directory or taxonomy_dir()).glob("*.yaml"))


def taxonomy_version(files: Iterable[Path]) -> str:
    """A short hash of the taxonomy files' names and contents."""
    digest = hashlib.sha1()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load_taxonomy(directory: Path | None = None) -> Taxonomy:
    """Load and validate every taxonomy file; raise TaxonomyError listing all problems."""
    files = taxonomy_files(directory)
    if not files:
        raise TaxonomyError(f"no taxonomy files (*.yaml) in {directory or taxonomy_dir()}")
    return _load_version(tuple(files), taxonomy_version(files))


@lru_cache(maxsize=8)
def _load_version(files: tuple[Path, ...], version: str) -> Taxonomy:
    """Parse the files once per version (the pipeline's components all read the taxonomy)."""
    taxonomy = Taxonomy(version=version)
    problems: list[str] = []
    for path in files:
        for credential in _read_file(path, problems):
            if credential.id in taxonomy.credentials:
                other = taxonomy.credentials[credential.id].file
                problems.append(f"{path.name}: {credential.id}: duplicate id (also in {other})")
            else:
                taxonomy.credentials[credential.id] = credential
    problems.extend(_alias_clashes(taxonomy.credentials.values()))
    problems.extend(_pattern_problems(taxonomy.credentials.values()))
    if problems:
        raise TaxonomyError("invalid taxonomy:\n  " + "\n  ".join(problems))
    return taxonomy


def _read_file(path: Path, problems: list[str]) -> Iterator[Credential]:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.append(f"{path.name}: cannot parse: {error}")
        return
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        problems.append(f"{path.name}: expected a mapping with a list under 'entries'")
        return
    for index, entry in enumerate(document["entries"]):
        where = f"{path.name}: entry {index}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where = f"{path.name}: {entry['id']}"
        entry_problems = _entry_problems(entry)
        if entry_problems:
            problems.extend(f"{where}: {problem}" for problem in entry_problems)
        else:
            yield _to_credential(entry, path.name)


def _entry_problems(entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        return ["entry is not a mapping"]
    problems = [f"missing key '{key}'" for key in sorted(REQUIRED_KEYS - entry.keys())]
    problems += [
        f"unknown key '{key}'" for key in sorted(entry.keys() - REQUIRED_KEYS - OPTIONAL_KEYS)
    ]
    if problems:
        return problems
    if not isinstance(entry["id"], str) or not ID_SHAPE.match(entry["id"]):
        problems.append(f"bad id {entry['id']!r} (lowercase letters, digits, '.', '_', '-')")
    if entry["type"] not in CREDENTIAL_TYPES:
        problems.append(f"bad type {entry['type']!r} (one of {', '.join(CREDENTIAL_TYPES)})")
    if not isinstance(entry["label"], str) or not entry["label"].strip():
        problems.append("label must be a non-empty string")
    problems += _level_problems(entry)
    for key in ("aliases", "not"):
        values = entry.get(key) or []
        if not isinstance(values, list) or not all(
            isinstance(v, str) and v.strip() for v in values
        ):
            problems.append(f"'{key}' must be a list of non-empty strings")
    aliases = [a for a in entry.get("aliases") or [] if isinstance(a, str)]
    grammar = shared_grammar()
    if any(grammar.alias_equivalent_tail.search(a) for a in aliases):
        problems.append("an alias ends in 'or equivalent': equivalency cues belong in data/cues")
    if any(grammar.alias_loose_end.search(a.strip()) for a in aliases):
        problems.append("an alias starts with a cue ('working towards') or ends in a joining word")
    if any(grammar.alias_strength_tail.search(a) for a in aliases):
        problems.append(
            "an alias ends in a strength cue ('preferred', ...): cues belong in data/cues"
        )
    if "title_like" in entry and not isinstance(entry["title_like"], bool):
        problems.append("'title_like' must be true or false")
    if not isinstance(entry.get("patterns") or [], list):
        problems.append("'patterns' must be a list of token patterns")
    renewal = entry.get("renewal_years")
    if renewal is not None and (not isinstance(renewal, int | float) or renewal <= 0):
        problems.append("'renewal_years' must be a positive number")
    return problems


def _level_problems(entry: dict[str, Any]) -> list[str]:
    level = entry.get("level")
    levels = (*DEGREE_LEVELS, UNSPECIFIED_LEVEL)
    if entry["type"] == "degree" and level not in levels:
        return [f"degree needs a level (one of {', '.join(levels)}), got {level!r}"]
    if entry["type"] != "degree" and level is not None:
        return ["only degrees have a level"]
    return []


def _to_credential(entry: dict[str, Any], file: str) -> Credential:
    return Credential(
        id=entry["id"],
        type=entry["type"],
        label=entry["label"].strip(),
        issuer=entry.get("issuer"),
        level=entry.get("level"),
        aliases=tuple(a.strip() for a in entry.get("aliases") or []),
        not_phrases=tuple(n.strip() for n in entry.get("not") or []),
        title_like=bool(entry.get("title_like", False)),
        patterns=tuple(entry.get("patterns") or []),
        renewal_years=entry.get("renewal_years"),
        study_time=entry.get("study_time"),
        source=entry.get("source"),
        file=file,
    )


def is_case_exact(alias: str) -> bool:
    """Whether an alias is matched with its exact case: at most five letters, and all capitals or
    mixed with two or more ("CPA", "TS/SCI", "BEd", "FdA": not "do", "bed", "fda")."""
    letters = [c for c in alias if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return 0 < len(letters) <= 5 and (capitals == len(letters) or capitals >= 2)


def alias_key(alias: str) -> str:
    """The key under which two aliases count as the same phrase."""
    folded = alias if is_case_exact(alias) else alias.lower()
    return " ".join(folded.split())


def _alias_clashes(credentials: Iterable[Credential]) -> list[str]:
    owners: dict[str, str] = {}
    problems = []
    for credential in credentials:
        for alias in {alias_key(a) for a in (credential.label, *credential.aliases)}:
            owner = owners.setdefault(alias, credential.id)
            if owner != credential.id:
                problems.append(
                    f"{credential.file}: {credential.id}: alias {alias!r} also in {owner}"
                )
    return problems


def _pattern_problems(credentials: Iterable[Credential]) -> list[str]:
    nlp = spacy.blank("en")
    problems = []
    for credential in credentials:
        for index, pattern in enumerate(credential.patterns):
            matcher = Matcher(nlp.vocab, validate=True)
            try:
                matcher.add(f"p{index}", [pattern])
            except (ValueError, TypeError, KeyError) as error:
                first_line = str(error).strip().splitlines()[0] if str(error).strip() else "invalid"
                problems.append(
                    f"{credential.file}: {credential.id}: pattern {index}: {first_line}"
                )
    return problems


def compile_patterns(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """span_ruler patterns: each credential's label, aliases, token patterns and `not` phrases.

    Phrases are strings (the ruler tokenizes them); `is_case_exact` says which ruler takes them.
    """
    patterns: list[dict[str, Any]] = []
    for credential in taxonomy.credentials.values():
        phrases = {alias_key(p): p for p in (credential.label, *credential.aliases)}
        for phrase in phrases.values():
            patterns.append({"label": credential.type, "pattern": phrase, "id": credential.id})
        for token_pattern in credential.patterns:
            patterns.append(
                {"label": credential.type, "pattern": token_pattern, "id": credential.id}
            )
        for phrase in credential.not_phrases:
            patterns.append({"label": NOT_LABEL, "pattern": phrase, "id": credential.id})
    return patterns
