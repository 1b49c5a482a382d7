"""Time every report over 1,000,000 synthetic mention rows, beside a plain-pandas baseline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from pipelines.reports.builders.credential import build_credential_report
from pipelines.reports.builders.employer import build_employer_report
from pipelines.reports.builders.industry import build_industry_report
from pipelines.reports.builders.region import build_region_report
from pipelines.reports.builders.trend import build_trend_report
from pipelines.reports.vocab import credential_types, degree_levels

MENTION_ROWS = 1_000_000
POSTINGS = 250_000
SECTORS = ["11", "21", "22", "23", "31-33", "42", "44-45", "48-49", "51", "52",
           "53", "54", "55", "56", "61", "62", "71", "72", "81", "92"]  # fmt: skip
COUNTRIES = ["US", "GB", "CA", "DE", "FR", "IN", "AU", "IE", "NL", "ES"]


def synthetic_frames(seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Postings and mentions shaped like load_frames output, with MENTION_ROWS mentions."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"p{i:07d}" for i in range(POSTINGS)], dtype=object)
    country = rng.choice(COUNTRIES, POSTINGS)
    levels = np.array([None, *degree_levels()], dtype=object)
    postings = pd.DataFrame(
        {
            "posting_id": ids,
            "employer": np.array([f"Employer {i}" for i in rng.integers(0, 2000, POSTINGS)]),
            "title": "Job",
            "url": None,
            "source": rng.choice(["greenhouse", "lever", "import:jsonld"], POSTINGS),
            "country": country,
            "subdivision": [
                f"{c}-{n}" for c, n in zip(country, rng.integers(1, 9, POSTINGS), strict=True)
            ],
            "city": None,
            "industry": rng.choice(SECTORS, POSTINGS),
            "date_posted": pd.to_datetime("2023-01-01")
            + pd.to_timedelta(rng.integers(0, 720, POSTINGS), "D"),
            "first_seen": pd.Timestamp("2025-01-01"),
            "run_id": rng.integers(1, 30, POSTINGS),
            "equivalency": rng.random(POSTINGS) < 0.3,
            "min_degree_required": rng.choice(levels, POSTINGS),
        }
    )
    return postings, synthetic_mentions(rng, ids)


def synthetic_mentions(rng: np.random.Generator, ids: np.ndarray) -> pd.DataFrame:
    """MENTION_ROWS mentions over the given postings, 300 credentials of every type."""
    types = np.array(list(credential_types()), dtype=object)
    credential_type = types[np.arange(300) % len(types)]
    credential = rng.integers(0, 300, MENTION_ROWS)
    frame = pd.DataFrame(
        {
            "posting_id": ids[np.sort(rng.integers(0, len(ids), MENTION_ROWS))],
            "ordinal": 0,
            "start": 0,
            "end": 10,
            "text": "phrase",
            "type": credential_type[credential],
            "level": None,
            "credential_id": np.array([f"cred.{i}" for i in range(300)], dtype=object)[credential],
            "label": np.array([f"Credential {i}" for i in range(300)], dtype=object)[credential],
            "issuer": None,
            "strength": rng.choice(["required", "preferred", "unspecified"], MENTION_ROWS),
            "experience_substitute": rng.random(MENTION_ROWS) < 0.2,
            "section": "requirements",
        }
    )
    for column in ("type", "level", "credential_id", "strength", "section"):
        frame[column] = frame[column].astype("category")
    return frame


def pandas_breakdown(postings: pd.DataFrame, mentions: pd.DataFrame, key: str) -> tuple[Any, ...]:
    """Baseline: the breakdown's counts and top credentials in plain pandas on text columns."""
    text = mentions.astype({"type": object, "strength": object, "credential_id": object})
    text["required"] = text["strength"] == "required"
    text["degree_exp"] = (text["type"] == "degree") & text["experience_substitute"]
    has = pd.crosstab(text["posting_id"], text["type"]).gt(0).add_prefix("has_")
    req = text[text["required"]].groupby(["posting_id", "type"]).size().unstack(fill_value=0)
    exp = text.groupby("posting_id")["degree_exp"].any()
    found = has.join(req.gt(0).add_prefix("req_")).join(exp)
    flags = postings[["posting_id", key, "equivalency"]].set_index("posting_id").join(found)
    flag_columns = [c for c in flags.columns if c != key]
    flags[flag_columns] = flags[flag_columns].fillna(False).astype(bool)
    counts = flags.groupby(key).agg(["sum", "count"])
    levels = pd.crosstab(postings[key], postings["min_degree_required"])
    pairs = (
        text[["posting_id", "credential_id"]].drop_duplicates().merge(postings[["posting_id", key]])
    )
    top = pairs.groupby([key, "credential_id"]).size().groupby(level=0).nlargest(5)
    return counts, levels, top


