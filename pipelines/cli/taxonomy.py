"""`credscope taxonomy list|show|validate`: the credential taxonomy on the command line."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipelines.errors import InputError

if TYPE_CHECKING:
    from analyzer.taxonomy import Taxonomy

taxonomy_app = typer.Typer(
    help="Inspect and validate the credential taxonomy.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add the `taxonomy` command group to the CLI."""
    app.add_typer(taxonomy_app, name="taxonomy")


@taxonomy_app.command("list")
def taxonomy_list(
    credential_type: Annotated[
        str | None, typer.Option("--type", help="Only this type (degree, license, ...).")
    ] = None,
    output_json: Annotated[bool, typer.Option("--json", help="Print JSON records.")] = False,
) -> None:
    """List the credentials the taxonomy knows."""
    taxonomy = _load_taxonomy()
    rows = [c for c in taxonomy.credentials.values() if credential_type in (None, c.type)]
    if output_json:
        print(json.dumps([{"id": c.id, "type": c.type, "label": c.label} for c in rows], indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} credential(s) · taxonomy {taxonomy.version}")
    for column in ("id", "type", "level", "label", "issuer"):
        table.add_column(column)
    for c in sorted(rows, key=lambda c: (c.type, c.id)):
        table.add_row(c.id, c.type, c.level or "", c.label, c.issuer or "")
    Console().print(table)


@taxonomy_app.command("show")
def taxonomy_show(credential_id: Annotated[str, typer.Argument(help="A credential id.")]) -> None:
    """Show one credential: aliases, look-alikes, official page, renewal, prerequisites, source."""
    taxonomy = _load_taxonomy()
    credential = taxonomy.get(credential_id)
    if credential is None:
        from rapidfuzz import process

        close = [m[0] for m in process.extract(credential_id, list(taxonomy.credentials), limit=5)]
        raise InputError(f"unknown credential id {credential_id!r}; closest: {', '.join(close)}")
    record = {k: v for k, v in asdict(credential).items() if v not in (None, (), "")}
    print(json.dumps(record, indent=2, ensure_ascii=False))


@taxonomy_app.command("validate")
def taxonomy_validate(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Taxonomy folder (default: data/taxonomy).")
    ] = None,
) -> None:
    """Validate every taxonomy file: schema, duplicate ids and aliases, token patterns."""
    taxonomy = _load_taxonomy(directory)
    counts = ", ".join(f"{n} {t}" for t, n in taxonomy.by_type().items())
    print(f"taxonomy {taxonomy.version}: {len(taxonomy)} credentials valid ({counts})")


def _load_taxonomy(directory: Path | None = None) -> Taxonomy:
    """The taxonomy; an invalid one is an input error naming every file and entry at fault."""
    from analyzer.taxonomy import TaxonomyError, load_taxonomy

    try:
        return load_taxonomy(directory)
    except TaxonomyError as error:
        raise InputError(str(error)) from error
