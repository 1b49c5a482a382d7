"""The credential report: where one credential is asked for, how strongly, and with what else."""

from __future__ import annotations

import pandas as pd

from analyzer.vocab import STRENGTHS
from pipelines.reports.builders.sql import plain_mentions, query, quoted
from pipelines.reports.builders.stats import add_asked_shares, add_share
from pipelines.reports.errors import UnknownValueError
from pipelines.reports.model import BarChart, Column, Report, Table, View
from pipelines.reports.vocab import industry_label, measure_note, region_label

WHERE_LIMIT = 25
ASKED_SQL = (
    "SELECT m.credential_id, m.posting_id, bool_or(m.strength = 'required') AS req, "
    "bool_or(m.strength = 'preferred') AS pref, bool_or(m.experience_substitute) AS exp "
    "FROM {mentions} WHERE {chosen} GROUP BY m.credential_id, m.posting_id"
)


def resolve_credential(mentions: pd.DataFrame, wanted: str) -> str:
    """The credential id matching wanted (an id or a label); unknown → the closest known ids."""
    from rapidfuzz import process

    pairs = mentions[["credential_id", "label"]].dropna().drop_duplicates()
    ids = [str(value) for value in pairs["credential_id"].unique()]
    for row in pairs.itertuples(index=False):
        if wanted.strip().lower() in (str(row.credential_id).lower(), str(row.label).lower()):
            return str(row.credential_id)
    closest = ", ".join(str(m[0]) for m in process.extract(wanted, ids, limit=5))
    raise UnknownValueError(
        f"no selected posting asks for credential {wanted!r}; closest known: {closest or 'none'}"
    )


def _asked(credential_id: str | None) -> str:
    """Per posting (and credential) asked for: required, preferred, experience accepted.

    Only credential_id's mentions, or every credential's when it is None."""
    chosen = "m.credential_id IS NOT NULL"
    if credential_id is not None:
        chosen = f"m.credential_id = {quoted(credential_id)}"
    return ASKED_SQL.format(mentions=plain_mentions(), chosen=chosen)


def credential_summary(
    postings: pd.DataFrame, mentions: pd.DataFrame, credential_id: str, min_n: int = 30
) -> pd.DataFrame:
    """One row: how many postings ask for the credential and how strongly."""
    sql = (
        f"WITH a AS ({_asked(credential_id)}), "
        f"about AS (SELECT any_value(m.label) AS label, any_value(m.type) AS type "
        f"FROM {plain_mentions()} WHERE m.credential_id = {quoted(credential_id)}) "
        f"SELECT {quoted(credential_id)} AS credential_id, about.label, about.type, "
        "(SELECT count(*) FROM postings) AS n, count(*) AS postings, "
        "count(*) FILTER (WHERE req) AS hits_required, "
        "count(*) FILTER (WHERE pref AND NOT req) AS hits_preferred, "
        "count(*) FILTER (WHERE NOT req AND NOT pref) AS hits_unspecified, "
        "count(*) FILTER (WHERE exp) AS hits_experience FROM a, about GROUP BY ALL"
    )
    frame = query(sql, postings=postings, mentions=mentions)
    add_share(frame, "asked", "postings", "n")
    for name in (*STRENGTHS, "experience"):
        add_share(frame, name, f"hits_{name}", "postings")
    frame["too_small"] = frame["n"] < min_n
    frame["too_small_asked"] = frame["postings"] < min_n
    return frame


def where_asked(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    credential_id: str,
    keys: dict[str, str],
    min_n: int = 30,
) -> pd.DataFrame:
    """Per group (the WHERE_LIMIT most asking): postings, how many ask for the credential,
    require it, accept experience."""
    frame = _where_counts(postings, mentions, keys, credential_id).head(WHERE_LIMIT)
    return add_asked_shares(frame.drop(columns=["credential_id"]).reset_index(drop=True), min_n)


def where_asked_all(
    postings: pd.DataFrame, mentions: pd.DataFrame, keys: dict[str, str], min_n: int = 30
) -> pd.DataFrame:
    """where_asked for every credential at once: one row per credential_id and group."""
    return add_asked_shares(_where_counts(postings, mentions, keys, None), min_n)


