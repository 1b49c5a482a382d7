"""ConText-style modifier resolution: which cues reach a credential mention, and their effect."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, IS_LOWER, IS_TITLE, IS_UPPER, LENGTH, ORTH, SPACY
from spacy.tokens import Doc, Span

from analyzer.cues import CueCategory, ModifierRule

SENTENCE_ENDS = frozenset({".", ";", "!", "?"})
STRENGTH_CATEGORIES = frozenset({"REQUIRED", "PREFERRED", "NEGATED"})
SHIELDS = frozenset({"NEGATED", "HYPOTHETICAL"})
LISTING_STRENGTHS = frozenset({"required", "preferred"})
QUIET_SECTIONS = frozenset({"benefits", "about"})


class RejectReason(StrEnum):
    """Why the rules say a candidate is not a credential request."""

    HEADING = "heading"  # the candidate is (part of) a heading line
    TITLE = "title"  # on the posting's title line
    INSIDE_CUE = "inside_cue"  # inside a cue phrase ("in lieu of a degree")
    GLUED = "glued"  # runs over glued list items
    OFFERED = "offered"  # training the employer offers
    NEGATED = "negated"  # said not to be needed
    QUIET_SECTION = "quiet_section"  # benefits or about-us text with no ask
    TITLE_LIKE = "title_like"  # a job-title-like phrase nobody asks candidates to hold


Line = tuple[int, int, str, str, bool]


@dataclass(frozen=True)
class Assessment:
    """What the rules say of one candidate: kept (reason None) or why not, and the cues seen."""

    reason: str | None
    strength: str
    substitute: bool
    section: str
    section_strength: str
    categories: frozenset[str]
    nearest: str | None


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
    """Token → line and token → sentence lookups for one Doc (computed on token arrays)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text: str = doc._.source_text or doc.text
        self.lines: list[Line] = doc._.sections
        columns = doc.to_array([IDX, ORTH, IS_TITLE, IS_UPPER, IS_ALPHA, IS_LOWER, SPACY, LENGTH])
        starts = np.array([line[0] for line in self.lines])
        line = np.searchsorted(starts, columns[:, 0], side="right") - 1
        self.token_line: list[int] = line.tolist()
        self.token_sentence: list[int] = self._sentences(doc, columns, line).tolist()
        orth = columns[:, 1].astype(np.uint64)
        self.opens = np.nonzero(orth == doc.vocab.strings.add("("))[0].tolist()
        self.closes = np.nonzero(orth == doc.vocab.strings.add(")"))[0].tolist()

    def bracket_of(self, token_index: int) -> int:
        """The "(" token enclosing a token in its sentence, or -1."""
        before = bisect_left(self.opens, token_index) - 1
        if before < 0:
            return -1
        opening = self.opens[before]
        if self.token_sentence[opening] != self.token_sentence[token_index]:
            return -1
        closing = bisect_right(self.closes, opening)
        if closing < len(self.closes) and self.closes[closing] < token_index:
            return -1
        return opening

    @staticmethod
    def _sentences(doc: Doc, columns: np.ndarray, line: np.ndarray) -> np.ndarray:
        """Sentence numbers: a new sentence at each line, after . ; ! ? and at glued list items."""
        orth = columns[:, 1].astype(np.uint64)
        ends = _any_of(orth, [doc.vocab.strings.add(text) for text in SENTENCE_ENDS])
        closers = _any_of(orth, [doc.vocab.strings.add(text) for text in (")", "]")])
        title, upper, alpha, lower, space = (columns[:, i] == 1 for i in range(2, 7))
        length = columns[:, 7]
        starts_item = title | (upper & (length > 2))
        glued_to = (alpha & lower) | closers
        new = np.zeros(len(orth), dtype=bool)
        new[1:] = (
            (line[1:] != line[:-1]) | ends[:-1] | (starts_item[1:] & ~space[:-1] & glued_to[:-1])
        )
        return np.cumsum(new)

    def line_index_of(self, span: Span) -> int:
        """The index of the line a span starts on."""
        return self.token_line[span.start]

    def sentence_of(self, token_index: int) -> int:
        """The sentence number of a token."""
        return self.token_sentence[token_index]

    def followed_by_colon(self, cue: CueMatch) -> bool:
        """Whether the cue is a label ("Preferred:"), which looks forward only."""
        return cue.end < len(self.doc) and self.doc[cue.end].text == ":"


