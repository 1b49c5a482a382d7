"""`import_file` over small slices of the shared real postings, and bad rows."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from crawler.sinks import JsonlSink
from pipelines.errors import InputError
from pipelines.stages.importers import import_file
from pipelines.store.database import Store
from tests.pipelines.store_data import (
    EMSCAD,
    GLASSDOOR,
    NHS,
    csv_slice,
    nhs_objects,
    write_jsonl,
)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "import.duckdb") as opened:
        yield opened


def test_nhs_jsonld_is_unescaped_located_and_idempotent(store: Store) -> None:
    result = import_file(store, NHS, "jsonld", limit=40)
    assert result.counts == {"read": 40, "new": 40, "updated": 0, "unchanged": 0, "failed": 0}
    row = store.con.execute(
        "SELECT source, employer, text, html, country, city, industry, "
        "industry_source, date_posted::VARCHAR, url FROM postings WHERE source_ref = '915390428'"
    ).fetchone()
    assert row is not None
    source, employer, text, markup, country, city, industry, industry_source, posted, url = row
    assert (source, employer) == ("import:jsonld", "Central Advertising - General Practitioners")
    assert text.startswith("Arlesey Medical Centre is looking for a Salaried GP")
    assert "&lt;" not in text and "<p>" not in text and "\nPatient list size is 4500" in text
    assert markup.startswith("<p>Arlesey")
    assert (country, city, industry, industry_source) == ("GB", "Arlesey", "62", "posting")
    assert posted == "2018-12-27" and url.endswith("/915390428")

    again = import_file(store, NHS, "jsonld", limit=40)
    assert again.counts["unchanged"] == 40 and store.count("postings") == 40


def test_jsonld_variants_strings_graphs_and_identifiers(store: Store, tmp_path: Path) -> None:
    base = nhs_objects(1)[0]
    as_strings = {**base, "_fileid": "s1", "hiringOrganization": "Priory Group",
                  "jobLocation": "Willenhall, WV13 3AG", "educationRequirements": {
                      "@type": "EducationalOccupationalCredential",
                      "credentialCategory": "bachelor degree"},
                  "experienceInPlaceOfEducation": True}  # fmt: skip
    graph = {"@graph": [{"@type": "Organization"}, {**base, "_fileid": None,
             "identifier": {"@type": "PropertyValue", "value": "REF-9"}}]}  # fmt: skip
    path = write_jsonl(tmp_path / "variants.jsonl", [as_strings, graph])

    assert import_file(store, path, "jsonld").counts["new"] == 2
    rows = store.con.execute(
        "SELECT source_ref, employer, country, jsonld_education_requirements, "
        "jsonld_experience_in_place_of_education FROM postings ORDER BY source_ref"
    ).fetchall()
    assert rows == [
        ("REF-9", "Central Advertising - General Practitioners", "GB", None, None),
        ("s1", "Priory Group", "GB", "bachelor degree", True),
    ]


def test_emscad_joins_sections_and_keeps_the_education_choice(store: Store, tmp_path: Path) -> None:
    rows = csv_slice(EMSCAD, tmp_path / "emscad.csv", 30)
    result = import_file(store, tmp_path / "emscad.csv", "emscad")
    assert result.counts["new"] == 30 and result.counts["failed"] == 0
    first = rows[0]
    text, country, subdivision, city, education = (
        store.con.execute(
            "SELECT text, country, subdivision, city, jsonld_education_requirements FROM postings "
            "WHERE source = 'import:emscad' AND source_ref = ?",
            [first["job_id"]],
        ).fetchone()
        or ()
    )
    assert (country, subdivision, city) == ("US", "US-CA", "San Francisco")
    assert "\nRequirements\n" in text and "\nBenefits\n" in text
    assert education is None  # "Unspecified" is not an education requirement
    with_choice = [r for r in rows if r["required_education"] not in ("", "Unspecified")]
    stored = store.con.execute(
        "SELECT jsonld_education_requirements FROM postings WHERE source_ref = ?",
        [with_choice[0]["job_id"]],
    ).fetchone()
    assert stored == (with_choice[0]["required_education"],)


def test_glassdoor_strips_ratings_maps_sectors_and_merges_repeats(
    store: Store, tmp_path: Path
) -> None:
    rows = csv_slice(GLASSDOOR, tmp_path / "gd.csv", 120)
    result = import_file(store, tmp_path / "gd.csv", "glassdoor")
    distinct = {
        (r["Company Name"], r["Job Title"], r["Location"], r["Job Description"]) for r in rows
    }
    assert result.counts["new"] == len(distinct) < 120
    assert result.counts["new"] + result.counts["unchanged"] == 120
    employer, country, subdivision, city, industry, source = (
        store.con.execute(
            "SELECT employer, country, subdivision, city, industry, industry_source FROM postings "
            "WHERE title = 'Data Scientist' AND employer LIKE 'Tecolote%'"
        ).fetchone()
        or ()
    )
    assert employer == "Tecolote Research"
    assert (country, subdivision, city) == ("US", "US-NM", "Albuquerque")
    assert (industry, source) == ("31-33", "posting")  # Industry "Aerospace & Defense"
    assert store.count("postings", "employer LIKE '%\n%'") == 0


def test_own_jsonl_round_trips_a_crawl_dump(store: Store, tmp_path: Path) -> None:
    sink = JsonlSink(tmp_path / "crawl.jsonl")
    sink.open()
    sink.write([{"source": "lever", "source_ref": "abc", "title": "Nurse",
                 "html": "<p>RN licence required</p>", "location_raw": "Austin, TX"}])  # fmt: skip
    sink.finish([])
    assert import_file(store, tmp_path / "crawl.jsonl", "jsonl").counts["new"] == 1
    row = store.con.execute(
        "SELECT source, text, country, subdivision, city FROM postings"
    ).fetchone()
    assert row == ("lever", "RN licence required", "US", "US-TX", "Austin")


def test_bad_lines_are_reported_by_number_and_skipped(store: Store, tmp_path: Path) -> None:
    good = nhs_objects(2)
    path = tmp_path / "mixed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(good[0]) + "\n{not json\n")
        handle.write(json.dumps({"@type": "JobPosting", "url": "https://x/1"}) + "\n")
        handle.write(json.dumps(["a list"]) + "\n" + json.dumps(good[1]) + "\n")
    result = import_file(store, path, "jsonld")
    assert result.counts["new"] == 2 and result.counts["failed"] == 3
    assert [p.split(":")[0] for p in result.problems] == ["line 2", "line 3", "line 4"]
    assert "invalid JSON" in result.problems[0]
    assert "no title and no description" in result.problems[1]


def test_csv_rows_are_reported_with_row_and_line(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "gd.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Job Title", "Job Description", "Company Name", "Location"])
        writer.writerow(["Analyst", "Line one\nline two", "Acme\n4.1", "Boston, MA"])
        writer.writerow(["", "", "Empty Co", "Boston, MA"])
    result = import_file(store, path, "glassdoor")
    assert result.counts["new"] == 1
    assert result.problems == ["row 2 (line 5): no title and no description"]


def test_unusable_files_are_input_errors(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        import_file(store, tmp_path / "missing.csv", "emscad")
    with pytest.raises(InputError, match="missing columns job_id, title, description"):
        import_file(store, GLASSDOOR, "emscad")
    with pytest.raises(InputError, match="unknown import format"):
        import_file(store, GLASSDOOR, "xml")
    assert store.count("postings") == 0
