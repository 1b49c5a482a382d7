"""The industry report: what postings ask for, per NAICS sector."""

from __future__ import annotations

import pandas as pd

from pipelines.reports.builders.breakdown import (
    breakdown,
    breakdown_charts,
    breakdown_views,
    overall_top_credentials,
    top_credentials_table,
)
from pipelines.reports.model import Column, Report, Table
from pipelines.reports.vocab import industry_label, measure_note

TOP_OVERALL = 20


def industry_table(
    postings: pd.DataFrame, mentions: pd.DataFrame, min_n: int = 30, top_k: int = 5
) -> pd.DataFrame:
    """One row per industry: postings, credential-type shares, degree levels, top credentials."""
    frame = breakdown(postings, mentions, {"industry": "p.industry"}, min_n, top_k)
    frame.insert(1, "industry_label", [industry_label(code) for code in frame["industry"]])
    return frame


def build_industry_report(
    postings: pd.DataFrame, mentions: pd.DataFrame, min_n: int = 30, top_k: int = 5
) -> Report:
    """The industry report with its tables and charts."""
    labels = [
        Column("industry", "NAICS", in_terminal=False),
        Column("industry_label", "Industry"),
    ]
    tables = [
        Table(
            "industries",
            industry_table(postings, mentions, min_n, top_k),
            breakdown_views(labels, "industry"),
        ),
        top_credentials_table(overall_top_credentials(postings, mentions, TOP_OVERALL, min_n)),
    ]
    return Report(
        kind="industry",
        title="Credentials requested by industry",
        tables=tables,
        min_n=min_n,
        notes=[measure_note()],
        charts=breakdown_charts("industries", "industry_label", "industry"),
    )
