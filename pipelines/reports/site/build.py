"""The whole site as {relative path: page text}: a pure function of the store's DataFrames."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analyzer.taxonomy import Credential
from pipelines.reports.builders.breakdown import group_counts
from pipelines.reports.site.credential_page import credential_page
from pipelines.reports.site.employer_page import employer_page
from pipelines.reports.site.index_page import employer_facts, index_page
from pipelines.reports.site.industry_page import credentials_page, industries_page, industry_page
from pipelines.reports.site.links import SiteLinks, industry_key, split_frames
from pipelines.reports.site.page import Page, render_page
from pipelines.reports.vocab import region_label


def employer_pages(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    texts: pd.Series | None,
    links: SiteLinks,
    min_n: int,
) -> list[Page]:
    """One page per named employer, each beside the postings of its industry."""
    counts = group_counts(postings, mentions, {"employer": "p.employer"})
    by_name = {row["employer"]: row for row in counts.to_dict("records")}
    industries = split_frames(postings, mentions, postings["industry"].map(industry_key))
    facts = employer_facts(postings)
    pages = []
    for name, frames in split_frames(postings, mentions, postings["employer"]).items():
        regions = ", ".join(region_label(code) for code in facts[name]["countries"])
        context = {
            "counts": by_name[name],
            "industry": facts[name]["industry"],
            "regions": regions or "location not known",
        }
        peers = industries[facts[name]["industry"]]
        pages.append(employer_page(name, frames, peers, context, links, min_n, texts))
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
    postings = postings.drop(columns=["text"], errors="ignore")  # DuckDB scans are slow with it
    frames = (postings, mentions)
    employer_counts = group_counts(postings, mentions, {"employer": "p.employer"})
    industry_counts = group_counts(postings, mentions, {"industry": "p.industry"})
    pages = [
        index_page(postings, employer_counts, links, min_n),
        credentials_page(frames, links, min_n),
        industries_page(industry_counts, postings, links, min_n),
    ]
    pages += employer_pages(postings, mentions, texts, links, min_n)
    pages += [
        credential_page(cid, frames, credentials.get(cid), links, min_n)
        for cid in links.credentials
    ]
    by_industry = split_frames(postings, mentions, postings["industry"].map(industry_key))
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
