"""ConText-style modifier resolution: which cues reach a credential mention, and what they make it."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from analyzer.cues import ModifierRule

SENTENCE_ENDS = frozenset({".", ";", "!", "?"})
STRENGTH_CATEGORIES = frozenset({"REQUIRED", "PREFERRED", "NEGATED"})
SHIELDS = frozenset({"NEGATED", "HYPOTHETICAL"})
LISTING_STRENGTHS = frozenset({"required", "preferred"})
QUIET_SECTIONS = frozenset({"benefits", "about"})

Line = tuple[int, int, str, str, bool]


@dataclass(frozen=True)
class CueMatch:
    """One modifier cue found in the text (token offsets)."""

    rule: ModifierRule
    start: int
    end: int

    @property
    def category(self) -> str:
        """The cue's category (REQUIRED, PREFERRED, ...)."""
        return self.rule.category

    def contains(self, other: CueMatch | Span) -> bool:
        """Whether `other` lies within this cue."""
        return self.start <= other.start and other.end <= self.end and self is not other


class SentenceIndex:
    """Token → line and token → sentence lookups for one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.lines: list[Line] = doc._.sections
        starts = [line[0] for line in self.lines]
        self.token_line = [bisect_right(starts, token.idx) - 1 for token in doc]
        self.token_sentence = self._sentences()

    def _sentences(self) -> list[int]:
        sentence, previous_line, ids = 0, 0, []
        ended = False
        for token, line in zip(self.doc, self.token_line, strict=True):
            if line != previous_line or ended:
                sentence += 1
            ids.append(sentence)
            ended = token.text in SENTENCE_ENDS
            previous_line = line
        return ids

    def line_of(self, span: Span) -> Line:
        """The line (start_char, end_char, section, strength, heading_only) a span starts on."""
        return self.lines[self.token_line[span.start]]

    def sentence_of(self, token_index: int) -> int:
        """The sentence number of a token."""
        return self.token_sentence[token_index]

    def followed_by_colon(self, cue: CueMatch) -> bool:
        """Whether the cue is a label ("Preferred:"), which looks forward only."""
        return cue.end < len(self.doc) and self.doc[cue.end].text == ":"


class Resolver:
    """Apply the cues of a Doc to each candidate credential span."""

    def __init__(self, index: SentenceIndex, cues: list[CueMatch]) -> None:
        self.index = index
        self.by_sentence: dict[int, list[CueMatch]] = {}
        self.posting_cues: list[CueMatch] = []
        for cue in cues:
            if cue.rule.scope == "posting" and cue.category == "EXPERIENCE_SUBSTITUTE":
                self.posting_cues.append(cue)
            elif cue.rule.scope == "sentence":
                self.by_sentence.setdefault(index.sentence_of(cue.start), []).append(cue)

    def resolve(self, span: Span, line: Line, title_like: bool) -> tuple[str, bool] | None:
        """(strength, experience_substitute) for a candidate, or None when it is not a request."""
        _, _, section, section_strength, heading_only = line
        if heading_only or section == "title" or self._inside_posting_cue(span):
            return None
        reaching = self._reaching(span)
        categories = {cue.category for cue in reaching}
        if "OFFERED" in categories:
            return None
        nearest = self._nearest_strength(span, reaching)
        if nearest is not None and nearest.category == "NEGATED":
            return None
        asked = nearest is not None or "HOLDER" in categories
        if section in QUIET_SECTIONS and not asked:
            return None
        listed = section_strength in LISTING_STRENGTHS
        if title_like and not (asked or listed or "HYPOTHETICAL" in categories):
            return None
        if nearest is not None and nearest.rule.weight == 1 and section_strength == "preferred":
            strength = section_strength
        elif nearest is not None:
            strength = nearest.category.lower()
        elif "HYPOTHETICAL" in categories:
            strength = "unspecified"
        else:
            strength = section_strength
        return strength, self._substitutable(span, reaching)

    def _inside_posting_cue(self, span: Span) -> bool:
        return any(cue.contains(span) for cue in self.posting_cues)

    def _reaching(self, span: Span) -> list[CueMatch]:
        cues = self.by_sentence.get(self.index.sentence_of(span.start), [])
        return [cue for cue in cues if self._applies(cue, span)]

    def _applies(self, cue: CueMatch, span: Span) -> bool:
        before = cue.end <= span.start
        if not before and cue.start < span.end:
            return False
        if before:
            return cue.rule.direction != "backward"
        return cue.rule.direction != "forward" and not self.index.followed_by_colon(cue)

    def _nearest_strength(self, span: Span, reaching: list[CueMatch]) -> CueMatch | None:
        shields = [cue for cue in reaching if cue.category in SHIELDS]
        strength_cues = [
            cue
            for cue in reaching
            if cue.category in STRENGTH_CATEGORIES
            and not any(shield.contains(cue) for shield in shields)
        ]
        if not strength_cues:
            return None
        heaviest = max(cue.rule.weight for cue in strength_cues)
        return min(
            (cue for cue in strength_cues if cue.rule.weight == heaviest),
            key=lambda cue: (_distance(cue, span), cue.end > span.start),
        )

    def _substitutable(self, span: Span, reaching: list[CueMatch]) -> bool:
        in_sentence = any(
            cue.category == "EXPERIENCE_SUBSTITUTE" and span.label_ in cue.rule.types
            for cue in reaching
        )
        return in_sentence or any(span.label_ in cue.rule.types for cue in self.posting_cues)


def _distance(cue: CueMatch, span: Span) -> int:
    return span.start - cue.end if cue.end <= span.start else cue.start - span.end
