"""Recognise section headings line by line (Requirements, Essential, Desirable, Benefits, ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

BULLET = re.compile(r"^[\s•·●▪◦■□➢►▶✓✔*>\-–—#]*(?:\(?[0-9ivxIVX]{1,3}[.)]\s+|\(?[a-h][.)]\s+)?")
TRAILING = re.compile(r"[\s:*#.\-–—]+$")
INLINE = re.compile(r"^\s*([^:]{2,60}):\s*(\S.*)$")
MAX_HEADING_WORDS = 9
MAX_TITLED_WORDS = 6


@dataclass(frozen=True)
class LineKind:
    """What a line is: a heading (whole line), an inline heading ("Essential: ..."), or content."""

    section: str | None
    strength: str | None
    heading_only: bool


CONTENT = LineKind(None, None, False)


def heading_key(text: str) -> str:
    """The lowercase words of a heading candidate, bullets and trailing punctuation removed."""
    text = TRAILING.sub("", BULLET.sub("", text.replace("’", "'")))
    return " ".join(text.lower().replace("&", " & ").replace(",", " ").split())


FIRST_WORD = re.compile(r"[^A-Za-z]*([A-Za-z'’]+)")


class HeadingClassifier:
    """Classifies lines against the heading phrases; lines that cannot be headings exit early."""

    def __init__(self, headings: dict[str, tuple[str, str]], minor_words: frozenset[str]) -> None:
        self.headings = headings
        self.minor_words = minor_words
        self.first_words = {phrase.split()[0] for phrase in headings if phrase.split()}
        self.first_words |= {word.split("'")[0] for word in self.first_words}

    def classify(self, line: str) -> LineKind:
        """What this line is: a heading, an inline heading, or content."""
        first = FIRST_WORD.match(line)
        word = first.group(1).lower().replace("’", "'") if first else ""
        if word not in self.first_words and word.split("'")[0] not in self.first_words:
            return CONTENT
        return classify_line(line, self.headings, self.minor_words)


def classify_line(
    line: str, headings: dict[str, tuple[str, str]], minor_words: frozenset[str]
) -> LineKind:
    """Classify one line against the heading phrases."""
    stripped = line.strip()
    if not stripped or len(stripped) > 120:
        return CONTENT
    key = heading_key(stripped)
    if key in headings:
        return LineKind(*headings[key], heading_only=True)
    inline = INLINE.match(stripped)
    if inline:
        label = heading_key(inline.group(1))
        found = headings.get(label) or _prefix_heading(label, headings, whole=True)
        if found:
            return LineKind(*found, heading_only=False)
    colon_line = stripped.endswith(":") and len(key.split()) <= MAX_HEADING_WORDS
    if colon_line or _titled(stripped, minor_words):
        match = _prefix_heading(key, headings)
        if match:
            return LineKind(*match, heading_only=True)
    return CONTENT


def _titled(line: str, minor_words: frozenset[str]) -> bool:
    """A short Title Case or capitals line, no digits ("Minimum Education and Experience")."""
    words = line.split()
    if not 1 < len(words) <= MAX_TITLED_WORDS or any(c.isdigit() for c in line):
        return False
    return all(w[0].isupper() or w.lower() in minor_words for w in words if w[0].isalpha())


def _prefix_heading(
    key: str, headings: dict[str, tuple[str, str]], whole: bool = False
) -> tuple[str, str] | None:
    """The heading a colon-terminated line starts with ("Minimum qualifications for this role:");
    `whole` lets the heading be all of `key` (an inline label: "Education Level Required")."""
    words = key.split()
    for size in range(min(len(words) - (0 if whole else 1), 6), 0, -1):
        prefix = " ".join(words[:size])
        if prefix in headings:
            return headings[prefix]
    return None
