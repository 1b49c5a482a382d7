"""What a report is made of: tables of numbers, how to show them, and charts to draw."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

ColumnKind = Literal["text", "count", "share", "list"]


@dataclass(frozen=True)
class Column:
    """One displayed column; a share column reads share_/ci_low_/ci_high_<name> and its N.

    A terminal shows `short` as the header when set, and leaves out columns with in_terminal off.
    """

    name: str
    header: str
    kind: ColumnKind = "text"
    denom: str = "n"
    short: str | None = None
    in_terminal: bool = True


@dataclass(frozen=True)
class View:
    """A titled selection of columns a reader sees."""

    title: str
    columns: list[Column]


@dataclass
class Table:
    """A DataFrame with the views a reader sees (csv and json carry every column)."""

    name: str
    frame: pd.DataFrame
    views: list[View]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars of one share per row, with its Wilson interval as whiskers."""

    title: str
    table: str
    label: str
    share: str
    denom: str = "n"
    limit: int = 15


@dataclass(frozen=True)
class Heatmap:
    """Rows of a table against several shares, coloured by value."""

    title: str
    table: str
    label: str
    shares: list[tuple[str, str]]
    denom: str = "n"


@dataclass
class PostingView:
    """One posting with the character spans of its credential phrases (the job seeker's view)."""

    title: str
    url: str | None
    meta: str
    text: str
    spans: list[tuple[int, int, str]]


@dataclass
class Report:
    """A built report: tables, charts and notes, ready for any renderer."""

    kind: str
    title: str
    tables: list[Table]
    min_n: int
    notes: list[str] = field(default_factory=list)
    charts: list[BarChart | Heatmap] = field(default_factory=list)
    postings: list[PostingView] = field(default_factory=list)

    def table(self, name: str) -> Table:
        """The table called name."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)
