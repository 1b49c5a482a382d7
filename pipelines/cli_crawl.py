"""`credscope crawl`: gather postings from the registry's boards or one career site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from crawler.errors import CrawlerError
from crawler.registry import Employer, find_employers, load_registry
from crawler.runner import SPIDERS, CrawlSummary, run_crawl
from crawler.sinks import JsonlSink, PostingSink
from pipelines.errors import CredscopeError, InputError
from pipelines.output import fail
from pipelines.runs import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL

MAX_ERROR_ROWS = 20


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
    unknown = sorted(set(sources) - set(SPIDERS))
    if unknown:
        raise InputError(f"unknown --source {', '.join(unknown)}; known: {', '.join(SPIDERS)}")
    if url and not names and not sources:
        return []
    registry = load_registry(registry_path)
    employers = find_employers(names, registry) if names else registry
    return [e for e in employers if not sources or e.source in sources]


def summary_table(summary: CrawlSummary) -> Table:
    """Postings new/updated/unchanged/closed, kept, pages, drops by reason and edits."""
    table = Table(title=f"crawl summary ({summary.seconds:.1f} s)")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name in ("new", "updated", "unchanged", "closed"):
        table.add_row(f"postings {name}", str(summary.counts.get(name, 0)))
    table.add_row("postings stored", str(summary.stored))
    table.add_row("pages fetched", str(summary.pages))
    for kind, count in sorted(summary.page_kinds.items()):
        table.add_row(f"pages {kind.replace('_', ' ')}", str(count))
    for state, count in sorted(summary.boards.items()):
        table.add_row(f"boards {state}", str(count))
    for reason, count in sorted(summary.dropped.items()):
        table.add_row(f"dropped: {reason}", str(count))
    for what, count in sorted(summary.edited.items()):
        table.add_row(f"edited: {what}", str(count))
    table.add_row("errors", str(len(summary.errors)))
    return table


def errors_table(summary: CrawlSummary) -> Table:
    """The failed URLs and why (the first MAX_ERROR_ROWS)."""
    table = Table(title=f"errors by URL ({len(summary.errors)})")
    table.add_column("url", overflow="fold")
    table.add_column("error", overflow="fold")
    for url, reason in list(summary.errors.items())[:MAX_ERROR_ROWS]:
        table.add_row(url, reason)
    return table


@dataclass(frozen=True)
class CrawlRequest:
    """What to crawl: registry employers or one site, a per-board limit, Scrapy settings."""

    employers: list[Employer]
    url: str | None
    limit: int | None
    settings: dict[str, str]


def crawl_to_jsonl(request: CrawlRequest, out: Path) -> CrawlSummary:
    """Crawl into a JSONL file of Posting records."""
    return _crawl(request, JsonlSink(out))


def crawl_to_store(request: CrawlRequest, db: Path | None) -> CrawlSummary:
    """Crawl into the DuckDB store under a run record: unchanged postings keep their row,
    changed ones are updated, postings gone from a fully crawled board are marked closed."""
    from pipelines.paths import resolve_db_path
    from pipelines.runs import recorded_run
    from pipelines.store import Store, StoreSink

    with Store.open(resolve_db_path(db)) as store, recorded_run(store, "crawl") as record:
        summary = _crawl(request, StoreSink(store, run_id=record.run_id))
        record.counts["crawl"] = {**summary.counts, "errors": len(summary.errors)}
        record.errors.extend(f"{url}: {reason}" for url, reason in summary.errors.items())
    return summary


def _crawl(request: CrawlRequest, sink: PostingSink) -> CrawlSummary:
    return run_crawl(
        request.employers,
        url=request.url,
        limit=request.limit,
        sink=sink,
        settings=request.settings,
        progress=True,
    )


def crawl_exit_code(summary: CrawlSummary) -> int:
    """As for `credscope run`: 0 ok, 3 partial (some URLs failed), 1 failed (nothing crawled)."""
    if not summary.errors:
        return EXIT_OK
    return EXIT_PARTIAL if summary.completed_boards or summary.stored else EXIT_FAILED


def register(app: typer.Typer) -> None:
    """Add `credscope crawl` to the app."""

    @app.command()
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
        db: Annotated[
            Path | None,
            typer.Option("--db", help="DuckDB store (default: $CREDSCOPE_DB or the data dir)."),
        ] = None,
        registry: Annotated[
            Path | None, typer.Option("--registry", help="Employer registry YAML.")
        ] = None,
        setting: Annotated[
            list[str] | None, typer.Option("--set", "-s", help="Scrapy setting KEY=VALUE.")
        ] = None,
    ) -> None:
        """Crawl employers' job boards and career pages into postings."""
        try:
            employers = choose_employers(employer or [], source or [], registry, url)
            if not employers and not url:
                raise InputError("no employer matches the --employer/--source given")
            request = CrawlRequest(employers, url, limit, parse_overrides(setting or []))
            summary = crawl_to_jsonl(request, out) if out else crawl_to_store(request, db)
        except CredscopeError as error:
            fail(error)
        except CrawlerError as error:  # no exit code of its own: exit as a CredscopeError did
            fail(CredscopeError(str(error)))
        console = Console()
        console.print(summary_table(summary))
        if summary.errors:
            console.print(errors_table(summary))
        raise typer.Exit(crawl_exit_code(summary))
