"""The region report: what postings ask for, per country, subdivision or city."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from pipelines.reports.builders.breakdown import (
    breakdown,
    breakdown_charts,
    breakdown_views,
    overall_top_credentials,
    top_credentials_table,
)
from pipelines.reports.model import Column, Report, Table
from pipelines.reports.vocab import measure_note, region_label

RegionLevel = Literal["country", "subdivision", "city"]
REGION_KEYS: dict[str, dict[str, str]] = {
    "country": {"country": "p.country"},
    "subdivision": {"country": "p.country", "subdivision": "p.subdivision"},
    "city": {"country": "p.country", "subdivision": "p.subdivision", "city": "p.city"},
}
TOP_OVERALL = 20


def region_table(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    by: RegionLevel = "country",
    min_n: int = 30,
    top_k: int = 5,
) -> pd.DataFrame:
    """One row per region at the chosen level, with the same columns as the industry table."""
    keys = REGION_KEYS[by]
    frame = breakdown(postings, mentions, keys, min_n, top_k)
    labels = [_label(row, by) for row in frame[list(keys)].itertuples(index=False)]
    frame.insert(len(keys), "region_label", labels)
    return frame


def _label(row: tuple[str | None, ...], by: RegionLevel) -> str:
    country = row[0] if isinstance(row[0], str) else None
    subdivision = row[1] if by != "country" and isinstance(row[1], str) else None
    label = region_label(country, subdivision)
    if by != "country" and subdivision is None and country is not None:
        label = f"{label}, subdivision not known"
    if by == "city":
        city = row[2] if isinstance(row[2], str) else "city not known"
        return f"{city}, {label}"
    return label


def build_region_report(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    by: RegionLevel = "country",
    min_n: int = 30,
    top_k: int = 5,
) -> Report:
    """The region report at the chosen level with its tables and charts."""
    codes = [Column(key, key.capitalize()) for key in REGION_KEYS[by] if key != "city"]
    labels = [*codes, Column("region_label", "Region")]
    tables = [
        Table(
            "regions",
            region_table(postings, mentions, by, min_n, top_k),
            breakdown_views(labels, by),
        ),
        top_credentials_table(overall_top_credentials(postings, mentions, TOP_OVERALL, min_n)),
    ]
    return Report(
        kind="region",
        title=f"Credentials requested by {by}",
        tables=tables,
        min_n=min_n,
        notes=[measure_note()],
        charts=breakdown_charts("regions", "region_label", by),
    )
