"""The credscope pipeline components, registered with `@Language.factory`."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from analyzer.attributes import CANDIDATES_KEY, MENTIONS_KEY, PROPOSALS_KEY, register_attributes
from analyzer.context import CueMatch, RejectReason, Resolver, SentenceIndex
from analyzer.cues import Cues, ModifierRule
from analyzer.decider import DeciderModel, Decision, overrule
from analyzer.features import proposal_features
from analyzer.gating import GatedMatcher, line_spans
from analyzer.grammar import Grammar
from analyzer.patterns import SHAPE_PREFIX, TITLE_LIKE_SUFFIX
from analyzer.sections import HeadingClassifier, LineKind
from analyzer.taxonomy import NOT_LABEL
from analyzer.vocab import DEGREE_LEVELS, UNSPECIFIED_LEVEL

SLASH_JOINER = re.compile(r"[ \t]*/[ \t]*")
OPEN_BRACKET = re.compile(r"[ \t]*\([^()\n]{0,12}")

# Rule rejections the model cannot overrule: layout (headings, the title line, words inside a cue,
# spans over glued items) and explicit cues (training offered, a credential said not to be needed).
VETOES = frozenset(
    {
        RejectReason.HEADING,
        RejectReason.TITLE,
        RejectReason.INSIDE_CUE,
        RejectReason.GLUED,
        RejectReason.OFFERED,
        RejectReason.NEGATED,
    }
)
OVERRULE_BELOW = 0.2  # the model changes a type or strength only when it gives the rules' < this

register_attributes()


class _Serialisable:
    """to_disk / from_disk for components whose whole state is one JSON-ready dict."""

    name = "component"

    def state(self) -> dict[str, Any]:
        """The component's data as one JSON-ready dict."""
        raise NotImplementedError

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore the component's data from `state()` output."""
        raise NotImplementedError

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the component's data as JSON."""
        folder = ensure_path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "state.json").write_text(json.dumps(self.state()), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> _Serialisable:
        """Load the component's data saved by `to_disk`."""
        state = json.loads((ensure_path(path) / "state.json").read_text(encoding="utf-8"))
        self.set_state(state)
        return self


class SectionTagger(_Serialisable):
    """Tag each line with its section and the strength its heading implies."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self._set({}, frozenset())

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        cues: dict[str, Any] | None = None,
    ) -> None:
        """Take the headings and the words of Title Case headings from the registered cue loader
        (cues as `Cues.to_dict()` gives them: spaCy validates initialize settings as data)."""
        if cues is not None:
            loaded = Cues.from_dict(cues)
            self._set(loaded.headings, frozenset(loaded.grammar.title_minor_words))

    def _set(self, headings: dict[str, tuple[str, str]], minor_words: frozenset[str]) -> None:
        self.headings = headings
        self.minor_words = minor_words
        self.classifier = HeadingClassifier(headings, minor_words)

    def __call__(self, doc: Doc) -> Doc:
        lines = []
        section, strength = "summary", "unspecified"
        offset = 0
        doc._.source_text = doc.text
        texts = doc._.source_text.split("\n")
        for index, line in enumerate(texts):
            kind = self.classifier.classify(line)
            if kind.section is not None and kind.strength is not None:
                section, strength = kind.section, kind.strength
            if index == 0 and len(texts) > 1 and _looks_like_title(line, kind):
                lines.append((offset, offset + len(line), "title", "unspecified", True))
            else:
                lines.append((offset, offset + len(line), section, strength, kind.heading_only))
            offset += len(line) + 1
        doc._.sections = lines
        return doc

    def state(self) -> dict[str, Any]:
        """The component's data as one JSON-ready dict."""
        headings = {k: list(v) for k, v in self.headings.items()}
        return {"headings": headings, "minor_words": sorted(self.minor_words)}

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore the component's data from `state()` output."""
        headings = {k: (v[0], v[1]) for k, v in state["headings"].items()}
        self._set(headings, frozenset(state["minor_words"]))


def _looks_like_title(line: str, kind: LineKind) -> bool:
    stripped = line.strip()
    return (
        not kind.heading_only
        and 0 < len(stripped) <= 100
        and len(stripped.split()) <= 14
        and not stripped.endswith((".", "!", "?"))
    )


class CredentialResolver(_Serialisable):
    """Turn candidates into credential mentions: exclusions, strength, experience substitutes."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        self.cues: Cues | None = None
        self.credentials: dict[str, Any] = {}

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        cues: dict[str, Any] | None = None,
        credentials: dict[str, Any] | None = None,
    ) -> None:
        """Take the cues (as `Cues.to_dict()` gives them) and the taxonomy's credential facts from
        their registered loaders."""
        if cues is not None:
            self.cues = Cues.from_dict(cues)
        if credentials is not None:
            self.credentials = credentials
        self._build_matchers()

    def _build_matchers(self) -> None:
        if self.cues is None:
            raise ValueError(f"{self.name}: no cues: initialize the pipeline first")
        self.phrase_matcher = PhraseMatcher(self.vocab, attr="NORM")
        self.rules: dict[str, ModifierRule] = {}
        sentence_patterns: list[tuple[str, list[dict[str, Any]]]] = []
        posting_patterns: list[tuple[str, list[dict[str, Any]]]] = []
        for rule in self.cues.modifiers:
            self.rules[rule.key] = rule
            if rule.phrases:
                self.phrase_matcher.add(rule.key, [self.make_doc(p) for p in rule.phrases])
            scoped = posting_patterns if rule.scope == "posting" else sentence_patterns
            scoped.extend((rule.key, list(pattern)) for pattern in rule.patterns)
        self.sentence_matcher = GatedMatcher(self.vocab, sentence_patterns)
        self.posting_matcher = GatedMatcher(self.vocab, posting_patterns)

    def __call__(self, doc: Doc) -> Doc:
        if self.cues is None:
            raise ValueError(f"{self.name}: no cues: initialize the pipeline first")
        grammar = self.cues.grammar
        candidates = _select_candidates(doc.spans.get(CANDIDATES_KEY, []))
        candidates = _drop_local_acronyms(doc, candidates)
        candidates = _merge_alternatives(doc, candidates, self.credentials, grammar)
        index = SentenceIndex(doc)
        cues = self._cue_matches(doc, candidates)
        resolver = Resolver(index, cues, candidates, grammar.chain_break)
        proposals = []
        for span in candidates:
            info = self._info(span)
            assessment = resolver.assess(span, info.get("title_like", False))
            proposal = Span(doc, span.start, span.end, label=span.label_, span_id=span.id_)
            proposal._.strength = assessment.strength
            proposal._.experience_substitute = assessment.substitute
            proposal._.section = assessment.section
            proposal._.level = span._.level or info.get("level")
            proposal._.assessment = assessment
            proposals.append(proposal)
        doc.spans[PROPOSALS_KEY] = proposals
        doc.spans[MENTIONS_KEY] = [p for p in proposals if p._.assessment.reason is None]
        return doc

    def _info(self, span: Span) -> dict[str, Any]:
        if span.id_.startswith(SHAPE_PREFIX):
            return {"title_like": span.id_.endswith(TITLE_LIKE_SUFFIX)}
        return dict(self.credentials.get(span.id_, {}))

    def _cue_matches(self, doc: Doc, candidates: list[Span]) -> list[CueMatch]:
        """Cue phrases anywhere; cue token patterns only on lines that hold a candidate."""
        lines = line_spans(doc)
        starts = [line.start for line in lines]
        windows = [
            lines[i] for i in sorted({bisect_right(starts, c.start) - 1 for c in candidates})
        ]
        found = {}
        matches = [
            *self.phrase_matcher(doc),
            *self.sentence_matcher(doc, windows),
            *self.posting_matcher(doc),
        ]
        for match_id, start, end in matches:
            rule = self.rules[self.vocab.strings[match_id]]
            found[(rule.key, start, end)] = CueMatch(rule, start, end)
        return sorted(found.values(), key=lambda cue: (cue.start, cue.end))

    def state(self) -> dict[str, Any]:
        """The component's data as one JSON-ready dict."""
        cues = self.cues.to_dict() if self.cues is not None else None
        return {"cues": cues, "credentials": self.credentials}

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore the component's data from `state()` output."""
        self.cues = Cues.from_dict(state["cues"]) if state["cues"] is not None else None
        self.credentials = state["credentials"]
        if self.cues is not None:
            self._build_matchers()


def _select_candidates(spans: Iterable[Span]) -> list[Span]:
    """Drop look-alikes, let taxonomy matches beat shapes, keep the longest overlapping span."""
    spans = list(spans)
    blocked = [s for s in spans if s.label_ == NOT_LABEL]
    known = [s for s in spans if s.label_ != NOT_LABEL and not s.id_.startswith(SHAPE_PREFIX)]
    shapes = [s for s in spans if s.id_.startswith(SHAPE_PREFIX)]
    known_tokens, blocked_tokens, kept_tokens = _tokens(known), _tokens(blocked), set[int]()
    shapes = [s for s in shapes if not _touches(s, known_tokens)]
    kept: list[Span] = []
    ordered = sorted(
        [*known, *shapes],
        key=lambda s: (-(s.end - s.start), s.id_.startswith(SHAPE_PREFIX), s.start),
    )
    for span in ordered:
        if _touches(span, blocked_tokens) or _touches(span, kept_tokens):
            continue
        kept.append(span)
        kept_tokens.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


def _tokens(spans: Iterable[Span]) -> set[int]:
    """The token positions the spans cover (overlap tests by set, not span against span)."""
    return {i for span in spans for i in range(span.start, span.end)}


def _touches(span: Span, tokens: set[int]) -> bool:
    return any(i in tokens for i in range(span.start, span.end))


def _drop_local_acronyms(doc: Doc, spans: list[Span]) -> list[Span]:
    """Drop acronyms the posting defines as something else: "Business Development Specialist (BDS)"
    makes every "BDS" in it a job title, not the Bachelor of Dental Surgery."""
    defined = {span.text for span in spans if _defines_other_acronym(doc, span, spans)}
    return [span for span in spans if span.text not in defined] if defined else spans


def _defines_other_acronym(doc: Doc, span: Span, spans: list[Span]) -> bool:
    letters = "".join(c for c in span.text if c.isalpha())
    inside = span.start > 0 and span.end < len(doc)
    if not inside or not letters.isupper() or doc[span.start - 1].text != "(":
        return False
    if doc[span.end].text != ")":
        return False
    start = span.start - 1 - len(letters)
    words = doc[max(start, 0) : span.start - 1]
    if start < 0 or "".join(t.text[0] for t in words) != letters:
        return False
    return not any(_overlap(other, words) for other in spans if other is not span)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _merge_alternatives(
    doc: Doc, spans: list[Span], credentials: dict[str, Any], grammar: Grammar
) -> list[Span]:
    """Join alternatives into one mention: degrees ("BS/MS", "Bachelor's or Master's", "MD or DO")
    at the lowest level, slash-joined credentials of one type ("BLS/ACLS certification"), and a
    credential restated or exemplified in brackets ("CompTIA Security+ (Sec+)", "Registered Nurse
    (RN1)", "IT Certification (A+, MCP, MCSE)")."""
    merged: list[Span] = []
    text = doc._.source_text or doc.text
    for span in spans:
        previous = merged[-1] if merged else None
        if previous is None or previous.label_ != span.label_:
            merged.append(span)
            continue
        gap = text[previous.end_char : span.start_char]
        if span.label_ == "degree" and grammar.degree_joiner.fullmatch(gap):
            merged[-1] = _joined_degree(doc, previous, span, credentials)
        elif SLASH_JOINER.fullmatch(gap):
            merged[-1] = Span(
                doc, previous.start, span.end, label=span.label_, span_id=previous.id_
            )
        elif OPEN_BRACKET.fullmatch(gap) or (
            _in_open_bracket(previous) and grammar.list_joiner.fullmatch(gap)
        ):
            end = span.end + int(span.end < len(doc) and doc[span.end].text == ")")
            merged[-1] = Span(doc, previous.start, end, label=span.label_, span_id=previous.id_)
        else:
            merged.append(span)
    return merged


def _in_open_bracket(span: Span) -> bool:
    """Whether a merged mention ends inside a bracket it opened ("IT Certification (A+, MCP")."""
    text = span.text
    return text.count("(") > text.count(")")


def _joined_degree(doc: Doc, first: Span, second: Span, credentials: dict[str, Any]) -> Span:
    lowest = _lowest_level([_level(first, credentials), _level(second, credentials)])
    keep_id = first.id_ if _level(first, credentials) == lowest else second.id_
    joined = Span(doc, first.start, second.end, label="degree", span_id=keep_id)
    joined._.level = lowest
    return joined


def _level(span: Span, credentials: dict[str, Any]) -> str | None:
    return span._.level or credentials.get(span.id_, {}).get("level")


def _lowest_level(levels: list[str | None]) -> str | None:
    named = [level for level in levels if level in DEGREE_LEVELS]
    if named:
        return min(named, key=DEGREE_LEVELS.index)
    return "unspecified" if "unspecified" in levels else None


class TokenPatternRuler(_Serialisable):
    """Credential token patterns (taxonomy `patterns` and shapes), gated by their literal words."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.patterns: list[dict[str, Any]] = []
        self.context_tail: frozenset[str] = frozenset()
        self._build()

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        patterns: list[dict[str, Any]] | None = None,
        cues: dict[str, Any] | None = None,
    ) -> None:
        """Take the token patterns and the words trimmed after a match from registered loaders."""
        self.patterns = list(patterns or [])
        if cues is not None:
            self.context_tail = frozenset(Cues.from_dict(cues).grammar.context_tail)
        self._build()

    def _build(self) -> None:
        keyed = [(f"p{index}", p["pattern"]) for index, p in enumerate(self.patterns)]
        self.matcher = GatedMatcher(self.vocab, keyed)

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(CANDIDATES_KEY, []))
        for match_id, start, end in self.matcher(doc):
            pattern = self.patterns[int(self.vocab.strings[match_id][1:])]
            while (
                pattern["label"] != NOT_LABEL
                and end - start > 1
                and doc[end - 1].lower_ in self.context_tail
            ):
                end -= 1
            spans.append(Span(doc, start, end, label=pattern["label"], span_id=pattern["id"]))
        doc.spans[CANDIDATES_KEY] = spans
        return doc

    def state(self) -> dict[str, Any]:
        """The component's data as one JSON-ready dict."""
        return {"patterns": self.patterns, "context_tail": sorted(self.context_tail)}

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore the component's data from `state()` output."""
        self.patterns = state["patterns"]
        self.context_tail = frozenset(state["context_tail"])
        self._build()


class DecisionLayer:
    """Decide each proposal with the trained model: kept or not, its type and its strength.

    The rules keep a veto where the layout or an explicit cue decides (headings, the title line,
    words inside a cue, glued list items, training offered, negation), their type and strength
    unless the model finds them unlikely, and the say on whether experience may stand in. Without a
    trained model the rules decide."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.model: DeciderModel | None = None

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        model: Any = None,
    ) -> None:
        """Take the trained model (a DeciderModel) from the registered loader; None: the rules
        decide."""
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return doc
        proposals = list(doc.spans.get(PROPOSALS_KEY, []))
        decisions = self.model.decide(proposal_features(doc, proposals)) if proposals else []
        mentions = []
        for span, decision in zip(proposals, decisions, strict=True):
            if span._.assessment.reason in VETOES:
                continue
            if decision.keep_probability < self.model.threshold:
                continue
            kind = self._type_of(span, decision)
            # a retyped mention is no longer the taxonomy entry it matched: a shape of its type
            span_id = span.id_ if kind == span.label_ else SHAPE_PREFIX + kind
            mention = Span(doc, span.start, span.end, label=kind, span_id=span_id)
            mention._.strength = overrule(
                span._.strength, decision.strength_probabilities, OVERRULE_BELOW
            )
            mention._.experience_substitute = span._.experience_substitute
            mention._.section = span._.section
            if kind == "degree":
                mention._.level = span._.level or UNSPECIFIED_LEVEL
            mentions.append(mention)
        doc.spans[MENTIONS_KEY] = mentions
        return doc

    def _type_of(self, span: Span, decision: Decision) -> str:
        """The rules' type, unless the model (which retypes only among the types it learned)
        finds it unlikely."""
        assert self.model is not None
        learned = self.model.types_learned
        if span.label_ not in learned:
            return span.label_
        probabilities = {k: p for k, p in decision.type_probabilities.items() if k in learned}
        return overrule(span.label_, probabilities, OVERRULE_BELOW)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the model (nothing when there is none)."""
        if self.model is not None:
            self.model.to_disk(ensure_path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DecisionLayer:
        """Load the model saved by `to_disk`, if any."""
        folder = ensure_path(path)
        self.model = DeciderModel.load_if_saved(folder)
        return self


class PostingSummary:
    """Set the posting-level answers: equivalency and the lowest required degree level."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc.spans.get(MENTIONS_KEY, [])
        doc._.equivalency = any(m._.experience_substitute for m in mentions)
        required = [
            m._.level for m in mentions if m.label_ == "degree" and m._.strength == "required"
        ]
        doc._.min_degree_required = _lowest_level(required)
        return doc


@Language.factory("credscope_sections")
def make_sections(nlp: Language, name: str) -> SectionTagger:
    """Tag every line with its section and heading strength (headings come at initialize)."""
    return SectionTagger(nlp, name)


@Language.factory("credscope_resolver")
def make_resolver(nlp: Language, name: str) -> CredentialResolver:
    """Resolve candidate spans into proposals with the rules' reading (cues come at initialize)."""
    return CredentialResolver(nlp, name)


@Language.factory("credscope_token_patterns")
def make_token_patterns(nlp: Language, name: str) -> TokenPatternRuler:
    """Find credentials by token patterns (filled by `nlp.initialize` from the pattern loader)."""
    return TokenPatternRuler(nlp, name)


@Language.factory("credscope_decider")
def make_decider(nlp: Language, name: str) -> DecisionLayer:
    """The trained decision layer (its model comes at initialize; without one the rules decide)."""
    return DecisionLayer(nlp, name)


@Language.factory("credscope_summary")
def make_summary(nlp: Language, name: str) -> PostingSummary:
    """Summarise the posting: equivalency and min_degree_required."""
    return PostingSummary(nlp, name)
