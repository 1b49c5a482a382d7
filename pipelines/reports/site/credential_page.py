"""One page per credential: its facts, who asks for it, how strongly, where experience stands in."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import pandas as pd

from analyzer.taxonomy import Credential, FactsSource
from analyzer.vocab import STRENGTHS
from pipelines.reports.builders.credential import credential_summary, where_asked_all
from pipelines.reports.model import BarChart, Table
from pipelines.reports.rendering.html import bar_chart_svg
from pipelines.reports.site.links import Frames, SiteLinks, industry_key, industry_title
from pipelines.reports.site.page import (
    Page,
    count_cell,
    external_link,
    figure,
    link,
    share_cell,
    share_words,
    table,
    text_cell,
)
from pipelines.reports.vocab import credential_types, region_label, strength_label

NOT_STATED = '<span class="unknown">not stated</span>'
GROUPS = {"industry": "p.industry", "country": "p.country", "employer": "p.employer"}
MEASURES = (*STRENGTHS, "experience")
WHERE_HEADERS = (
    "Postings",
    "Share asking",
    "Required (of those asking)",
    "Experience accepted (of those asking)",
)


def _fact(value: object) -> str:
    """A fact as HTML: a link for an address, the text otherwise, 'not stated' for none."""
    if value is None or value == "":
        return NOT_STATED
    text = str(value)
    return external_link(text) if text.startswith(("http://", "https://")) else escape(text)


def _source(source: FactsSource | None) -> str:
    """The public page the facts come from: its title, linked."""
    if source is None:
        return NOT_STATED
    return external_link(source.url, source.title)


def facts_html(credential: Credential | None, issuer_seen: str | None) -> str:
    """The credential's facts from the taxonomy; anything unknown says 'not stated'."""
    known = credential or Credential(id="", type="", label="")
    renewal = known.renewal_years
    facts = [
        ("Issuer", _fact(known.issuer or issuer_seen)),
        ("Official page", _fact(known.official_url)),
        ("Renewal period", escape(f"every {renewal:g} years") if renewal else NOT_STATED),
        ("Prerequisites", _fact(known.prerequisites)),
        ("Source of these facts", _source(known.facts_source)),
    ]
    items = "".join(f"<dt>{escape(term)}</dt><dd>{value}</dd>" for term, value in facts)
    return f'<dl class="facts">{items}</dl>'


def _summary(summary: dict[Any, Any], min_n: int) -> str:
    n, asking = int(summary["n"]), int(summary["postings"])
    hits = {name: int(summary[f"hits_{name}"]) for name in MEASURES}
    sentence = (
        f"<p>{share_words(asking, n)} postings ask for it. Of those, "
        f"{share_words(hits['required'], asking)} require it, and experience may stand in for it "
        f"in {share_words(hits['experience'], asking)}.</p>"
    )
    cells = [share_cell(asking, n, min_n)]
    cells += [share_cell(hits[name], asking, min_n) for name in MEASURES]
    strengths = [strength_label(name).capitalize() for name in STRENGTHS]
    headers = ("Postings asking", *strengths, "Experience accepted instead")
    caption = "How often and how strongly it is asked for (strengths: of those asking)"
    return sentence + table(caption, headers, [f"<tr>{''.join(cells)}</tr>"])


def _where(title: str, frame: pd.DataFrame, cell: Callable[[object], str], min_n: int) -> str:
    rows = [
        "<tr>"
        + text_cell(cell(row["key"]), header=True)
        + count_cell(int(row["n"]), min_n)
        + share_cell(int(row["postings"]), int(row["n"]), min_n)
        + share_cell(int(row["hits_required"]), int(row["postings"]), min_n)
        + share_cell(int(row["hits_experience"]), int(row["postings"]), min_n)
        + "</tr>"
        for row in frame.to_dict("records")
    ]
    caption = f"Postings asking for it, by {title.lower()}"
    return f"<h3>By {title.lower()}</h3>" + table(caption, (title, *WHERE_HEADERS), rows)


class _Cells:
    """The first cell of each 'who asks' table: links to the industry and employer pages."""

    def __init__(self, links: SiteLinks, root: str) -> None:
        self.links, self.root = links, root

    def industry(self, key: object) -> str:
        code = industry_key(key)
        return link(self.links.industry(code, self.root), industry_title(code))

    def region(self, key: object) -> str:
        return escape(region_label(key if isinstance(key, str) else None))

    def employer(self, key: object) -> str:
        if not isinstance(key, str):
            return "Employer not known"
        return link(self.links.employer(key, self.root), key)


def where_asked_by_credential(frames: Frames, min_n: int) -> dict[str, dict[str, pd.DataFrame]]:
    """Per credential id: its where_asked table for each of GROUPS, all computed at once."""
    tables: dict[str, dict[str, pd.DataFrame]] = {}
    for group, expression in GROUPS.items():
        every = where_asked_all(*frames, {"key": expression}, min_n)
        for cid, table_rows in every.groupby("credential_id", sort=False):
            tables.setdefault(str(cid), {})[group] = table_rows.reset_index(drop=True)
    return tables


def _who_asks(where: dict[str, pd.DataFrame], cells: _Cells, min_n: int) -> str:
    industries = where["industry"]
    industries = industries.assign(
        label=[industry_title(industry_key(k)) for k in industries["key"]]
    )
    chart = BarChart("Share of postings asking for it, by industry", "industries", "label", "asked")
    svg = bar_chart_svg(chart, Table("industries", industries, []), min_n)
    return (
        figure(svg, chart.title)
        + _where("Industry", industries, cells.industry, min_n)
        + _where("Country", where["country"], cells.region, min_n)
        + _where("Employer", where["employer"], cells.employer, min_n)
    )


def credential_page(
    credential_id: str,
    frames: Frames,
    where: dict[str, pd.DataFrame],
    credential: Credential | None,
    links: SiteLinks,
    min_n: int,
) -> Page:
    """A credential's page over all postings (frames: every posting and mention of the site;
    where: its where_asked_by_credential tables)."""
    postings, mentions = frames
    summary = credential_summary(postings, mentions, credential_id, min_n).to_dict("records")[0]
    label = credential.label if credential else str(summary["label"])
    kind = str(summary["type"])
    path = f"credentials/{links.credentials[credential_id]}.html"
    issuers = mentions.loc[mentions["credential_id"] == credential_id, "issuer"].dropna()
    body = (
        f"<h1>{escape(label)}</h1>"
        f'<p class="lead">{escape(credential_types().get(kind, kind))} · taxonomy id '
        f"<code>{escape(credential_id)}</code></p>"
        "<h2>About this credential</h2>"
        + facts_html(credential, str(issuers.iloc[0]) if len(issuers) else None)
        + "<h2>How often it is asked for</h2>"
        + _summary(summary, min_n)
        + "<h2>Who asks for it</h2>"
        + _who_asks(where, _Cells(links, "../"), min_n)
    )
    return Page(path, label, body)
