"""The site builder: escaped text, safe unique file names, CSP hashes of the exact bytes, counts."""

from __future__ import annotations

import re
from itertools import pairwise

import pandas as pd
import pytest

from analyzer.taxonomy import Credential, FactsSource
from pipelines.reports.rendering.csp import source_hash
from pipelines.reports.site.build import build_site
from tests.pipelines.reports.site.html_parts import parse
from tests.pipelines.reports.site.site_samples import (
    HOSTILE_EMPLOYER,
    HOSTILE_TITLE,
    site_frames,
)

SAFE_PATH = re.compile(
    r"^(index|credentials|industries)\.html$|^(employers|credentials|industries)/[a-z0-9-]+\.html$"
)
PMP = Credential(
    id="cert.pmi.pmp",
    type="certification",
    label="Project Management Professional (PMP)",
    issuer="Project Management Institute",
    renewal_years=3,
    official_url="https://www.pmi.org/certifications/project-management-pmp",
    prerequisites="35 hours of project management education",
    facts_source=FactsSource("PMI: the PMP handbook", "https://www.pmi.org/pmp-handbook"),
)


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    postings, mentions = site_frames()
    return build_site(postings, mentions, {PMP.id: PMP}, min_n=3)


def test_every_file_name_is_a_safe_slug(site: dict[str, str]) -> None:
    assert all(SAFE_PATH.match(path) for path in site), sorted(site)
    assert "employers/script-alert-x-script-etc-passwd.html" in site


def test_names_that_slug_alike_get_their_own_pages(site: dict[str, str]) -> None:
    first, second = site["employers/acme-health.html"], site["employers/acme-health-2.html"]
    assert "<h1>Acme Health</h1>" in first
    assert "<h1>Acme Health!</h1>" in second


def test_posting_text_and_names_are_escaped(site: dict[str, str]) -> None:
    page = site["employers/script-alert-x-script-etc-passwd.html"]
    parts = parse(page)
    assert len(parts.scripts) == 0
    assert "img" not in parts.tags and "b" not in parts.tags
    assert HOSTILE_EMPLOYER in parts.text and HOSTILE_TITLE in parts.text
    marked = (
        '<pre class="posting">Needs a <mark title="PMP: required">PMP</mark> &amp; '
        "&lt;b&gt;more&lt;/b&gt;\n&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;</pre>"
    )
    assert marked in page


def test_the_credential_phrase_is_marked(site: dict[str, str]) -> None:
    page = site["employers/beta-tech.html"]
    assert re.search(r"<mark title=\"[^\"]*: required\">PMP</mark>", page)
    assert re.search(r"<mark title=\"[^\"]*: preferred\">PMP certification</mark>", page)


def test_only_http_addresses_become_links(site: dict[str, str]) -> None:
    hostile = parse(site["employers/script-alert-x-script-etc-passwd.html"])
    assert not any(href.startswith("javascript") for href in hostile.hrefs)
    beta = parse(site["employers/beta-tech.html"])
    assert "https://jobs.example.org/p3" in beta.hrefs


def test_csp_hashes_match_the_inline_bytes(site: dict[str, str]) -> None:
    for path, page in site.items():
        parts = parse(page)
        policy = dict(d.strip().split(" ", 1) for d in parts.csp.split(";"))
        assert policy["default-src"] == "'none'", path
        assert parts.styles and policy["style-src"] == source_hash(parts.styles[0]), path
        assert len(parts.scripts) == (1 if path == "index.html" else 0), path
        if parts.scripts:
            assert policy["script-src"] == source_hash(parts.scripts[0])
        assert "style" not in parts.attributes, path  # style attributes would need 'unsafe-hashes'
        assert not [a for a in parts.attributes if a.startswith("on")], path


def test_links_are_relative_and_resolve(site: dict[str, str]) -> None:
    for path, page in site.items():
        for href in parse(page).hrefs:
            if href.startswith(("https://", "http://")) or href == "#main":
                continue
            folder = path.rpartition("/")[0]
            target = re.sub(r"^(\.\./)", "", href) if folder else href
            assert not href.startswith("/") and target in site, (path, href)


def test_headings_descend_one_level_at_a_time(site: dict[str, str]) -> None:
    for path, page in site.items():
        levels = parse(page).headings
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in pairwise(levels)), (path, levels)


def test_index_counts_and_small_marks(site: dict[str, str]) -> None:
    index = site["index.html"]
    acme = '<tr data-name="acme health" data-industry="62" data-regions="US">'
    row = re.search(f"{acme}(.*?)</tr>", index)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert cells[2].startswith('2 <span class="small-n"')  # 2 postings, below min_n=3: marked
    assert cells[3].startswith("100%") and "N=2" in cells[3]  # both ask for a credential
    assert "7 job postings from 5 employers" in index


def test_credential_page_counts_and_facts(site: dict[str, str]) -> None:
    page = site["credentials/cert-pmi-pmp.html"]
    text = parse(page).text
    assert "3 of 7 (43%, 95% interval 16%–75%) postings ask for it" in text
    assert "2 of 3 (67%" in text  # required in p4 and p9, preferred in p3
    assert "Project Management Institute" in text and "every 3 years" in text
    assert "35 hours of project management education" in text
    assert 'href="https://www.pmi.org/certifications/project-management-pmp"' in page
    assert 'href="https://www.pmi.org/pmp-handbook" rel="noopener noreferrer">PMI: the' in page


def test_unknown_facts_say_not_stated(site: dict[str, str]) -> None:
    page = site["credentials/license-rn.html"]
    assert page.count('<dd><span class="unknown">not stated</span></dd>') == 5


def test_industry_pages_include_the_unknown_industry(site: dict[str, str]) -> None:
    page = parse(site["industries/not-known.html"]).text
    assert "Industry not known" in page and "1 posting from 1 employer." in page


def test_every_share_shows_its_n_and_interval(site: dict[str, str]) -> None:
    for path, page in site.items():
        for cell in re.findall(r'<td class="num">(\d[\d.]*%.*?)</td>', page):
            assert re.search(r"\[\d[\d.]*%–\d[\d.]*%\], N=\d", cell), (path, cell)


def test_building_twice_gives_the_same_bytes() -> None:
    postings, mentions = site_frames()
    first = build_site(postings, mentions, {}, min_n=3)
    again = build_site(postings.sample(frac=1, random_state=1), mentions, {}, min_n=3)
    assert first == again


def test_an_empty_employer_column_still_builds() -> None:
    postings, mentions = site_frames()
    postings["employer"] = pd.Series([None] * len(postings), dtype=object)
    site = build_site(postings, mentions, {}, min_n=3)
    assert not [path for path in site if path.startswith("employers/")]
    assert "0 employers" in site["index.html"]


def test_an_employer_is_compared_with_its_industry_or_with_all(site: dict[str, str]) -> None:
    acme = site["employers/acme-health.html"]
    assert "beside its industry</h2>" in acme
    assert '67%<br><span class="ci">[21%–94%], N=3</span>' in acme  # NAICS 62: 2 of p1, p2, p5
    hostile = site["employers/script-alert-x-script-etc-passwd.html"]
    assert "beside all postings</h2>" in hostile and "N=7</span>" in hostile
