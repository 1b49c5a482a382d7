"""A built report as CSV, JSON records or Markdown."""

from __future__ import annotations

import csv
import json
import math
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from pipelines.output_safety import neutralise_cell
from pipelines.reports.model import Report
from pipelines.reports.rendering.cells import format_list, too_small_note, view_rows


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


def _safe_text(value: Any) -> Any:
    return neutralise_cell(value) if isinstance(value, str) else value


def render_csv(report: Report) -> str:
    """CSV: every table's rows, a `table` column first, list cells as text, text cells quoted and
    neutralised against spreadsheet formulas (pipelines/output_safety.py)."""
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
    for name in combined.columns:
        if combined[name].dtype == object or isinstance(combined[name].dtype, pd.StringDtype):
            combined[name] = combined[name].map(_safe_text)
    header = ",".join(map(str, combined.columns)) + "\n"  # our own column names: plain
    return header + str(combined.to_csv(index=False, header=False, quoting=csv.QUOTE_NONNUMERIC))


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
