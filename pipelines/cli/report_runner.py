"""Open the store, build one report and print or write it (imported only by report commands)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import typer
from rich.console import Console

from pipelines.cli.report_options import OutputFormat, ReportOptions
from pipelines.reports.employer_view import employer_view
from pipelines.reports.errors import NoMatchingPostingsError
from pipelines.reports.files import write_out
from pipelines.reports.frames import (
    ReportFilters,
    analysed_count,
    current_analysis_version,
    load_frames,
    unread_languages,
    unread_note,
)
from pipelines.reports.model import Report
from pipelines.reports.rendering.render import render
from pipelines.reports.rendering.terminal import print_postings, print_report
from pipelines.store.errors import StoreLocked
from pipelines.store.target import StoreTarget, open_store


def report_options(
    industry: str | None,
    region: str | None,
    employer: str | None,
    since: datetime | None,
    source: str | None,
    fmt: OutputFormat,
    out: Path | None,
    min_n: int,
    db: Path | None,
    wait: float,
    lake: str | None = None,
) -> ReportOptions:
    """The shared options of a report command, its filters gathered."""
    filters = ReportFilters(industry, region, employer, since.date() if since else None, source)
    return ReportOptions(filters, fmt, out, min_n, db, wait, lake)


@contextmanager
def _store(options: ReportOptions) -> Iterator[duckdb.DuckDBPyConnection]:
    target = StoreTarget.choose(options.db, options.lake)
    with _busy_hint(options.wait), open_store(target, read_only=True, wait=options.wait) as store:
        yield store.con


@contextmanager
def _busy_hint(wait: float) -> Iterator[None]:
    """A store still held by another process after `wait` seconds: say how to wait longer."""
    try:
        yield
    except StoreLocked as error:
        raise StoreLocked(f"{error} (waited {wait:g} s; `--wait SECONDS` waits longer)") from None


def frames_or_fail(
    con: duckdb.DuckDBPyConnection, filters: ReportFilters, version: str, *, text: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """load_frames, raising a clear error when nothing analysed matches."""
    postings, mentions = load_frames(con, filters, analysis_version=version, include_text=text)
    if len(postings):
        return postings, mentions
    stored, analysed = analysed_count(con, version)
    if analysed == 0:
        raise NoMatchingPostingsError(
            f"no analysed postings: the store holds {stored} postings, none analysed by the "
            f"current analyzer ({version}); run `credscope extract` first"
        )
    raise NoMatchingPostingsError(f"no analysed postings match {filters.describe()}")


def emit(report: Report, options: ReportOptions, *, with_postings: bool = False) -> None:
    """Print or write the report in the chosen format."""
    if options.out is not None:
        text = render(report, options.fmt.value)
        target = write_out(report, options.out, options.fmt.value, text)
        typer.echo(f"wrote {target}", err=True)
    elif options.fmt is OutputFormat.table:
        console = Console()
        print_report(report, console, skip=("postings",) if with_postings else ())
        if with_postings:
            print_postings(report, console)
    else:
        sys.stdout.write(render(report, options.fmt.value))


def run_report(
    options: ReportOptions,
    build: Callable[[duckdb.DuckDBPyConnection, str], Report],
    *,
    with_postings: bool = False,
) -> None:
    """Open the store, build one report and emit it."""
    with _store(options) as con:
        version = current_analysis_version()
        report = build(con, version)
        unread = unread_languages(con, options.filters, analysis_version=version)
    note = unread_note(unread)
    if note:
        report.notes.append(note)
    emit(report, options, with_postings=with_postings)


def employer_report(
    con: duckdb.DuckDBPyConnection, version: str, name: str, options: ReportOptions
) -> Report:
    """Build the employer report: its postings beside its industry's."""
    mine = replace(options.filters, employer=name)
    frames = frames_or_fail(con, mine, version, text=True)
    return employer_view(con, options.filters, frames, version, options.min_n)


def forgiving_name(name: str, options: ReportOptions) -> str:
    """The employer `name` means (any case, a unique prefix or a close match), noted on stderr."""
    from pipelines.check.names import resolve_name
    from pipelines.stages.run import configured_registry

    target = StoreTarget.choose(options.db, options.lake)
    if not target.exists():
        return name  # without a store the report says so
    resolved = resolve_name(name, target, configured_registry(None))
    if resolved.note:
        typer.echo(resolved.note, err=True)
    return resolved.name
