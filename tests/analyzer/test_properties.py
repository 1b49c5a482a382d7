"""Property-based tests (hypothesis): the analyzer never crashes on any text, every mention's
offsets lie inside the text and select the mention's own text, and the same text gives the same
analysis."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer import analyze_text, analyze_texts
from analyzer.bounds import MAX_RUN

FRAGMENTS = [
    "Bachelor's degree", "BSc", "B.Sc.", "Ph.D", "PMP", "RN/LPN/CNA", "CPA", "or equivalent",
    "experience", "in lieu of a degree", "required", "preferred", "Requirements:", "Essential",
    "(", ")", "/", "-", "•", "’", "–", "\u0301", "\x00", "\t", "\r\n", "\n", " ", "  ",
    "=" * (MAX_RUN + 5), "é", "İ", "ß", "ﬁ", "\u200b", "😀", "<b>", "&amp;",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=40).map("".join)
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(TEXTS)
def test_mentions_lie_inside_the_text_and_repeat(text: str) -> None:
    analysis = analyze_text(text, "x")
    assert analysis["id"] == "x"
    for mention in analysis["mentions"]:
        assert 0 <= mention["start"] < mention["end"] <= len(text)
        assert text[mention["start"] : mention["end"]] == mention["text"]
    assert analyze_text(text, "x") == analysis


@settings(max_examples=15, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=6))
def test_a_batch_gives_each_text_its_own_analysis(texts: list[str]) -> None:
    batch = analyze_texts(texts, batch_size=4)
    assert batch == [analyze_text(text, index) for index, text in enumerate(texts)]
