"""Property-based tests (hypothesis): the location and industry normalisers and HTML-to-text
never crash, give well-formed values, and give the same output for the same input."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.htmltext import html_to_text
from crawler.industry import naics_from_label, resolve_industry, sector_codes
from crawler.location import parse_location

PLACES = [
    "London", "UK", "United Kingdom", "Remote", "US", "CA", "GA", "Georgia", "New York, NY",
    "San Francisco, CA 94105", "Berlin, Germany", "Hybrid", "(", ")", ",", ";", "/", "|", "-",
    " ", "\n", "\x00", "é", "İ", "Ö", "\u0301",
]  # fmt: skip
LABELS = [
    "Hospital & Health Care", "Health Care", "Information Technology", "62", "622110", "31-33",
    "and", "&", "Retail", "Unknown", "-1", " ", "\x00", "İ",
]  # fmt: skip
TAGS = [
    "<p>", "</p>", "<div>", "</div>", "<ul>", "<li>", "</li>", "<br>", "<br/>", "<b>", "</b>",
    "<script>", "</script>", "<style>", "<td>", "<table>", "&lt;p&gt;", "&amp;", "&#0;",
    "&#x1F600;",
    "<!--", "-->", "<![CDATA[", "]]>", "<", ">", "\r", "\n", "\t", "\x00", "\x0c", "BSc", "PMP",
]  # fmt: skip
SUBDIVISION = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")


def mixed(pieces: list[str], size: int) -> st.SearchStrategy[str]:
    """Strings joined from known pieces and arbitrary text."""
    parts = st.sampled_from(pieces) | st.text(max_size=8)
    return st.lists(parts, max_size=size).map("".join)


@settings(max_examples=150, deadline=None)
@given(mixed(PLACES, 12), st.sampled_from([None, "US", "GB", "xx"]))
def test_location_is_well_formed_and_repeatable(raw: str, hint: str | None) -> None:
    location = parse_location(raw, country_hint=hint)
    assert location.country is None or re.fullmatch("[A-Z]{2}", location.country)
    if location.subdivision is not None:
        assert SUBDIVISION.fullmatch(location.subdivision)
        assert location.country is None or location.subdivision.startswith(location.country)
    assert location.remote in (None, True, False)
    assert location.raw == (raw.strip() or None)
    assert parse_location(raw, country_hint=hint) == location


@settings(max_examples=60, deadline=None)
@given(st.lists(mixed(PLACES, 5) | st.dictionaries(st.sampled_from(
    ["addressLocality", "addressRegion", "addressCountry", "name"]), mixed(PLACES, 4)),
    max_size=4))  # fmt: skip
def test_location_lists_and_places_never_crash(raw: list) -> None:
    assert parse_location(raw) == parse_location(raw)


@settings(max_examples=150, deadline=None)
@given(mixed(LABELS, 8))
def test_industry_is_a_sector_or_none_and_repeatable(label: str) -> None:
    sector = naics_from_label(label)
    assert sector is None or sector in sector_codes()
    code, source = resolve_industry(None, label)
    assert code == sector
    assert (source is None) == (code is None)
    assert naics_from_label(label) == sector


@settings(max_examples=150, deadline=None)
@given(mixed(TAGS, 40))
def test_html_to_text_gives_tidy_lines_and_repeats(markup: str) -> None:
    text = html_to_text(markup)
    assert "\r" not in text and "\n\n" not in text and "\t" not in text
    assert all(line == line.strip() for line in text.split("\n"))
    assert html_to_text(markup) == text
