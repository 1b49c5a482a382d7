"""`make eval` / `make eval-test`: score the analyzer on one split beside the labellers' agreement.

`python -m pipelines.evaluation.eval_run --split dev [--json] [--errors]` scores the dev split
(for writing rules and debugging). `--split test --record` scores the frozen test split and
appends a row to the test history in `tests/gold/README.md`; run it only after the work, never
to tune.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pipelines.cli.exit_codes import ExitCode
from pipelines.evaluation.gold import GOLD_DIR, GoldError, load_corpus
from pipelines.evaluation.scoring import Scores, as_analysis, score, score_by_source

HISTORY_FILE = GOLD_DIR / "README.md"
HISTORY_MARKER = "<!-- test history: rows appended by `make eval-test` -->"
MIN_SOURCE_POSTINGS = 25


def analyse(
    postings: Sequence[Mapping[str, Any]], rules_only: bool = False
) -> list[dict[str, Any]]:
    """The analyzer's output for each gold posting, in order (without the trained decision layer
    when `rules_only`, to compare the two designs)."""
    from analyzer import analyze_texts
    from analyzer.pipeline import DECIDER_NAME, shared_pipeline

    disabled = [DECIDER_NAME] if rules_only else []
    with shared_pipeline().select_pipes(disable=disabled):
        analyses = analyze_texts([p["text"] for p in postings], [p["id"] for p in postings])
    return [dict(a) for a in analyses]


Labelled = dict[str, dict[str, Any]]


def labellings(split: str | None) -> tuple[Labelled, Labelled]:
    """Labeller A's and labeller B's postings of a split (or of all), by id."""
    first = {p["id"]: p for p in load_corpus(split, "labeller_a")}
    second = {p["id"]: p for p in load_corpus(split, "labeller_b")}
    return first, second


def agreement_on(first: Labelled, second: Labelled, ids: Iterable[str]) -> Scores:
    """Labeller B scored against labeller A on the postings both labelled among `ids`."""
    shared = [i for i in ids if i in first and i in second]
    return score([first[i] for i in shared], [as_analysis(second[i]) for i in shared])


def agreement(split: str) -> Scores | None:
    """Labeller B scored against labeller A on the split (None when the raw files are absent)."""
    try:
        first, second = labellings(split)
    except GoldError:
        return None
    return agreement_on(first, second, sorted(first))


def corpus_table() -> list[str]:
    """Per source: postings per split, gold mentions, and the labellers' agreement (all splits)."""
    final = load_corpus(None)
    first, second = labellings(None)
    lines = [
        f"  {'source':<14} {'train':>5} {'dev':>4} {'test':>4} {'mentions':>8} "
        f"{'agree F1':>8} {'type':>6} {'strength':>8}"
    ]
    for source in sorted({p["source"] for p in final}):
        postings = [p for p in final if p["source"] == source]
        agreed = agreement_on(first, second, [p["id"] for p in postings]).summary()
        splits = {
            name: sum(p["split"] == name for p in postings) for name in ("train", "dev", "test")
        }
        lines.append(
            f"  {source:<14} {splits['train']:>5} {splits['dev']:>4} {splits['test']:>4} "
            f"{sum(len(p['mentions']) for p in postings):>8} {agreed['typed']['f1']:>8.3f} "
            f"{agreed['type_accuracy']:>6.3f} {agreed['strength_accuracy']:>8.3f}"
        )
    return lines


def prf(name: str, s: Mapping[str, float]) -> str:
    """One precision/recall/F1 line."""
    return (
        f"  {name:<26} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
        f"  (n={s['support']})"
    )


def format_summary(title: str, summary: Mapping[str, Any]) -> list[str]:
    """The figures of one Scores summary as text lines."""
    lines = [f"{title}: {summary['postings']} postings"]
    lines.append(prf("mentions (overlap)", summary["mention"]))
    lines.append(prf("mentions (typed)", summary["typed"]))
    for kind, s in summary["per_type"].items():
        lines.append(prf(f"  {kind}", s))
    lines.append(prf("posting: types asked", summary["types_asked"]))
    lines.append(prf("posting: types required", summary["types_required"]))
    lines.append(f"  {'type agreement (matched)':<26} {summary['type_accuracy']:.3f}")
    lines.append(f"  {'strength accuracy':<26} {summary['strength_accuracy']:.3f}")
    lines.append(
        f"  {'exp.-substitute accuracy':<26} {summary['experience_substitute_accuracy']:.3f}"
    )
    lines.append(prf("equivalency (posting)", summary["equivalency"]))
    lines.append(f"  {'min-degree accuracy':<26} {summary['min_degree_accuracy']:.3f}")
    return lines


