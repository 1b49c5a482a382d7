"""Credential facts: every fact names its public source, URLs are https, and the most requested
credentials (data/taxonomy/most_requested.csv) carry sourced facts."""

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.paths import taxonomy_dir
from analyzer.taxonomy import TaxonomyError, load_taxonomy
from pipelines.cli.app import app

MOST_REQUESTED = taxonomy_dir() / "most_requested.csv"
TOP_WITH_FACTS_FLOOR = 50  # the real count when the facts were filled in: 50 of the top 100
SOURCE = "facts_source: {title: Renewal page, url: 'https://example.org/renewal'}"


def top_ids() -> list[str]:
    with MOST_REQUESTED.open(encoding="utf-8", newline="") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


def test_every_fact_names_an_https_source():
    taxonomy = load_taxonomy()
    for credential in taxonomy.credentials.values():
        if credential.renewal_years is not None or credential.prerequisites is not None:
            assert credential.facts_source is not None, credential.id
        if credential.facts_source is not None:
            assert credential.facts_source.title.strip(), credential.id
            assert credential.facts_source.url.startswith("https://"), credential.id
        if credential.official_url is not None:
            assert credential.official_url.startswith("https://"), credential.id


def test_most_requested_list_matches_the_taxonomy():
    taxonomy = load_taxonomy()
    ids = top_ids()
    assert len(ids) == 100
    assert len(set(ids)) == 100
    assert all(taxonomy.get(i) is not None for i in ids)


def test_most_requested_credentials_carry_sourced_facts():
    taxonomy = load_taxonomy()
    with_facts = [i for i in top_ids() if taxonomy.credentials[i].has_sourced_fact()]
    assert len(with_facts) >= TOP_WITH_FACTS_FLOOR, len(with_facts)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("renewal_years: 2", "need a 'facts_source'"),
        ("prerequisites: An exam", "need a 'facts_source'"),
        (SOURCE, "no fact it states"),
        ("renewal_years: 2, facts_source: {title: T, url: 'http://x.org'}", "https:// 'url'"),
        ("renewal_years: 2, facts_source: {url: 'https://x.org'}", "a 'title'"),
        (f"renewal_years: two, {SOURCE}", "positive number"),
        (f"renewal_years: true, {SOURCE}", "positive number"),
        (f"prerequisites: '', {SOURCE}", "non-empty string"),
        ("official_url: 'http://x.org'", "'official_url' must be an https:// URL"),
        ("source: 'https://x.org'", "unknown key 'source'"),
    ],
)
def test_bad_facts_are_named(tmp_path: Path, fields: str, message: str):
    body = f"entries:\n  - {{id: a.b, type: license, label: X, {fields}}}\n"
    (tmp_path / "facts.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(tmp_path)
    assert "facts.yaml: a.b" in str(raised.value)
    assert message in str(raised.value)


def test_facts_load_and_show_on_the_command_line(tmp_path: Path):
    body = (
        "entries:\n  - {id: a.b, type: license, label: X, official_url: 'https://x.org/b',"
        f" renewal_years: 2, prerequisites: ' An exam ', {SOURCE}}}\n"
    )
    (tmp_path / "facts.yaml").write_text(body, encoding="utf-8")
    credential = load_taxonomy(tmp_path).credentials["a.b"]
    assert credential.prerequisites == "An exam"
    assert credential.has_sourced_fact()
    shown = CliRunner().invoke(app, ["taxonomy", "show", "license.nmc.registration"])
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.stdout)
    assert record["renewal_years"] == 3
    assert record["facts_source"]["url"].startswith("https://")
