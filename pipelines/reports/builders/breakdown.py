"""Shares of postings asking for each kind of credential, per group (industry, region, period)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pipelines.reports.builders.sql import plain_mentions, query, quoted
from pipelines.reports.builders.stats import add_asked_shares, add_share
from pipelines.reports.model import BarChart, Column, Heatmap, Table, View
from pipelines.reports.vocab import credential_type_short, credential_types, degree_levels

Keys = dict[str, str]


def posting_flags_sql() -> str:
    """SQL giving one row per posting with what its mentions ask for."""
    parts = []
    for kind in credential_types():
        lit = quoted(kind)
        parts.append(f"bool_or(m.type = {lit}) AS has_{kind}")
        parts.append(f"bool_or(m.type = {lit} AND m.strength = 'required') AS req_{kind}")
    parts.append("bool_or(m.type = 'degree' AND m.experience_substitute) AS degree_experience")
    return f"SELECT m.posting_id, {', '.join(parts)} FROM {plain_mentions()} GROUP BY m.posting_id"


def _count_columns() -> list[str]:
    counts = ["count(*) AS n", "count(*) FILTER (WHERE f.posting_id IS NOT NULL) AS hits_any"]
    for kind in credential_types():
        counts.append(f"count(*) FILTER (WHERE f.has_{kind}) AS hits_{kind}")
        counts.append(f"count(*) FILTER (WHERE f.req_{kind}) AS hits_{kind}_required")
    counts.append("count(*) FILTER (WHERE p.min_degree_required IS NOT NULL) AS n_min_degree")
    for level in degree_levels():
        counts.append(
            f"count(*) FILTER (WHERE p.min_degree_required = {quoted(level)}) AS hits_min_{level}"
        )
    counts.append("count(*) FILTER (WHERE f.has_degree) AS n_degree_requested")
    counts.append("count(*) FILTER (WHERE f.degree_experience) AS hits_degree_experience")
    counts.append("count(*) FILTER (WHERE p.equivalency) AS hits_equivalency")
    return counts


def group_counts(postings: pd.DataFrame, mentions: pd.DataFrame, keys: Keys) -> pd.DataFrame:
    """Posting counts per group: keys maps output column -> SQL expression over postings `p`."""
    key_sql = ", ".join(f"{expr} AS {name}" for name, expr in keys.items())
    sql = (
        f"WITH f AS ({posting_flags_sql()}) "
        f"SELECT {key_sql}, {', '.join(_count_columns())} "
        "FROM postings p LEFT JOIN f ON f.posting_id = p.posting_id "
        f"GROUP BY ALL ORDER BY n DESC, {', '.join(keys)}"
    )
    return query(sql, postings=postings, mentions=mentions)


def top_credentials_per_group(
    postings: pd.DataFrame, mentions: pd.DataFrame, keys: Keys, limit: int
) -> pd.DataFrame:
    """The `limit` credentials asked for by most postings in each group."""
    key_sql = ", ".join(f"{expr} AS {name}" for name, expr in keys.items())
    group_sql = ", ".join(keys.values())
    sql = (
        f"SELECT {key_sql}, m.credential_id, any_value(m.label) AS label, "
        "count(DISTINCT m.posting_id) AS postings "
        f"FROM postings p JOIN {plain_mentions()} ON m.posting_id = p.posting_id "
        f"WHERE m.credential_id IS NOT NULL GROUP BY {group_sql}, m.credential_id "
        f"QUALIFY row_number() OVER (PARTITION BY {group_sql} "
        f"ORDER BY postings DESC, m.credential_id) <= {int(limit)}"
    )
    return query(sql, postings=postings, mentions=mentions)


def add_breakdown_shares(counts: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Turn group counts into shares with Wilson intervals and too-small flags."""
    frame = counts.copy()
    add_share(frame, "any", "hits_any", "n")
    for kind in credential_types():
        add_share(frame, kind, f"hits_{kind}", "n")
        add_share(frame, f"{kind}_required", f"hits_{kind}_required", "n")
    for level in degree_levels():
        add_share(frame, f"min_{level}", f"hits_min_{level}", "n_min_degree")
    add_share(frame, "degree_experience", "hits_degree_experience", "n_degree_requested")
    add_share(frame, "equivalency", "hits_equivalency", "n")
    frame["too_small"] = frame["n"] < min_n
    frame["too_small_min_degree"] = frame["n_min_degree"] < min_n
    frame["too_small_degree_requested"] = frame["n_degree_requested"] < min_n
    return frame


