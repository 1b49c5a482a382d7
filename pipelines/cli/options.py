"""Options several commands share: the store (--db or --lake), analysis workers, batch size, and
the outbound guard's allowance."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crawler.guard import ALLOW_PRIVATE_ENV, ALLOW_PRIVATE_SETTING
from pipelines.store.paths import DB_ENV

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help=f"DuckDB file of the store (default: ${DB_ENV}, else the user data directory).",
        show_default=False,
    ),
]
LakeOption = Annotated[
    str | None,
    typer.Option(
        "--lake",
        metavar="DIR",
        help="Parquet lake directory (or fsspec URL) as the store, instead of --db.",
        show_default=False,
    ),
]
WorkersOption = Annotated[int, typer.Option("--workers", min=1, help="Analysis processes.")]
BatchOption = Annotated[
    int, typer.Option("--batch-size", min=1, help="Postings per analysis batch (one transaction).")
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Let the crawl reach loopback and private addresses (intranet sites, tests); "
        f"link-local (cloud metadata) stays refused. Also: {ALLOW_PRIVATE_ENV}=1.",
    ),
]


def allowance_settings(allow_private: bool) -> dict[str, bool]:
    """The crawl settings --allow-private adds (none without it: the environment may allow)."""
    return {ALLOW_PRIVATE_SETTING: True} if allow_private else {}


FrontierOption = Annotated[
    str | None,
    typer.Option(
        "--frontier",
        help="redis://HOST:PORT/DB: crawl as one worker of a crawl shared through this Redis.",
        show_default=False,
    ),
]
CrawlIdOption = Annotated[
    str | None,
    typer.Option(
        "--crawl-id",
        help="Name of the shared crawl (default: derived from what is crawled, so workers crawling "
        "the same targets join one crawl).",
        show_default=False,
    ),
]
