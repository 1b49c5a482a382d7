"""Report files, written atomically; and the standard set a scheduled run writes."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipelines.errors import InputError
from pipelines.output_safety import safe_slug
from pipelines.reports.builders.industry import build_industry_report
from pipelines.reports.builders.region import build_region_report
from pipelines.reports.builders.trend import build_trend_report
from pipelines.reports.frames import load_frames, unread_languages, unread_note
from pipelines.reports.model import Report
from pipelines.reports.rendering.render import render

FILE_EXTENSIONS = {"table": "txt"}
DEFAULT_FORMATS: dict[str, tuple[str, ...]] = {
    "industry": ("html", "json", "csv", "md"),
    "region": ("html", "json", "csv"),
    "trend": ("json", "csv"),
}


def write_text_atomic(path: Path, text: str) -> Path:
    """Write text to path through a temporary file, so a killed run leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path


def report_target(report: Report, out: Path, fmt: str) -> Path:
    """Where `--out` writes: the file given, or, for an existing folder, a file inside it named
    after the report (its title slugged, so an employer's or credential's name stays a name)."""
    if not out.is_dir():
        return out
    return out / f"{safe_slug(report.title, report.kind)}.{FILE_EXTENSIONS.get(fmt, fmt)}"


def write_out(report: Report, out: Path, fmt: str, text: str) -> Path:
    """Write a command's rendered output where `--out` says (see report_target); a place that
    cannot be written is one clear InputError, not a traceback."""
    target = report_target(report, out, fmt)
    try:
        return write_text_atomic(target, text)
    except OSError as error:
        raise InputError(f"cannot write {target}: {error.strerror or error}") from None


def write_report(report: Report, out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write one report as <kind>.<format> files in out_dir."""
    return [
        write_text_atomic(out_dir / f"{report.kind}.{fmt}", render(report, fmt)) for fmt in formats
    ]


def write_default_reports(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    analysis_version: str | None = None,
    min_n: int = 30,
) -> list[Path]:
    """Write the industry, region and trend reports over all analysed postings; return paths."""
    postings, mentions = load_frames(con, None, analysis_version=analysis_version)
    reports = {
        "industry": build_industry_report(postings, mentions, min_n),
        "region": build_region_report(postings, mentions, "country", min_n),
        "trend": build_trend_report(postings, mentions, "month", min_n),
    }
    note = unread_note(unread_languages(con, None, analysis_version=analysis_version))
    written: list[Path] = []
    for kind, report in reports.items():
        if note:
            report.notes.append(note)
        written += write_report(report, Path(out_dir), DEFAULT_FORMATS[kind])
    return written
