"""Behaviour of the analyzer on short postings written to exercise each rule of the guide."""

import pytest
import spacy

from analyzer import analyze_text, analyze_texts, build_pipeline, load_pipeline
from analyzer.api import build_prefilter
from analyzer.pipeline import drop_whitespace_special_cases
from analyzer.results import analysis_from_doc


def mentions(text: str) -> list[dict]:
    return analyze_text(text)["mentions"]


def only(text: str) -> dict:
    found = mentions(text)
    assert len(found) == 1, found
    return found[0]


def test_offsets_point_at_the_phrase():
    text = (
        "About the job\nRequirements\n- Bachelor's degree in Computer Science\n- PMP certification"
    )
    for m in mentions(text):
        assert text[m["start"] : m["end"]] == m["text"]
    assert {m["type"] for m in mentions(text)} == {"degree", "certification"}


@pytest.mark.parametrize(
    ("text", "kind", "level"),
    [
        ("You must have a Bachelor's degree.", "degree", "bachelor"),
        ("You must have a BSc in Biology.", "degree", "bachelor"),
        ("A PhD in statistics is required.", "degree", "doctorate"),
        ("An MBA is required.", "degree", "master"),
        ("High school diploma or GED required.", "degree", "secondary"),
        ("You must be educated to degree level.", "degree", "unspecified"),
        ("MD or DO required.", "degree", "professional"),
        ("Must hold a CompTIA Security+ certification.", "certification", None),
        ("Must hold current NMC registration.", "license", None),
        ("Active Top Secret clearance required.", "clearance", None),
        ("NVQ Level 3 in Health and Social Care is essential.", "certificate", None),
        ("Google Data Analytics Professional Certificate preferred.", "microcredential", None),
    ],
)
def test_types_and_levels(text, kind, level):
    mention = only(text)
    assert mention["type"] == kind
    assert mention["level"] == level


def test_degree_alternatives_are_one_mention_at_the_lowest_level():
    mention = only("BS/MS in Computer Science required.")
    assert mention["text"] == "BS/MS"
    assert mention["level"] == "bachelor"
    mention = only("Bachelor's or Master's degree in Engineering required.")
    assert mention["level"] == "bachelor"


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("A Bachelor's degree is required.", "required"),
        ("Master's degree preferred.", "preferred"),
        ("PMP certification is a plus.", "preferred"),
        ("Ideally you will hold a PRINCE2 certification.", "preferred"),
        ("Requirements\nBachelor's degree in Finance", "required"),
        ("Preferred Qualifications\nCPA license", "preferred"),
        (
            "Person Specification\nEssential\nNMC registration\nDesirable\nMentorship certificate",
            None,
        ),
        ("If you are a Registered Nurse looking for a change, get in touch.", "unspecified"),
    ],
)
def test_strength_from_cues_and_headings(text, strength):
    found = mentions(text)
    assert found
    if strength is None:
        assert [m["strength"] for m in found] == ["required", "preferred"]
    else:
        assert found[-1]["strength"] == strength


def test_required_and_preferred_in_one_sentence():
    found = mentions("Bachelor's degree required, Master's degree preferred.")
    assert [m["strength"] for m in found] == ["required", "preferred"]


def test_experience_substitute_needs_the_word_experience():
    with_experience = analyze_text("Bachelor's degree in IT or equivalent experience required.")
    assert with_experience["mentions"][0]["experience_substitute"] is True
    assert with_experience["equivalency"] is True
    qualification_only = analyze_text("Bachelor's degree in IT or equivalent required.")
    assert qualification_only["mentions"][0]["experience_substitute"] is False
    assert qualification_only["equivalency"] is False


def test_posting_wide_substitution_reaches_the_degree():
    text = (
        "Requirements\nBachelor's degree in Accounting.\n"
        "In lieu of a degree, four years of relevant experience will be considered."
    )
    analysis = analyze_text(text)
    assert len(analysis["mentions"]) == 1
    assert analysis["mentions"][0]["experience_substitute"] is True
    assert analysis["min_degree_required"] == "bachelor"


