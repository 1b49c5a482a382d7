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
from pipelines.reports.builders.employer import build_employer_report, peer_description
from pipelines.reports.errors import NoMatchingPostingsError
from pipelines.reports.files import write_text_atomic
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
from pipelines.reports.vocab import industry_label
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
    lake: str | None = None,
) -> ReportOptions:
    """The shared options of a report command, its filters gathered."""
    filters = ReportFilters(industry, region, employer, since.date() if since else None, source)
    return ReportOptions(filters, fmt, out, min_n, db, lake)


@contextmanager
def _store(options: ReportOptions) -> Iterator[duckdb.DuckDBPyConnection]:
    target = StoreTarget.choose(options.db, options.lake)
    with open_store(target, read_only=True) as store:
        yield store.con


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
        write_text_atomic(options.out, render(report, options.fmt.value))
        typer.echo(f"wrote {options.out}", err=True)
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
    postings, mentions = frames_or_fail(con, mine, version, text=True)
    codes = postings["industry"].dropna()
    code = str(codes.mode().iloc[0]) if len(codes) else None
    peers = replace(options.filters, employer=None, industry=code)
    peer_postings, peer_mentions = load_frames(con, peers, analysis_version=version)
    label = peer_description(code, industry_label(code))
    return build_employer_report(
        postings, mentions, peer_postings, peer_mentions, label, options.min_n
    )
