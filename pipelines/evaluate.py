"""Score the analyzer against gold sets labelled by the labelling guide (`make eval`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TYPES = ("degree", "license", "certification", "certificate", "microcredential", "clearance")


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

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1 (0 where undefined)."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "support": self.tp + self.fn}


@dataclass
class Scores:
    """Every figure `make eval` reports."""

    mentions: Counts = field(default_factory=Counts)
    typed: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
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


def load_gold(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Read gold postings from JSONL files (a folder means every *.jsonl in it)."""
    postings: list[dict[str, Any]] = []
    for path in paths:
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            with file.open(encoding="utf-8") as handle:
                postings.extend(json.loads(line) for line in handle if line.strip())
    return postings


def gold_mentions(posting: dict[str, Any]) -> list[GoldMention]:
    """The posting's gold mentions with offsets."""
    located = []
    for m in posting["mentions"]:
        start, end = locate(posting["text"], m["text"], m.get("occurrence", 0))
        located.append(
            GoldMention(start, end, m["type"], m["strength"], bool(m["experience_substitute"]))
        )
    return located


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


def score(gold_postings: Sequence[dict[str, Any]], analyses: Sequence[Mapping[str, Any]]) -> Scores:
    """Compare analyses to gold postings (same order)."""
    scores = Scores()
    for posting, analysis in zip(gold_postings, analyses, strict=True):
        _score_posting(scores, posting, analysis)
    return scores


def _score_posting(scores: Scores, posting: dict[str, Any], analysis: Mapping[str, Any]) -> None:
    gold = gold_mentions(posting)
    predicted = analysis["mentions"]
    scores.postings += 1
    _add_counts(scores.mentions, len(gold), len(predicted), match_spans(gold, predicted, False))
    typed = match_spans(gold, predicted, True)
    _add_counts(scores.typed, len(gold), len(predicted), typed)
    for kind in TYPES:
        g_idx = [i for i, g in enumerate(gold) if g.type == kind]
        p_idx = [i for i, p in enumerate(predicted) if p["type"] == kind]
        hits = [pair for pair in typed if pair[0] in g_idx]
        _add_counts(scores.per_type[kind], len(g_idx), len(p_idx), hits)
    for gi, pi in typed:
        scores.matched += 1
        scores.strength_right += gold[gi].strength == predicted[pi]["strength"]
        scores.substitute_right += (
            gold[gi].experience_substitute == predicted[pi]["experience_substitute"]
        )
    _add_binary(scores.equivalency, bool(posting["equivalency"]), bool(analysis["equivalency"]))
    scores.min_degree_right += posting["min_degree_required"] == analysis["min_degree_required"]
    _record_errors(scores, posting, analysis, gold, typed)


def _add_counts(counts: Counts, n_gold: int, n_pred: int, matches: list[tuple[int, int]]) -> None:
    counts.tp += len(matches)
    counts.fn += n_gold - len(matches)
    counts.fp += n_pred - len(matches)


def _add_binary(counts: Counts, truth: bool, guess: bool) -> None:
    counts.tp += truth and guess
    counts.fp += guess and not truth
    counts.fn += truth and not guess


def _record_errors(
    scores: Scores,
    posting: dict[str, Any],
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
                {"id": posting["id"], "kind": "missed", "text": text[g.start : g.end]}
            )
    for pi, p in enumerate(analysis["mentions"]):
        if pi not in matched_pred:
            scores.errors.append({"id": posting["id"], "kind": "spurious", "text": p["text"]})
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


def evaluate(paths: Iterable[Path]) -> Scores:
    """Run the analyzer over the gold postings and score it."""
    from analyzer import analyze_texts

    postings = load_gold(paths)
    analyses = analyze_texts([p["text"] for p in postings], [p["id"] for p in postings])
    return score(postings, analyses)


def format_report(summary: dict[str, Any]) -> str:
    """A plain-text table of the scores."""

    def prf(name: str, s: dict[str, float]) -> str:
        return (
            f"  {name:<22} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
            f"  (n={s['support']})"
        )

    lines = [f"credscope eval: {summary['postings']} gold postings"]
    lines.append(prf("mentions (overlap)", summary["mention"]))
    lines.append(prf("mentions (typed)", summary["typed"]))
    for kind, s in summary["per_type"].items():
        lines.append(prf(f"  {kind}", s))
    lines.append(f"  {'strength accuracy':<22} {summary['strength_accuracy']:.3f}")
    lines.append(f"  {'exp.-substitute acc.':<22} {summary['experience_substitute_accuracy']:.3f}")
    lines.append(prf("equivalency (posting)", summary["equivalency"]))
    lines.append(f"  {'min-degree accuracy':<22} {summary['min_degree_accuracy']:.3f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m pipelines.evaluate [GOLD ...] [--json] [--errors]`."""
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    show_errors = "--errors" in args
    paths = [Path(a) for a in args if not a.startswith("--")] or [Path("tests/gold")]
    scores = evaluate(paths)
    summary = scores.summary()
    print(json.dumps(summary, indent=2) if as_json else format_report(summary))
    if show_errors:
        for error in scores.errors:
            print(json.dumps(error, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
