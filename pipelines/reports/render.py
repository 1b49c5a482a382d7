"""Render a built report as a terminal table, CSV, JSON, Markdown or HTML."""

from __future__ import annotations

import io
import json
import math
from datetime import date, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from pipelines.reports.model import Column, PostingView, Report, Table, View

Format = Literal["table", "csv", "json", "md", "html"]
FORMATS: tuple[str, ...] = ("table", "csv", "json", "md", "html")
TOO_SMALL_MARK = "†"
CONTEXT_CHARS = 90


def pct(value: float) -> str:
    """A share as a percentage: one decimal below 10%, none above."""
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


def too_small_note(min_n: int) -> str:
    """The footnote explaining the too-small mark."""
    return f"{TOO_SMALL_MARK} N below {min_n}: too small to trust (shown, not hidden)."


def format_share(row: pd.Series, column: Column, min_n: int, sep: str = " ") -> str:
    """A share cell: 42% [38–46%], marked when its N is below min_n."""
    share = row.get(f"share_{column.name}")
    if share is None or pd.isna(share):
        return "–"
    low, high = row[f"ci_low_{column.name}"], row[f"ci_high_{column.name}"]
    mark = f" {TOO_SMALL_MARK}" if row[column.denom] < min_n else ""
    return f"{pct(share)}{sep}[{pct(low)}–{pct(high)}]{mark}"


def format_list(items: Any) -> str:
    """A top-credentials cell: 'label share; label share'."""
    if not isinstance(items, list | np.ndarray) or len(items) == 0:
        return "–"
    return "; ".join(f"{item['label']} {pct(item['share'])}" for item in items)


def format_cell(row: pd.Series, column: Column, min_n: int, sep: str = " ") -> str:
    """One displayed cell of a row."""
    if column.kind == "share":
        return format_share(row, column, min_n, sep)
    if column.kind == "list":
        return format_list(row.get(column.name))
    value = row.get(column.name)
    if value is None or (not isinstance(value, list | str) and pd.isna(value)):
        return "–"
    if column.kind == "count":
        return f"{int(value):,}"
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)


def view_rows(table: Table, view: View, min_n: int, sep: str = " ") -> list[list[str]]:
    """The rows of a view as display strings."""
    return [
        [format_cell(row, column, min_n, sep) for column in view.columns]
        for _, row in table.frame.iterrows()
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [_plain(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()
    return value


def records(report: Report) -> list[dict[str, Any]]:
    """Every table's rows as plain records, each naming its table first."""
    rows: list[dict[str, Any]] = []
    for table in report.tables:
        for record in table.frame.to_dict(orient="records"):
            rows.append({"table": table.name, **{str(k): _plain(v) for k, v in record.items()}})
    return rows


def render_json(report: Report) -> str:
    """JSON: a list of records with the tables' columns."""
    return json.dumps(records(report), ensure_ascii=False, indent=1) + "\n"


def render_csv(report: Report) -> str:
    """CSV: every table's rows, a `table` column first, list cells written as text."""
    frames = []
    for table in report.tables:
        frame = table.frame.copy()
        for name in frame.columns:
            if frame[name].map(lambda v: isinstance(v, list)).any():
                frame[name] = frame[name].map(format_list)
        frames.append(frame.assign(table=table.name))
    if not frames:
        return ""
    combined = pd.concat(frames, ignore_index=True)
    combined = combined[["table", *[c for c in combined.columns if c != "table"]]]
    return str(combined.to_csv(index=False))


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_md(report: Report) -> str:
    """Markdown: title, notes and one pipe table per view."""
    lines = [f"# {report.title}", "", *[f"> {note}" for note in report.notes], ""]
    for table in report.tables:
        for view in table.views:
            lines += [f"## {view.title}", ""]
            lines.append("| " + " | ".join(_md_cell(c.header) for c in view.columns) + " |")
            lines.append("|" + "|".join("---" for _ in view.columns) + "|")
            for cells in view_rows(table, view, report.min_n):
                lines.append("| " + " | ".join(_md_cell(cell) for cell in cells) + " |")
            lines.append("")
    lines.append(too_small_note(report.min_n))
    return "\n".join(lines) + "\n"


def print_report(report: Report, console: Console) -> None:
    """Print the report as rich tables."""
    console.print(Text(report.title, style="bold"))
    for note in report.notes:
        console.print(Text(note, style="italic"))
    for table in report.tables:
        for view in table.views:
            rich_table = RichTable(title=view.title, title_justify="left", show_lines=False)
            for column in view.columns:
                right = column.kind in ("count", "share")
                rich_table.add_column(
                    column.header, justify="right" if right else "left", overflow="fold"
                )
            for cells in view_rows(table, view, report.min_n, sep="\n"):
                rich_table.add_row(*cells)
            console.print(rich_table)
    console.print(Text(too_small_note(report.min_n), style="dim"))


def highlighted_snippets(posting: PostingView) -> list[Text]:
    """For each credential phrase, the text around it with the phrase highlighted."""
    snippets = []
    text = posting.text
    for start, end, note in posting.spans:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = line_end if line_end >= 0 else len(text)
        left, right = max(line_start, start - CONTEXT_CHARS), min(line_end, end + CONTEXT_CHARS)
        snippet = Text("…" if left > line_start else "")
        snippet.append(text[left:start])
        snippet.append(text[start:end], style="bold black on yellow")
        snippet.append(text[end:right] + ("…" if right < line_end else ""))
        snippet.append(f"  [{note}]", style="dim")
        snippets.append(snippet)
    return snippets


def print_postings(report: Report, console: Console) -> None:
    """Print each posting with its credential phrases highlighted in context."""
    for posting in report.postings:
        console.print(Text(posting.title, style="bold"), Text(f"— {posting.meta}", style="dim"))
        if posting.url:
            console.print(Text(posting.url, style="dim"))
        for snippet in highlighted_snippets(posting) or [
            Text("no credential asked for", style="dim")
        ]:
            console.print(Text("  • "), snippet)
        console.print()


def render_table(report: Report, width: int = 160) -> str:
    """The rich tables as plain text (for --out with --format table)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None)
    print_report(report, console)
    print_postings(report, console)
    return buffer.getvalue()


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATS."""
    if fmt == "html":
        from pipelines.reports.html import render_html

        return render_html(report)
    renderers = {"table": render_table, "csv": render_csv, "json": render_json, "md": render_md}
    return renderers[fmt](report)
