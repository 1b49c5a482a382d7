"""One page per employer: what its postings ask for beside its industry, and the postings."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import pandas as pd

from pipelines.reports.builders.employer import compare_counts, posting_views
from pipelines.reports.model import BarChart, PostingView, Table
from pipelines.reports.rendering.html import bar_chart_svg, marked_text
from pipelines.reports.site.links import Frames, SiteLinks, industry_title
from pipelines.reports.site.page import (
    Page,
    count_text,
    counted,
    external_link,
    figure,
    link,
    share_cell,
    share_words,
    table,
    text_cell,
)
from pipelines.reports.vocab import credential_types

POSTINGS_SHOWN = 200
CREDENTIAL_HEADERS = (
    "Credential",
    "Type",
    "Postings asking",
    "Required",
    "Preferred",
    "Experience accepted",
)


@dataclass(frozen=True)
class EmployerFacts:
    """What an employer's page shows, computed for every employer at once."""

    name: str
    industry: str
    regions: str
    counts: dict[Any, Any]
    peer_counts: dict[Any, Any]
    peer_label: str
    credentials: pd.DataFrame


def summary_sentences(counts: dict[Any, Any]) -> str:
    """The plain answer first: how many ask for a credential, require a degree, take experience."""
    n, asking = int(counts["n"]), int(counts["n_degree_requested"])
    degree = (
        "Experience may stand in for the degree in "
        f"{share_words(int(counts['hits_degree_experience']), asking)} postings asking for one."
        if asking
        else "None of them asks for a degree."
    )
    return (
        f"{share_words(int(counts['hits_any']), n)} postings ask for at least one credential; "
        f"a degree is required in {share_words(int(counts['hits_degree_required']), n)}. {degree}"
    )


def _comparison(facts: EmployerFacts, min_n: int) -> str:
    frame = compare_counts(facts.counts, facts.peer_counts, min_n)
    shown = frame[(frame["hits_employer"] > 0) | (frame["hits_industry"] > 0)]
    rows = [
        "<tr>"
        + text_cell(escape(str(row["label"])), header=True)
        + share_cell(int(row["hits_employer"]), int(row["n_employer"]), min_n)
        + share_cell(int(row["hits_industry"]), int(row["n_industry"]), min_n)
        + "</tr>"
        for row in shown.to_dict("records")
    ]
    note = '<p class="note">Measures that no posting of either asks for are left out.</p>'
    headers = ("Measure", "This employer", facts.peer_label)
    caption = f"Share of postings: this employer beside {facts.peer_label.lower()}"
    return table(caption, headers, rows) + note


def _credential_row(row: dict[Any, Any], links: SiteLinks, root: str, min_n: int) -> str:
    asking = int(row["postings"])
    kind = str(row["type"])
    return (
        "<tr>"
        + text_cell(link(links.credential(row["credential_id"], root), row["label"]), header=True)
        + text_cell(escape(credential_types().get(kind, kind)))
        + share_cell(asking, int(row["n"]), min_n)
        + share_cell(int(row["hits_required"]), asking, min_n)
        + share_cell(int(row["hits_preferred"]), asking, min_n)
        + share_cell(int(row["hits_experience"]), asking, min_n)
        + "</tr>"
    )


def _credentials(frame: pd.DataFrame, links: SiteLinks, root: str, min_n: int) -> str:
    if frame.empty:
        return "<p>None of its postings asks for a credential the analyzer knows.</p>"
    rows = [_credential_row(row, links, root, min_n) for row in frame.to_dict("records")]
    chart = BarChart("Share of its postings asking for each credential", "c", "label", "asked")
    svg = bar_chart_svg(chart, Table("c", frame, []), min_n)
    caption = "Credentials its postings ask for (required, preferred, experience: of those asking)"
    return figure(svg, chart.title) + table(caption, CREDENTIAL_HEADERS, rows)


def _phrases(posting: PostingView) -> str:
    """The marked phrases as a list a screen reader reads too: phrase — credential: strength."""
    items = {
        f"“{posting.text[start:end]}” — {note}": None
        for start, end, note in posting.spans
        if 0 <= start < end <= len(posting.text)
    }
    listed = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f'<ul class="phrases">{listed}</ul>' if listed else "<p>No credential phrases.</p>"


def _posting_html(posting: PostingView) -> str:
    source = external_link(posting.url, "the original posting")
    opening = f"<p>Read {source}.</p>" if source else ""
    meta = f"{posting.meta} · {counted(len(posting.spans), 'credential phrase')}"
    summary = f'{escape(posting.title)} <span class="meta">— {escape(meta)}</span>'
    body = f'<pre class="posting">{marked_text(posting)}</pre>'
    return f"<details><summary>{summary}</summary>{opening}{_phrases(posting)}{body}</details>"


def _postings(postings: pd.DataFrame, mentions: pd.DataFrame, texts: pd.Series | None) -> str:
    if texts is None:
        return "<p>The postings' texts were not loaded.</p>"
    ordered = postings.sort_values(
        ["date_posted", "title"], ascending=[False, True], na_position="last"
    )
    shown = ordered.head(POSTINGS_SHOWN).assign(text=lambda f: f["posting_id"].map(texts))
    views = posting_views(shown, mentions[mentions["posting_id"].isin(shown["posting_id"])])
    note = ""
    if len(ordered) > len(shown):
        note = f'<p class="note">The {len(shown):,} newest of {len(ordered):,} postings.</p>'
    return note + "".join(_posting_html(view) for view in views)


def employer_page(
    facts: EmployerFacts, frames: Frames, texts: pd.Series | None, links: SiteLinks, min_n: int
) -> Page:
    """An employer's page (frames: its postings and mentions; texts: posting text by id)."""
    name, industry, counts = facts.name, facts.industry, facts.counts
    path = f"employers/{links.employers[name]}.html"
    industry_link = link(links.industry(industry, "../"), industry_title(industry))
    body = (
        f"<h1>{escape(name)}</h1>"
        f'<p class="lead">Industry: {industry_link}. Regions: {escape(facts.regions)}. '
        f'<span class="nowrap">Postings analysed: {count_text(int(counts["n"]), min_n)}.</span></p>'
        f"<p>{summary_sentences(counts)}</p>"
        f"<h2>What its postings ask for, beside {escape(facts.peer_label.lower())}</h2>"
        + _comparison(facts, min_n)
        + "<h2>Credentials its postings ask for</h2>"
        + _credentials(facts.credentials, links, "../", min_n)
        + "<h2>Its postings, with credential phrases highlighted</h2>"
        + _postings(*frames, texts)
    )
    return Page(path, name, body)
