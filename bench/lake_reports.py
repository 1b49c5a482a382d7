"""Reports over a generated Parquet lake of 10,000,000 mention rows: time and peak memory.

`python -m bench.lake_reports [ROWS] [reports|sql]` measures another size by hand: 100,000,000
rows is too slow for `make bench`, and only `sql` fits in memory there (docs/scaling.md). The lake
holds ROWS / 4 postings with four mentions each, written in parts of one million mentions through
the lake's own writer, so the views resolve them as they resolve real writes. Each measurement
runs in a fresh process, so its peak RSS is its own:

* `reports`: the scheduled run's report files (industry, region, trend) from `load_frames`
  (DuckDB over the Parquet parts into pandas) and the report builders;
* `sql`: the same breakdown's counts as one DuckDB aggregate over the views (nothing in pandas),
  the way a report grows past memory, with DuckDB's memory limited to SQL_MEMORY_LIMIT.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pipelines.reports.frames import current_analysis_version
from pipelines.reports.vocab import credential_types, degree_levels
from pipelines.store.lake import Lake
from pipelines.store.lake_files import new_token

MENTION_ROWS = 10_000_000
PER_POSTING = 4
SQL_MEMORY_LIMIT = "8GB"  # DuckDB's budget in the `sql` case; past it, it spills to disk
CASES = ("reports", "sql")
PART_MENTIONS = 1_000_000
SECTORS = ["11", "21", "22", "23", "31-33", "42", "44-45", "48-49", "51", "52", "54", "62"]
COUNTRIES = ["US", "GB", "CA", "DE", "FR", "IN", "AU", "IE", "NL", "ES"]

POSTINGS_SQL = """(SELECT printf('p%010d', i) AS posting_id, 'import:jsonld' AS source,
    i::VARCHAR AS source_ref, 'Employer ' || (hash(i) % 5000) AS employer, 'Job ' || i AS title,
    {countries}[1 + (hash(i) % 10)::INTEGER] AS country,
    {sectors}[1 + (hash(i + 1) % 12)::INTEGER] AS industry,
    DATE '2023-01-01' + (hash(i + 2) % 720)::INTEGER AS date_posted,
    TIMESTAMP '2025-01-01' AS first_seen, TIMESTAMP '2025-01-02' AS last_seen,
    md5(i::VARCHAR) AS content_hash, 1 AS run_id
FROM range({start}, {stop}) t(i))"""
SUMMARIES_SQL = """(SELECT printf('p%010d', i) AS posting_id, '{version}' AS analysis_version,
    md5(i::VARCHAR) AS content_hash, hash(i + 3) % 10 < 3 AS equivalency,
    {levels}[1 + (hash(i + 4) % {n_levels})::INTEGER] AS min_degree_required,
    {per} AS n_mentions,
    TIMESTAMP '2025-01-02' AS analysed_at, 1 AS run_id, 'en' AS language
FROM range({start}, {stop}) t(i))"""
MENTIONS_SQL = """(SELECT printf('p%010d', i) AS posting_id, '{version}' AS analysis_version,
    o AS ordinal, 10 * o AS start, 10 * o + 8 AS "end", 'a phrase' AS text,
    {types}[1 + ((hash(i * 4 + o) % 300) % {n_types})::INTEGER] AS type,
    'cred.' || (hash(i * 4 + o) % 300) AS credential_id,
    'Credential ' || (hash(i * 4 + o) % 300) AS label,
    ['required', 'preferred', 'unspecified'][1 + (hash(i + o + 5) % 3)::INTEGER] AS strength,
    hash(i + o + 6) % 5 = 0 AS experience_substitute, 'requirements' AS section
FROM range({start}, {stop}) t(i), range({per}) m(o))"""
SQL_BREAKDOWN = """SELECT p.industry, m.type, count(DISTINCT m.posting_id) AS postings,
    count(*) FILTER (WHERE m.strength = 'required') AS required
FROM mentions m JOIN postings p USING (posting_id)
JOIN posting_summaries s USING (posting_id, analysis_version)
WHERE s.language = 'en' GROUP BY ALL"""


def _listed(values: list[str]) -> str:
    return "[" + ", ".join(f"'{value}'" for value in values) + "]"


def generate(folder: Path, rows: int, version: str) -> Lake:
    """A lake with `rows` mentions over rows / 4 postings, one part per million mentions."""
    lake = Lake.open(str(folder))
    step = PART_MENTIONS // PER_POSTING
    names = {
        "countries": _listed(COUNTRIES), "sectors": _listed(SECTORS), "version": version,
        "levels": _listed(list(degree_levels())), "n_levels": len(degree_levels()),
        "types": _listed(list(credential_types())), "n_types": len(credential_types()),
        "per": PER_POSTING,
    }  # fmt: skip
    for start in range(0, rows // PER_POSTING, step):
        bounds = {**names, "start": start, "stop": min(start + step, rows // PER_POSTING)}
        token = new_token()
        lake.append("postings", POSTINGS_SQL.format(**bounds), token, {})
        lake.append("mentions", MENTIONS_SQL.format(**bounds), token, {})
        lake.append("posting_summaries", SUMMARIES_SQL.format(**bounds), token, {})
    lake.refresh()
    return lake


def measure(folder: str, what: str) -> dict[str, Any]:
    """Run one measurement in this process: seconds and peak RSS."""
    from pipelines.reports.files import write_default_reports

    start = time.perf_counter()
    with Lake.open(folder, read_only=True) as lake:
        if what == "reports":
            with tempfile.TemporaryDirectory() as out:
                write_default_reports(lake.con, Path(out))
        else:
            spill = Path(tempfile.gettempdir()) / "credscope-bench-spill"
            lake.con.execute(f"SET memory_limit = '{SQL_MEMORY_LIMIT}'")
            lake.con.execute(f"SET temp_directory = '{spill}'")
            lake.con.execute(SQL_BREAKDOWN).fetchall()
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 1), "peak_rss_MB": round(peak_mb)}


def _measured(folder: Path, what: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.lake_reports", "--measure", str(folder), what],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run(rows: int = MENTION_ROWS, cases: tuple[str, ...] = CASES) -> list[dict[str, Any]]:
    """Generate the lake, then time the reports and the SQL breakdown over it."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "lake"
        start = time.perf_counter()
        generate(folder, rows, current_analysis_version()).close()
        generated = time.perf_counter() - start
        size = sum(p.stat().st_size for p in folder.rglob("part-*.parquet"))
        results = []
        for what in cases:
            results.append(
                {
                    "bench": "lake_reports",
                    "case": f"{what} over the lake",
                    "mention_rows": rows,
                    "postings": rows // PER_POSTING,
                    **_measured(folder, what),
                    "lake_MB": round(size / 1e6),
                    "generate_s": round(generated, 1),
                }
            )
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
    else:
        rows = int(sys.argv[1]) if len(sys.argv) > 1 else MENTION_ROWS
        for result in run(rows, tuple(sys.argv[2:]) or CASES):
            print(result)
