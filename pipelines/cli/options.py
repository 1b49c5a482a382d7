"""Options several commands share: the database, analysis workers and batch size."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipelines.store.paths import DB_ENV

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help=f"DuckDB file of the store (default: ${DB_ENV}, else the user data directory).",
        show_default=False,
    ),
]
WorkersOption = Annotated[int, typer.Option("--workers", min=1, help="Analysis processes.")]
BatchOption = Annotated[
    int, typer.Option("--batch-size", min=1, help="Postings per analysis batch (one transaction).")
]
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
        help="Name of the shared crawl (default: derived from the --url or employers chosen).",
        show_default=False,
    ),
]