class Resolver:
    """Apply the cues of a Doc to its candidate credential spans."""

    def __init__(
        self,
        index: SentenceIndex,
        cues: list[CueMatch],
        candidates: list[Span],
        chain_break: re.Pattern[str],
    ) -> None:
        self.index = index
        self.chain_break = chain_break
        self.by_sentence: dict[int, list[CueMatch]] = {}
        self.posting_cues: list[CueMatch] = []
        for cue in cues:
            if cue.rule.scope == "posting" and cue.category == "EXPERIENCE_SUBSTITUTE":
                self.posting_cues.append(cue)
            elif cue.rule.scope == "sentence":
                self.by_sentence.setdefault(index.sentence_of(cue.start), []).append(cue)
        self.listing = self._lead_in_strengths(cues)
        self.substituted = self._substituted(candidates)

    def assess(self, span: Span, title_like: bool) -> Assessment:
        """The rules' reading of a candidate: kept or the reason it is not a request, its strength
        and whether experience may stand in, with the cues and section that decided it."""
        line_index = self.index.line_index_of(span)
        _, _, section, section_strength, heading_only = self.index.lines[line_index]
        section_strength = self.listing.get(line_index) or section_strength
        reaching = self._reaching(span)
        categories = frozenset(cue.category for cue in reaching)
        nearest = self._nearest_strength(reaching)(span)
        strength = self._strength(nearest, categories, section_strength)
        substitute = span.start in self.substituted or any(
            span.label_ in cue.rule.types for cue in self.posting_cues
        )
        reason = self._rejection(span, section, heading_only)
        if reason is None:
            reason = _cue_rejection(nearest, categories, section, section_strength, title_like)
        nearest_category = nearest.category if nearest is not None else None
        return Assessment(
            reason, strength, substitute, section, section_strength, categories, nearest_category
        )

    def _rejection(self, span: Span, section: str, heading_only: bool) -> str | None:
        """Why the layout says a candidate is not a request (a heading, the title, ...), or None."""
        if heading_only:
            return RejectReason.HEADING
        if section == "title":
            return RejectReason.TITLE
        if self._inside_posting_cue(span):
            return RejectReason.INSIDE_CUE
        if self.index.sentence_of(span.start) != self.index.sentence_of(span.end - 1):
            return RejectReason.GLUED  # runs over glued list items ("...companyQualifications")
        return None

    @staticmethod
    def _strength(
        nearest: CueMatch | None, categories: frozenset[str], section_strength: str
    ) -> str:
        weak = nearest is None or nearest.rule.weight == 1
        if weak and "HYPOTHETICAL" in categories:
            return "unspecified"
        if nearest is not None and nearest.category == "NEGATED":
            return section_strength
        if nearest is not None and weak and section_strength == "preferred":
            return section_strength
        if nearest is not None:
            return nearest.category.lower()
        return section_strength

    def _inside_posting_cue(self, span: Span) -> bool:
        return any(cue.contains(span) for cue in self.posting_cues)

    def _sentence_cues(self, span: Span | CueMatch) -> list[CueMatch]:
        return self.by_sentence.get(self.index.sentence_of(span.start), [])

    def _reaching(self, span: Span) -> list[CueMatch]:
        cues = self._sentence_cues(span)
        stops = [cue for cue in cues if cue.category == "TERMINATE"]
        return [cue for cue in cues if self._applies(cue, span) and not _blocked(cue, span, stops)]

    def _applies(self, cue: CueMatch, span: Span) -> bool:
        """Whether the cue's direction reaches the span (a cue inside the span reaches nothing, a
        negation around it reaches it: "no degree required"; a cue in brackets reaches its own
        bracket and the credential right before it)."""
        before, after = cue.start < span.start, cue.end > span.end
        if cue.contains(span):
            return cue.category == CueCategory.NEGATED
        if before == after:
            return False
        bracket = self.index.bracket_of(cue.start)
        if bracket >= 0 and bracket != self.index.bracket_of(span.start) and span.end != bracket:
            return False
        if before:
            return cue.rule.direction != "backward"
        return cue.rule.direction != "forward" and not self.index.followed_by_colon(cue)

    def _nearest_strength(self, reaching: list[CueMatch]) -> Callable[[Span], CueMatch | None]:
        shields = [cue for cue in reaching if cue.category in SHIELDS]
        strength_cues = [
            cue
            for cue in reaching
            if cue.category in STRENGTH_CATEGORIES
            and not any(shield.contains(cue) for shield in shields)
        ]

        def nearest(span: Span) -> CueMatch | None:
            if not strength_cues:
                return None
            heaviest = max(cue.rule.weight for cue in strength_cues)
            return min(
                (cue for cue in strength_cues if cue.rule.weight == heaviest),
                key=lambda cue: (_distance(cue, span), cue.end > span.start),
            )

        return nearest

    def _lead_in_strengths(self, cues: list[CueMatch]) -> dict[int, str]:
        """Strength set by a lead-in line ("You will also have:") for the lines listed under it."""
        cue_lines: dict[int, list[CueMatch]] = {}
        for cue in cues:
            if cue.category in ("REQUIRED", "PREFERRED"):
                cue_lines.setdefault(self.index.token_line[cue.start], []).append(cue)
        listing: dict[int, str] = {}
        current: str | None = None
        text = self.index.text
        for line_index, (start, end, _, _, heading_only) in enumerate(self.index.lines):
            if heading_only:
                current = None
            elif text[start:end].rstrip().endswith(":"):
                found = cue_lines.get(line_index, [])
                current = (
                    max(found, key=lambda c: (c.rule.weight, c.start)).category.lower()
                    if found
                    else None
                )
            elif current:
                listing[line_index] = current
        return listing

    def _substituted(self, candidates: list[Span]) -> set[int]:
        """Start tokens of the candidates a sentence's experience cue lets experience replace."""
        replaced: set[int] = set()
        for cues in self.by_sentence.values():
            for cue in cues:
                if cue.category == "EXPERIENCE_SUBSTITUTE":
                    replaced.update(
                        s.start for s in self._substitute_targets(cue, cues, candidates)
                    )
        return replaced

    def _substitute_targets(
        self, cue: CueMatch, cues: list[CueMatch], candidates: list[Span]
    ) -> list[Span]:
        sentence = self.index.sentence_of(cue.start)
        stops = [c for c in cues if c.category == "TERMINATE"]
        before = [
            span
            for span in candidates
            if span.end < cue.end
            and span.start < cue.start
            and self.index.sentence_of(span.start) == sentence
            and span.label_ in cue.rule.types
            and not _blocked(cue, span, stops)
        ]
        if cue.rule.direction == "forward" or not before:
            return []
        chain = [before[-1]]
        text = self.index.text
        for span in reversed(before[:-1]):
            if self.chain_break.search(text[span.end_char : chain[-1].start_char]):
                break
            chain.append(span)
        return chain