def _where_counts(
    postings: pd.DataFrame, mentions: pd.DataFrame, keys: dict[str, str], cid: str | None
) -> pd.DataFrame:
    """Counts per credential (cid, or all when None) and group, most asking first."""
    key_sql = ", ".join(f"{expr} AS {name}" for name, expr in keys.items())
    names = ", ".join(keys)
    joined = " AND ".join(f"g.{name} IS NOT DISTINCT FROM k.{name}" for name in keys)
    sql = (
        f"WITH a AS ({_asked(cid)}), "
        f"k AS (SELECT p.posting_id, {key_sql} FROM postings p), "
        f"g AS (SELECT {names}, count(*) AS n FROM k GROUP BY ALL) "
        f"SELECT a.credential_id, {', '.join(f'k.{name}' for name in keys)}, "
        "any_value(g.n) AS n, count(*) AS postings, "
        "count(*) FILTER (WHERE a.req) AS hits_required, "
        "count(*) FILTER (WHERE a.exp) AS hits_experience "
        f"FROM a JOIN k ON k.posting_id = a.posting_id JOIN g ON {joined} GROUP BY ALL "
        f"ORDER BY a.credential_id, postings DESC, n DESC, {names}"
    )
    return query(sql, postings=postings, mentions=mentions)


def co_occurring(
    mentions: pd.DataFrame, credential_id: str, min_n: int = 30, limit: int = 20
) -> pd.DataFrame:
    """Credentials asked for in the same postings, as a share of postings asking for this one."""
    sql = (
        f"WITH a AS ({_asked(credential_id)}) SELECT m.credential_id, any_value(m.label) AS label, "
        "any_value(m.type) AS type, count(DISTINCT m.posting_id) AS postings, "
        "(SELECT count(*) FROM a) AS n "
        f"FROM {plain_mentions()} JOIN a ON a.posting_id = m.posting_id "
        f"WHERE m.credential_id IS NOT NULL AND m.credential_id <> {quoted(credential_id)} "
        f"GROUP BY m.credential_id ORDER BY postings DESC, m.credential_id LIMIT {int(limit)}"
    )
    frame = query(sql, mentions=mentions)
    add_share(frame, "together", "postings", "n")
    frame["too_small"] = frame["n"] < min_n
    return frame


def _where_views(labels: list[Column], noun: str) -> list[View]:
    columns = [
        *labels,
        Column("n", "Postings", "count"),
        Column("postings", "Asking", "count"),
        Column("asked", "Share asking", "share"),
        Column("required", "Required (of those asking)", "share", "postings"),
    ]
    return [View(f"Where it is asked for: by {noun}", columns)]


def build_credential_report(
    postings: pd.DataFrame, mentions: pd.DataFrame, credential: str, min_n: int = 30
) -> Report:
    """The credential report: summary, where asked (industry, region, employer), co-occurring."""
    cid = resolve_credential(mentions, credential)
    summary = credential_summary(postings, mentions, cid, min_n)
    industries = where_asked(postings, mentions, cid, {"industry": "p.industry"}, min_n)
    industries.insert(1, "industry_label", [industry_label(c) for c in industries["industry"]])
    regions = where_asked(postings, mentions, cid, {"country": "p.country"}, min_n)
    regions.insert(
        1,
        "region_label",
        [region_label(c if isinstance(c, str) else None) for c in regions["country"]],
    )
    employers = where_asked(postings, mentions, cid, {"employer": "p.employer"}, min_n)
    together = co_occurring(mentions, cid, min_n)
    summary_view = View(
        "How often and how strongly it is asked for",
        [
            Column("label", "Credential"),
            Column("type", "Type"),
            Column("n", "Postings", "count"),
            Column("postings", "Asking", "count"),
            Column("asked", "Share asking", "share"),
            Column("required", "Required", "share", "postings"),
            Column("preferred", "Preferred", "share", "postings"),
            Column("unspecified", "Strength not stated", "share", "postings"),
            Column("experience", "Experience accepted instead", "share", "postings"),
        ],
    )
    together_view = View(
        "Asked for in the same postings",
        [
            Column("label", "Credential"),
            Column("type", "Type"),
            Column("postings", "Postings with both", "count"),
            Column("together", "Share of postings asking for this one", "share"),
        ],
    )
    label = str(summary["label"].iloc[0])
    return Report(
        kind="credential",
        title=f"Where {label} ({cid}) is asked for",
        tables=[
            Table("summary", summary, [summary_view]),
            Table(
                "industries",
                industries,
                _where_views([Column("industry_label", "Industry")], "industry"),
            ),
            Table("regions", regions, _where_views([Column("region_label", "Country")], "country")),
            Table(
                "employers", employers, _where_views([Column("employer", "Employer")], "employer")
            ),
            Table("co_occurring", together, [together_view]),
        ],
        min_n=min_n,
        notes=[measure_note()],
        charts=[
            BarChart(
                f"Share of postings asking for {label}, by industry",
                "industries",
                "industry_label",
                "asked",
            ),
            BarChart("Credentials asked for alongside it", "co_occurring", "label", "together"),
        ],
    )
