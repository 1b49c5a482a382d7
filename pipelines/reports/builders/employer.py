"""The employer report (the job seeker's view): what one employer's postings ask for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from pipelines.reports.builders.breakdown import group_counts
from pipelines.reports.builders.sql import plain_mentions, query
from pipelines.reports.builders.stats import add_share
from pipelines.reports.model import BarChart, Column, PostingView, Report, Table, View
from pipelines.reports.vocab import credential_types, measure_note, strength_label


def _measures() -> list[tuple[str, str, str, str]]:
    """(measure, label, hits column, denominator column) rows of the comparison table."""
    rows = [("any", "Any credential", "hits_any", "n")]
    for kind, label in credential_types().items():
        rows.append((kind, f"{label}, any strength", f"hits_{kind}", "n"))
        rows.append((f"{kind}_required", f"{label}, required", f"hits_{kind}_required", "n"))
    rows.append(
        (
            "degree_experience",
            "Degree requests accepting experience",
            "hits_degree_experience",
            "n_degree_requested",
        )
    )
    rows.append(
        ("equivalency", "Experience accepted instead of a credential", "hits_equivalency", "n")
    )
    return rows


def _scope_counts(postings: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, Any]:
    counts = group_counts(postings, mentions, {"scope": "'all'"})
    return {str(k): v for k, v in counts.iloc[0].items()} if len(counts) else {}


def comparison_table(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    peer_postings: pd.DataFrame,
    peer_mentions: pd.DataFrame,
    min_n: int = 30,
) -> pd.DataFrame:
    """One row per measure: the employer's share beside its peers' (its industry)."""
    mine, peers = _scope_counts(postings, mentions), _scope_counts(peer_postings, peer_mentions)
    return compare_counts(mine, peers, min_n)


def compare_counts(
    mine: Mapping[str, Any], peers: Mapping[str, Any], min_n: int = 30
) -> pd.DataFrame:
    """The comparison table from two group_counts rows (the employer's and its peers')."""
    rows = [
        {
            "measure": measure,
            "label": label,
            "n_employer": mine.get(denom, 0),
            "hits_employer": mine.get(hits, 0),
            "n_industry": peers.get(denom, 0),
            "hits_industry": peers.get(hits, 0),
        }
        for measure, label, hits, denom in _measures()
    ]
    frame = pd.DataFrame(rows)
    add_share(frame, "employer", "hits_employer", "n_employer")
    add_share(frame, "industry", "hits_industry", "n_industry")
    frame["too_small_employer"] = frame["n_employer"] < min_n
    frame["too_small_industry"] = frame["n_industry"] < min_n
    return frame


def employer_credentials(
    postings: pd.DataFrame, mentions: pd.DataFrame, min_n: int = 30
) -> pd.DataFrame:
    """Per credential: postings asking, how often required or preferred, experience accepted."""
    frame = credentials_by(postings, mentions, "'all'", min_n)
    return frame.drop(columns=["scope"])


def credentials_by(
    postings: pd.DataFrame, mentions: pd.DataFrame, key: str, min_n: int = 30
) -> pd.DataFrame:
    """employer_credentials per group: key is a SQL expression over postings `p` (column scope)."""
    sql = (
        f"WITH g AS (SELECT p.posting_id, {key} AS scope FROM postings p), "
        "n AS (SELECT scope, count(*) AS n FROM g GROUP BY scope), "
        "per AS (SELECT g.scope, m.posting_id, m.credential_id, any_value(m.label) AS label, "
        "any_value(m.type) AS type, bool_or(m.strength = 'required') AS req, "
        "bool_or(m.strength = 'preferred') AS pref, bool_or(m.experience_substitute) AS exp "
        f"FROM {plain_mentions()} JOIN g ON g.posting_id = m.posting_id "
        "WHERE m.credential_id IS NOT NULL GROUP BY ALL) "
        "SELECT per.scope, credential_id, any_value(label) AS label, any_value(type) AS type, "
        "count(*) AS postings, any_value(n.n) AS n, "
        "count(*) FILTER (WHERE req) AS hits_required, "
        "count(*) FILTER (WHERE pref AND NOT req) AS hits_preferred, "
        "count(*) FILTER (WHERE exp) AS hits_experience "
        "FROM per JOIN n ON n.scope IS NOT DISTINCT FROM per.scope "
        "GROUP BY per.scope, credential_id ORDER BY per.scope, postings DESC, credential_id"
    )
    frame = query(sql, postings=postings, mentions=mentions)
    add_share(frame, "asked", "postings", "n")
    for name in ("required", "preferred", "experience"):
        add_share(frame, name, f"hits_{name}", "postings")
    frame["too_small"] = frame["n"] < min_n
    return frame


def quote_mentions(mentions: pd.DataFrame) -> dict[str, str]:
    """Per posting: each credential phrase quoted once, with strength and experience notes."""
    quoted: dict[str, dict[str, None]] = {}
    for row in mentions.to_dict("records"):
        notes = [strength_label(row["strength"])]
        if row["experience_substitute"]:
            notes.append("experience accepted")
        phrase = f"“{row['text']}” ({', '.join(notes)})"
        quoted.setdefault(row["posting_id"], {})[phrase] = None
    return {posting_id: "; ".join(phrases) for posting_id, phrases in quoted.items()}


def _location(row: dict[Any, Any]) -> str:
    parts = [row[key] for key in ("city", "subdivision", "country") if isinstance(row[key], str)]
    return ", ".join(parts) if parts else "location not known"


def postings_table(postings: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The employer's postings, each with its credential phrases quoted."""
    phrases = quote_mentions(mentions)
    frame = postings[
        ["posting_id", "title", "url", "date_posted", "min_degree_required", "equivalency"]
    ].copy()
    frame.insert(2, "location", [_location(row) for row in postings.to_dict("records")])
    frame["credentials"] = [phrases.get(pid, "") for pid in frame["posting_id"]]
    return frame.reset_index(drop=True)