def _cue_rejection(
    nearest: CueMatch | None,
    categories: frozenset[str],
    section: str,
    section_strength: str,
    title_like: bool,
) -> str | None:
    """Why the cues reaching a candidate say it is not a request, or None."""
    if "OFFERED" in categories:
        return RejectReason.OFFERED
    if nearest is not None and nearest.category == "NEGATED":
        return RejectReason.NEGATED
    asked = nearest is not None or "HOLDER" in categories
    if section in QUIET_SECTIONS and not asked:
        return RejectReason.QUIET_SECTION
    listed = section_strength in LISTING_STRENGTHS
    if title_like and not (asked or listed or "HYPOTHETICAL" in categories):
        return RejectReason.TITLE_LIKE
    return None


def _blocked(cue: CueMatch, span: Span, stops: list[CueMatch]) -> bool:
    """Whether a TERMINATE cue for this cue's category stands between the cue and the span."""
    low, high = (cue.end, span.start) if cue.start < span.start else (span.end, cue.start)
    return any(
        low <= stop.start and stop.end <= high and cue.category in stop.rule.terminates
        for stop in stops
        if stop is not cue
    )


def _any_of(values: np.ndarray, wanted: list[int]) -> np.ndarray:
    """values == w for any w in a short list (np.isin costs more on such small inputs)."""
    hits = np.zeros(len(values), dtype=bool)
    for value in wanted:
        hits |= values == np.uint64(value)
    return hits


def _distance(cue: CueMatch, span: Span) -> int:
    return max(0, span.start - cue.end if cue.start < span.start else cue.start - span.end)
