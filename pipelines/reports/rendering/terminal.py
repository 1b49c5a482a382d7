"""Reports in a terminal: tables split to fit its width, postings with their phrases highlighted."""

from __future__ import annotations

import io
from dataclasses import dataclass

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from pipelines.reports.model import Column, PostingView, Report, Table, View
from pipelines.reports.rendering.cells import too_small_note, view_rows

SHOWN_ROWS = 40
CONTEXT_CHARS = 90
COLUMN_COST = 2  # the space between two columns (padding collapsed, no edges)
HIGHLIGHT = "bold black on yellow"
INTERVAL_NOTE = "The line under each share is its 95% interval, in percent."


@dataclass(frozen=True)
class Part:
    """The columns (by position) of one printed table and the width each gets."""

    columns: list[int]
    widths: dict[int, int]


def lead_columns(view: View) -> list[int]:
    """The columns repeated in every part: the leading labels and the count after them."""
    lead = []
    for index, column in enumerate(view.columns):
        if column.kind != "text":
            if column.kind == "count":
                lead.append(index)
            break
        lead.append(index)
    return lead


def header(column: Column) -> str:
    """The header a terminal shows for a column."""
    return column.short or column.header


def terminal_view(view: View) -> View:
    """The view without the columns a terminal leaves out."""
    return View(view.title, [column for column in view.columns if column.in_terminal])


def natural_width(column: Column, cells: list[str]) -> int:
    """The width a column needs: its widest cell line, and at least its longest header word."""
    lines = [len(line) for cell in cells for line in cell.split("\n")]
    words = [len(word) for word in header(column).split()]
    return max([*lines, *words, 1])


MIN_LABEL_WIDTH = 14


def split_columns(view: View, rows: list[list[str]], width: int) -> list[Part]:
    """Group a view's columns into parts that each fit `width`, every part led by the labels.

    Labels get the widest width that still needs the fewest parts."""
    lead = lead_columns(view)
    if len(lead) == len(view.columns):
        return [Part(lead, {})]
    natural = {
        index: natural_width(column, [row[index] for row in rows])
        for index, column in enumerate(view.columns)
    }
    labels = [index for index in lead if view.columns[index].kind == "text"]
    widest = max([natural[index] for index in labels] + [MIN_LABEL_WIDTH])
    best: list[Part] | None = None
    for cap in range(widest, MIN_LABEL_WIDTH - 1, -1):
        widths = {i: min(w, cap) if i in labels else w for i, w in natural.items()}
        parts = _pack(lead, widths, width)
        if best is None or len(parts) < len(best):
            best = parts
    assert best is not None
    return best


def _pack(lead: list[int], widths: dict[int, int], width: int) -> list[Part]:
    """Fill parts left to right with the non-lead columns, each part within `width`."""
    room = max(MIN_LABEL_WIDTH, width - sum(widths[index] + COLUMN_COST for index in lead))
    fitted = {i: w if i in lead else min(w, room - COLUMN_COST) for i, w in widths.items()}
    parts: list[list[int]] = [[]]
    used = 0
    for index in sorted(set(widths) - set(lead)):
        cost = fitted[index] + COLUMN_COST
        if parts[-1] and used + cost > room:
            parts.append([])
            used = 0
        parts[-1].append(index)
        used += cost
    return [Part([*lead, *part], fitted) for part in parts]


def _rich_table(view: View, part: Part, rows: list[list[str]], title: str) -> RichTable:
    multi_line = any("\n" in row[index] for row in rows for index in part.columns)
    table = RichTable(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        leading=1 if multi_line else 0,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for index in part.columns:
        column = view.columns[index]
        numeric = column.kind in ("count", "share")
        table.add_column(
            header(column),
            justify="right" if numeric else "left",
            width=part.widths.get(index),
            overflow="fold",
        )
    for row in rows:
        table.add_row(*(row[index] for index in part.columns))
    return table


def print_view(table: Table, view: View, min_n: int, console: Console) -> None:
    """Print one view, split into parts that fit the console, at most SHOWN_ROWS rows."""
    view = terminal_view(view)
    rows = view_rows(table, view, min_n, terminal=True)
    shown = rows[:SHOWN_ROWS]
    parts = split_columns(view, shown, console.width)
    for number, part in enumerate(parts, start=1):
        title = view.title if len(parts) == 1 else f"{view.title} ({number}/{len(parts)})"
        console.print(_rich_table(view, part, shown, title))
        if len(rows) > len(shown):
            hidden = len(rows) - len(shown)
            more = f"… and {hidden:,} more rows: --format csv or json lists them all"
            console.print(Text(more, style="dim"))
        console.print()


def print_report(report: Report, console: Console, *, skip: tuple[str, ...] = ()) -> None:
    """Print the report's views as tables that fit the console (tables named in skip left out)."""
    console.print(Text(report.title, style="bold"))
    for note in report.notes:
        console.print(Text(note, style="italic"))
    console.print(Text(INTERVAL_NOTE, style="italic"))
    console.print()
    for table in report.tables:
        if table.name in skip:
            continue
        for view in table.views:
            print_view(table, view, report.min_n, console)
    console.print(Text(too_small_note(report.min_n), style="dim"))


def highlighted_lines(posting: PostingView) -> list[Text]:
    """Each text line holding credential phrases, phrases highlighted, notes after it."""
    text, lines = posting.text, []
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, note in posting.spans:
        if 0 <= start < end <= len(text):
            by_line.setdefault(text.rfind("\n", 0, start) + 1, []).append((start, end, note))
    for line_start, spans in sorted(by_line.items()):
        line_end = text.find("\n", line_start)
        line_end = line_end if line_end >= 0 else len(text)
        left = max(line_start, spans[0][0] - CONTEXT_CHARS)
        right = min(line_end, max(end for _, end, _ in spans) + CONTEXT_CHARS)
        line = Text("…" if left > line_start else "")
        cursor = left
        for start, end, _ in spans:
            if start < cursor:
                continue
            line.append(text[cursor:start])
            line.append(text[start:end], style=HIGHLIGHT)
            cursor = end
        line.append(text[cursor:right] + ("…" if right < line_end else ""))
        notes = list(dict.fromkeys(note for _, _, note in spans))
        line.append(f"  [{'; '.join(notes)}]", style="dim")
        lines.append(line)
    return lines


def print_postings(report: Report, console: Console) -> None:
    """Print each posting with its credential phrases highlighted in context."""
    for posting in report.postings:
        console.print(Text(posting.title, style="bold"), Text(f"— {posting.meta}", style="dim"))
        if posting.url:
            console.print(Text(posting.url, style="dim"))
        bullets = RichTable.grid(padding=(0, 1))
        bullets.add_column(width=1)
        bullets.add_column()
        for line in highlighted_lines(posting) or [Text("no credential asked for", style="dim")]:
            bullets.add_row("•", line)
        console.print(bullets)
        console.print()


def render_table(report: Report, width: int = 120) -> str:
    """The terminal tables as plain text (for --out with --format table)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None)
    print_report(report, console, skip=("postings",) if report.postings else ())
    print_postings(report, console)
    return buffer.getvalue()
