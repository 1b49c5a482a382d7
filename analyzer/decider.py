"""The trained decision layer: for each proposal, is it a credential request, of which type and how
strongly asked? A Thinc sparse linear model over hashed features. (Whether experience may stand in
stays with the rules: a trained head for it measured worse on dev.)"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.strings import get_string_id
from thinc.api import Adam, Model, SparseLinear_v2, fix_random_seed

from analyzer.vocab import CREDENTIAL_TYPES, STRENGTHS

HEADS: dict[str, tuple[Any, ...]] = {
    "keep": (False, True),
    "type": CREDENTIAL_TYPES,
    "strength": STRENGTHS,
}
HASH_BUCKETS = 2**16
MIN_TYPE_EXAMPLES = 10
MODEL_FILE = "model.bin.gz"
META_FILE = "meta.json"


@dataclass(frozen=True)
class Decision:
    """The decision layer's answer for one proposal."""

    keep_probability: float
    type_probabilities: dict[str, float]
    strength_probabilities: dict[str, float]


def overrule(proposed: str, probabilities: dict[str, float], below: float) -> str:
    """The rules' value, unless the model gives it less than `below`: then the model's choice."""
    if probabilities.get(proposed, 0.0) >= below:
        return proposed
    return max(probabilities, key=lambda value: probabilities[value])


@dataclass(frozen=True)
class Target:
    """What the gold labels say of one proposal (attributes only matter when kept)."""

    keep: bool
    type: str | None = None
    strength: str | None = None


class DeciderModel:
    """One sparse linear layer whose outputs are split into a softmax per head."""

    def __init__(self, threshold: float = 0.5, meta: dict[str, Any] | None = None) -> None:
        self.width = sum(len(values) for values in HEADS.values())
        self.model: Model = SparseLinear_v2(nO=self.width, length=HASH_BUCKETS)
        self.model.initialize()
        self.threshold = threshold
        self.meta = dict(meta or {})
        # types the training data had enough examples of for the model to retype to or from
        self.types_learned = frozenset(self.meta.get("types_learned", ()))

    def scores(self, features: Sequence[Sequence[str]]) -> dict[str, np.ndarray]:
        """Per head, an array of probabilities (one row per proposal)."""
        if not features:
            return {head: np.zeros((0, len(values))) for head, values in HEADS.items()}
        logits = self.model.predict(_sparse(features))
        return _softmax_heads(np.asarray(logits))

    def decide(self, features: Sequence[Sequence[str]]) -> list[Decision]:
        """A Decision per proposal."""
        probabilities = self.scores(features)
        decisions = []
        for row in range(len(features)):
            decisions.append(
                Decision(
                    keep_probability=float(probabilities["keep"][row, 1]),
                    type_probabilities=_named(probabilities["type"][row], HEADS["type"]),
                    strength_probabilities=_named(
                        probabilities["strength"][row], HEADS["strength"]
                    ),
                )
            )
        return decisions

    def fit(
        self,
        features: Sequence[Sequence[str]],
        targets: Sequence[Target],
        *,
        epochs: int = 30,
        batch_size: int = 32,
        learn_rate: float = 0.003,
        seed: int = 0,
    ) -> list[float]:
        """Train on (features, target) pairs; returns the loss per epoch."""
        fix_random_seed(seed)
        counts = {kind: sum(t.keep and t.type == kind for t in targets) for kind in HEADS["type"]}
        learned = sorted(kind for kind, count in counts.items() if count >= MIN_TYPE_EXAMPLES)
        self.meta["types_learned"] = learned
        self.types_learned = frozenset(learned)
        optimizer = Adam(learn_rate)
        rng = np.random.default_rng(seed)
        gold, mask = _targets(targets)
        losses = []
        for _ in range(epochs):
            order = rng.permutation(len(features))
            total = 0.0
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                logits, backprop = self.model.begin_update(_sparse([features[i] for i in rows]))
                probabilities = _softmax_heads(np.asarray(logits))
                gradient, loss = _gradient(probabilities, gold, mask, rows)
                backprop(gradient.astype("float32"))
                self.model.finish_update(optimizer)
                total += loss
            losses.append(total / max(len(features), 1))
        return losses

    def to_disk(self, folder: Path) -> None:
        """Save the weights (gzipped) and the meta data."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MODEL_FILE).write_bytes(gzip.compress(self.model.to_bytes(), mtime=0))
        meta = {**self.meta, "threshold": self.threshold, "hash_buckets": HASH_BUCKETS}
        (folder / META_FILE).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", "utf-8")

    @classmethod
    def load_if_saved(cls, folder: Path) -> DeciderModel | None:
        """The model saved in `folder`, or None when nothing is saved there."""
        return cls.from_disk(folder) if (folder / META_FILE).exists() else None

    @classmethod
    def from_disk(cls, folder: Path) -> DeciderModel:
        """Load a model saved by `to_disk`."""
        meta = json.loads((folder / META_FILE).read_text("utf-8"))
        decider = cls(threshold=float(meta["threshold"]), meta=meta)
        decider.model.from_bytes(gzip.decompress((folder / MODEL_FILE).read_bytes()))
        return decider


def _named(row: np.ndarray, names: tuple[Any, ...]) -> dict[str, float]:
    return {str(name): float(row[index]) for index, name in enumerate(names)}


def _sparse(features: Iterable[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    keys: list[int] = []
    lengths: list[int] = []
    for row in features:
        keys.extend(get_string_id(feature) for feature in row)
        lengths.append(len(row))
    return (
        np.asarray(keys, dtype="uint64"),
        np.ones(len(keys), dtype="float32"),
        np.asarray(lengths, dtype="int32"),
    )


def _slices() -> dict[str, slice]:
    slices, start = {}, 0
    for head, values in HEADS.items():
        slices[head] = slice(start, start + len(values))
        start += len(values)
    return slices


def _softmax_heads(logits: np.ndarray) -> dict[str, np.ndarray]:
    result = {}
    for head, part in _slices().items():
        block = logits[:, part] - logits[:, part].max(axis=1, keepdims=True)
        exp = np.exp(block)
        result[head] = exp / exp.sum(axis=1, keepdims=True)
    return result


def _targets(targets: Sequence[Target]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """One-hot gold rows per head, and which rows train each head (attributes only when kept)."""
    gold = {head: np.zeros((len(targets), len(values))) for head, values in HEADS.items()}
    mask = {head: np.zeros(len(targets), dtype=bool) for head in HEADS}
    for row, target in enumerate(targets):
        gold["keep"][row, int(target.keep)] = 1
        mask["keep"][row] = True
        if not target.keep:
            continue
        for head, value in (("type", target.type), ("strength", target.strength)):
            if value in HEADS[head]:
                gold[head][row, HEADS[head].index(value)] = 1
                mask[head][row] = True
    return gold, mask


def _gradient(
    probabilities: dict[str, np.ndarray],
    gold: dict[str, np.ndarray],
    mask: dict[str, np.ndarray],
    rows: np.ndarray,
) -> tuple[np.ndarray, float]:
    """Cross-entropy gradient of every head's softmax, masked rows zeroed; and the summed loss."""
    parts, loss = [], 0.0
    for head, part in probabilities.items():
        wanted, used = gold[head][rows], mask[head][rows][:, None]
        parts.append((part - wanted) * used / max(len(rows), 1))
        loss -= float((np.log(part + 1e-9) * wanted * used).sum())
    return np.concatenate(parts, axis=1), loss
