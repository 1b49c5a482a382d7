"""Report cells as every renderer shows them: shares with intervals, counts, lists, the † mark."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pipelines.reports.model import Column, Table, View

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
