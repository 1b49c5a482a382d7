"""The employer report over the store: one employer's postings beside its industry's."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from pipelines.reports.builders.employer import build_employer_report, peer_description
from pipelines.reports.frames import ReportFilters, load_frames
from pipelines.reports.model import Report
from pipelines.reports.vocab import industry_label


def employer_view(
    con: duckdb.DuckDBPyConnection,
    filters: ReportFilters,
    frames: tuple[pd.DataFrame, pd.DataFrame],
    version: str,
    min_n: int,
) -> Report:
    """The employer report for the employer's `frames`, compared with its main industry."""
    postings, mentions = frames
    codes = postings["industry"].dropna()
    code = str(codes.mode().iloc[0]) if len(codes) else None
    peers = replace(filters, employer=None, industry=code)
    peer_postings, peer_mentions = load_frames(con, peers, analysis_version=version)
    label = peer_description(code, industry_label(code))
    return build_employer_report(postings, mentions, peer_postings, peer_mentions, label, min_n)
