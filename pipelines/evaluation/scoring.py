"""Score the analyzer against the labelled corpus (`make eval`, `make eval-test`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from analyzer.vocab import CREDENTIAL_TYPES


@dataclass(frozen=True)
class GoldMention:
    """A gold mention located in its posting text."""

    start: int
    end: int
    type: str
    strength: str
    experience_substitute: bool


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, n_gold: int, n_pred: int, n_matched: int) -> None:
        """Count `n_matched` hits among `n_gold` gold and `n_pred` predicted items."""
        self.tp += n_matched
        self.fn += n_gold - n_matched
        self.fp += n_pred - n_matched

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1 (0 where undefined)."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "support": self.tp + self.fn}


@dataclass
class Scores:
    """Every figure `make eval` reports, for one set of postings."""

    mentions: Counts = field(default_factory=Counts)
    typed: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(
        default_factory=lambda: {t: Counts() for t in CREDENTIAL_TYPES}
    )
    types_asked: Counts = field(default_factory=Counts)
    types_required: Counts = field(default_factory=Counts)
    type_right: int = 0
    strength_right: int = 0
    substitute_right: int = 0
    matched: int = 0
    equivalency: Counts = field(default_factory=Counts)
    min_degree_right: int = 0
    postings: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The scores as plain numbers."""
        matched = self.matched or 1
        return {
            "postings": self.postings,
            "mention": self.mentions.scores(),
            "typed": self.typed.scores(),
            "per_type": {t: c.scores() for t, c in self.per_type.items() if c.tp + c.fn + c.fp},
            "types_asked": self.types_asked.scores(),
            "types_required": self.types_required.scores(),
            "type_accuracy": self.type_right / (self.mentions.tp or 1),
            "strength_accuracy": self.strength_right / matched,
            "experience_substitute_accuracy": self.substitute_right / matched,
            "equivalency": self.equivalency.scores(),
            "min_degree_accuracy": self.min_degree_right / (self.postings or 1),
        }


def locate(text: str, mention_text: str, occurrence: int) -> tuple[int, int]:
    """Character offsets of the `occurrence`-th appearance of `mention_text` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(mention_text, start + 1)
        if start < 0:
            raise ValueError(f"{mention_text!r} (occurrence {occurrence}) is not in the text")
    return start, start + len(mention_text)


def gold_mentions(posting: Mapping[str, Any]) -> list[GoldMention]:
    """The posting's gold mentions with offsets."""
    located = []
    for m in posting["mentions"]:
        start, end = locate(posting["text"], m["text"], m.get("occurrence", 0))
        located.append(
            GoldMention(start, end, m["type"], m["strength"], bool(m["experience_substitute"]))
        )
    return located


def as_analysis(posting: Mapping[str, Any]) -> dict[str, Any]:
    """A labelled posting in the analyzer's output shape (to score one labeller against another)."""
    mentions = [
        {
            "start": g.start,
            "end": g.end,
            "text": posting["text"][g.start : g.end],
            "type": g.type,
            "strength": g.strength,
            "experience_substitute": g.experience_substitute,
        }
        for g in gold_mentions(posting)
    ]
    return {
        "id": posting["id"],
        "mentions": mentions,
        "equivalency": bool(posting["equivalency"]),
        "min_degree_required": posting["min_degree_required"],
    }


def match_spans(
    gold: Sequence[GoldMention], predicted: Sequence[Mapping[str, Any]], typed: bool
) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, predicted index) by character overlap, largest first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = min(g.end, p["end"]) - max(g.start, p["start"])
            if overlap > 0 and (not typed or g.type == p["type"]):
                pairs.append((overlap, gi, pi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            matches.append((gi, pi))
    return matches


def score(
    gold_postings: Sequence[Mapping[str, Any]], analyses: Sequence[Mapping[str, Any]]
) -> Scores:
    """Compare analyses to gold postings (same order)."""
    scores = Scores()
    for posting, analysis in zip(gold_postings, analyses, strict=True):
        score_posting(scores, posting, analysis)
    return scores


def score_by_source(
    gold_postings: Sequence[Mapping[str, Any]], analyses: Sequence[Mapping[str, Any]]
) -> dict[str, Scores]:
    """Scores per posting source, in source order."""
    by_source: dict[str, Scores] = {}
    for posting, analysis in zip(gold_postings, analyses, strict=True):
        score_posting(by_source.setdefault(posting["source"], Scores()), posting, analysis)
    return dict(sorted(by_source.items()))


def score_posting(scores: Scores, posting: Mapping[str, Any], analysis: Mapping[str, Any]) -> None:
    """Add one posting's comparison to `scores`."""
    gold = gold_mentions(posting)
    predicted = analysis["mentions"]
    scores.postings += 1
    untyped = match_spans(gold, predicted, False)
    scores.mentions.add(len(gold), len(predicted), len(untyped))
    scores.type_right += sum(gold[gi].type == predicted[pi]["type"] for gi, pi in untyped)
    typed = match_spans(gold, predicted, True)
    scores.typed.add(len(gold), len(predicted), len(typed))
    for kind in CREDENTIAL_TYPES:
        n_gold = sum(g.type == kind for g in gold)
        n_pred = sum(p["type"] == kind for p in predicted)
        scores.per_type[kind].add(n_gold, n_pred, sum(gold[gi].type == kind for gi, _ in typed))
    _add_sets(scores.types_asked, {g.type for g in gold}, {p["type"] for p in predicted})
    _add_sets(
        scores.types_required,
        {g.type for g in gold if g.strength == "required"},
        {p["type"] for p in predicted if p["strength"] == "required"},
    )
    for gi, pi in typed:
        scores.matched += 1
        scores.strength_right += gold[gi].strength == predicted[pi]["strength"]
        scores.substitute_right += (
            gold[gi].experience_substitute == predicted[pi]["experience_substitute"]
        )
    truth, guess = bool(posting["equivalency"]), bool(analysis["equivalency"])
    scores.equivalency.add(int(truth), int(guess), int(truth and guess))
    scores.min_degree_right += posting["min_degree_required"] == analysis["min_degree_required"]
    _record_errors(scores, posting, analysis, gold, typed)


def _add_sets(counts: Counts, truth: set[Any], guess: set[Any]) -> None:
    counts.add(len(truth), len(guess), len(truth & guess))


def _record_errors(
    scores: Scores,
    posting: Mapping[str, Any],
    analysis: Mapping[str, Any],
    gold: Sequence[GoldMention],
    typed: list[tuple[int, int]],
) -> None:
    matched_gold = {gi for gi, _ in typed}
    matched_pred = {pi for _, pi in typed}
    text = posting["text"]
    for gi, g in enumerate(gold):
        if gi not in matched_gold:
            scores.errors.append(
                {
                    "id": posting["id"],
                    "kind": "missed",
                    "text": text[g.start : g.end],
                    "type": g.type,
                }
            )
    for pi, p in enumerate(analysis["mentions"]):
        if pi not in matched_pred:
            scores.errors.append(
                {"id": posting["id"], "kind": "spurious", "text": p["text"], "type": p["type"]}
            )
    for gi, pi in typed:
        p = analysis["mentions"][pi]
        if gold[gi].strength != p["strength"] or (
            gold[gi].experience_substitute != p["experience_substitute"]
        ):
            scores.errors.append(
                {
                    "id": posting["id"],
                    "kind": "attribute",
                    "text": p["text"],
                    "gold": [gold[gi].strength, gold[gi].experience_substitute],
                    "predicted": [p["strength"], p["experience_substitute"]],
                }
            )
