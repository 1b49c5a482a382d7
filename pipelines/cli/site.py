"""`credscope site OUT_DIR`: the store as a static, self-contained site that opens from file://."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipelines.cli.options import DbOption
from pipelines.cli.report_options import MinNOpt


def site_command(
    out_dir: Annotated[
        Path, typer.Argument(help="Folder to write the site into (replaced whole).")
    ],
    min_n: MinNOpt = 30,
    db: DbOption = None,
) -> None:
    """Write an index of every employer, and a page per employer, credential and industry."""
    from pipelines.reports.site.publish import publish_site
    from pipelines.store.damage import damage_reported
    from pipelines.store.database import Store
    from pipelines.store.paths import resolve_db_path

    path = resolve_db_path(db)
    with damage_reported(path), Store.open(path, read_only=True) as store:
        index = publish_site(store.con, out_dir, min_n=min_n)
    typer.echo(f"wrote the site: {index}")


def register(app: typer.Typer) -> None:
    """Add `site` to the credscope CLI."""
    app.command("site")(site_command)