def attach_top_credentials(
    frame: pd.DataFrame, tops: pd.DataFrame, keys: list[str]
) -> pd.DataFrame:
    """Add a top_credentials column: a list of {credential_id, label, postings, share} per row."""
    by_key: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for top in tops.to_dict("records"):
        key = tuple(_key_value(top[k]) for k in keys)
        item = {k: top[k] for k in ("credential_id", "label", "postings")}
        by_key.setdefault(key, []).append(item)
    lists: list[list[dict[str, Any]]] = []
    for row in frame.to_dict("records"):
        items = by_key.get(tuple(_key_value(row[k]) for k in keys), [])
        lists.append([{**item, "share": item["postings"] / int(row["n"])} for item in items])
    return frame.assign(top_credentials=pd.Series(lists, index=frame.index, dtype=object))


def _key_value(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else value


def breakdown(
    postings: pd.DataFrame, mentions: pd.DataFrame, keys: Keys, min_n: int, top_k: int = 5
) -> pd.DataFrame:
    """Counts, shares, intervals and top credentials per group."""
    frame = add_breakdown_shares(group_counts(postings, mentions, keys), min_n)
    tops = top_credentials_per_group(postings, mentions, keys, top_k)
    return attach_top_credentials(frame, tops, list(keys))


def overall_top_credentials(
    postings: pd.DataFrame, mentions: pd.DataFrame, limit: int, min_n: int
) -> pd.DataFrame:
    """The credentials asked for by most postings overall, with required and experience shares."""
    sql = (
        "SELECT m.credential_id, any_value(m.label) AS label, any_value(m.type) AS type, "
        "count(DISTINCT m.posting_id) AS postings, "
        "count(DISTINCT m.posting_id) FILTER (WHERE m.strength = 'required') AS hits_required, "
        "count(DISTINCT m.posting_id) FILTER (WHERE m.experience_substitute) AS hits_experience "
        f"FROM {plain_mentions()} WHERE m.credential_id IS NOT NULL "
        f"GROUP BY m.credential_id ORDER BY postings DESC, m.credential_id LIMIT {int(limit)}"
    )
    frame = query(sql, mentions=mentions)
    frame["n"] = len(postings)
    return add_asked_shares(frame, min_n)


def type_columns(required: bool = False) -> list[Column]:
    """Share columns for each credential type (any strength, or required only)."""
    suffix = "_required" if required else ""
    return [
        Column(f"{kind}{suffix}", label, "share", short=credential_type_short(kind))
        for kind, label in credential_types().items()
    ]


def degree_columns() -> list[Column]:
    """Share columns for degree requirements: required, minimum level and experience accepted."""
    columns = [
        Column("degree_required", "Degree required", "share"),
        Column("n_min_degree", "N stating a minimum degree", "count", short="N min stated"),
    ]
    columns += [
        Column(f"min_{level}", f"Min: {label}", "share", "n_min_degree")
        for level, label in degree_levels().items()
    ]
    columns.append(
        Column("n_degree_requested", "N asking for a degree", "count", short="N degree asked")
    )
    columns.append(
        Column("degree_experience", "Experience accepted for degree", "share", "n_degree_requested")
    )
    return columns


def breakdown_views(labels: list[Column], noun: str) -> list[View]:
    """The standard views of a breakdown table, each led by the label columns."""
    lead = [*labels, Column("n", "Postings", "count", short="N")]
    return [
        View(
            f"Share of postings asking for each credential type, any strength, by {noun}",
            [*lead, Column("any", "Any credential", "share"), *type_columns()],
        ),
        View(
            f"Share of postings requiring each credential type, by {noun}",
            [*lead, *type_columns(True)],
        ),
        View(f"Degree requirements by {noun}", [*lead, *degree_columns()]),
        View(
            f"Experience accepted and top credentials by {noun}",
            [
                *lead,
                Column("equivalency", "Experience accepted (any credential)", "share"),
                Column("top_credentials", "Top credentials", "list"),
            ],
        ),
    ]


def top_credentials_table(frame: pd.DataFrame) -> Table:
    """The overall top-credentials table with its view."""
    columns = [
        Column("label", "Credential"),
        Column("type", "Type"),
        Column("postings", "Postings asking", "count"),
        Column("asked", "Share of postings", "share"),
        Column("required", "Required (of those asking)", "share", "postings"),
        Column("experience", "Experience accepted (of those asking)", "share", "postings"),
    ]
    return Table("top_credentials", frame, [View("Most requested credentials", columns)])


def breakdown_charts(table: str, label: str, noun: str) -> list[BarChart | Heatmap]:
    """Heatmap of credential types and bars of experience-accepted rates per group."""
    return [
        Heatmap(
            f"Share of postings asking for each credential type, by {noun}",
            table,
            label,
            list(credential_types().items()),
        ),
        BarChart("Most requested credentials", "top_credentials", "label", "asked"),
        BarChart(
            f"Postings accepting experience instead of a credential, by {noun}",
            table,
            label,
            "equivalency",
        ),
        BarChart(
            f"Degree requests accepting experience instead, by {noun}",
            table,
            label,
            "degree_experience",
            "n_degree_requested",
        ),
    ]
