"""The options every report command shares, and the choices they offer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from pipelines.reports.frames import ReportFilters


class OutputFormat(StrEnum):
    """How a report is written."""

    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    html = "html"


class RegionLevel(StrEnum):
    """The level a region report groups by."""

    country = "country"
    subdivision = "subdivision"
    city = "city"


class TrendBy(StrEnum):
    """What a trend report's periods are."""

    month = "month"
    run = "run"


IndustryOpt = Annotated[
    str | None, typer.Option("--industry", help="Only this NAICS sector (code or label).")
]
RegionOpt = Annotated[
    str | None,
    typer.Option("--region", help="Only this country (US), subdivision (US-CA) or city."),
]
EmployerOpt = Annotated[str | None, typer.Option("--employer", help="Only this employer.")]
SinceOpt = Annotated[
    datetime | None,
    typer.Option("--since", formats=["%Y-%m-%d"], help="Only postings dated on or after this day."),
]
SourceOpt = Annotated[
    str | None, typer.Option("--source", help="Only this source (greenhouse, import, …).")
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Write to this file, or into this folder named after the report; not stdout."
    ),
]
DEFAULT_WAIT_SECONDS = 30.0
WaitOpt = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        help="Seconds to wait while another process (an extract, a run) writes the store.",
    ),
]
MinNOpt = Annotated[
    int, typer.Option("--min-n", min=1, help="Mark shares whose N is below this as too small.")
]


@dataclass(frozen=True)
class ReportOptions:
    """The options every report command shares."""

    filters: ReportFilters
    fmt: OutputFormat
    out: Path | None
    min_n: int
    db: Path | None
    wait: float
    lake: str | None = None
