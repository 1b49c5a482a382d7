"""The decision layer: trained reproducibly from the train split, and shipped weights match it."""

import json

import numpy as np

from analyzer.decider import DeciderModel, Target
from analyzer.paths import decider_dir
from pipelines.evaluation.gold import load_corpus
from pipelines.evaluation.scoring import GoldMention
from pipelines.evaluation.train import align, data_hash, examples


def test_each_gold_mention_claims_the_proposal_it_overlaps_most():
    gold = [GoldMention(10, 30, "degree", "required", True)]
    targets = align([(0, 5), (12, 20), (8, 32), (40, 45)], gold)
    assert targets == [
        Target(False),
        Target(False),
        Target(True, "degree", "required"),
        Target(False),
    ]


def test_training_is_reproducible():
    found = examples(load_corpus("train")[:40])
    weights = []
    for _ in range(2):
        model = DeciderModel()
        model.fit(found.features, found.targets, epochs=3, seed=7)
        weights.append(model.model.get_param("W").copy())
    assert np.array_equal(weights[0], weights[1])
    assert np.abs(weights[0]).max() > 0


def test_the_shipped_weights_come_from_the_current_train_split():
    meta = json.loads((decider_dir() / "meta.json").read_text("utf-8"))
    train = load_corpus("train")
    assert meta["train_data_sha256"] == data_hash(train)
    assert meta["train_postings"] == len(train)


def test_a_saved_model_loads_with_the_same_answers(tmp_path):
    found = examples(load_corpus("train")[:20])
    model = DeciderModel(threshold=0.4)
    model.fit(found.features, found.targets, epochs=2)
    model.to_disk(tmp_path)
    loaded = DeciderModel.from_disk(tmp_path)
    assert loaded.threshold == 0.4
    assert loaded.decide(found.features[:5]) == model.decide(found.features[:5])
