"""CLI reports: `credscope report industry|region|employer|credential|trend` and `employer`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import duckdb
import pandas as pd
import typer
from rich.console import Console

from pipelines.errors import CredscopeError
from pipelines.output import fail
from pipelines.reports.builders.credential import build_credential_report
from pipelines.reports.builders.employer import build_employer_report, peer_description
from pipelines.reports.builders.industry import build_industry_report
from pipelines.reports.builders.region import build_region_report
from pipelines.reports.builders.trend import build_trend_report
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
from pipelines.store.paths import DB_ENV, resolve_db_path


class OutputFormat(StrEnum):
    """How a report is written."""

    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    html = "html"


class RegionLevel(StrEnum):
    """The level a region report groups by."""

    country = "country"
    subdivision = "subdivision"
    city = "city"


class TrendBy(StrEnum):
    """What a trend report's periods are."""

    month = "month"
    run = "run"


IndustryOpt = Annotated[
    str | None, typer.Option("--industry", help="Only this NAICS sector (code or label).")
]
RegionOpt = Annotated[
    str | None,
    typer.Option("--region", help="Only this country (US), subdivision (US-CA) or city."),
]
EmployerOpt = Annotated[str | None, typer.Option("--employer", help="Only this employer.")]
SinceOpt = Annotated[
    datetime | None,
    typer.Option("--since", formats=["%Y-%m-%d"], help="Only postings dated on or after this day."),
]
SourceOpt = Annotated[
    str | None, typer.Option("--source", help="Only this source (greenhouse, import, …).")
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Write to this file, not stdout.")]
MinNOpt = Annotated[
    int, typer.Option("--min-n", min=1, help="Mark shares whose N is below this as too small.")
]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help=f"DuckDB store (default: ${DB_ENV}, else the user data directory).",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class ReportOptions:
    """The options every report command shares."""

    filters: ReportFilters
    fmt: OutputFormat
    out: Path | None
    min_n: int
    db: Path | None


def _options(
    industry: str | None,
    region: str | None,
    employer: str | None,
    since: datetime | None,
    source: str | None,
    fmt: OutputFormat,
    out: Path | None,
    min_n: int,
    db: Path | None,
) -> ReportOptions:
    filters = ReportFilters(industry, region, employer, since.date() if since else None, source)
    return ReportOptions(filters, fmt, out, min_n, db)


@contextmanager
def _store(options: ReportOptions) -> Iterator[duckdb.DuckDBPyConnection]:
    from pipelines.store.damage import damage_reported
    from pipelines.store.database import Store

    path = resolve_db_path(options.db)
    with damage_reported(path), Store.open(path, read_only=True) as store:
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
    """Open the store, build one report and emit it; domain errors become a message and exit."""
    try:
        with _store(options) as con:
            version = current_analysis_version()
            report = build(con, version)
            unread = unread_languages(con, options.filters, analysis_version=version)
        note = unread_note(unread)
        if note:
            report.notes.append(note)
        emit(report, options, with_postings=with_postings)
    except CredscopeError as error:
        fail(error)


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


report_app = typer.Typer(
    help="What postings ask for: by industry, region, employer, credential or over time.",
    no_args_is_help=True,
)


@report_app.command("industry")
def industry_command(
    industry: IndustryOpt = None,
    region: RegionOpt = None,
    employer: EmployerOpt = None,
    since: SinceOpt = None,
    source: SourceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    out: OutOpt = None,
    min_n: MinNOpt = 30,
    db: DbOpt = None,
) -> None:
    """Per NAICS sector: credential types asked for, degrees, experience accepted, top asks."""
    options = _options(industry, region, employer, since, source, fmt, out, min_n, db)
    run_report(
        options,
        lambda con, v: build_industry_report(*frames_or_fail(con, options.filters, v), min_n),
    )


@report_app.command("region")
def region_command(
    by: Annotated[
        RegionLevel, typer.Option("--by", help="Group by this level.")
    ] = RegionLevel.country,
    industry: IndustryOpt = None,
    region: RegionOpt = None,
    employer: EmployerOpt = None,
    since: SinceOpt = None,
    source: SourceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    out: OutOpt = None,
    min_n: MinNOpt = 30,
    db: DbOpt = None,
) -> None:
    """The industry report's measures per country, subdivision or city."""
    options = _options(industry, region, employer, since, source, fmt, out, min_n, db)
    run_report(
        options,
        lambda con, v: build_region_report(
            *frames_or_fail(con, options.filters, v), by.value, min_n
        ),
    )


@report_app.command("employer")
def employer_command(
    name: Annotated[str, typer.Argument(help="Employer name (case does not matter).")],
    industry: IndustryOpt = None,
    region: RegionOpt = None,
    since: SinceOpt = None,
    source: SourceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    out: OutOpt = None,
    min_n: MinNOpt = 30,
    db: DbOpt = None,
) -> None:
    """What one employer's postings ask for, beside its industry, posting by posting."""
    options = _options(industry, region, None, since, source, fmt, out, min_n, db)
    run_report(options, lambda con, v: employer_report(con, v, name, options))


@report_app.command("credential")
def credential_command(
    credential: Annotated[str, typer.Argument(help="Credential id (degree.bachelor) or label.")],
    industry: IndustryOpt = None,
    region: RegionOpt = None,
    employer: EmployerOpt = None,
    since: SinceOpt = None,
    source: SourceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    out: OutOpt = None,
    min_n: MinNOpt = 30,
    db: DbOpt = None,
) -> None:
    """Where one credential is asked for, how strongly, and which credentials come with it."""
    options = _options(industry, region, employer, since, source, fmt, out, min_n, db)
    run_report(
        options,
        lambda con, v: build_credential_report(
            *frames_or_fail(con, options.filters, v), credential, min_n
        ),
    )


@report_app.command("trend")
def trend_command(
    by: Annotated[
        TrendBy, typer.Option("--by", help="Periods: posting month or run.")
    ] = TrendBy.month,
    industry: IndustryOpt = None,
    region: RegionOpt = None,
    employer: EmployerOpt = None,
    since: SinceOpt = None,
    source: SourceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    out: OutOpt = None,
    min_n: MinNOpt = 30,
    db: DbOpt = None,
) -> None:
    """The shares over time, by the month postings were dated or by run."""
    options = _options(industry, region, employer, since, source, fmt, out, min_n, db)
    run_report(
        options,
        lambda con, v: build_trend_report(
            *frames_or_fail(con, options.filters, v), by.value, min_n
        ),
    )


def employer_view_command(
    name: Annotated[str, typer.Argument(help="Employer name (case does not matter).")],
    region: RegionOpt = None,
    since: SinceOpt = None,
    source: SourceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    out: OutOpt = None,
    min_n: MinNOpt = 30,
    db: DbOpt = None,
) -> None:
    """The job seeker's view: what NAME's postings ask for, with the phrases highlighted."""
    options = _options(None, region, None, since, source, fmt, out, min_n, db)
    run_report(options, lambda con, v: employer_report(con, v, name, options), with_postings=True)


def register(app: typer.Typer) -> None:
    """Add `report …` and `employer NAME` to the CLI."""
    app.add_typer(report_app, name="report")
    app.command("employer")(employer_view_command)
