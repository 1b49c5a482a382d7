"""Render a built report as a terminal table, CSV, JSON, Markdown or HTML."""

from __future__ import annotations

from typing import Literal

from pipelines.reports.model import Report
from pipelines.reports.rendering.html import render_html
from pipelines.reports.rendering.terminal import render_table
from pipelines.reports.rendering.text_formats import render_csv, render_json, render_md

Format = Literal["table", "csv", "json", "md", "html"]
FORMATS: tuple[str, ...] = ("table", "csv", "json", "md", "html")


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATS."""
    renderers = {
        "table": render_table,
        "csv": render_csv,
        "json": render_json,
        "md": render_md,
        "html": render_html,
    }
    return renderers[fmt](report)
