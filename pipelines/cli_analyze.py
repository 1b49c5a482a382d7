"""`credscope analyze` and `credscope taxonomy`: the analyzer from the command line."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from analyzer.results import Analysis, Mention
from analyzer.taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from pipelines.errors import CredscopeError, InputError, PartialFailure
from pipelines.output import fail
from pipelines.stages.analyze_jsonl import BatchReport, analyse_jsonl
from pipelines.stages.posting_files import read_posting

STYLES = {
    "degree": "bold cyan",
    "license": "bold magenta",
    "certification": "bold green",
    "certificate": "bold yellow",
    "microcredential": "bold blue",
    "clearance": "bold red",
}


class AnalyzeFormat(StrEnum):
    """How `credscope analyze` prints one posting."""

    view = "view"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add `analyze` and `taxonomy` to the CLI."""
    app.command("analyze")(analyze)
    taxonomy_app = typer.Typer(
        help="Inspect and validate the credential taxonomy.", no_args_is_help=True
    )
    taxonomy_app.command("list")(taxonomy_list)
    taxonomy_app.command("show")(taxonomy_show)
    taxonomy_app.command("validate")(taxonomy_validate)
    app.add_typer(taxonomy_app, name="taxonomy")


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
        Path | None, typer.Option(help="Batch: write one Analysis per line here (default stdout).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Batch: worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Batch: postings per batch.")] = 64,
    encoding: Annotated[str, typer.Option(help="Encoding of a single posting file.")] = "utf-8",
) -> None:
    """Find the credentials a posting asks for: one posting, or a JSONL batch with --jsonl."""
    try:
        if jsonl is not None:
            _analyze_batch(jsonl, out, workers, batch_size)
            return
        if path is None:
            raise InputError("give a posting file, '-' for stdin, or --jsonl FILE")
        _analyze_one(path, output_format, encoding)
    except CredscopeError as error:
        fail(error)
    except TaxonomyError as error:
        fail(InputError(str(error)))


def _analyze_one(path: str, output_format: AnalyzeFormat, encoding: str) -> None:
    from analyzer import analyze_text

    name, text = read_posting(path, encoding, sys.stdin.buffer)
    analysis = analyze_text(text, name)
    if output_format is AnalyzeFormat.json:
        print(json.dumps(analysis, ensure_ascii=False, indent=2))
        return
    show_analysis(Console(), text, analysis)


def show_analysis(console: Console, text: str, analysis: Analysis) -> None:
    """Print the lines holding credentials with the phrases highlighted, then a table."""
    mentions = analysis["mentions"]
    if not text.strip():
        console.print("[yellow]The posting is empty: nothing to analyse.[/]")
        return
    console.print(_highlighted_lines(text, mentions))
    table = Table(title=f"{len(mentions)} credential request(s)", show_lines=False)
    for column in ("credential", "type", "level", "strength", "experience ok", "section"):
        table.add_column(column)
    for m in mentions:
        table.add_row(
            Text(m["text"], style=STYLES[m["type"]]),
            m["type"],
            m["level"] or "",
            m["strength"],
            "yes" if m["experience_substitute"] else "",
            m["section"] or "",
        )
    console.print(table)
    console.print(
        f"equivalency: [bold]{'yes' if analysis['equivalency'] else 'no'}[/]   "
        f"min degree required: [bold]{analysis['min_degree_required'] or 'none'}[/]"
    )


def _highlighted_lines(text: str, mentions: list[Mention]) -> Text:
    shown = Text()
    line_starts = sorted({text.rfind("\n", 0, m["start"]) + 1 for m in mentions})
    for start in line_starts:
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = Text(text[start:end])
        for m in mentions:
            if start <= m["start"] < end:
                line.stylize(STYLES[m["type"]] + " underline", m["start"] - start, m["end"] - start)
        shown.append("  ")
        shown.append(line)
        shown.append("\n")
    return shown


def _analyze_batch(jsonl: Path, out: Path | None, workers: int, batch_size: int) -> None:
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
        return sum(1 for line in handle if line.strip())


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _report_batch(console: Console, report: BatchReport) -> None:
    for line_no, reason in report.failures:
        console.print(f"[red]line {line_no}:[/] {reason} (skipped)")
    console.print(f"analysed {report.analysed} posting(s); {len(report.failures)} line(s) failed")
    if report.failures:
        raise PartialFailure(f"{len(report.failures)} line(s) could not be analysed")


def taxonomy_list(
    credential_type: Annotated[
        str | None, typer.Option("--type", help="Only this type (degree, license, ...).")
    ] = None,
    output_json: Annotated[bool, typer.Option("--json", help="Print JSON records.")] = False,
) -> None:
    """List the credentials the taxonomy knows."""
    taxonomy = _load_taxonomy()
    rows = [c for c in taxonomy.credentials.values() if credential_type in (None, c.type)]
    if output_json:
        print(json.dumps([{"id": c.id, "type": c.type, "label": c.label} for c in rows], indent=1))
        return
    table = Table(title=f"{len(rows)} credential(s) · taxonomy {taxonomy.version}")
    for column in ("id", "type", "level", "label", "issuer"):
        table.add_column(column)
    for c in sorted(rows, key=lambda c: (c.type, c.id)):
        table.add_row(c.id, c.type, c.level or "", c.label, c.issuer or "")
    Console().print(table)


def taxonomy_show(credential_id: Annotated[str, typer.Argument(help="A credential id.")]) -> None:
    """Show one credential with its aliases and look-alikes."""
    taxonomy = _load_taxonomy()
    credential = taxonomy.get(credential_id)
    if credential is None:
        from rapidfuzz import process

        close = [m[0] for m in process.extract(credential_id, list(taxonomy.credentials), limit=5)]
        fail(InputError(f"unknown credential id {credential_id!r}; closest: {', '.join(close)}"))
        return
    record = {k: v for k, v in credential.__dict__.items() if v not in (None, (), "")}
    print(json.dumps(record, indent=2, ensure_ascii=False, default=list))


def taxonomy_validate(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Taxonomy folder (default: data/taxonomy).")
    ] = None,
) -> None:
    """Validate every taxonomy file: schema, duplicate ids and aliases, token patterns."""
    taxonomy = _load_taxonomy(directory)
    counts = ", ".join(f"{n} {t}" for t, n in taxonomy.by_type().items())
    print(f"taxonomy {taxonomy.version}: {len(taxonomy)} credentials valid ({counts})")


def _load_taxonomy(directory: Path | None = None) -> Taxonomy:
    try:
        return load_taxonomy(directory)
    except TaxonomyError as error:
        fail(InputError(str(error)))
