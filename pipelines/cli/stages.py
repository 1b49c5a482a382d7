"""`credscope import`, `extract` and `run` (the scheduled job): the stages over the store."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from pipelines.cli.exit_codes import ExitCode, exit_code_for_status, exit_codes_help
from pipelines.cli.options import (
    AllowPrivateOption,
    BatchOption,
    CrawlIdOption,
    DbOption,
    FrontierOption,
    LakeOption,
    WorkersOption,
    allowance_settings,
)
from pipelines.errors import InputError


class ImportFormat(StrEnum):
    """The posting collections `credscope import` reads."""

    jsonld = "jsonld"
    emscad = "emscad"
    glassdoor = "glassdoor"
    jsonl = "jsonl"


def import_command(
    file: Annotated[Path, typer.Argument(help="Posting collection (.gz is read directly).")],
    fmt: Annotated[ImportFormat, typer.Option("--format", help="Format of FILE.")],
    db: DbOption = None,
    lake: LakeOption = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Import only the first N rows.")] = None,
) -> None:
    """Import postings from a file; bad rows are listed with their position and skipped."""
    from pipelines.stages.importers import import_file
    from pipelines.stages.logs import configure_logging
    from pipelines.store.run_records import recorded_run
    from pipelines.store.target import StoreTarget, open_store

    configure_logging()
    target = StoreTarget.choose(db, lake)
    if not file.is_file():
        raise InputError(f"no such file: {file}")
    with open_store(target) as store, recorded_run(store, "import") as record:
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
        raise typer.Exit(int(ExitCode.PARTIAL if stored else ExitCode.USAGE))


def extract_command(
    db: DbOption = None,
    lake: LakeOption = None,
    workers: WorkersOption = 1,
    batch_size: BatchOption = 1000,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            metavar="local:N|tcp://HOST:PORT",
            help="Analyse on Dask: a local cluster of N worker processes, or a running scheduler.",
        ),
    ] = None,
) -> None:
    """Analyse the stored postings the current analyzer and taxonomy have not analysed yet."""
    from pipelines.stages.logs import configure_logging
    from pipelines.store.run_records import recorded_run
    from pipelines.store.target import StoreTarget, open_store

    configure_logging()
    target = StoreTarget.choose(db, lake)
    run_extract = _extract_runner(cluster, workers, batch_size)
    with open_store(target) as store, recorded_run(store, "extract") as record:
        counts = run_extract(store, record.run_id)
        record.counts["extract"] = counts
        if counts["failed"]:
            record.errors.append(f"{counts['failed']} postings failed analysis")
    typer.echo(
        f"analysed {counts['analysed']} of {counts['pending']} pending postings: "
        f"{counts['mentions']} mentions, {counts['failed']} failed"
    )
    if counts["failed"]:
        raise typer.Exit(int(ExitCode.PARTIAL))


def _extract_runner(cluster: str | None, workers: int, batch_size: int) -> Any:
    """The extract to run: on a Dask cluster when one is named (checked first), else here."""
    if cluster is None:
        from pipelines.stages.extract import extract

        return lambda store, run_id: extract(
            store, workers=workers, batch_size=batch_size, run_id=run_id, progress=True
        )
    from pipelines.stages.extract_cluster import ClusterSpec, extract_on_cluster

    if workers != 1:
        raise InputError("--workers is for analysis here; with --cluster, local:N sets the workers")
    spec = ClusterSpec.parse(cluster)
    return lambda store, run_id: extract_on_cluster(
        store, spec, batch_size=batch_size, run_id=run_id, progress=True
    )


def run_command(
    db: DbOption = None,
    lake: LakeOption = None,
    employer: Annotated[
        list[str] | None, typer.Option("--employer", help="Crawl only this employer (repeatable).")
    ] = None,
    registry: Annotated[
        Path | None,
        typer.Option(help="Employer registry YAML (default: bundled + your own)."),
    ] = None,
    no_crawl: Annotated[bool, typer.Option("--no-crawl", help="Skip crawling.")] = False,
    report_dir: Annotated[
        Path | None,
        typer.Option(
            help="Where reports go (default: reports/ beside the DB, or inside a local --lake; "
            "./reports for a remote lake)."
        ),
    ] = None,
    workers: WorkersOption = 1,
    batch_size: BatchOption = 1000,
    allow_private: AllowPrivateOption = False,
    frontier: FrontierOption = None,
    crawl_id: CrawlIdOption = None,
) -> None:
    """The scheduled job: crawl, analyse, store and write reports, under a lock."""
    from pipelines.cli.crawl import check_frontier
    from pipelines.stages.logs import configure_logging
    from pipelines.stages.run import RunOptions, run_job
    from pipelines.store.target import StoreTarget

    configure_logging()
    check_frontier(frontier, crawl_id)
    target = StoreTarget.choose(db, lake)
    options = RunOptions(
        employers=tuple(employer or ()),
        registry=registry,
        crawl_settings=allowance_settings(allow_private),
        crawl=not no_crawl,
        report_dir=report_dir,
        workers=workers,
        batch_size=batch_size,
        frontier=frontier,
        crawl_id=crawl_id,
    )
    record = run_job(target, options)
    typer.echo(f"run {record.run_id}: {record.status}")
    for error in record.errors:
        typer.echo(f"  {error}")
    raise typer.Exit(int(exit_code_for_status(record.status)))


def register(app: typer.Typer) -> None:
    """Add `import`, `extract` and `run` to the credscope CLI."""
    app.command("import")(import_command)
    app.command("extract")(extract_command)
    app.command("run", epilog=exit_codes_help())(run_command)
