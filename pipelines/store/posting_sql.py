"""The posting upsert's shared steps, for the DuckDB file and the Parquet lake alike."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from crawler.fields import POSTING_FIELDS
from pipelines.store.posting_rows import posting_row

NON_TEXT_TYPES = {
    "remote": "BOOLEAN",
    "date_posted": "DATE",
    "first_seen": "TIMESTAMP",
    "last_seen": "TIMESTAMP",
    "jsonld_experience_in_place_of_education": "BOOLEAN",
}
STAGE_POSTINGS = "CREATE OR REPLACE TEMP TABLE staged_postings AS SELECT {} FROM frame".format(
    ", ".join(f"CAST({f} AS {NON_TEXT_TYPES.get(f, 'VARCHAR')}) AS {f}" for f in POSTING_FIELDS)
)

CLASSIFY_STAGED = """SELECT
    count(*) FILTER (WHERE p.posting_id IS NULL),
    count(*) FILTER (WHERE p.posting_id IS NOT NULL
                     AND p.content_hash IS DISTINCT FROM s.content_hash),
    count(*) FILTER (WHERE p.content_hash = s.content_hash)
FROM staged_postings s LEFT JOIN postings p USING (posting_id)"""

# Open postings of fully listed boards (registered as `boards`) that the crawl did not see (`seen`)
MISSING_FROM_BOARDS = """closed_at IS NULL
    AND EXISTS (SELECT 1 FROM boards b
                WHERE b.source = postings.source AND b.employer = postings.employer)
    AND posting_id NOT IN (SELECT posting_id FROM seen)"""


def staged_frame(postings: Iterable[dict]) -> tuple[pd.DataFrame, int]:
    """The store rows of a batch, one per posting (its last occurrence), and how many repeated."""
    rows = {}
    repeats = 0
    for posting in postings:
        row = posting_row(posting)
        repeats += row["posting_id"] in rows
        rows[row["posting_id"]] = row
    frame = pd.DataFrame(list(rows.values()), columns=list(POSTING_FIELDS), dtype=object)
    return frame, repeats


def board_frames(
    boards: list[tuple[str, str]], seen_ids: Iterable[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `boards` and `seen` frames MISSING_FROM_BOARDS reads."""
    board_frame = pd.DataFrame(boards, columns=["source", "employer"], dtype=object)
    seen_frame = pd.DataFrame({"posting_id": list(seen_ids)}, dtype=object)
    return board_frame, seen_frame
