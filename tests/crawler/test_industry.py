"""NAICS sectors and the label map, checked against the real development data files."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from analyzer.paths import data_dir
from crawler.industry import (
    label_key,
    naics_from_label,
    resolve_industry,
    sector_codes,
    sector_from_code,
    sector_label,
)
from tests.shared_data import shared_postings

POSTINGS = shared_postings()
needs_data = pytest.mark.skipif(not POSTINGS.is_dir(), reason="shared development data not present")

# Common SmartRecruiters industry labels (its `industry.label` uses the LinkedIn list).
SMARTRECRUITERS_LABELS = [
    "Hospital & Health Care",
    "Information Technology and Services",
    "Computer Software",
    "Financial Services",
    "Retail",
    "Staffing and Recruiting",
    "Telecommunications",
    "Higher Education",
    "Hospitality",
    "Food & Beverages",
    "Construction",
    "Insurance",
    "Automotive",
    "Logistics and Supply Chain",
    "Real Estate",
    "Government Administration",
    "Pharmaceuticals",
    "Management Consulting",
    "Education Management",
    "Utilities",
]


def test_twenty_naics_2022_sectors():
    codes = sector_codes()
    assert len(codes) == 20
    assert codes[0] == "11" and codes[-1] == "92"
    assert {"31-33", "44-45", "48-49"} <= set(codes)
    assert sector_label("62") == "Health Care and Social Assistance"
    with pytest.raises(KeyError):
        sector_label("99")


@pytest.mark.parametrize(
    ("code", "sector"),
    [
        ("62", "62"),
        ("622110", "62"),
        ("32", "31-33"),
        ("31-33", "31-33"),
        ("45", "44-45"),
        ("493110", "48-49"),
        ("NAICS 54", "54"),
        ("99", None),
        ("6", None),
        ("abc", None),
    ],
)
def test_sector_from_code(code, sector):
    assert sector_from_code(code) == sector


def test_label_map_uses_only_real_sectors_and_lists_each_label_once():
    label_map = data_dir() / "industries" / "label_map.yaml"
    mapping = yaml.safe_load(label_map.read_text(encoding="utf-8"))
    assert set(mapping["sectors"]) <= set(sector_codes())
    keys = [label_key(label) for labels in mapping["sectors"].values() for label in labels]
    assert len(keys) == len(set(keys))
    assert {code for _, code in mapping["keywords"]} <= set(sector_codes())


@needs_data
def test_every_emscad_industry_is_mapped():
    labels = pd.read_csv(POSTINGS / "emscad_legit.dev.csv")["industry"].dropna().unique()
    assert len(labels) > 50
    unmapped = [label for label in labels if resolve_industry(None, label)[1] != "posting"]
    assert unmapped == []


@needs_data
@pytest.mark.parametrize("column", ["Sector", "Industry"])
def test_every_glassdoor_value_is_mapped(column):
    values = pd.read_csv(POSTINGS / "glassdoor_ds_jobs.dev.csv")[column].dropna().unique()
    unmapped = [v for v in values if v != "-1" and resolve_industry(None, v)[1] != "posting"]
    assert unmapped == []
    assert naics_from_label("-1") is None


@pytest.mark.parametrize("label", [*SMARTRECRUITERS_LABELS, "Healthcare"])
def test_smartrecruiters_and_jsonld_labels_are_mapped(label):
    assert resolve_industry(None, label)[1] == "posting"


@pytest.mark.parametrize(
    ("label", "sector"),
    [
        ("Hospital & Health Care", "62"),
        ("hospital_health_care", "62"),
        ("HEALTHCARE", "62"),
        ("Information Technology", "51"),
        ("Information Technology and Services", "54"),
        ("Staffing and Recruiting", "56"),
        ("Restaurants", "72"),
        ("Oil, Gas, Energy & Utilities", "22"),
        ("Government", "92"),
        ("K-12 Education", "61"),
        ("Gas Stations", "44-45"),
        ("-1", None),
        ("", None),
        (None, None),
        ("Widgets", None),
    ],
)
def test_naics_from_label(label, sector):
    assert naics_from_label(label) == sector


def test_resolve_industry_prefers_the_registry():
    assert resolve_industry("62", "Computer Software") == ("62", "registry")
    assert resolve_industry("33", None) == ("31-33", "registry")


def test_resolve_industry_from_the_posting_label():
    assert resolve_industry(None, "Computer Software") == ("51", "posting")
    assert resolve_industry("not-a-code", "Banking") == ("52", "posting")


def test_resolve_industry_infers_from_keywords():
    assert resolve_industry(None, "Regional Hospitals Group") == ("62", "inferred")
    assert resolve_industry(None, "Community Banking Services") == ("52", "inferred")


def test_resolve_industry_unknown_stays_none():
    assert resolve_industry(None, None) == (None, None)
    assert resolve_industry(None, "Widgets") == (None, None)
    assert resolve_industry(None, "-1") == (None, None)
