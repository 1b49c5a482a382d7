"""CLI commands over the store: import, extract, run (the scheduled job) and export."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from crawler.errors import CrawlerError
from pipelines.errors import CredscopeError, InputError
from pipelines.export import export_tables
from pipelines.extract import extract
from pipelines.importers import import_file
from pipelines.paths import DB_ENV, resolve_db_path
from pipelines.runs import (
    EXIT_PARTIAL,
    EXIT_USAGE,
    RunOptions,
    configure_logging,
    recorded_run,
    run_job,
)
from pipelines.store import Store, damage_reported

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


RUN_EXIT_CODES = (
    "Exit codes: 0 ok, 1 failed, 2 usage or input error, 3 partial (some stages or items "
    "failed), 75 locked (another run has the database; try later)."
)


class ImportFormat(StrEnum):
    """The posting collections `credscope import` reads."""

    jsonld = "jsonld"
    emscad = "emscad"
    glassdoor = "glassdoor"
    jsonl = "jsonl"


class ExportFormat(StrEnum):
    """The file formats `credscope export` writes."""

    parquet = "parquet"
    csv = "csv"


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn a CredscopeError (or CrawlerError) into one message on stderr and its exit code."""
    try:
        yield
    except CredscopeError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    except CrawlerError as error:  # no exit code of its own: exit as a CredscopeError did
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(CredscopeError.exit_code) from None


def import_command(
    file: Annotated[Path, typer.Argument(help="Posting collection (.gz is read directly).")],
    fmt: Annotated[ImportFormat, typer.Option("--format", help="Format of FILE.")],
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Import only the first N rows.")] = None,
) -> None:
    """Import postings from a file; bad rows are listed with their position and skipped."""
    configure_logging()
    with domain_errors():
        if not file.is_file():
            raise InputError(f"no such file: {file}")
        path = resolve_db_path(db)
        with (
            damage_reported(path),
            Store.open(path) as store,
            recorded_run(store, "import") as record,
        ):
            result = import_file(store, file, fmt.value, limit=limit, run_id=record.run_id)
            record.counts["import"] = {"file": str(file), **result.counts}
            if result.problems:
                record.errors.append(f"{len(result.problems)} rows skipped")
    counts = result.counts
    typer.echo(
        f"imported {file.name}: {counts['read']} read, {counts['new']} new, "
        f"{counts['updated']} updated, {counts['unchanged']} unchanged, {counts['failed']} skipped"
    )
    if counts["failed"]:
        stored = counts["new"] + counts["updated"] + counts["unchanged"]
        raise typer.Exit(EXIT_PARTIAL if stored else EXIT_USAGE)


def extract_command(
    db: DbOption = None, workers: WorkersOption = 1, batch_size: BatchOption = 1000
) -> None:
    """Analyse the stored postings the current analyzer and taxonomy have not analysed yet."""
    configure_logging()
    path = resolve_db_path(db)
    with (
        domain_errors(),
        damage_reported(path),
        Store.open(path) as store,
        recorded_run(store, "extract") as record,
    ):
        counts = extract(
            store, workers=workers, batch_size=batch_size, run_id=record.run_id, progress=True
        )
        record.counts["extract"] = counts
        if counts["failed"]:
            record.errors.append(f"{counts['failed']} postings failed analysis")
    typer.echo(
        f"analysed {counts['analysed']} of {counts['pending']} pending postings: "
        f"{counts['mentions']} mentions, {counts['failed']} failed"
    )
    if counts["failed"]:
        raise typer.Exit(EXIT_PARTIAL)


def run_command(
    db: DbOption = None,
    employer: Annotated[
        list[str] | None, typer.Option("--employer", help="Crawl only this employer (repeatable).")
    ] = None,
    registry: Annotated[
        Path | None, typer.Option(help="Employer registry YAML (default: the bundled one).")
    ] = None,
    no_crawl: Annotated[bool, typer.Option("--no-crawl", help="Skip crawling.")] = False,
    report_dir: Annotated[
        Path | None, typer.Option(help="Where reports go (default: reports/ beside the DB).")
    ] = None,
    workers: WorkersOption = 1,
    batch_size: BatchOption = 1000,
) -> None:
    """The scheduled job: crawl, analyse, store and write reports, under a lock."""
    configure_logging()
    options = RunOptions(
        employers=tuple(employer or ()),
        registry=registry,
        crawl=not no_crawl,
        report_dir=report_dir,
        workers=workers,
        batch_size=batch_size,
    )
    path = resolve_db_path(db)
    with domain_errors(), damage_reported(path):
        record = run_job(path, options)
    typer.echo(f"run {record.run_id}: {record.status}")
    for error in record.errors:
        typer.echo(f"  {error}")
    raise typer.Exit(record.exit_code)


def export_command(
    db: DbOption = None,
    parquet: Annotated[Path | None, typer.Option(help="Write Parquet files into DIR.")] = None,
    csv: Annotated[Path | None, typer.Option(help="Write CSV files into DIR.")] = None,
) -> None:
    """Write postings, mentions, posting_summaries and runs, one file per table."""
    with domain_errors():
        if (parquet is None) == (csv is None):
            raise InputError("give exactly one of --parquet DIR or --csv DIR")
        fmt, out_dir = ("parquet", parquet) if parquet is not None else ("csv", csv)
        assert out_dir is not None
        path = resolve_db_path(db)
        with damage_reported(path), Store.open(path) as store:
            written = export_tables(store, out_dir, fmt)
    for path in written:
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    """Add the store commands to the credscope CLI."""
    app.command("import")(import_command)
    app.command("extract")(extract_command)
    app.command("run", epilog=RUN_EXIT_CODES)(run_command)
    app.command("export")(export_command)
