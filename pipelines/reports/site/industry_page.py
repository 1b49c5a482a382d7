"""One page per industry, and the list pages of every industry and every credential."""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd

from pipelines.reports.builders.breakdown import group_counts, overall_top_credentials
from pipelines.reports.model import BarChart, Table
from pipelines.reports.rendering.html import bar_chart_svg
from pipelines.reports.site.links import Frames, SiteLinks, industry_key, industry_title
from pipelines.reports.site.page import (
    Page,
    count_cell,
    counted,
    figure,
    link,
    share_cell,
    table,
    text_cell,
)
from pipelines.reports.vocab import credential_types

SHARE_HEADERS = ("Any credential", "Degree required", "Experience accepted instead")
TOP_SHOWN = 25


def _shares(counts: dict[Any, Any], min_n: int) -> str:
    """The three headline shares of a counts row, as cells."""
    n = int(counts["n"])
    return (
        share_cell(int(counts["hits_any"]), n, min_n)
        + share_cell(int(counts["hits_degree_required"]), n, min_n)
        + share_cell(int(counts["hits_equivalency"]), n, min_n)
    )


def _types(counts: dict[Any, Any], min_n: int) -> str:
    n = int(counts["n"])
    rows = [
        "<tr>"
        + text_cell(escape(label), header=True)
        + share_cell(int(counts[f"hits_{kind}"]), n, min_n)
        + share_cell(int(counts[f"hits_{kind}_required"]), n, min_n)
        + "</tr>"
        for kind, label in credential_types().items()
    ]
    headers = ("Credential type", "Asked for, any strength", "Required")
    return table("Share of its postings asking for each credential type", headers, rows)


def credentials_table(frames: Frames, links: SiteLinks, root: str, min_n: int, limit: int) -> str:
    """The most requested credentials of some postings: chart and linked table."""
    frame = overall_top_credentials(*frames, limit, min_n)
    if frame.empty:
        return "<p>No posting here asks for a credential the analyzer knows.</p>"
    types = credential_types()
    rows = [
        "<tr>"
        + text_cell(link(links.credential(row["credential_id"], root), row["label"]), header=True)
        + text_cell(escape(types.get(str(row["type"]), str(row["type"]))))
        + share_cell(int(row["postings"]), int(row["n"]), min_n)
        + share_cell(int(row["hits_required"]), int(row["postings"]), min_n)
        + share_cell(int(row["hits_experience"]), int(row["postings"]), min_n)
        + "</tr>"
        for row in frame.to_dict("records")
    ]
    chart = BarChart("Share of postings asking for each credential", "top", "label", "asked")
    svg = bar_chart_svg(chart, Table("top", frame, []), min_n)
    headers = ("Credential", "Type", "Postings asking", "Required", "Experience accepted")
    caption = "Credentials asked for (required and experience: of those asking)"
    return figure(svg, chart.title) + table(caption, headers, rows)


def _employers(frames: Frames, links: SiteLinks, min_n: int) -> str:
    counts = group_counts(*frames, {"employer": "p.employer"})
    rows = [
        "<tr>"
        + text_cell(link(links.employer(row["employer"], "../"), row["employer"]), header=True)
        + count_cell(int(row["n"]), min_n)
        + _shares(row, min_n)
        + "</tr>"
        for row in counts.dropna(subset=["employer"]).to_dict("records")
    ]
    caption = "Employers with postings in this industry"
    return table(caption, ("Employer", "Postings", *SHARE_HEADERS), rows)


def industry_page(key: str, frames: Frames, links: SiteLinks, min_n: int) -> Page:
    """An industry's page: credential types, the most requested credentials, its employers."""
    counts = group_counts(*frames, {"scope": "'all'"}).to_dict("records")[0]
    n, employers = int(counts["n"]), frames[0]["employer"].dropna().nunique()
    title = industry_title(key)
    body = (
        f"<h1>{escape(title)}</h1>"
        f'<p class="lead">{counted(n, "posting")} from {counted(employers, "employer")}.</p>'
        "<h2>Credential types asked for</h2>"
        + _types(counts, min_n)
        + "<h2>Most requested credentials</h2>"
        + credentials_table(frames, links, "../", min_n, TOP_SHOWN)
        + "<h2>Employers</h2>"
        + _employers(frames, links, min_n)
    )
    return Page(f"industries/{links.industries[key]}.html", title, body)


def industries_page(
    industry_counts: pd.DataFrame, postings: pd.DataFrame, links: SiteLinks, min_n: int
) -> Page:
    """The list of every industry with its headline shares."""
    employers = postings.groupby(postings["industry"].map(industry_key))["employer"].nunique()
    rows = []
    for row in industry_counts.to_dict("records"):
        key = industry_key(row["industry"])
        rows.append(
            "<tr>"
            + text_cell(link(links.industry(key, ""), industry_title(key)), header=True)
            + count_cell(int(row["n"]), min_n)
            + f'<td class="num">{int(employers.get(key, 0)):,}</td>'
            + _shares(row, min_n)
            + "</tr>"
        )
    headers = ("Industry", "Postings", "Employers", *SHARE_HEADERS)
    body = "<h1>Industries</h1>" + table(
        "Industries and what their postings ask for", headers, rows
    )
    return Page("industries.html", "Industries", body)


def credentials_page(frames: Frames, links: SiteLinks, min_n: int) -> Page:
    """The list of every credential asked for, most requested first."""
    body = "<h1>Credentials</h1>" + credentials_table(
        frames, links, "", min_n, len(links.credentials)
    )
    return Page("credentials.html", "Credentials", body)
