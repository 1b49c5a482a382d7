"""Report builders on the hand-made postings: counts and shares checked by hand."""

import pandas as pd
import pytest

from pipelines.reports.builders.credential import build_credential_report
from pipelines.reports.builders.employer import build_employer_report, comparison_table
from pipelines.reports.builders.industry import build_industry_report, industry_table
from pipelines.reports.builders.region import region_table
from pipelines.reports.builders.stats import wilson_interval
from pipelines.reports.builders.trend import trend_table
from pipelines.reports.errors import UnknownValueError


def row(frame: pd.DataFrame, column: str, value: str) -> pd.Series:
    return frame.loc[frame[column] == value].iloc[0]


def test_industry_counts_and_shares(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    table = industry_table(postings, mentions, min_n=3)
    health, tech = row(table, "industry", "62"), row(table, "industry", "54")
    assert list(table["industry"]) == ["62", "54"]
    assert (health["n"], tech["n"]) == (3, 2)
    assert health["share_degree"] == pytest.approx(2 / 3)
    assert health["share_license_required"] == pytest.approx(1 / 3)
    assert health["share_certification"] == pytest.approx(1 / 3)
    assert health["share_certification_required"] == 0
    assert tech["share_certification"] == 1.0
    assert tech["share_certification_required"] == 0.5
    assert health["share_equivalency"] == pytest.approx(1 / 3)
    assert health["share_any"] == pytest.approx(2 / 3)


def test_industry_degree_levels_and_experience(
    postings: pd.DataFrame, mentions: pd.DataFrame
) -> None:
    health = row(industry_table(postings, mentions), "industry", "62")
    assert health["n_min_degree"] == 2
    assert health["share_min_bachelor"] == 0.5
    assert health["share_min_master"] == 0.5
    assert health["share_min_doctorate"] == 0
    assert health["n_degree_requested"] == 2
    assert health["share_degree_experience"] == 0.5


def test_industry_intervals_and_too_small(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    table = industry_table(postings, mentions, min_n=3)
    health, tech = row(table, "industry", "62"), row(table, "industry", "54")
    low, high = wilson_interval([2], [3])
    assert health["ci_low_degree"] == pytest.approx(low[0])
    assert health["ci_high_degree"] == pytest.approx(high[0])
    assert health["ci_low_degree"] == pytest.approx(0.2077, abs=1e-4)
    assert not health["too_small"] and tech["too_small"]
    assert health["too_small_min_degree"]


def test_industry_top_credentials(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    tech = row(industry_table(postings, mentions), "industry", "54")
    top = tech["top_credentials"]
    assert [item["credential_id"] for item in top] == ["cert.pmi.pmp", "degree.bachelor"]
    assert top[0]["postings"] == 2 and top[0]["share"] == 1.0
    overall = build_industry_report(postings, mentions).table("top_credentials").frame
    pmp = row(overall, "credential_id", "cert.pmi.pmp")
    assert (pmp["postings"], pmp["n"], pmp["hits_required"]) == (2, 5, 1)
    assert pmp["share_asked"] == pytest.approx(0.4)


def test_region_levels(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    countries = region_table(postings, mentions, "country")
    assert dict(zip(countries["country"], countries["n"], strict=True)) == {"US": 3, "GB": 2}
    assert row(countries, "country", "GB")["region_label"] == "United Kingdom"
    subdivisions = region_table(postings, mentions, "subdivision")
    california = row(subdivisions, "subdivision", "US-CA")
    assert california["n"] == 2 and california["region_label"] == "California"
    assert california["share_degree_required"] == 1.0
    cities = region_table(postings, mentions, "city")
    assert len(cities) == 5
    assert row(cities, "city", "London")["share_equivalency"] == 1.0


def test_trend_by_month_and_run(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    months = trend_table(postings, mentions, "month")
    assert list(months["period"]) == ["2024-01", "2024-02", "2024-03"]
    assert list(months["n"]) == [1, 2, 2]
    assert row(months, "period", "2024-02")["share_certification"] == 1.0
    runs = trend_table(postings, mentions, "run")
    assert list(runs["period"]) == ["1", "2"] and list(runs["n"]) == [2, 3]


def test_employer_beside_industry(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    acme = postings[postings["employer"] == "Acme Health"]
    acme_mentions = mentions[mentions["posting_id"].isin(acme["posting_id"])]
    health = postings[postings["industry"] == "62"]
    health_mentions = mentions[mentions["posting_id"].isin(health["posting_id"])]
    table = comparison_table(acme, acme_mentions, health, health_mentions)
    degree = row(table, "measure", "degree")
    assert (degree["n_employer"], degree["share_employer"]) == (2, 1.0)
    assert degree["share_industry"] == pytest.approx(2 / 3)
    experience = row(table, "measure", "degree_experience")
    assert experience["n_employer"] == 2 and experience["share_employer"] == 0.5
    report = build_employer_report(acme, acme_mentions, health, health_mentions, "health care")
    assert report.title == "What Acme Health asks for"
    listed = report.table("postings").frame
    assert "“RN license” (required)" in row(listed, "posting_id", "p1")["credentials"]
    credentials = report.table("credentials").frame
    assert row(credentials, "credential_id", "cert.aha.bls")["hits_preferred"] == 1
    spans = report.postings[0].spans
    assert report.postings[0].text[spans[0][0] : spans[0][1]] == "Bachelor's degree"


def test_credential_report(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    report = build_credential_report(postings, mentions, "PMP")
    summary = report.table("summary").frame.iloc[0]
    assert (summary["credential_id"], summary["postings"], summary["n"]) == ("cert.pmi.pmp", 2, 5)
    assert (summary["hits_required"], summary["hits_preferred"]) == (1, 1)
    regions = report.table("regions").frame
    assert set(regions["country"]) == {"US", "GB"}
    assert row(regions, "country", "US")["share_asked"] == pytest.approx(1 / 3)
    together = report.table("co_occurring").frame
    assert list(together["credential_id"]) == ["degree.bachelor"]
    assert together["share_together"].iloc[0] == 0.5
    assert list(report.table("employers").frame["employer"]) == ["Beta Tech"]


def test_unknown_credential_suggests_known(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    with pytest.raises(UnknownValueError, match=r"cert\.pmi\.pmp"):
        build_credential_report(postings, mentions, "cert.pmi.pm")


def test_builders_accept_empty_frames(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    report = build_industry_report(postings.iloc[0:0], mentions.iloc[0:0])
    assert report.table("industries").frame.empty
    assert report.table("top_credentials").frame.empty
