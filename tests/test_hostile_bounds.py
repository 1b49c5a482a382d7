"""Hostile text: the analyzer, the JSON-LD import and HTML-to-text finish every pathological input
within 10 s and 1 GB, each input in its own process under RLIMIT_AS (tests/hostile_inputs.py)."""

from __future__ import annotations

import pytest

from analyzer import analyze_text
from analyzer.bounds import MAX_RUN, cut_long_runs
from analyzer.prefilter import Reduced
from crawler.htmltext import html_to_text
from tests.hostile_inputs import INPUTS, LIMIT_MB, LIMIT_SECONDS, TARGETS, measure


@pytest.mark.slow
@pytest.mark.parametrize("target", list(TARGETS))
def test_every_hostile_input_finishes_in_bounded_time_and_memory(target: str) -> None:
    results = measure(target)
    assert [m.input for m in results] == list(INPUTS)
    for m in results:
        assert m.ok, f"{target} on {m.input}: {m.detail}"
        assert m.seconds <= LIMIT_SECONDS, f"{target} on {m.input}: {m.seconds:.1f} s"
        assert m.peak_mb <= LIMIT_MB, f"{target} on {m.input}: {m.peak_mb:.0f} MB"


def test_long_runs_are_cut_and_offsets_still_point_into_the_original() -> None:
    text = f"Title\nab {'x' * (MAX_RUN + 1)} BSc\n{'/' * 5000}\nPMP required {'(' * 900}"
    cut = cut_long_runs(Reduced(text, (0, 6), (0, 6)))
    assert len(cut.text) < 60 and "x" not in cut.text and "/" not in cut.text
    for word in ("Title", "ab", "BSc", "PMP required"):
        at = cut.text.index(word)
        start = cut.to_original(at)
        assert text[start : start + len(word)] == word
    short = Reduced(f"ab {'x' * MAX_RUN}", (0,), (0,))
    assert cut_long_runs(short) is short


def test_credentials_beside_a_long_run_are_found_as_without_it() -> None:
    plain = "Nurse\nRequirements\nBSc in Nursing required\nPMP preferred"
    flooded = plain.replace("BSc", "=" * 100_000 + " BSc")
    expected = [(m["text"], m["strength"]) for m in analyze_text(plain)["mentions"]]
    mentions = analyze_text(flooded)["mentions"]
    assert [(m["text"], m["strength"]) for m in mentions] == expected
    assert len(expected) == 2
    assert all(flooded[m["start"] : m["end"]] == m["text"] for m in mentions)


def test_html_nested_past_the_parser_limit_keeps_its_text() -> None:
    deep = "<div>" * 5000 + "<p>BSc <b>required</b></p><LI>PMP</LI>" + "</div>" * 5000
    assert html_to_text(deep) == "BSc required\nPMP"
    assert html_to_text("<div>" * 100 + "<p>BSc</p><p>PMP</p>" + "</div>" * 100) == "BSc\nPMP"
