"""Renderers (csv, json, md, table) and the default report set written at the edge."""

import csv
import io
import json
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.reports.builders.industry import build_industry_report
from pipelines.reports.files import write_default_reports
from pipelines.reports.rendering.render import render
from tests.pipelines.reports.report_samples import VERSION


def test_json_records_carry_table_and_plain_values(
    postings: pd.DataFrame, mentions: pd.DataFrame
) -> None:
    records = json.loads(render(build_industry_report(postings, mentions, min_n=3), "json"))
    industries = [r for r in records if r["table"] == "industries"]
    assert {r["industry"] for r in industries} == {"62", "54"}
    tech = next(r for r in industries if r["industry"] == "54")
    assert tech["too_small"] is True and tech["n"] == 2
    assert tech["top_credentials"][0] == {
        "credential_id": "cert.pmi.pmp", "label": "PMP", "postings": 2, "share": 1.0,
    }  # fmt: skip
    assert tech["share_min_doctorate"] == 0.0 and tech["share_clearance"] == 0.0


def test_csv_has_every_table(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    rows = list(
        csv.DictReader(io.StringIO(render(build_industry_report(postings, mentions), "csv")))
    )
    assert {row["table"] for row in rows} == {"industries", "top_credentials"}
    health = next(row for row in rows if row["industry"] == "62")
    assert float(health["share_degree"]) == 2 / 3
    assert health["top_credentials"].startswith("Basic Life Support 33%")
    top = next(row for row in rows if row["table"] == "top_credentials")
    assert (health["n"], health["hits_degree"], top["n"], top["industry"]) == ("3", "2", "5", "")


def test_md_marks_small_cells_instead_of_hiding_them(
    postings: pd.DataFrame, mentions: pd.DataFrame
) -> None:
    text = render(build_industry_report(postings, mentions, min_n=3), "md")
    health = next(line for line in text.splitlines() if line.startswith("| 62 |"))
    tech = next(line for line in text.splitlines() if line.startswith("| 54 |"))
    assert "67% [21%–94%] |" in health and "†" not in health
    assert "50% [9.5%–91%] †" in tech
    assert "N below 3: too small to trust" in text
    assert "not who gets hired" in text


def test_table_format_renders_text(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    text = render(build_industry_report(postings, mentions), "table")
    assert "Health Care and Social Assistance" in text and "Wilson" in text


def test_default_reports_written(store_path: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(store_path), read_only=True) as con:
        written = write_default_reports(con, tmp_path / "out", analysis_version=VERSION)
    names = sorted(path.name for path in written)
    assert {"industry.html", "industry.json", "industry.csv", "region.html"} <= set(names)
    assert all(path.stat().st_size > 0 for path in written)
    records = json.loads((tmp_path / "out" / "industry.json").read_text())
    assert sum(r["n"] for r in records if r["table"] == "industries") == 5
    assert not list((tmp_path / "out").glob(".*partial"))
