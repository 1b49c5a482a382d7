"""The USAJOBS spider: its mapping, its key, and real crawls of the saved response on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pycountry
import pytest
import yaml
from scrapy.settings import Settings

from crawler.errors import ConfigurationError
from crawler.runner import run_crawl, run_crawl_isolated
from crawler.sinks import JsonlSink, read_jsonl
from crawler.spiders.usajobs import announcement_text, credentials, location_text, page_count
from tests.crawler.fixture_server import employer, loopback_settings
from tests.crawler.usajobs_server import (
    EMAIL,
    KEY,
    UsajobsHandler,
    saved_items,
    serve_usajobs,
    usajobs_settings,
)
from tests.pipelines.cli.test_crawl_store import table_value

US_STATES = {sub.name: sub.code for sub in pycountry.subdivisions.get(country_code="US")}
COUNTRIES = {"United States": "US", "Japan": "JP", "Germany": "DE", "South Korea": "KR"}


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    """The loopback search URL."""
    with serve_usajobs() as search_url:
        yield search_url


def cli_crawl(
    db: Path, search_url: str, *args: str, page_size: int = 100
) -> subprocess.CompletedProcess:
    """`credscope crawl --db DB ARGS` pointed at the loopback API; key and e-mail from the env."""
    settings = usajobs_settings(search_url, page_size)
    command = [sys.executable, "-m", "pipelines.cli", "crawl", "--db", str(db), *args]
    for name, value in settings.items():
        if name not in ("USAJOBS_API_KEY", "USAJOBS_USER_AGENT_EMAIL"):
            command += ["--set", f"{name}={value}"]
    env = {**os.environ, "USAJOBS_API_KEY": KEY, "USAJOBS_USER_AGENT_EMAIL": EMAIL}
    return subprocess.run(command, capture_output=True, text=True, timeout=240, env=env)


def stored(db: Path) -> list[dict]:
    """Every posting row of the store."""
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute("SELECT * FROM postings ORDER BY source_ref")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def whole_response(api: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], list]:
    """The saved response crawled through `credscope crawl` into DuckDB, and the requests made."""
    folder = tmp_path_factory.mktemp("usajobs")
    registry = folder / "employers.yaml"
    entry = {
        "name": "Fixture agencies",
        "source": "usajobs",
        "board": "FX00",
        "industry": "92",
        "country": "US",
        "found_at": "tests/fixtures/crawler/usajobs",
    }
    registry.write_text(yaml.safe_dump({"employers": [entry]}), encoding="utf-8")
    UsajobsHandler.seen.clear()
    result = cli_crawl(folder / "store.duckdb", api, "--registry", str(registry))
    assert result.returncode == 0, result.stdout + result.stderr
    return stored(folder / "store.duckdb"), list(UsajobsHandler.seen)


def test_every_announcement_is_stored_in_naics_92(whole_response):
    postings, _ = whole_response
    items = saved_items()
    assert len(postings) == len(items) == 500
    assert {p["source_ref"] for p in postings} == {item["MatchedObjectId"] for item in items}
    assert {(p["source"], p["employer"], p["industry"]) for p in postings} == {
        ("usajobs", "Fixture agencies", "92")
    }
    assert {p["industry_source"] for p in postings} == {"registry"}
    assert all(p["title"] and p["url"].startswith("https://www.usajobs.gov") for p in postings)
    assert all(len(p["text"]) > 200 for p in postings)


def test_countries_and_subdivisions_are_the_fixtures(whole_response):
    postings, _ = whole_response
    by_ref = {p["source_ref"]: p for p in postings}
    for item in saved_items():
        places = item["MatchedObjectDescriptor"]["PositionLocation"]
        posting = by_ref[item["MatchedObjectId"]]
        countries = {COUNTRIES[place["CountryCode"]] for place in places}
        states = {place["CountrySubDivisionCode"] for place in places} - {"N/A"}
        assert posting["country"] == (countries.pop() if len(countries) == 1 else None)
        assert posting["subdivision"] == (US_STATES[states.pop()] if len(states) == 1 else None)
    assert Counter(p["country"] for p in postings) == {"US": 493, "JP": 4, "DE": 2, "KR": 1}


def test_text_keeps_summary_and_qualifications_apart(whole_response):
    postings, _ = whole_response
    first = next(p for p in postings if p["source_ref"] == "437834500")
    summary, heading, qualifications = first["text"].split("\n")
    assert summary.startswith("The mission of the Building Technologies Office")
    assert heading == "Qualifications"
    assert qualifications.startswith("SPECIALIZED EXPERIENCE REQUIREMENTS")
    assert (str(first["date_posted"]), first["subdivision"]) == ("2016-05-03", "US-DC")


def test_pages_are_followed_with_the_key_and_email(whole_response):
    _, requests = whole_response
    searches = [r for r in requests if r["path"] == "/api/search"]
    assert [r["query"]["Page"] for r in searches] == ["1", "2", "3", "4", "5"]
    assert {(r["query"]["Organization"], r["query"]["ResultsPerPage"]) for r in searches} == {
        ("FX00", "100")
    }
    assert {(r["headers"]["User-Agent"], r["headers"]["Authorization-Key"]) for r in searches} == {
        (EMAIL, KEY)
    }


def test_crawl_an_agency_of_the_bundled_registry(api, tmp_path):
    db = tmp_path / "store.duckdb"
    UsajobsHandler.seen.clear()
    result = cli_crawl(db, api, "--employer", "air force", page_size=20)
    assert result.returncode == 0, result.stdout + result.stderr
    postings = stored(db)
    air_force = [
        item
        for item in saved_items()
        if item["MatchedObjectDescriptor"]["DepartmentName"] == "Department of the Air Force"
    ]
    assert len(postings) == len(air_force) == 53
    assert {p["employer"] for p in postings} == {"Department of the Air Force"}
    assert {(p["industry"], p["country"]) for p in postings} == {("92", "US")}
    asked = [(r["query"].get("Organization"), r["query"].get("Page")) for r in UsajobsHandler.seen]
    assert [page for code, page in asked if code == "AF"] == ["1", "2", "3"]  # 53 at 20 a page
    assert table_value(result.stdout, "boards complete") == 1


def test_a_failing_page_and_a_429(api, tmp_path):
    out = tmp_path / "postings.jsonl"
    failing = employer("Failing agency", "usajobs", "ER00", industry="92")
    slowed = employer("Slowed agency", "usajobs", "RT00", industry="92")
    UsajobsHandler.seen.clear()
    summary = run_crawl_isolated(
        employers=[failing, slowed], sink=JsonlSink(out), settings=usajobs_settings(api)
    )
    assert len(read_jsonl(out)) == summary.stored == 500  # the failing board's 200 are repeats
    assert summary.dropped == {"duplicate_id": 200}
    assert list(summary.errors.values()) == ["http 500"]
    assert "Organization=ER00" in next(iter(summary.errors)) and "Page=3" in next(
        iter(summary.errors)
    )
    assert summary.completed_boards == [("usajobs", "Slowed agency")]
    asked = [(r["query"].get("Organization"), r["query"].get("Page")) for r in UsajobsHandler.seen]
    assert asked.count(("RT00", "2")) == 2 and ("ER00", "4") not in asked


def test_the_limit_stops_the_paging(api, tmp_path):
    out = tmp_path / "postings.jsonl"
    UsajobsHandler.seen.clear()
    summary = run_crawl_isolated(
        employers=[employer("Fixture agencies", "usajobs", "FX00", industry="92")],
        limit=200,
        sink=JsonlSink(out),
        settings=usajobs_settings(api),
    )
    assert len(read_jsonl(out)) == 200
    assert summary.boards == {"truncated": 1} and not summary.completed_boards
    assert [r["query"].get("Page") for r in UsajobsHandler.seen if r["query"]] == ["1", "2"]


def test_no_key_no_crawl(monkeypatch):
    monkeypatch.delenv("USAJOBS_API_KEY", raising=False)
    monkeypatch.setenv("USAJOBS_USER_AGENT_EMAIL", EMAIL)
    nasa = employer("NASA", "usajobs", "NN", industry="92")
    with pytest.raises(ConfigurationError, match="needs USAJOBS_API_KEY: set"):
        run_crawl([nasa], settings={"LOG_LEVEL": "WARNING"})


def test_the_cli_says_what_is_missing_in_one_sentence(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from pipelines.cli.app import app

    monkeypatch.delenv("USAJOBS_API_KEY", raising=False)
    monkeypatch.delenv("USAJOBS_USER_AGENT_EMAIL", raising=False)
    out = tmp_path / "nasa.jsonl"
    result = CliRunner().invoke(app, ["crawl", "--employer", "NASA", "--out", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert "error: the USAJOBS API needs USAJOBS_API_KEY and USAJOBS_USER_AGENT_EMAIL" in (
        result.stderr
    )
    assert "Traceback" not in result.output


def test_without_a_key_the_other_families_still_crawl(site, monkeypatch, tmp_path):
    monkeypatch.delenv("USAJOBS_API_KEY", raising=False)
    monkeypatch.delenv("USAJOBS_USER_AGENT_EMAIL", raising=False)
    acme = employer("Acme", "greenhouse", "acme")
    nasa = employer("NASA", "usajobs", "NN", industry="92")
    summary = run_crawl_isolated(
        employers=[acme, nasa],
        sink=JsonlSink(tmp_path / "p.jsonl"),
        settings=loopback_settings(site),
    )
    assert summary.completed_boards == [("greenhouse", "Acme")] and summary.stored > 0
    assert list(summary.errors) == ["usajobs (every board)"]
    assert "USAJOBS_API_KEY and USAJOBS_USER_AGENT_EMAIL" in summary.errors["usajobs (every board)"]


def test_credentials_from_settings_then_environment(monkeypatch):
    monkeypatch.setenv("USAJOBS_API_KEY", "from-env")
    monkeypatch.delenv("USAJOBS_USER_AGENT_EMAIL", raising=False)
    assert credentials(Settings({"USAJOBS_USER_AGENT_EMAIL": "me@x.org"})) == (
        "from-env",
        "me@x.org",
    )
    assert (
        credentials(Settings({"USAJOBS_API_KEY": "set", "USAJOBS_USER_AGENT_EMAIL": "a@b.c"}))[0]
        == "set"
    )
    with pytest.raises(ConfigurationError, match="needs USAJOBS_USER_AGENT_EMAIL"):
        credentials(Settings())
    with pytest.raises(ConfigurationError, match="must be the e-mail address"):
        credentials(Settings({"USAJOBS_USER_AGENT_EMAIL": "credscope"}))


def test_announcement_text_reads_every_details_block():
    descriptor = {
        "QualificationSummary": "A licensed professional engineer (PE).",
        "UserArea": {
            "Details": {
                "JobSummary": "Join us.",
                "MajorDuties": ["Inspect bridges.", "Write reports."],
                "Education": "Bachelor's degree in civil engineering.",
                "Requirements": "U.S. citizenship.",
            }
        },
    }
    assert announcement_text(descriptor).split("\n") == [
        "Join us.",
        "Qualifications",
        "A licensed professional engineer (PE).",
        "Duties",
        "Inspect bridges.",
        "Write reports.",
        "Education",
        "Bachelor's degree in civil engineering.",
        "Requirements",
        "U.S. citizenship.",
    ]


@pytest.mark.parametrize(
    ("place", "text"),
    [
        (
            {
                "CityName": "Arnold, Missouri",
                "CountryCode": "United States",
                "CountrySubDivisionCode": "Missouri",
                "Latitude": 38.4,
                "Longitude": -90.4,
            },
            "Arnold, Missouri, United States",
        ),
        (
            {"CityName": "Sasebo, Japan", "CountryCode": "Japan", "CountrySubDivisionCode": "N/A"},
            "Sasebo, Japan",
        ),
        (
            {
                "CityName": "Location Negotiable After Selection, United States",
                "Latitude": 0.0,
                "Longitude": 0.0,
                "CountryCode": "United States",
                "CountrySubDivisionCode": "N/A",
            },
            "United States",
        ),
        ({}, None),
    ],
)
def test_location_text(place, text):
    assert location_text(place) == text


def test_page_count_from_the_stated_pages_or_the_total():
    assert page_count({"UserArea": {"NumberOfPages": "5"}, "SearchResultCountAll": 9}, 100) == 5
    assert page_count({"SearchResultCountAll": 742}, 250) == 3
    assert page_count({"UserArea": {"NumberOfPages": "many"}}, 100) == 0


def test_the_fixture_pages_are_the_shared_response():
    from tests.shared_data import shared_postings

    shared = shared_postings() / "usajobs_search_api.dev.json"
    if not shared.is_file():
        pytest.skip("the shared development data is not here")
    response = json.loads(shared.read_text(encoding="utf-8"))
    assert saved_items() == response["SearchResult"]["SearchResultItems"]
