"""One self-contained HTML page per report: inline CSS, inline SVG charts, no scripts or network."""

from __future__ import annotations

import math
from html import escape
from importlib.resources import files
from typing import Any

import pandas as pd

from pipelines.reports.model import BarChart, Heatmap, PostingView, Report, Table, View
from pipelines.reports.rendering.cells import (
    TOO_SMALL_MARK,
    pct,
    share_parts,
    too_small_note,
    view_rows,
)
from pipelines.reports.rendering.csp import csp_meta

STYLE_FILE = files(__package__) / "report.css"  # package data beside this module
LABEL_WIDTH = 320
PLOT_WIDTH = 460
ROW_HEIGHT = 24
CELL_WIDTH = 96
LABEL_CHARS = 42
HEATMAP_ROWS = 40
TABLE_ROWS = 300


def _label(value: Any) -> str:
    """A row label that fits the chart's label column (shortened with an ellipsis)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    text = str(value)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _shade(share: float) -> str:
    if pd.isna(share):
        return "#f1f3f6"
    light, dark = (247, 251, 255), (8, 69, 148)
    rgb = [round(a + (b - a) * min(max(share, 0.0), 1.0)) for a, b in zip(light, dark, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def svg_text(x: float, y: float, content: str, anchor: str = "start", cls: str = "") -> str:
    """An escaped SVG text element."""
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>{escape(content)}</text>'


def svg_rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    """An SVG rectangle."""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}"/>'
    )


def svg_line(x1: float, x2: float, y: float) -> str:
    """A horizontal SVG line (an interval whisker)."""
    return f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#1a202c"/>'


def _svg(width: float, height: float, parts: list[str], label: str) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}">'
    )
    return head + "".join(parts) + "</svg>"


def _cell(row: pd.Series, name: str, header: str, denom: str, min_n: int) -> tuple[str, str]:
    share = row[f"share_{name}"]
    shown = "–" if pd.isna(share) else pct(share)
    mark = TOO_SMALL_MARK if row[denom] < min_n else ""
    return f"{shown}{mark}", f"{header}: {shown}, N={int(row[denom])}"


def heatmap_svg(chart: Heatmap, table: Table, min_n: int) -> str:
    """An SVG grid: one row per table row, one coloured cell per share."""
    parts = [
        svg_text(LABEL_WIDTH + (j + 0.5) * CELL_WIDTH, 16, header, "middle")
        for j, (_, header) in enumerate(chart.shares)
    ]
    frame = table.frame.head(HEATMAP_ROWS)
    for i, (_, row) in enumerate(frame.iterrows()):
        y = ROW_HEIGHT * (i + 1)
        parts.append(svg_text(LABEL_WIDTH - 8, y + 16, _label(row[chart.label]), "end"))
        for j, (name, header) in enumerate(chart.shares):
            x, share = LABEL_WIDTH + j * CELL_WIDTH, row[f"share_{name}"]
            shown, tip = _cell(row, name, f"{row[chart.label]}, {header}", chart.denom, min_n)
            light = "light" if not pd.isna(share) and share > 0.55 else ""
            parts.append(
                f'<g class="cell"><title>{escape(tip)}</title>'
                + svg_rect(x, y, CELL_WIDTH - 2, ROW_HEIGHT - 2, _shade(share))
                + svg_text(x + CELL_WIDTH / 2, y + 16, shown, "middle", light)
                + "</g>"
            )
    width = LABEL_WIDTH + CELL_WIDTH * len(chart.shares)
    return _svg(width, ROW_HEIGHT * (len(frame) + 1) + 4, parts, chart.title)


def bar_scale(frame: pd.DataFrame, share: str) -> float:
    """The share at the right end of a bar chart: the highest interval end, rounded up to 10%."""
    highest = frame[f"ci_high_{share}"].max() if len(frame) else 1.0
    return min(1.0, max(0.1, math.ceil(float(highest) * 10 - 1e-9) / 10))


def _axis(scale: float, height: float) -> list[str]:
    """Light vertical grid lines with their percentages, at the left, middle and right."""
    parts = []
    for fraction in (0.0, 0.5, 1.0):
        x = LABEL_WIDTH + fraction * PLOT_WIDTH
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="14" y2="{height:.1f}" stroke="#d7dce3"/>'
        )
        parts.append(svg_text(x, 11, pct(fraction * scale), "middle", "axis"))
    return parts


def _bar(row: pd.Series, chart: BarChart, y: float, min_n: int, scale: float) -> str:
    share = float(row[f"share_{chart.share}"])
    low, high = float(row[f"ci_low_{chart.share}"]), float(row[f"ci_high_{chart.share}"])
    mark = f" {TOO_SMALL_MARK}" if row[chart.denom] < min_n else ""
    tip = f"{row[chart.label]}: {pct(share)} [{pct(low)}–{pct(high)}], N={int(row[chart.denom])}"
    px = PLOT_WIDTH / scale
    return (
        f'<g class="bar"><title>{escape(tip)}</title>'
        + svg_text(LABEL_WIDTH - 8, y + 15, _label(row[chart.label]), "end")
        + svg_rect(LABEL_WIDTH, y + 3, share * px, ROW_HEIGHT - 8, "#9fb3c8" if mark else "#2b6cb0")
        + svg_line(LABEL_WIDTH + low * px, LABEL_WIDTH + high * px, y + 11)
        + svg_text(LABEL_WIDTH + high * px + 6, y + 15, f"{pct(share)}{mark}")
        + "</g>"
    )


def bar_chart_svg(chart: BarChart, table: Table, min_n: int) -> str:
    """An SVG bar chart of one share per row with Wilson-interval whiskers and a scale."""
    frame = table.frame.dropna(subset=[f"share_{chart.share}"]).head(chart.limit)
    scale = bar_scale(frame, chart.share)
    top = 18
    height = top + ROW_HEIGHT * len(frame) + 8
    parts = _axis(scale, height - 4) + [
        _bar(row, chart, top + ROW_HEIGHT * i, min_n, scale)
        for i, (_, row) in enumerate(frame.iterrows())
    ]
    return _svg(LABEL_WIDTH + PLOT_WIDTH + 110, height, parts, chart.title)


def _chart_note(chart: BarChart | Heatmap, table: Table) -> str:
    """Say which rows a chart shows when it cannot show them all."""
    limit = HEATMAP_ROWS if isinstance(chart, Heatmap) else chart.limit
    if len(table.frame) <= limit:
        return ""
    return (
        f'<p class="small">The first {limit} of {len(table.frame):,} rows, most postings first.</p>'
    )


def _chart_html(report: Report, chart: BarChart | Heatmap) -> str:
    table = report.table(chart.table)
    if table.frame.empty:
        return ""
    if isinstance(chart, Heatmap):
        svg = heatmap_svg(chart, table, report.min_n)
    else:
        svg = bar_chart_svg(chart, table, report.min_n)
    caption = f"<figcaption><h2>{escape(chart.title)}</h2>{_chart_note(chart, table)}</figcaption>"
    return f'<figure class="chart">{caption}{svg}</figure>'


def _share_html(row: pd.Series, view: View, index: int, min_n: int) -> str:
    parts = share_parts(row, view.columns[index], min_n)
    if parts is None:
        return "–"
    share, interval, mark = (escape(part) for part in parts)
    flag = f' <span class="small-n">{mark}</span>' if mark else ""
    return f'{share}{flag}<br><span class="ci">{interval}</span>'


def _view_html(table: Table, view: View, min_n: int) -> str:
    head = "".join(f"<th>{escape(column.header)}</th>" for column in view.columns)
    frame = table.frame.head(TABLE_ROWS)
    shown = Table(table.name, frame, table.views)
    rows = []
    for (_, row), cells in zip(frame.iterrows(), view_rows(shown, view, min_n), strict=True):
        tds = []
        for index, (column, cell) in enumerate(zip(view.columns, cells, strict=True)):
            if column.kind == "share":
                tds.append(f'<td class="num">{_share_html(row, view, index, min_n)}</td>')
            else:
                kind = "num" if column.kind == "count" else "text"
                tds.append(f'<td class="{kind}">{escape(cell)}</td>')
        rows.append(f"<tr>{''.join(tds)}</tr>")
    more = len(table.frame) - len(frame)
    note = f'<p class="small">… and {more:,} more rows in the CSV and JSON.</p>' if more > 0 else ""
    return (
        f"<h2>{escape(view.title)}</h2>"
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{note}"
    )


def _table_html(table: Table, min_n: int) -> str:
    return "".join(_view_html(table, view, min_n) for view in table.views)


def marked_text(posting: PostingView) -> str:
    """The posting text escaped, with each credential phrase wrapped in <mark>."""
    parts, cursor = [], 0
    for start, end, note in posting.spans:
        if start < cursor or end > len(posting.text):
            continue
        parts.append(escape(posting.text[cursor:start]))
        parts.append(f'<mark title="{escape(note)}">{escape(posting.text[start:end])}</mark>')
        cursor = end
    parts.append(escape(posting.text[cursor:]))
    return "".join(parts)


def _posting_html(posting: PostingView) -> str:
    link = f'<a href="{escape(posting.url)}">{escape(posting.url)}</a>' if posting.url else ""
    summary = f'{escape(posting.title)} <span class="small">— {escape(posting.meta)}</span>'
    body = f'<pre class="posting">{marked_text(posting)}</pre>'
    return f"<details><summary>{summary}</summary>{link}{body}</details>"


def render_html(report: Report) -> str:
    """The whole page as one HTML string."""
    notes = "".join(f'<p class="note">{escape(note)}</p>' for note in report.notes)
    charts = "".join(_chart_html(report, chart) for chart in report.charts)
    tables = "".join(_table_html(table, report.min_n) for table in report.tables)
    postings = "".join(_posting_html(posting) for posting in report.postings)
    if postings:
        postings = "<h2>Postings, with credential phrases highlighted</h2>" + postings
    style = STYLE_FILE.read_text(encoding="utf-8")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{csp_meta([style])}<title>{escape(report.title)}</title><style>{style}</style></head><body>"
        f"<h1>{escape(report.title)}</h1>{notes}{charts}{tables}{postings}"
        f'<p class="small">{escape(too_small_note(report.min_n))}</p></body></html>\n'
    )
