"""`credscope sources list|show|add|validate`: the employer registry on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipelines.errors import CredscopeError

if TYPE_CHECKING:
    from rich.table import Table

    from crawler.registry import Employer

# crawler.registry's SOURCES, spelled out so that `--help` need not import the crawler;
# tests/pipelines/cli/test_sources.py checks that they agree.
SOURCES = (
    "greenhouse",
    "lever",
    "ashby",
    "smartrecruiters",
    "workable",
    "workday",
    "usajobs",
    "jsonld",
)

RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry", help="Registry YAML file (default: the bundled one).", dir_okay=False
    ),
]

SOURCE_HELP = f"Source family: {', '.join(SOURCES)}."

sources_app = typer.Typer(
    help="The employer registry: who credscope crawls, and where.", no_args_is_help=True
)


def _where(employer: Employer) -> str:
    if employer.workday:
        return f"{employer.workday['host']}/{employer.workday['site']}"
    return employer.board or employer.url or ""


def _sector_filter(industry: str | None) -> str | None:
    from crawler.industry import naics_from_label

    if industry is None:
        return None
    sector = naics_from_label(industry)
    if sector is None:
        raise CredscopeError(f"unknown industry {industry!r}: give a NAICS sector code or label")
    return sector


def employers_table(employers: list[Employer]) -> Table:
    """A rich table of registry entries: name, source, board, sector, country."""
    from rich.table import Table

    from crawler.industry import sector_label

    table = Table(title=f"{len(employers)} employers")
    for column in ("Employer", "Source", "Board / URL", "Industry (NAICS)", "Country"):
        table.add_column(column)
    for e in employers:
        industry = f"{e.industry} {sector_label(e.industry)}" if e.industry else "not known"
        table.add_row(e.name, e.source, _where(e), industry, e.country or "not known")
    return table


@sources_app.command("list")
def list_sources(
    source: Annotated[
        str | None, typer.Option(help=f"Only this family: {', '.join(SOURCES)}.")
    ] = None,
    industry: Annotated[str | None, typer.Option(help="NAICS sector code or label.")] = None,
    registry: RegistryOption = None,
) -> None:
    """List registry employers, optionally filtered by source family and industry."""
    from rich.console import Console

    from crawler.registry import load_registry

    sector = _sector_filter(industry)
    employers = [
        e
        for e in load_registry(registry)
        if (source is None or e.source == source) and (sector is None or e.industry == sector)
    ]
    Console(width=160).print(employers_table(employers))


@sources_app.command("show")
def show_source(
    name: Annotated[str, typer.Argument(help="Employer name or alias.")],
    registry: RegistryOption = None,
) -> None:
    """Show one employer's registry entry."""
    from crawler.industry import sector_label
    from crawler.registry import find_employers, load_registry

    (employer,) = find_employers([name], load_registry(registry))
    for key, value in employer.as_dict().items():
        shown = ", ".join(value) if isinstance(value, list) else value
        if key == "workday":
            shown = ", ".join(f"{k}={v}" for k, v in value.items())
        if key == "industry":
            shown = f"{value} ({sector_label(value)})"
        typer.echo(f"{key + ':':10} {shown}")


@sources_app.command("add")
def add_source(
    name: Annotated[str, typer.Option(help="Employer name.")],
    source: Annotated[str, typer.Option(help=SOURCE_HELP)],
    industry: Annotated[str, typer.Option(help="NAICS 2022 sector code or label.")],
    country: Annotated[str, typer.Option(help="Headquarters country, ISO alpha-2.")],
    found_at: Annotated[str, typer.Option(help="Where the board token was found.")],
    board: Annotated[
        str | None, typer.Option(help="Board token / company id; USAJOBS organization code(s).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Career page, sitemap or Workday URL.")] = None,
    alias: Annotated[list[str] | None, typer.Option(help="Another name (repeatable).")] = None,
    registry: RegistryOption = None,
) -> None:
    """Validate a new employer entry and append it to the registry file."""
    from crawler.industry import naics_from_label
    from crawler.registry import append_employer, default_registry, workday_from_url

    registry = registry or default_registry()

    entry: dict[str, object] = {
        "name": name,
        "aliases": alias or [],
        "source": source,
        "board": board,
        "url": url,
        "industry": naics_from_label(industry) or industry,
        "country": country.upper(),
        "found_at": found_at,
    }
    if source == "workday" and url:
        entry["workday"] = workday_from_url(url)
    employer = append_employer({k: v for k, v in entry.items() if v is not None}, registry)
    typer.echo(f"added {employer.name} ({employer.source}) to {registry}")


@sources_app.command("validate")
def validate_sources(registry: RegistryOption = None) -> None:
    """Check every registry entry; list each problem with file and entry, exit non-zero if any."""
    from crawler.registry import default_registry, load_registry

    registry = registry or default_registry()
    employers = load_registry(registry)
    sectors = {e.industry for e in employers}
    typer.echo(f"{registry}: {len(employers)} employers OK across {len(sectors)} NAICS sectors")


def register(app: typer.Typer) -> None:
    """Add the `sources` command group to the credscope CLI."""
    app.add_typer(sources_app, name="sources")
