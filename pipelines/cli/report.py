"""`credscope report industry|region|employer|credential|trend` and `credscope employer NAME`.

Each command imports the builders and the store only when it runs (report_runner.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from pipelines.cli.options import DbOption, LakeOption
from pipelines.cli.report_options import (
    DEFAULT_WAIT_SECONDS,
    EmployerOpt,
    FormatOpt,
    IndustryOpt,
    MinNOpt,
    OutOpt,
    OutputFormat,
    RegionLevel,
    RegionOpt,
    SinceOpt,
    SourceOpt,
    TrendBy,
    WaitOpt,
)

EMPLOYER_NAME_HELP = "Employer name: any case, a unique prefix or a close match."

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
    db: DbOption = None,
    wait: WaitOpt = DEFAULT_WAIT_SECONDS,
    lake: LakeOption = None,
) -> None:
    """Per NAICS sector: credential types asked for, degrees, experience accepted, top asks."""
    from pipelines.cli.report_runner import frames_or_fail, report_options, run_report
    from pipelines.reports.builders.industry import build_industry_report

    options = report_options(
        industry, region, employer, since, source, fmt, out, min_n, db, wait, lake
    )
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
    db: DbOption = None,
    wait: WaitOpt = DEFAULT_WAIT_SECONDS,
    lake: LakeOption = None,
) -> None:
    """The industry report's measures per country, subdivision or city."""
    from pipelines.cli.report_runner import frames_or_fail, report_options, run_report
    from pipelines.reports.builders.region import build_region_report

    options = report_options(
        industry, region, employer, since, source, fmt, out, min_n, db, wait, lake
    )
    run_report(
        options,
        lambda con, v: build_region_report(
            *frames_or_fail(con, options.filters, v), by.value, min_n
        ),
    )


@report_app.command("employer")
def employer_command(
    name: Annotated[str, typer.Argument(help=EMPLOYER_NAME_HELP)],
    industry: IndustryOpt = None,
    region: RegionOpt = None,
    since: SinceOpt = None,
    source: SourceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    out: OutOpt = None,
    min_n: MinNOpt = 30,
    db: DbOption = None,
    wait: WaitOpt = DEFAULT_WAIT_SECONDS,
    lake: LakeOption = None,
) -> None:
    """What one employer's postings ask for, beside its industry, posting by posting."""
    from pipelines.cli.report_runner import (
        employer_report,
        forgiving_name,
        report_options,
        run_report,
    )

    options = report_options(industry, region, None, since, source, fmt, out, min_n, db, wait, lake)
    chosen = forgiving_name(name, options)
    run_report(options, lambda con, v: employer_report(con, v, chosen, options))


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
    db: DbOption = None,
    wait: WaitOpt = DEFAULT_WAIT_SECONDS,
    lake: LakeOption = None,
) -> None:
    """Where one credential is asked for, how strongly, and which credentials come with it."""
    from pipelines.cli.report_runner import frames_or_fail, report_options, run_report
    from pipelines.reports.builders.credential import build_credential_report

    options = report_options(
        industry, region, employer, since, source, fmt, out, min_n, db, wait, lake
    )
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
    db: DbOption = None,
    wait: WaitOpt = DEFAULT_WAIT_SECONDS,
    lake: LakeOption = None,
) -> None:
    """The shares over time, by the month postings were dated or by run."""
    from pipelines.cli.report_runner import frames_or_fail, report_options, run_report
    from pipelines.reports.builders.trend import build_trend_report

    options = report_options(
        industry, region, employer, since, source, fmt, out, min_n, db, wait, lake
    )
    run_report(
        options,
        lambda con, v: build_trend_report(
            *frames_or_fail(con, options.filters, v), by.value, min_n
        ),
    )


def employer_view_command(
    name: Annotated[str, typer.Argument(help=EMPLOYER_NAME_HELP)],
    region: RegionOpt = None,
    since: SinceOpt = None,
    source: SourceOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    out: OutOpt = None,
    min_n: MinNOpt = 30,
    db: DbOption = None,
    wait: WaitOpt = DEFAULT_WAIT_SECONDS,
    lake: LakeOption = None,
) -> None:
    """The job seeker's view: what NAME's postings ask for, with the phrases highlighted."""
    from pipelines.cli.report_runner import (
        employer_report,
        forgiving_name,
        report_options,
        run_report,
    )

    options = report_options(None, region, None, since, source, fmt, out, min_n, db, wait, lake)
    chosen = forgiving_name(name, options)
    run_report(options, lambda con, v: employer_report(con, v, chosen, options), with_postings=True)


def register(app: typer.Typer) -> None:
    """Add `report …` and `employer NAME` to the CLI."""
    app.add_typer(report_app, name="report")
    app.command("employer")(employer_view_command)