def posting_views(postings: pd.DataFrame, mentions: pd.DataFrame) -> list[PostingView]:
    """Each posting's text with the spans of its credential phrases, for highlighting."""
    if "text" not in postings:
        return []
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for row in mentions.to_dict("records"):
        note = f"{row['label'] or row['text']}: {strength_label(row['strength'])}"
        spans.setdefault(row["posting_id"], []).append((int(row["start"]), int(row["end"]), note))
    return [
        PostingView(
            title=str(row["title"]),
            url=row["url"] if isinstance(row["url"], str) else None,
            meta=_location(row),
            text=str(row["text"] or ""),
            spans=sorted(spans.get(row["posting_id"], [])),
        )
        for row in postings.to_dict("records")
    ]


def _views() -> dict[str, list[View]]:
    share_pair = [
        Column("n_employer", "N", "count"),
        Column("employer", "This employer", "share", "n_employer"),
        Column("n_industry", "N industry", "count"),
        Column("industry", "Its industry", "share", "n_industry"),
    ]
    return {
        "comparison": [
            View(
                "What its postings ask for, beside its industry",
                [Column("label", "Measure"), *share_pair],
            )
        ],
        "credentials": [
            View(
                "Credentials its postings ask for",
                [
                    Column("label", "Credential"),
                    Column("type", "Type"),
                    Column("postings", "Postings", "count"),
                    Column("asked", "Share of its postings", "share"),
                    Column("required", "Required", "share", "postings"),
                    Column("preferred", "Preferred", "share", "postings"),
                    Column("experience", "Experience accepted", "share", "postings"),
                ],
            )
        ],
        "postings": [
            View(
                "Its postings",
                [
                    Column("title", "Title"),
                    Column("location", "Location"),
                    Column("credentials", "Credentials asked for"),
                ],
            )
        ],
    }


def build_employer_report(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    peer_postings: pd.DataFrame,
    peer_mentions: pd.DataFrame,
    peer_label: str,
    min_n: int = 30,
) -> Report:
    """The employer report: comparison with its industry, its credentials, its postings."""
    employer = str(postings["employer"].mode().iloc[0]) if len(postings) else "employer"
    views = _views()
    tables = [
        Table(
            "comparison",
            comparison_table(postings, mentions, peer_postings, peer_mentions, min_n),
            views["comparison"],
        ),
        Table("credentials", employer_credentials(postings, mentions, min_n), views["credentials"]),
        Table("postings", postings_table(postings, mentions), views["postings"]),
    ]
    return Report(
        kind="employer",
        title=f"What {employer} asks for",
        tables=tables,
        min_n=min_n,
        notes=[measure_note(), f"Compared with: {peer_label}."],
        charts=[BarChart("Credentials its postings ask for", "credentials", "label", "asked")],
        postings=posting_views(postings, mentions),
    )


def peer_description(industry: str | None, label: str) -> str:
    """Words naming the comparison group."""
    if industry is None:
        return "all selected postings (the employer's industry is not known)"
    return f"all selected postings in its industry, {label} (NAICS {industry})"
