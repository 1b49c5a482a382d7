"""File names from names: safe, never empty, never a path, unique."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipelines.output_safety import SLUG_MAX as MAX_CHARS
from pipelines.reports.site.slugs import slugify, unique_slugs

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_names_become_readable_slugs() -> None:
    assert slugify("Oxford University Hospitals NHS Foundation Trust") == (
        "oxford-university-hospitals-nhs-foundation-trust"
    )
    assert slugify("Café Zürich & Co.") == "cafe-zurich-co"
    assert slugify("degree.bachelor") == "degree-bachelor"


def test_paths_and_reserved_names_cannot_escape() -> None:
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("..") == "page" and slugify("") == "page"
    assert slugify("東京", "employer") == "employer"
    assert slugify("CON") == "con-file" and slugify("index") == "index-page"


def test_names_that_slug_alike_are_numbered_in_name_order() -> None:
    slugs = unique_slugs(["acme", "Acme", "ACME!", "acme-2"])
    assert slugs == {"ACME!": "acme", "Acme": "acme-2", "acme": "acme-3", "acme-2": "acme-2-2"}


@given(st.lists(st.text(max_size=120), max_size=20))
def test_any_names_give_distinct_safe_slugs(names: list[str]) -> None:
    slugs = unique_slugs(names)
    assert len(set(slugs.values())) == len(slugs) == len(set(names))
    for slug in slugs.values():
        assert SLUG.match(slug) and len(slug) <= MAX_CHARS + 8, slug
