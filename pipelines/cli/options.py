"""Options several commands share: the store (--db or --lake), analysis workers, batch size."""

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
