"""`credscope check URL`: discover a careers page's board, crawl it over loopback, answer."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.pipelines.check.conftest import Checker

HOST = "127.0.0.1"
UCLH = "University College London Hospitals NHS Foundation Trust"


def registry_entries(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["employers"] if path.exists() else []


def stored(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT source, employer FROM postings ORDER BY 1").fetchall()


@pytest.mark.parametrize(
    ("family", "board"),
    [
        ("greenhouse", {"board": "acme"}),
        ("lever", {"board": "leverco"}),
        ("ashby", {"board": "ashco"}),
        ("smartrecruiters", {"board": "srco"}),
        ("workable", {"board": "workco"}),
        (
            "workday",
            {
                "workday": {
                    "host": "wdco.wd5.myworkdayjobs.com",
                    "tenant": "wdco",
                    "site": "External",
                }
            },
        ),
    ],
)
def test_an_embedded_board_is_found_crawled_and_registered(
    check: Checker, user_registry: Path, family: str, board: dict
) -> None:
    result = check(f"/embeds/{family}.html", "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    rows = stored(check.db)
    assert {source for source, _ in rows} == {family}
    assert {employer for _, employer in rows} == {HOST}
    assert answer["employer"] == HOST
    assert 0 < answer["postings"] <= len(rows)
    assert answer["crawled"] is True and answer["limit_reached"] is False
    assert answer["sentences"][0].startswith(f"{HOST}: {answer['postings']} posting")
    assert len(answer["tables"]["postings"]) == answer["postings"]
    (entry,) = registry_entries(user_registry)
    assert entry["source"] == family and entry["name"] == HOST
    assert {key: entry[key] for key in board} == board
    assert entry["url"] == f"{check.base_url}/embeds/{family}.html"


def test_a_json_ld_career_site_is_named_after_its_hiring_organisation(
    check: Checker, user_registry: Path
) -> None:
    result = check("/embeds/jsonld.html", "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert (answer["employer"], answer["postings"]) == (UCLH, 3)
    assert answer["licence"]["of"] == 3
    (entry,) = registry_entries(user_registry)
    assert (entry["name"], entry["source"], entry["country"]) == (UCLH, "jsonld", "GB")


def test_a_sitemap_link_is_followed_and_the_limit_is_said(check: Checker) -> None:
    result = check("/embeds/sitemap.html", "--limit", "2", "--format", "md")
    assert result.exit_code == 0, result.output
    assert f"# What {UCLH} asks for" in result.stdout
    assert "stopped at the limit of 2 postings" in result.stdout
    assert len(stored(check.db)) == 2


def test_a_second_check_answers_from_the_store_until_the_data_is_old(
    check: Checker, tmp_path: Path
) -> None:
    first = check("/embeds/greenhouse.html", "--format", "json")
    assert first.exit_code == 0, first.output
    again = check("/embeds/greenhouse.html", "--format", "json")
    assert json.loads(again.stdout)["crawled"] is False
    assert "already in the registries" not in again.output
    stale = check("/embeds/greenhouse.html", "--format", "json", "--max-age", "0")
    assert json.loads(stale.stdout)["crawled"] is True
    assert "already in the registries" in stale.output
    by_name = check("127.0.0.1", "--format", "json", "--max-age", "0")  # its registry entry
    assert by_name.exit_code == 0, by_name.output
    assert json.loads(by_name.stdout)["crawled"] is True
    page = tmp_path / "answer.html"
    offline = check("/embeds/greenhouse.html", "--offline", "--format", "html", "--out", str(page))
    assert offline.exit_code == 0, offline.output
    assert "<mark" in page.read_text(encoding="utf-8")
