"""`credscope export`: the store's tables as Parquet or CSV files, for other tools to read."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipelines.cli.options import DbOption, LakeOption
from pipelines.errors import InputError


def export_command(
    db: DbOption = None,
    lake: LakeOption = None,
    parquet: Annotated[Path | None, typer.Option(help="Write Parquet files into DIR.")] = None,
    csv: Annotated[Path | None, typer.Option(help="Write CSV files into DIR.")] = None,
) -> None:
    """Write postings, mentions, posting_summaries and runs, one file per table."""
    from pipelines.store.export import export_tables
    from pipelines.store.target import StoreTarget, open_store

    target = StoreTarget.choose(db, lake)
    if (parquet is None) == (csv is None):
        raise InputError("give exactly one of --parquet DIR or --csv DIR")
    fmt, out_dir = ("parquet", parquet) if parquet is not None else ("csv", csv)
    assert out_dir is not None
    with open_store(target, read_only=True) as store:  # a mistyped store is an error, not made
        written = export_tables(store, out_dir, fmt)
    for path in written:
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    """Add `export` to the credscope CLI."""
    app.command("export")(export_command)
