"""Run token patterns only on the lines that hold one of their literal words.

spaCy's Matcher tries every pattern at every token, so its cost grows with patterns × tokens. Most
token patterns need a literal word ("certification", "MS", "or"); a line without any such word
cannot match, so the Matcher runs only on the lines that hold one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from spacy.attrs import IDX, LOWER, NORM, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from analyzer.prefilter import pattern_trigger

Match = tuple[int, int, int]
NEWLINE = re.compile("\n")


Trigger = tuple[int, bool]  # (string hash, matched with its exact case)


class GatedMatcher:
    """A Matcher whose patterns run only on the lines (or windows) holding their trigger words.

    Patterns sharing one set of trigger words form a group with a Matcher of its own.
    """

    def __init__(self, vocab: Vocab, patterns: Iterable[tuple[str, list[dict[str, Any]]]]) -> None:
        self.vocab = vocab
        self.ungated = Matcher(vocab)
        self.groups: dict[frozenset[Trigger], Matcher] = {}
        for key, pattern in patterns:
            triggers = pattern_trigger(pattern)
            if triggers is None:
                self.ungated.add(key, [pattern])
                continue
            hashed = frozenset((vocab.strings.add(text), exact) for text, exact in triggers)
            self.groups.setdefault(hashed, Matcher(vocab)).add(key, [pattern])
        every: set[Trigger] = set().union(*self.groups) if self.groups else set()
        self.exact = {h for h, exact in every if exact}
        self.folded = {h for h, exact in every if not exact}

    def __len__(self) -> int:
        return len(self.ungated) + sum(len(matcher) for matcher in self.groups.values())

    def __call__(self, doc: Doc, windows: Sequence[Span] | None = None) -> list[Match]:
        """Matches (match_id, start, end) in the doc, looking only where a trigger word occurs."""
        matches: list[Match] = list(self.ungated(doc)) if len(self.ungated) else []
        found = self._trigger_positions(doc) if self.groups and len(doc) else {}
        if not found:
            return matches
        spans = list(windows) if windows is not None else line_spans(doc)
        if not spans:
            return matches
        starts = np.array([span.start for span in spans])
        for triggers, matcher in self.groups.items():
            positions = [p for trigger in triggers for p in found.get(trigger, ())]
            if not positions:
                continue
            for index in set((np.searchsorted(starts, positions, side="right") - 1).tolist()):
                window = spans[max(index, 0)]
                if index >= 0 and any(window.start <= p < window.end for p in positions):
                    offset = window.start
                    matches.extend((m, offset + s, offset + e) for m, s, e in matcher(window))
        return matches

    def _trigger_positions(self, doc: Doc) -> dict[Trigger, list[int]]:
        """Token positions of every trigger word in the doc."""
        found: dict[Trigger, list[int]] = {}
        orth, lower, norm = doc.to_array([ORTH, LOWER, NORM]).astype(np.uint64).T.tolist()
        for position, (exact, folded, normed) in enumerate(zip(orth, lower, norm, strict=True)):
            if exact in self.exact:
                found.setdefault((exact, True), []).append(position)
            if folded in self.folded:
                found.setdefault((folded, False), []).append(position)
            if normed != folded and normed in self.folded:
                found.setdefault((normed, False), []).append(position)
        return found


def line_spans(doc: Doc) -> list[Span]:
    """One span per line of text (tokens grouped by the line they start on)."""
    if doc.has_extension("sections") and doc._.sections is not None:
        starts = [line[0] for line in doc._.sections]
    else:
        starts = [0, *(m.end() for m in NEWLINE.finditer(doc.text))]
    token_starts = doc.to_array([IDX]).reshape(-1)
    bounds = np.searchsorted(token_starts, starts)
    ends = [*bounds[1:], len(doc)]
    return [doc[int(s) : int(e)] for s, e in zip(bounds, ends, strict=True) if e > s]
