"""The decision layer's rules of engagement, with a stand-in model whose answers the test sets."""

from dataclasses import dataclass, field

import pytest

from analyzer import analyze_text
from analyzer.decider import Decision
from analyzer.pipeline import DECIDER_NAME, shared_pipeline
from analyzer.vocab import CREDENTIAL_TYPES, STRENGTHS


@dataclass
class StandIn:
    """Answers every proposal alike: keep with `keep`, the type and strength given."""

    keep: float = 1.0
    kind: str = "license"
    strength: str = "preferred"
    threshold: float = 0.5
    types_learned: frozenset[str] = field(
        default_factory=lambda: frozenset({"degree", "license", "certification", "certificate"})
    )

    def decide(self, features):
        types = {k: (0.9 if k == self.kind else 0.02) for k in CREDENTIAL_TYPES}
        strengths = {s: (0.9 if s == self.strength else 0.05) for s in STRENGTHS}
        return [Decision(self.keep, types, strengths) for _ in features]


@pytest.fixture
def stand_in():
    layer = shared_pipeline().get_pipe(DECIDER_NAME)
    saved = layer.model
    model = StandIn()
    layer.model = model
    yield model
    layer.model = saved


def kinds(text):
    return [(m["text"], m["type"], m["credential_id"]) for m in analyze_text(text)["mentions"]]


def test_below_the_threshold_nothing_is_kept(stand_in):
    stand_in.keep = 0.3
    assert kinds("Requirements\nBachelor's degree in Accounting.") == []


def test_layout_and_explicit_cues_veto_the_model(stand_in):
    assert kinds("Registered Nurse - Nights\nJoin our friendly ward team on nights.") == []
    assert kinds("No degree required for this role, just enthusiasm.") == []
    assert kinds("We will support you to gain your Care Certificate.") == []


def test_the_model_retypes_a_learned_type_and_drops_its_taxonomy_id(stand_in):
    stand_in.kind = "license"
    ((text, kind, credential_id),) = kinds("Requirements\nPMP certification.")
    assert (text, kind, credential_id) == ("PMP certification", "license", None)


def test_types_the_model_never_learned_stay_as_the_rules_say(stand_in):
    stand_in.kind = "license"
    (mention,) = analyze_text("Google Data Analytics Professional Certificate preferred.")[
        "mentions"
    ]
    assert mention["type"] == "microcredential"
    assert mention["credential_id"] is not None


def test_the_model_overrules_a_strength_it_finds_unlikely(stand_in):
    stand_in.kind, stand_in.strength = "certification", "preferred"
    (mention,) = analyze_text("Requirements\nPMP certification is required.")["mentions"]
    assert mention["strength"] == "preferred"
