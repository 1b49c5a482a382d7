"""`credscope analyze`: the credentials one posting asks for, or a JSONL batch's, line by line."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from pipelines.errors import InputError, PartialFailure

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from pipelines.stages.analyze_jsonl import BatchReport


FAILURES_SHOWN = 20


class AnalyzeFormat(StrEnum):
    """How `credscope analyze` prints one posting."""

    view = "view"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add `analyze` to the CLI."""
    app.command("analyze")(analyze)


def analyze(
    path: Annotated[
        str | None, typer.Argument(help="Posting file (plain text or HTML), or '-' for stdin.")
    ] = None,
    output_format: Annotated[
        AnalyzeFormat,
        typer.Option("--format", "-f", help="view: highlighted; json: Analysis record."),
    ] = AnalyzeFormat.view,
    jsonl: Annotated[
        Path | None,
        typer.Option(help="Batch: a JSONL file of {'id','text'} objects ('-' = stdin)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Batch: write one Analysis (or error) line per input line here (default stdout)."
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Batch: worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Batch: postings per batch.")] = 64,
    encoding: Annotated[str, typer.Option(help="Encoding of a single posting file.")] = "utf-8",
) -> None:
    """Find the credentials a posting asks for: one posting, or a JSONL batch with --jsonl."""
    if jsonl is None and path is None:
        raise InputError("give a posting file, '-' for stdin, or --jsonl FILE")
    from analyzer.taxonomy import TaxonomyError

    try:
        if jsonl is not None:
            _analyze_batch(jsonl, out, workers, batch_size)
        elif path is not None:
            _analyze_one(path, output_format, encoding)
    except TaxonomyError as error:
        raise InputError(str(error)) from error


def _analyze_one(path: str, output_format: AnalyzeFormat, encoding: str) -> None:
    from rich.console import Console

    from analyzer import analyze_text
    from pipelines.cli.analysis_view import show_analysis
    from pipelines.stages.posting_files import read_posting

    name, text = read_posting(path, encoding, sys.stdin.buffer)
    analysis = analyze_text(text, name)
    if output_format is AnalyzeFormat.json:
        print(json.dumps(analysis, ensure_ascii=False, indent=2))
        return
    show_analysis(Console(), text, analysis)


def _analyze_batch(jsonl: Path, out: Path | None, workers: int, batch_size: int) -> None:
    from rich.console import Console

    from pipelines.stages.analyze_jsonl import analyse_jsonl

    console = Console(stderr=True)
    total = _count_lines(jsonl)
    with ExitStack() as stack:
        source = _open_source(jsonl, stack)
        sink: IO[str] = stack.enter_context(_open_sink(out)) if out else sys.stdout
        progress = stack.enter_context(_progress(console))
        task = progress.add_task("analysing", total=total)
        report = analyse_jsonl(
            source,
            sink,
            workers=workers,
            batch_size=batch_size,
            on_progress=lambda done: progress.update(task, completed=done),
        )
    _report_batch(console, report)


def _open_source(jsonl: Path, stack: ExitStack) -> IO[bytes]:
    if str(jsonl) == "-":
        return sys.stdin.buffer
    try:
        return stack.enter_context(jsonl.open("rb"))
    except OSError as error:
        raise InputError(f"cannot read {jsonl}: {error.strerror or error}") from error


def _open_sink(out: Path) -> IO[str]:
    try:
        return out.open("w", encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write {out}: {error.strerror or error}") from error


def _count_lines(path: Path) -> int | None:
    if str(path) == "-" or not path.is_file():
        return None
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def _progress(console: Console) -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _report_batch(console: Console, report: BatchReport) -> None:
    from rich.markup import escape

    for _, reason in report.failures[:FAILURES_SHOWN]:
        console.print(f"[red]{escape(reason)}[/] (an error line was written)")
    if len(report.failures) > FAILURES_SHOWN:
        console.print(f"… and {len(report.failures) - FAILURES_SHOWN} more error lines")
    console.print(f"analysed {report.analysed} posting(s); {len(report.failures)} line(s) failed")
    if report.failures:
        raise PartialFailure(f"{len(report.failures)} line(s) could not be analysed")
