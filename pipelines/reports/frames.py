"""Read the store into the two DataFrames every report builder takes."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from pipelines.reports.errors import ReportError, UnknownValueError
from pipelines.reports.vocab import industry_label

POSTING_COLUMNS = (
    "p.posting_id, p.employer, p.title, p.url, p.source, p.country, p.subdivision, p.city, "
    "p.industry, p.date_posted, p.first_seen, p.run_id, s.equivalency, s.min_degree_required"
)
MENTION_COLUMNS = (
    'm.posting_id, m.ordinal, m.start, m."end", m.text, m.type, m.level, m.credential_id, '
    "m.label, m.issuer, m.strength, m.experience_substitute, m.section"
)
CATEGORY_COLUMNS = ("type", "level", "credential_id", "strength", "section")
KNOWN_SHOWN = 25
READ_LANGUAGE = "en"  # the language the analyzer's rules read; other postings are counted apart


@dataclass(frozen=True)
class ReportFilters:
    """Which postings a report covers; None means no restriction."""

    industry: str | None = None
    region: str | None = None
    employer: str | None = None
    since: date | None = None
    source: str | None = None

    def describe(self) -> str:
        """The active filters as 'name=value' pairs, or 'all postings'."""
        parts = [f"{f.name}={getattr(self, f.name)}" for f in fields(self) if getattr(self, f.name)]
        return ", ".join(parts) if parts else "all postings"


def current_analysis_version() -> str:
    """The analysis version of the installed analyzer (code + taxonomy)."""
    try:
        analyzer = importlib.import_module("analyzer")
        return str(analyzer.analysis_version())
    except (ImportError, AttributeError) as exc:
        raise ReportError(f"cannot read the analyzer version: {exc}") from exc


def load_frames(
    con: duckdb.DuckDBPyConnection,
    filters: ReportFilters | Mapping[str, Any] | None = None,
    *,
    analysis_version: str | None = None,
    include_text: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Analysed postings matching filters and their mentions, for the current analysis version."""
    chosen = _as_filters(filters)
    version = analysis_version or current_analysis_version()
    where, params = _where(con, chosen)
    columns = POSTING_COLUMNS + (", p.text" if include_text else "")
    selected = (
        f"SELECT {columns} FROM postings p JOIN posting_summaries s "
        f"ON s.posting_id = p.posting_id AND s.analysis_version = ? "
        f"WHERE s.language = '{READ_LANGUAGE}' AND {where}"
    )
    postings = con.execute(f"{selected} ORDER BY p.posting_id", [version, *params]).df()
    mentions = con.execute(
        f"WITH chosen AS ({selected}) SELECT {MENTION_COLUMNS} FROM mentions m "
        "JOIN chosen c ON c.posting_id = m.posting_id WHERE m.analysis_version = ? "
        "ORDER BY m.posting_id, m.ordinal",
        [version, *params, version],
    ).df()
    return _typed_postings(postings), _typed_mentions(mentions)


def unread_languages(
    con: duckdb.DuckDBPyConnection,
    filters: ReportFilters | Mapping[str, Any] | None = None,
    *,
    analysis_version: str | None = None,
) -> dict[str, int]:
    """Postings matching filters that were not read (not in English, or no text), by language."""
    version = analysis_version or current_analysis_version()
    where, params = _where(con, _as_filters(filters))
    rows = con.execute(
        "SELECT coalesce(s.language, 'none'), count(*) FROM postings p JOIN posting_summaries s "
        "ON s.posting_id = p.posting_id AND s.analysis_version = ? "
        f"WHERE s.language IS DISTINCT FROM '{READ_LANGUAGE}' AND {where} "
        "GROUP BY 1 ORDER BY 2 DESC, 1",
        [version, *params],
    ).fetchall()
    return {str(language): int(count) for language, count in rows}


def unread_note(counts: Mapping[str, int]) -> str | None:
    """The report note on postings left out because they were not read, or None."""
    if not counts:
        return None
    total = sum(counts.values())
    listed = ", ".join(f"{language} {count}" for language, count in counts.items())
    return (
        f"Not analysed (language): {total} posting{'s' * (total != 1)} not in English or "
        f"without text ({listed}), counted in no share."
    )


def analysed_count(con: duckdb.DuckDBPyConnection, analysis_version: str) -> tuple[int, int]:
    """(postings stored, postings analysed by this analysis version)."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM postings), "
        "(SELECT count(*) FROM posting_summaries WHERE analysis_version = ?)",
        [analysis_version],
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def known_employers(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every employer name in the store, most postings first."""
    rows = con.execute(
        "SELECT employer FROM postings WHERE employer IS NOT NULL "
        "GROUP BY employer ORDER BY count(*) DESC, employer"
    ).fetchall()
    return [str(row[0]) for row in rows]


