"""The index: every employer, with client-side search and filters by industry and region."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

import pandas as pd

from pipelines.reports.site.links import SiteLinks, industry_key, industry_title
from pipelines.reports.site.page import (
    Page,
    count_cell,
    counted,
    link,
    share_cell,
    table,
    text_cell,
)
from pipelines.reports.vocab import region_label

HEADERS = (
    "Employer",
    "Industry",
    "Regions",
    "Postings",
    "Any credential",
    "Degree required",
    "Experience accepted instead",
)


def employer_facts(postings: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per employer: its industry (the most common among its postings) and its countries."""
    facts: dict[str, dict[str, Any]] = {}
    for name, part in postings.dropna(subset=["employer"]).groupby("employer", sort=True):
        codes = Counter(industry_key(code) for code in part["industry"])
        countries = sorted({str(c) for c in part["country"].dropna()})
        facts[str(name)] = {"industry": codes.most_common(1)[0][0], "countries": countries}
    return facts


def _row(
    name: str, counts: dict[Any, Any], facts: dict[str, Any], links: SiteLinks, min_n: int
) -> str:
    n = int(counts["n"])
    regions = ", ".join(region_label(code) for code in facts["countries"]) or "Location not known"
    attributes = (
        f' data-name="{escape(name.lower())}" data-industry="{escape(facts["industry"])}"'
        f' data-regions="{escape(" ".join(facts["countries"]))}"'
    )
    cells = [
        text_cell(link(links.employer(name, ""), name), header=True),
        text_cell(link(links.industry(facts["industry"], ""), industry_title(facts["industry"]))),
        text_cell(escape(regions)),
        count_cell(n, min_n),
        share_cell(int(counts["hits_any"]), n, min_n),
        share_cell(int(counts["hits_degree_required"]), n, min_n),
        share_cell(int(counts["hits_equivalency"]), n, min_n),
    ]
    return f"<tr{attributes}>{''.join(cells)}</tr>"


def _options(choices: dict[str, str]) -> str:
    listed = "".join(
        f'<option value="{escape(value)}">{escape(text)}</option>'
        for value, text in choices.items()
    )
    return f'<option value="">All</option>{listed}'


def _filters(facts: dict[str, dict[str, Any]]) -> str:
    industries = sorted({f["industry"] for f in facts.values()}, key=lambda k: (k == "", k))
    countries = sorted({c for f in facts.values() for c in f["countries"]}, key=region_label)
    return (
        '<div class="filters">'
        '<label for="search">Search employers'
        '<input id="search" type="search" autocomplete="off"></label>'
        f'<label for="industry">Industry<select id="industry">'
        f"{_options({k: industry_title(k) for k in industries})}</select></label>"
        f'<label for="region">Region<select id="region">'
        f"{_options({c: region_label(c) for c in countries})}</select></label>"
        '</div><p id="shown" role="status" aria-live="polite"></p>'
    )


def index_page(
    postings: pd.DataFrame, employer_counts: pd.DataFrame, links: SiteLinks, min_n: int
) -> Page:
    """The index page: the employer table and its search and filter controls."""
    facts = employer_facts(postings)
    counts = {row["employer"]: row for row in employer_counts.to_dict("records")}
    names = sorted(facts, key=str.lower)
    rows = [_row(name, counts[name], facts[name], links, min_n) for name in names]
    scope = (
        "degree, licence, certification, certificate, micro-credential and clearance they ask "
        "for, whether it is required or preferred, and whether experience may stand in for it."
    )
    lead = (
        "<h1>Which credentials do employers ask for?</h1>"
        f'<p class="lead">{counted(len(postings), "job posting")} from '
        f"{counted(len(rows), 'employer')}, read for every {scope} See also every "
        f"{link('credentials.html', 'credential')} and every "
        f"{link('industries.html', 'industry')}.</p>"
        f'<p class="note">Employers with fewer than {min_n} postings are listed and marked †: '
        "their shares are too uncertain to trust.</p>"
    )
    body = lead + "<h2>Employers</h2>" + _filters(facts)
    body += table("Employers and what their postings ask for", HEADERS, rows, table_id="employers")
    return Page("index.html", "Employers", body, script=True)