def format_sources(by_source: Mapping[str, Scores]) -> list[str]:
    """Typed mention F1 and required-type F1 per source."""
    lines = [
        f"  {'source':<14} {'postings':>8} {'gold':>5} {'typed P':>8} {'typed R':>8} "
        f"{'typed F1':>8} {'req-type F1':>11}"
    ]
    for source, scores in by_source.items():
        typed, required = scores.typed.scores(), scores.types_required.scores()
        lines.append(
            f"  {source:<14} {scores.postings:>8} {typed['support']:>5} {typed['precision']:>8.3f} "
            f"{typed['recall']:>8.3f} {typed['f1']:>8.3f} {required['f1']:>11.3f}"
        )
    return lines


def commit_id() -> str:
    """The short commit of the working tree ("+dirty" when it has changes), or "unknown"."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def history_row(summary: Mapping[str, Any], by_source: Mapping[str, Scores]) -> str:
    """One Markdown table row for the test history."""
    sources = ", ".join(
        f"{name} {scores.typed.scores()['f1']:.2f}"
        for name, scores in by_source.items()
        if scores.postings >= MIN_SOURCE_POSTINGS
    )
    cells = [
        dt.date.today().isoformat(),
        commit_id(),
        str(summary["postings"]),
        f"{summary['typed']['f1']:.3f}",
        f"{summary['typed']['precision']:.3f}",
        f"{summary['typed']['recall']:.3f}",
        f"{summary['types_required']['f1']:.3f}",
        f"{summary['strength_accuracy']:.3f}",
        f"{summary['equivalency']['f1']:.3f}",
        f"{summary['min_degree_accuracy']:.3f}",
        sources,
    ]
    return "| " + " | ".join(cells) + " |"


def record(row: str) -> None:
    """Append a row under the history marker of tests/gold/README.md."""
    text = HISTORY_FILE.read_text("utf-8")
    if HISTORY_MARKER not in text:
        raise GoldError(f"{HISTORY_FILE} has no line {HISTORY_MARKER!r}")
    HISTORY_FILE.write_text(text.rstrip("\n") + "\n" + row + "\n", "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Score one split and print the figures beside the labellers' agreement."""
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.evaluation.eval_run", description=__doc__
    )
    parser.add_argument("--split", choices=("train", "dev", "test"), default="dev")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="print every error (not for test)")
    parser.add_argument("--record", action="store_true", help="append the test history row")
    parser.add_argument(
        "--corpus", action="store_true", help="print the corpus table (no analyzer run) and stop"
    )
    parser.add_argument(
        "--rules-only", action="store_true", help="score without the trained decision layer"
    )
    args = parser.parse_args(argv)
    if args.corpus:
        try:
            print("\n".join(corpus_table()))
        except GoldError as problem:
            parser.exit(int(ExitCode.USAGE), f"credscope eval: {problem}\n")
        return 0
    if args.record and (args.split != "test" or args.rules_only):
        parser.error("--record is for the test split, with the analyzer as it ships")
    if args.errors and args.split == "test":
        parser.error("errors on the test split are not shown: debug on dev")
    try:
        postings = load_corpus(args.split)
        analyses = analyse(postings, rules_only=args.rules_only)
        scores, by_source = score(postings, analyses), score_by_source(postings, analyses)
        human = agreement(args.split)
    except GoldError as problem:
        parser.exit(ExitCode.USAGE, f"credscope eval: {problem}\n")
    summary = scores.summary()
    if args.json:
        agreed = human.summary() if human else None
        sources = {name: s.summary() for name, s in by_source.items()}
        print(
            json.dumps({"analyzer": summary, "by_source": sources, "labellers": agreed}, indent=1)
        )
    else:
        design = " (rules only)" if args.rules_only else ""
        lines = format_summary(f"credscope eval on {args.split}{design}", summary)
        lines += format_sources(by_source)
        if human:
            lines += format_summary(
                "labellers' agreement (B against A, before adjudication)", human.summary()
            )
        print("\n".join(lines))
    if args.errors:
        for error in scores.errors:
            print(json.dumps(error, ensure_ascii=False))
    if args.record:
        record(history_row(summary, by_source))
        print(f"recorded in {HISTORY_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