def _as_filters(filters: ReportFilters | Mapping[str, Any] | None) -> ReportFilters:
    if filters is None:
        return ReportFilters()
    if isinstance(filters, ReportFilters):
        return filters
    return ReportFilters(**dict(filters))


def _where(con: duckdb.DuckDBPyConnection, filters: ReportFilters) -> tuple[str, list[Any]]:
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    if filters.industry:
        clauses.append("p.industry = ?")
        params.append(_resolve_industry(con, filters.industry))
    if filters.region:
        clauses.append("(upper(p.country) = ? OR upper(p.subdivision) = ? OR lower(p.city) = ?)")
        params += _resolve_region(con, filters.region)
    if filters.employer:
        clauses.append("lower(p.employer) = ?")
        params.append(_resolve_employer(con, filters.employer))
    if filters.since:
        clauses.append("coalesce(p.date_posted, CAST(p.first_seen AS DATE)) >= ?")
        params.append(filters.since)
    if filters.source:
        clauses.append("(p.source = ? OR p.source LIKE ?)")
        params += [filters.source, f"{filters.source}:%"]
    return " AND ".join(clauses), params


def _known(con: duckdb.DuckDBPyConnection, expression: str) -> list[tuple[str, int]]:
    rows = con.execute(
        f"SELECT {expression} AS v, count(*) FROM postings p WHERE {expression} IS NOT NULL "
        "GROUP BY v ORDER BY count(*) DESC, v"
    ).fetchall()
    return [(str(value), int(count)) for value, count in rows]


def _listing(known: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{value} ({label})" if label else value for value, label in known)
    more = len(known) - KNOWN_SHOWN
    return shown if more <= 0 else f"{shown} … and {more} more"


def _resolve_industry(con: duckdb.DuckDBPyConnection, wanted: str) -> str:
    known = [code for code, _ in _known(con, "p.industry")]
    for code in known:
        if wanted.strip().lower() in (code.lower(), industry_label(code).lower()):
            return code
    listed = _listing([(code, industry_label(code)) for code in known[:KNOWN_SHOWN]])
    raise UnknownValueError(
        f"unknown industry {wanted!r}; industries in the store: {listed or 'none'}"
    )


def _resolve_region(con: duckdb.DuckDBPyConnection, wanted: str) -> list[str]:
    value = wanted.strip()
    known = _known(con, "p.country") + _known(con, "p.subdivision")
    cities = [city.lower() for city, _ in _known(con, "p.city")]
    if value.upper() in {code.upper() for code, _ in known} or value.lower() in cities:
        return [value.upper(), value.upper(), value.lower()]
    listed = _listing([(code, "") for code, _ in known[:KNOWN_SHOWN]])
    raise UnknownValueError(
        f"unknown region {wanted!r}; use a country (US) or subdivision (US-CA) code or a city. "
        f"Regions in the store: {listed or 'none'}"
    )


def _resolve_employer(con: duckdb.DuckDBPyConnection, wanted: str) -> str:
    names = known_employers(con)
    if wanted.strip().lower() in {name.lower() for name in names}:
        return wanted.strip().lower()
    raise UnknownValueError(closest_employers_message(wanted, names))


def closest_employers_message(wanted: str, names: list[str]) -> str:
    """An 'unknown employer' message naming the closest known employers."""
    from rapidfuzz import fuzz, process, utils

    if not names:
        return f"unknown employer {wanted!r}: the store holds no employers yet"
    matches = process.extract(
        wanted, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=5
    )
    closest = ", ".join(str(match[0]) for match in matches)
    return f"unknown employer {wanted!r}; closest known employers: {closest}"


def _typed_postings(frame: pd.DataFrame) -> pd.DataFrame:
    frame["equivalency"] = frame["equivalency"].astype("boolean").fillna(False).astype(bool)
    frame["date_posted"] = pd.to_datetime(frame["date_posted"])
    frame["first_seen"] = pd.to_datetime(frame["first_seen"])
    return frame


def _typed_mentions(frame: pd.DataFrame) -> pd.DataFrame:
    for column in CATEGORY_COLUMNS:
        frame[column] = frame[column].astype("category")
    substitute = frame["experience_substitute"].astype("boolean")
    frame["experience_substitute"] = substitute.fillna(False).astype(bool)
    return frame
