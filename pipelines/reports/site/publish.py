"""`credscope site`: read the store, build every page, write the site; return the index path."""

from __future__ import annotations

from pathlib import Path

import duckdb

from analyzer.taxonomy import load_taxonomy
from pipelines.reports.errors import NoMatchingPostingsError
from pipelines.reports.frames import current_analysis_version, load_frames
from pipelines.reports.site.build import build_site
from pipelines.reports.site.write import write_site


def publish_site(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    min_n: int = 30,
    analysis_version: str | None = None,
) -> Path:
    """Write the static site of every analysed posting to out_dir; return its index.html."""
    version = analysis_version or current_analysis_version()
    postings, mentions = load_frames(con, None, analysis_version=version, include_text=True)
    if postings.empty:
        raise NoMatchingPostingsError(
            f"no postings analysed by the current analyzer ({version}) to publish; "
            "run `credscope extract` (or `credscope run`) first"
        )
    files = build_site(postings, mentions, load_taxonomy().credentials, min_n)
    return write_site(files, out_dir) / "index.html"
