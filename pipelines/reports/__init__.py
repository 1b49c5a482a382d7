"""Reports: pure builders from the store's DataFrames to tables, and renderers at the edge."""

from pipelines.reports.credential import build_credential_report
from pipelines.reports.defaults import write_default_reports
from pipelines.reports.employer import build_employer_report
from pipelines.reports.frames import ReportFilters, load_frames
from pipelines.reports.industry import build_industry_report
from pipelines.reports.region import build_region_report
from pipelines.reports.render import render
from pipelines.reports.trend import build_trend_report

__all__ = [
    "ReportFilters",
    "build_credential_report",
    "build_employer_report",
    "build_industry_report",
    "build_region_report",
    "build_trend_report",
    "load_frames",
    "render",
    "write_default_reports",
]
