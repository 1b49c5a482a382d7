"""The trend report: the same shares over time, by posting month or by run."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from pipelines.reports.builders.breakdown import breakdown, breakdown_views
from pipelines.reports.model import BarChart, Column, Heatmap, Report, Table
from pipelines.reports.vocab import measure_note

TrendBy = Literal["month", "run"]
PERIOD_KEYS: dict[str, str] = {
    "month": "strftime(coalesce(p.date_posted, p.first_seen), '%Y-%m')",
    "run": "CAST(p.run_id AS VARCHAR)",
}
PERIOD_NOTES = {
    "month": "Period: the month a posting was dated (or first seen, when it carries no date).",
    "run": "Period: the run that first stored the posting.",
}


def trend_table(
    postings: pd.DataFrame, mentions: pd.DataFrame, by: TrendBy = "month", min_n: int = 30
) -> pd.DataFrame:
    """One row per period, oldest first, with the breakdown columns."""
    frame = breakdown(postings, mentions, {"period": PERIOD_KEYS[by]}, min_n, top_k=3)
    order = frame["period"].astype(float) if by == "run" else frame["period"]
    return (
        frame.assign(_order=order)
        .sort_values("_order")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def build_trend_report(
    postings: pd.DataFrame, mentions: pd.DataFrame, by: TrendBy = "month", min_n: int = 30
) -> Report:
    """The trend report with its table and charts."""
    labels = [Column("period", "Month" if by == "month" else "Run")]
    table = Table("trend", trend_table(postings, mentions, by, min_n), breakdown_views(labels, by))
    charts: list[BarChart | Heatmap] = [
        BarChart("Postings requiring a degree", "trend", "period", "degree_required", limit=60),
        BarChart(
            "Postings accepting experience instead", "trend", "period", "equivalency", limit=60
        ),
    ]
    return Report(
        kind="trend",
        title=f"Credential requests over time, by {by}",
        tables=[table],
        min_n=min_n,
        notes=[measure_note(), PERIOD_NOTES[by]],
        charts=charts,
    )
