"""Skip text that cannot hold a credential: an Aho-Corasick scan keeps only the lines that matter.

A line is kept when it holds a trigger (a word every credential pattern needs, or a posting-wide
equivalency cue), when it is a heading or a lead-in ("You will have:"), or when it is the first
line. Every other rule of the pipeline works within a line, so analysing the kept lines gives the
same result as analysing the whole text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

from analyzer.sections import HeadingClassifier

NEWLINE = re.compile("\n")
FOLDS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))
LITERAL_KEYS = ("ORTH", "LOWER", "NORM", "TEXT")
OPTIONAL_OPS = ("?", "*", "!")


@dataclass(frozen=True)
class Reduced:
    """The kept lines joined by newlines, and where each kept line starts in the original text."""

    text: str
    reduced_starts: tuple[int, ...]
    original_starts: tuple[int, ...]

    def to_original(self, offset: int) -> int:
        """Map a character offset in the reduced text back to the original text."""
        index = bisect_right(self.reduced_starts, offset) - 1
        return offset - self.reduced_starts[index] + self.original_starts[index]


def fold(text: str) -> str:
    """Lowercase and fold curly quotes and dashes, as spaCy's NORM does (length preserved)."""
    folded = text.lower()
    for char, replacement in FOLDS:
        if char in folded:
            folded = folded.replace(char, replacement)
    return folded


Trigger = tuple[str, bool]  # (string, matched with its exact case)


def pattern_trigger(pattern: Any, exact: bool = False) -> list[Trigger] | None:
    """Strings one of which must appear in any text the pattern matches (None: no such strings).

    A phrase is its own trigger (`exact`: matched with its case); for a token pattern, the most
    selective literal among its required tokens is chosen.
    """
    if isinstance(pattern, str):
        return [(pattern, True)] if exact else [(fold(pattern), False)]
    options = [values for token in pattern if (values := _required_literals(token))]
    if not options:
        return None
    return max(options, key=lambda values: min(len(v.strip()) for v, _ in values))


def _required_literals(token: dict[str, Any]) -> list[Trigger] | None:
    op = str(token.get("OP", "1"))
    if op.startswith(OPTIONAL_OPS) or op.startswith("{0") or op.startswith("{,"):
        return None
    for key in LITERAL_KEYS:
        value = token.get(key)
        exact = key in ("ORTH", "TEXT")
        if isinstance(value, str):
            return [(value if exact else fold(value), exact)]
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            return [(v if exact else fold(v), exact) for v in value["IN"]]
    return None


class Prefilter:
    """Finds the lines of a text worth analysing."""

    def __init__(
        self,
        patterns: Iterable[Any],
        headings: HeadingClassifier,
        exact_phrases: Iterable[str] = (),
    ) -> None:
        self.headings = headings
        self.folded = ahocorasick.Automaton()
        self.exact = ahocorasick.Automaton()
        self.complete = True
        sources = [*((p, False) for p in patterns), *((p, True) for p in exact_phrases)]
        for pattern, exact in sources:
            triggers = pattern_trigger(pattern, exact)
            if triggers is None:
                self.complete = False
                continue
            for trigger, exact in triggers:
                if trigger.strip():
                    (self.exact if exact else self.folded).add_word(trigger, trigger)
        for automaton in (self.folded, self.exact):
            if len(automaton):
                automaton.make_automaton()
        self.complete = self.complete and len(self.folded) > 0

    def reduce(self, text: str) -> Reduced:
        """The kept lines of `text` (all of it when the scan cannot be trusted)."""
        folded = fold(text)
        if not self.complete or len(folded) != len(text):
            return Reduced(text, (0,), (0,))
        line_starts = [0, *(match.end() for match in NEWLINE.finditer(text))]
        keep = {0, 1}  # the title line, and a line after it so it still reads as a title
        for haystack, automaton in ((folded, self.folded), (text, self.exact)):
            if len(automaton):
                keep |= _lines_with_triggers(haystack, text, automaton, line_starts)
        return self._join(text, line_starts, keep)

    def _structural(self, line: str) -> bool:
        """Headings and lead-in lines ("You will have:") shape how the lines after them are read."""
        return line.rstrip().endswith(":") or self.headings.classify(line).section is not None

    def _join(self, text: str, line_starts: list[int], keep: set[int]) -> Reduced:
        parts, reduced_starts, original_starts = [], [], []
        position = 0
        for index, start in enumerate(line_starts):
            end = line_starts[index + 1] - 1 if index + 1 < len(line_starts) else len(text)
            line = text[start:end]
            if index not in keep and not self._structural(line):
                continue
            parts.append(line)
            reduced_starts.append(position)
            original_starts.append(start)
            position += len(line) + 1
        return Reduced("\n".join(parts), tuple(reduced_starts), tuple(original_starts))


def _lines_with_triggers(
    haystack: str, text: str, automaton: Any, line_starts: list[int]
) -> set[int]:
    """The lines holding a trigger as whole tokens. Once a line is kept the scan resumes after it,
    so a line holding a million triggers costs one check, not a million."""
    keep: set[int] = set()
    position = 0
    while position < len(haystack):
        position = _next_kept_line(haystack, text, automaton, line_starts, position, keep)
    return keep


def _next_kept_line(
    haystack: str, text: str, automaton: Any, line_starts: list[int], position: int, keep: set[int]
) -> int:
    """Scan from position to the first trigger at word boundaries; keep its line, return its end."""
    for end, trigger in automaton.iter(haystack, position):
        start = end - len(trigger) + 1
        if start >= position and _at_boundaries(haystack, text, start, end, trigger):
            line = bisect_right(line_starts, start) - 1
            keep.add(line)
            return line_starts[line + 1] if line + 1 < len(line_starts) else len(haystack)
    return len(haystack)


def _at_boundaries(folded: str, original: str, start: int, end: int, trigger: str) -> bool:
    """Whether a trigger stands as whole tokens: not inside a word, unless the words are glued
    where markup was lost ("companyQualifications", "plus5"), which the tokenizer splits."""
    if trigger[0].isalnum() and start > 0 and folded[start - 1].isalnum():
        glued = original[start].isupper() and original[start - 1].islower()
        if not glued:
            return False
    after = end + 1
    if trigger[-1].isalnum() and after < len(folded) and folded[after].isalnum():
        glued = original[after].isupper() or (original[after].isdigit() and trigger[-1].isalpha())
        return glued and original[end].islower()
    return True