def pandas_employer(
    mine: pd.DataFrame, own: pd.DataFrame, postings: pd.DataFrame, mentions: pd.DataFrame
) -> list[tuple[Any, ...]]:
    """The baseline for the employer report: its counts and its peers' counts."""
    return [
        pandas_breakdown(mine.assign(scope="employer"), own, "scope"),
        pandas_breakdown(postings.assign(scope="all"), mentions, "scope"),
    ]


def pandas_credential(postings: pd.DataFrame, mentions: pd.DataFrame, cid: str) -> pd.DataFrame:
    """The baseline for the credential report: where asked and co-occurring credentials."""
    text = mentions.astype({"credential_id": object, "strength": object})
    asked = text[text["credential_id"] == cid]
    ids = asked["posting_id"].unique()
    chosen = postings[postings["posting_id"].isin(ids)]
    where = [
        chosen.groupby(k).size() / postings.groupby(k).size()
        for k in ("industry", "country", "employer")
    ]
    together = text[text["posting_id"].isin(ids)].groupby("credential_id")["posting_id"].nunique()
    return pd.concat([*where, together.nlargest(20)])


def _timed(build: Callable[[], Any]) -> float:
    start = time.perf_counter()
    build()
    return time.perf_counter() - start


def _cases(
    postings: pd.DataFrame, mentions: pd.DataFrame
) -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    employer = str(postings["employer"].iloc[0])
    mine = postings[postings["employer"] == employer]
    own = mentions[mentions["posting_id"].isin(mine["posting_id"])]
    cid = str(mentions["credential_id"].iloc[0])
    return {
        "industry": (
            lambda: build_industry_report(postings, mentions),
            lambda: pandas_breakdown(postings, mentions, "industry"),
        ),
        "region (subdivision)": (
            lambda: build_region_report(postings, mentions, "subdivision"),
            lambda: pandas_breakdown(postings, mentions, "subdivision"),
        ),
        "trend (month)": (
            lambda: build_trend_report(postings, mentions, "month"),
            lambda: pandas_breakdown(
                postings.assign(month=postings["date_posted"].dt.strftime("%Y-%m")),
                mentions,
                "month",
            ),
        ),
        "employer": (
            lambda: build_employer_report(mine, own, postings, mentions, "all"),
            lambda: pandas_employer(mine, own, postings, mentions),
        ),
        "credential": (
            lambda: build_credential_report(postings, mentions, cid),
            lambda: pandas_credential(postings, mentions, cid),
        ),
    }


def run() -> list[dict[str, Any]]:
    """Build every report over MENTION_ROWS synthetic mentions; time each beside plain pandas."""
    postings, mentions = synthetic_frames()
    warm = postings.iloc[:2000]
    for ours, baseline in _cases(
        warm, mentions[mentions["posting_id"].isin(warm["posting_id"])]
    ).values():
        ours(), baseline()  # first calls pay for imports and caches: keep them out of the timings
    results = []
    for name, (ours, baseline) in _cases(postings, mentions).items():
        seconds, baseline_seconds = _timed(ours), _timed(baseline)
        results.append(
            {
                "bench": "reports",
                "case": f"report {name}",
                "mention_rows": len(mentions),
                "postings": len(postings),
                "seconds": round(seconds, 3),
                "baseline": "plain pandas",
                "baseline_seconds": round(baseline_seconds, 3),
                "speedup": round(baseline_seconds / seconds, 2) if seconds else None,
            }
        )
    total, total_base = (
        sum(r["seconds"] for r in results),
        sum(r["baseline_seconds"] for r in results),
    )
    results.append(
        {
            "bench": "reports",
            "case": "every report",
            "mention_rows": len(mentions),
            "postings": len(postings),
            "seconds": round(total, 3),
            "baseline": "plain pandas",
            "baseline_seconds": round(total_base, 3),
            "speedup": round(total_base / total, 2) if total else None,
        }
    )
    return results


if __name__ == "__main__":
    for result in run():
        print(result)
