"""`credscope check TARGET`: what one employer's postings ask for, from its name or careers page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipelines.check import DEFAULT_LIMIT, DEFAULT_MAX_AGE_HOURS
from pipelines.cli.exit_codes import ExitCode
from pipelines.cli.options import AllowPrivateOption, DbOption, LakeOption, allowance_settings
from pipelines.cli.report_options import FormatOpt, MinNOpt, OutOpt, OutputFormat

if TYPE_CHECKING:
    from pipelines.check.answer import Answer


def check_command(
    target: Annotated[
        str,
        typer.Argument(
            help="Employer name (any case, a unique prefix or a close match) or careers-page URL."
        ),
    ],
    fmt: FormatOpt = OutputFormat.table,
    out: OutOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="At most N postings crawled per board.")
    ] = DEFAULT_LIMIT,
    max_age: Annotated[
        float,
        typer.Option("--max-age", min=0, help="Crawl again when the stored data is older (hours)."),
    ] = DEFAULT_MAX_AGE_HOURS,
    offline: Annotated[
        bool, typer.Option("--offline", help="Answer from the store only; crawl nothing.")
    ] = False,
    min_n: MinNOpt = 30,
    db: DbOption = None,
    lake: LakeOption = None,
    setting: Annotated[
        list[str] | None, typer.Option("--set", "-s", help="Scrapy setting KEY=VALUE.")
    ] = None,
    allow_private: AllowPrivateOption = False,
) -> None:
    """Check an employer: plain sentences, its key figures, and its postings highlighted."""
    from pipelines.check.run import CheckOptions, check
    from pipelines.cli.crawl import parse_overrides
    from pipelines.cli.error_handler import show_error
    from pipelines.stages.logs import configure_logging
    from pipelines.store.paths import user_registry_path
    from pipelines.store.target import StoreTarget

    configure_logging()
    options = CheckOptions(
        store=StoreTarget.choose(db, lake),
        user_registry=user_registry_path(),
        limit=limit,
        max_age=timedelta(hours=max_age),
        offline=offline,
        settings={**parse_overrides(setting or []), **allowance_settings(allow_private)},
        min_n=min_n,
    )
    checked = check(target, options)
    for note in checked.notes:
        typer.echo(note, err=True)
    emit_answer(checked.answer, fmt, out)
    if checked.problem:
        from pipelines.check.errors import CheckIncomplete

        show_error(CheckIncomplete(checked.problem))
        raise typer.Exit(int(ExitCode.PARTIAL))


def emit_answer(answer: Answer, fmt: OutputFormat, out: Path | None) -> None:
    """Print the answer, or write it to --out, in the chosen format."""
    import sys

    from rich.console import Console

    from pipelines.check.answer import answer_json, with_sentences
    from pipelines.reports.files import write_out
    from pipelines.reports.rendering.render import render
    from pipelines.reports.rendering.terminal import print_postings, print_report

    if fmt is OutputFormat.json:
        text = answer_json(answer)
    else:
        report = with_sentences(answer)
        if out is None and fmt is OutputFormat.table:
            console = Console()
            print_report(report, console, skip=("postings",))
            print_postings(report, console)
            return
        text = render(report, fmt.value)
    if out is None:
        sys.stdout.write(text)
        return
    target = write_out(answer.report, out, fmt.value, text)
    typer.echo(f"wrote {target}", err=True)


def register(app: typer.Typer) -> None:
    """Add `credscope check` to the app."""
    app.command("check")(check_command)
