"""`credscope crawl`: gather postings from the registry's boards or one career site."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipelines.cli.exit_codes import exit_code_for_status
from pipelines.cli.options import (
    AllowPrivateOption,
    CrawlIdOption,
    DbOption,
    FrontierOption,
    LakeOption,
    allowance_settings,
)
from pipelines.errors import InputError

if TYPE_CHECKING:
    from crawler.registry import Employer

CRAWL_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """Scrapy setting overrides from KEY=VALUE pairs."""
    overrides = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--set expects KEY=VALUE, got {pair!r}")
        overrides[key.strip()] = value
    return overrides


def choose_employers(
    names: list[str], sources: list[str], registry_path: Path | None, url: str | None
) -> list[Employer]:
    """Registry employers to crawl: named ones, else all (by source); none for a bare --url."""
    from crawler.registry import find_employers
    from crawler.runner import SPIDERS
    from pipelines.stages.run import configured_registry

    unknown = sorted(set(sources) - set(SPIDERS))
    if unknown:
        raise InputError(f"unknown --source {', '.join(unknown)}; known: {', '.join(SPIDERS)}")
    if url and not names and not sources:
        return []
    registry = configured_registry(registry_path)
    employers = find_employers(names, registry) if names else registry
    return [e for e in employers if not sources or e.source in sources]


def check_frontier(frontier: str | None, crawl_id: str | None) -> None:
    """Refuse a --crawl-id without --frontier, a malformed id, or a Redis that cannot be used."""
    if frontier is None:
        if crawl_id is not None:
            raise InputError("--crawl-id names a shared crawl: give --frontier redis://... too")
        return
    if crawl_id is not None and not CRAWL_ID.fullmatch(crawl_id):
        raise InputError(f"--crawl-id {crawl_id!r}: use 1-64 letters, digits, '.', '_' or '-'")
    from crawler.frontier.connection import connect

    connect(frontier)


def register(app: typer.Typer) -> None:
    """Add `credscope crawl` to the app."""
    app.command("crawl")(crawl)


def crawl(
    employer: Annotated[
        list[str] | None, typer.Option("--employer", "-e", help="Employer name or alias.")
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source family.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most N postings per board.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="Crawl one career site or sitemap (schema.org).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the postings to this JSONL file, not the store."),
    ] = None,
    db: DbOption = None,
    lake: LakeOption = None,
    registry: Annotated[
        Path | None,
        typer.Option(
            "--registry",
            help="Employer registry YAML (default: the bundled one and your own, from check).",
        ),
    ] = None,
    setting: Annotated[
        list[str] | None, typer.Option("--set", "-s", help="Scrapy setting KEY=VALUE.")
    ] = None,
    allow_private: AllowPrivateOption = False,
    frontier: FrontierOption = None,
    crawl_id: CrawlIdOption = None,
) -> None:
    """Crawl employers' job boards and career pages into postings."""
    from rich.console import Console

    from crawler.frontier.settings import SharedCrawl, targets_id
    from pipelines.cli.crawl_tables import errors_table, refused_table, summary_table
    from pipelines.stages.crawl import CrawlRequest, crawl_status, crawl_to_jsonl, crawl_to_store
    from pipelines.store.target import StoreTarget

    target = StoreTarget.choose(db, lake)
    overrides = {**parse_overrides(setting or []), **allowance_settings(allow_private)}
    employers = choose_employers(employer or [], source or [], registry, url)
    if not employers and not url:
        raise InputError("no employer matches the --employer/--source given")
    check_frontier(frontier, crawl_id)
    shared = SharedCrawl(frontier, crawl_id or targets_id(employers, url)) if frontier else None
    request = CrawlRequest(employers, url, limit, overrides, shared)
    summary = crawl_to_jsonl(request, out) if out else crawl_to_store(request, target)
    console = Console()
    console.print(summary_table(summary))
    if summary.errors:
        console.print(errors_table(summary))
    if summary.refused:
        console.print(refused_table(summary))
    status = crawl_status(summary, shared=shared is not None)
    raise typer.Exit(int(exit_code_for_status(status)))
