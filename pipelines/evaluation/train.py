"""`make train`: train the analyzer's decision layer on the corpus's train split.

The rules propose candidate spans (high recall); each gold mention claims the proposal it overlaps
most, a positive example carrying the mention's type and strength; every other proposal is a
negative one. (Whether experience may stand in stays with the rules.) The keep threshold is chosen
on the dev split; the test split is never read. The weights go to `analyzer.paths.decider_dir()`
(data/models/decider/ in the checkout) with the hash of the data they came from.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.language import Language

from analyzer.api import build_prefilter
from analyzer.attributes import PROPOSALS_KEY
from analyzer.decider import DeciderModel, Target
from analyzer.features import proposal_features
from analyzer.paths import decider_dir
from analyzer.pipeline import build_pipeline
from analyzer.prefilter import Prefilter
from pipelines.evaluation.gold import load_corpus
from pipelines.evaluation.scoring import Counts, GoldMention, gold_mentions

SEED = 1234
EPOCHS = 20
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


@dataclass
class Examples:
    """Features and targets of every proposal, and how many gold mentions no proposal reached."""

    features: list[list[str]]
    targets: list[Target]
    gold: int = 0
    unreached: int = 0


@cache
def rules_pipeline() -> tuple[Language, Prefilter]:
    """The pipeline without the decision layer (so training never needs saved weights, and each
    proposal keeps the rules' reading: spaCy keys span extension values by character offsets, which
    a decided mention shares), and its prefilter."""
    nlp = build_pipeline(with_decider=False)
    return nlp, build_prefilter(nlp)


def proposals_with_offsets(text: str) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Features of a text's proposals and their character offsets in the text."""
    nlp, prefilter = rules_pipeline()
    reduced = prefilter.reduce(text)
    doc = nlp(reduced.text)
    proposals = list(doc.spans.get(PROPOSALS_KEY, []))
    offsets = [
        (reduced.to_original(span.start_char), reduced.to_original(span.end_char))
        for span in proposals
    ]
    return proposal_features(doc, proposals), offsets


def align(offsets: Sequence[tuple[int, int]], gold: Sequence[GoldMention]) -> list[Target]:
    """Each gold mention claims the proposal it overlaps most; the rest are negatives."""
    pairs = []
    for gi, mention in enumerate(gold):
        for pi, (start, end) in enumerate(offsets):
            overlap = min(end, mention.end) - max(start, mention.start)
            if overlap > 0:
                pairs.append((overlap, gi, pi))
    targets = [Target(keep=False) for _ in offsets]
    taken_gold: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi in taken_gold or targets[pi].keep:
            continue
        taken_gold.add(gi)
        m = gold[gi]
        targets[pi] = Target(True, m.type, m.strength)
    return targets


def examples(postings: Sequence[Mapping[str, Any]]) -> Examples:
    """Training examples from labelled postings."""
    found = Examples([], [])
    for posting in postings:
        features, offsets = proposals_with_offsets(posting["text"])
        gold = gold_mentions(posting)
        targets = align(offsets, gold)
        found.features += features
        found.targets += targets
        found.gold += len(gold)
        found.unreached += len(gold) - sum(t.keep for t in targets)
    return found


def data_hash(postings: Sequence[Mapping[str, Any]]) -> str:
    """SHA-256 of the training postings' ids, texts and labels."""
    digest = hashlib.sha256()
    for posting in sorted(postings, key=lambda p: p["id"]):
        record = {k: posting[k] for k in ("id", "text", "mentions")}
        digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def choose_threshold(model: DeciderModel, dev: Examples) -> float:
    """The keep threshold that gives the best F1 on dev proposals (kept vs gold-kept)."""
    probabilities = model.scores(dev.features)["keep"][:, 1]
    best, best_f1 = 0.5, -1.0
    for threshold in THRESHOLDS:
        kept = probabilities >= threshold
        counts = Counts()
        hits = sum(k and t.keep for k, t in zip(kept, dev.targets, strict=True))
        counts.add(dev.gold, int(kept.sum()), hits)
        f1 = counts.scores()["f1"]
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    return best


def main(argv: Sequence[str] | None = None) -> int:
    """Train, choose the threshold on dev, save the weights."""
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.evaluation.train", description=__doc__
    )
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    train_postings, dev_postings = load_corpus("train"), load_corpus("dev")
    train, dev = examples(train_postings), examples(dev_postings)
    print(
        f"train: {len(train_postings)} postings, {len(train.features)} proposals, "
        f"{train.gold} gold mentions ({train.unreached} reached by no proposal)"
    )
    model = DeciderModel(meta={"seed": args.seed, "epochs": args.epochs})
    losses = model.fit(train.features, train.targets, epochs=args.epochs, seed=args.seed)
    print(f"loss per proposal: first epoch {losses[0]:.3f}, last {losses[-1]:.3f}")
    model.threshold = choose_threshold(model, dev)
    model.meta.update(
        train_data_sha256=data_hash(train_postings),
        train_postings=len(train_postings),
        train_proposals=len(train.features),
    )
    model.to_disk(decider_dir())
    seconds = time.perf_counter() - started
    print(
        f"threshold {model.threshold} (chosen on dev); saved to {decider_dir()} in {seconds:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
