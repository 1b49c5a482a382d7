"""Render a built report as a terminal table, CSV, JSON, Markdown or HTML."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd

from pipelines.reports.model import Column, Report, Table, View

Format = Literal["table", "csv", "json", "md", "html"]
FORMATS: tuple[str, ...] = ("table", "csv", "json", "md", "html")
TOO_SMALL_MARK = "†"


def pct(value: float) -> str:
    """A share as a percentage: one decimal below 10%, none above."""
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


def too_small_note(min_n: int) -> str:
    """The footnote explaining the too-small mark."""
    return f"{TOO_SMALL_MARK} N below {min_n}: too small to trust (shown, not hidden)."


def share_parts(row: pd.Series, column: Column, min_n: int) -> tuple[str, str, str] | None:
    """A share cell's pieces: share, interval and too-small mark ('' when N is enough)."""
    share = row.get(f"share_{column.name}")
    if share is None or pd.isna(share):
        return None
    low, high = row[f"ci_low_{column.name}"], row[f"ci_high_{column.name}"]
    mark = TOO_SMALL_MARK if row[column.denom] < min_n else ""
    return pct(share), f"[{pct(low)}–{pct(high)}]", mark


def format_share(row: pd.Series, column: Column, min_n: int, *, terminal: bool = False) -> str:
    """A share cell: 42% [38%–46%] †; in a terminal the interval goes on a second line, 38–46."""
    parts = share_parts(row, column, min_n)
    if parts is None:
        return "–"
    share, interval, mark = parts
    if terminal:
        return f"{share}{' ' + mark if mark else ''}\n{interval.replace('%', '')}"
    return f"{share} {interval}{' ' + mark if mark else ''}"


def format_list(items: Any, sep: str = "; ") -> str:
    """A top-credentials cell: 'label share; label share'."""
    if not isinstance(items, list | np.ndarray) or len(items) == 0:
        return "–"
    return sep.join(f"{item['label']} {pct(item['share'])}" for item in items)


def format_cell(row: pd.Series, column: Column, min_n: int, *, terminal: bool = False) -> str:
    """One displayed cell of a row (terminal cells may span lines)."""
    if column.kind == "share":
        return format_share(row, column, min_n, terminal=terminal)
    if column.kind == "list":
        return format_list(row.get(column.name), "\n" if terminal else "; ")
    value = row.get(column.name)
    if value is None or (not isinstance(value, list | str) and pd.isna(value)):
        return "–"
    if column.kind == "count":
        return f"{int(value):,}"
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)


def view_rows(table: Table, view: View, min_n: int, *, terminal: bool = False) -> list[list[str]]:
    """The rows of a view as display strings."""
    return [
        [format_cell(row, column, min_n, terminal=terminal) for column in view.columns]
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
            if pd.api.types.is_integer_dtype(frame[name]):
                frame[name] = frame[name].astype("Int64")  # stays whole beside other tables' gaps
            elif frame[name].map(lambda v: isinstance(v, list)).any():
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


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATS."""
    if fmt == "html":
        from pipelines.reports.html import render_html

        return render_html(report)
    if fmt == "table":
        from pipelines.reports.terminal import render_table

        return render_table(report)
    renderers = {"csv": render_csv, "json": render_json, "md": render_md}
    return renderers[fmt](report)
