"""The whole site as {relative path: page text}: a pure function of the store's DataFrames."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analyzer.taxonomy import Credential
from pipelines.reports.builders.breakdown import group_counts
from pipelines.reports.builders.employer import credentials_by
from pipelines.reports.site.credential_page import credential_page, where_asked_by_credential
from pipelines.reports.site.employer_page import EmployerFacts, employer_page
from pipelines.reports.site.index_page import employer_facts, index_page
from pipelines.reports.site.industry_page import credentials_page, industries_page, industry_page
from pipelines.reports.site.links import (
    UNKNOWN_INDUSTRY,
    Frames,
    SiteLinks,
    industry_key,
    split_frames,
)
from pipelines.reports.site.page import Page, render_page
from pipelines.reports.vocab import region_label


def employer_pages(
    frames: Frames,
    texts: pd.Series | None,
    counts: dict[str, pd.DataFrame],
    links: SiteLinks,
    min_n: int,
) -> list[Page]:
    """One page per named employer, beside its industry (counts: group_counts by both)."""
    postings, mentions = frames
    by_name = {row["employer"]: row for row in counts["employer"].to_dict("records")}
    by_industry = {
        industry_key(row["industry"]): row for row in counts["industry"].to_dict("records")
    }
    counts_all = group_counts(postings, mentions, {"scope": "'all'"}).to_dict("records")[0]
    asks = credentials_by(postings, mentions, "p.employer", min_n)
    asks_by_name = dict(tuple(asks.groupby("scope", sort=False)))
    places = employer_facts(postings)
    pages = []
    for name, own in split_frames(postings, mentions, postings["employer"]).items():
        regions = ", ".join(region_label(code) for code in places[name]["countries"])
        industry = places[name]["industry"]
        peers = by_industry[industry] if industry != UNKNOWN_INDUSTRY else counts_all
        facts = EmployerFacts(
            name=name,
            industry=industry,
            regions=regions or "location not known",
            counts=by_name[name],
            peer_counts=peers,
            peer_label="Its industry" if industry != UNKNOWN_INDUSTRY else "All postings",
            credentials=asks_by_name.get(name, asks.iloc[0:0]),
        )
        pages.append(employer_page(facts, own, texts, links, min_n))
    return pages


def site_pages(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    credentials: Mapping[str, Credential],
    min_n: int = 30,
) -> list[Page]:
    """Every page: index, lists, and one per employer, credential and industry."""
    links = SiteLinks.from_frames(postings, mentions)
    texts = postings.set_index("posting_id")["text"] if "text" in postings else None
    postings = postings.drop(columns=["text"], errors="ignore")  # only posting pages read it
    frames = (postings, mentions)
    employer_counts = group_counts(postings, mentions, {"employer": "p.employer"})
    industry_counts = group_counts(postings, mentions, {"industry": "p.industry"})
    by_industry = split_frames(postings, mentions, postings["industry"].map(industry_key))
    pages = [
        index_page(postings, employer_counts, links, min_n),
        credentials_page(frames, links, min_n),
        industries_page(industry_counts, postings, links, min_n),
    ]
    counts = {"employer": employer_counts, "industry": industry_counts}
    pages += employer_pages(frames, texts, counts, links, min_n)
    where = where_asked_by_credential(frames, min_n)
    pages += [
        credential_page(cid, frames, where[cid], credentials.get(cid), links, min_n)
        for cid in links.credentials
    ]
    pages += [industry_page(key, part, links, min_n) for key, part in by_industry.items()]
    return pages


def build_site(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    credentials: Mapping[str, Credential],
    min_n: int = 30,
) -> dict[str, str]:
    """The site's files: relative path → complete HTML page."""
    pages = site_pages(postings, mentions, credentials, min_n)
    return {page.path: render_page(page, min_n) for page in pages}