@pytest.mark.parametrize(
    "text",
    [
        "We will support you to gain your NVQ Level 3.",
        "An enhanced DBS check is required.",
        "We offer tuition reimbursement for certifications.",
        "A 360 degree view of the customer.",
        "You will have a high degree of autonomy.",
        "We are a registered charity.",
        "Please provide a certificate of insurance.",
        "Benefits\nPaid certifications and training",
    ],
)
def test_what_the_guide_excludes(text):
    assert mentions(text) == []


def test_a_title_line_is_not_a_request():
    text = "Registered Nurse - Nights\nJoin our friendly ward team on nights."
    assert mentions(text) == []
    asked = mentions("Staff Nurse\nYou must be a Registered Nurse with current NMC registration.")
    assert {m["type"] for m in asked} == {"license"}


def test_credentials_missing_from_the_taxonomy_are_found_by_shape():
    mention = only("Must hold a valid Widgetry Guild certification.")
    assert mention["type"] == "certification"
    assert mention["credential_id"] is None


def test_min_degree_required_is_the_lowest_required_level():
    text = "Requirements\nMaster's degree required.\nHigh school diploma required.\nPhD preferred."
    assert analyze_text(text)["min_degree_required"] == "secondary"
    assert analyze_text("PhD preferred.")["min_degree_required"] is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("", None),
        ("   \n\t ", None),
        ("1234 -- 5678", None),
        # under ~200 letters: counts as English, and English rules find nothing in it
        ("Bonjour, nous recrutons un comptable à Paris.", "en"),
    ],
)
def test_empty_short_and_letterless_text_give_an_empty_result(text, language):
    analysis = analyze_text(text, "x")
    assert analysis == {
        "id": "x",
        "language": language,
        "mentions": [],
        "equivalency": False,
        "min_degree_required": None,
    }


def test_huge_posting_is_analysed():
    line = "We are a growing team working on interesting problems every day.\n"
    text = line * (5_000_000 // len(line)) + "Bachelor's degree required."
    found = mentions(text)
    assert len(found) == 1
    assert text[found[0]["start"] : found[0]["end"]] == found[0]["text"]


def test_non_string_input_is_a_clear_error():
    with pytest.raises(TypeError, match="texts must be str"):
        analyze_texts([None])  # type: ignore[list-item]


def test_pipeline_round_trips_through_disk(tmp_path, gold_texts):
    nlp = build_pipeline()
    nlp.to_disk(tmp_path / "model")
    loaded = load_pipeline(tmp_path / "model")
    assert loaded.pipe_names == nlp.pipe_names
    credentials = nlp.get_pipe("credscope_resolver").credentials
    for text in gold_texts[:30]:
        before = analysis_from_doc(nlp(text), 0, credentials)
        after = analysis_from_doc(loaded(text), 0, credentials)
        assert before == after


def test_prefilter_gives_the_same_answers_as_the_full_pipeline(gold_texts):
    nlp = build_pipeline()
    credentials = nlp.get_pipe("credscope_resolver").credentials
    prefilter = build_prefilter(nlp)
    assert prefilter.complete
    fast = analyze_texts(gold_texts)
    for index, text in enumerate(gold_texts):
        full = analysis_from_doc(nlp(text), index, credentials)
        assert fast[index] == full, index
    shrunk = sum(len(prefilter.reduce(t).text) for t in gold_texts)
    assert shrunk < 0.6 * sum(len(t) for t in gold_texts)


def test_two_processes_give_the_same_answers(gold_texts):
    assert analyze_texts(gold_texts, n_process=2, batch_size=8) == analyze_texts(gold_texts)


def test_dropping_whitespace_special_cases_changes_no_token(gold_texts):
    """The speed-up in build_pipeline gives the same tokens as spaCy's stock English tokenizer."""
    stock, trimmed = spacy.blank("en"), spacy.blank("en")
    drop_whitespace_special_cases(trimmed)
    assert len(trimmed.tokenizer.rules) < len(stock.tokenizer.rules)
    for text in gold_texts:
        expected = [(t.text, t.idx) for t in stock.make_doc(text)]
        assert [(t.text, t.idx) for t in trimmed.make_doc(text)] == expected
