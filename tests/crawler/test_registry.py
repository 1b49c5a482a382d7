"""The employer registry: the shipped file, validation errors naming entries, name lookup."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
import yaml

from crawler.errors import CrawlerError
from crawler.industry import sector_codes
from crawler.registry import (
    Employer,
    RegistryError,
    append_employer,
    default_registry,
    find_employers,
    load_registry,
    workday_from_url,
)

GOOD = {
    "name": "Acme Health",
    "aliases": ["Acme"],
    "source": "greenhouse",
    "board": "acmehealth",
    "industry": "62",
    "country": "US",
    "found_at": "tests",
}


def write_registry(tmp_path: Path, entries: list) -> Path:
    path = tmp_path / "employers.yaml"
    path.write_text(yaml.safe_dump({"employers": entries}, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped() -> list[Employer]:
    return load_registry()


def test_shipped_registry_is_large_and_varied(shipped):
    assert len(shipped) >= 150
    sectors = collections.Counter(e.industry for e in shipped)
    assert len(sectors) >= 12
    assert set(sectors) <= set(sector_codes())
    assert {e.source for e in shipped} >= {"greenhouse", "lever", "ashby", "workday", "jsonld"}
    assert all(e.industry and e.country for e in shipped)  # optional only in a user's registry


def test_shipped_federal_agencies_are_usajobs_boards_in_sector_92(shipped):
    federal = {e.name: e for e in shipped if e.source == "usajobs"}
    assert federal["Department of the Air Force"].board == "AF"
    assert federal["Environmental Protection Agency"].board == "EP00;EPJF;EPR1"
    assert {(e.industry, e.country) for e in federal.values()} == {("92", "US")}
    assert find_employers(["cdc"], shipped) == [
        federal["Centers for Disease Control and Prevention"]
    ]


def test_shipped_entries_say_where_they_were_found(shipped):
    assert all(e.found_at.strip() for e in shipped)
    workday = [e for e in shipped if e.source == "workday"]
    assert workday and all(
        e.workday and e.workday["host"].startswith(e.workday["tenant"] + ".") for e in workday
    )


def test_load_registry_reads_a_given_path(tmp_path):
    (employer,) = load_registry(write_registry(tmp_path, [GOOD]))
    assert employer == Employer(
        name="Acme Health",
        aliases=["Acme"],
        source="greenhouse",
        board="acmehealth",
        url=None,
        workday=None,
        industry="62",
        country="US",
        found_at="tests",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source": "greenhous"}, "unknown source 'greenhous'"),
        ({"board": None}, "needs 'board'"),
        ({"board": "has space"}, "is not a board token"),
        ({"industry": "99"}, "not a NAICS 2022 sector code"),
        ({"industry": "31"}, "not a NAICS 2022 sector code"),
        ({"country": "XX"}, "not an ISO 3166-1 alpha-2 code"),
        ({"country": "USA"}, "not an ISO 3166-1 alpha-2 code"),
        ({"found_at": ""}, "'found_at' is required"),
        ({"name": None}, "'name' is required"),
        ({"aliases": "Acme"}, "'aliases' must be a list"),
        ({"colour": "red"}, "unknown field 'colour'"),
        ({"source": "jsonld", "board": None}, "source jsonld needs 'url'"),
        ({"source": "usajobs", "board": "af"}, "source usajobs needs 'board': USAJOBS"),
        ({"source": "usajobs", "board": "EP00;"}, "source usajobs needs 'board': USAJOBS"),
        ({"source": "usajobs", "board": None}, "source usajobs needs 'board': USAJOBS"),
        ({"source": "workday", "board": None}, "source workday needs 'workday"),
        (
            {"source": "workday", "workday": {"host": "acme.example.com", "tenant": "acme"}},
            "workday.site is required",
        ),
        (
            {"workday": {"host": "a.wd1.myworkdayjobs.com", "tenant": "a", "site": "S"}},
            "only for source workday",
        ),
    ],
)
def test_invalid_entry_is_named_with_file_and_index(tmp_path, change, message):
    bad = {**GOOD, "name": "Bad Co", **change}
    path = write_registry(tmp_path, [GOOD, bad])
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    label = "entry 2 (Bad Co)" if bad.get("name") else "entry 2"
    problem = next(p for p in caught.value.problems if message in p)
    assert problem.startswith(f"{path}: {label}: ")
    assert isinstance(caught.value, CrawlerError)


def test_every_bad_entry_is_listed(tmp_path):
    entries = [GOOD, {**GOOD, "name": "B", "country": "ZZ"}, {**GOOD, "name": "C", "industry": "7"}]
    with pytest.raises(RegistryError) as caught:
        load_registry(write_registry(tmp_path, entries))
    assert len(caught.value.problems) == 2
    assert "entry 2 (B)" in str(caught.value) and "entry 3 (C)" in str(caught.value)


def test_duplicate_names_and_boards_are_rejected(tmp_path):
    entries = [GOOD, {**GOOD, "name": "acme", "aliases": [], "board": "other"}]
    with pytest.raises(RegistryError, match="name 'acme' is already used by Acme Health"):
        load_registry(write_registry(tmp_path, entries))
    entries = [GOOD, {**GOOD, "name": "Other", "aliases": []}]
    with pytest.raises(RegistryError, match="same greenhouse board as Acme Health"):
        load_registry(write_registry(tmp_path, entries))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("employers: [unclosed", "not valid YAML"),
        ("- a list\n", "expected a mapping with an 'employers' list"),
    ],
)
def test_unreadable_registry_files(tmp_path, text, message):
    path = tmp_path / "employers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_registry(path)
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "missing.yaml")


def test_find_employers_by_name_or_alias_case_insensitively(shipped):
    found = find_employers(["nvidia", "HOME DEPOT", "The Home Depot"], shipped)
    assert [e.name for e in found] == ["NVIDIA", "The Home Depot"]


def test_find_employers_suggests_close_names(shipped):
    with pytest.raises(RegistryError, match=r"no employer named 'Nvidea'.*did you mean 'NVIDIA'"):
        find_employers(["Nvidea"], shipped)


def test_workday_from_url():
    assert workday_from_url("https://nvidia.wd5.myworkdayjobs.com/NVIDIAExternalCareerSite") == {
        "host": "nvidia.wd5.myworkdayjobs.com",
        "tenant": "nvidia",
        "site": "NVIDIAExternalCareerSite",
    }
    assert workday_from_url("https://ipas.wd5.myworkdayjobs.com/en-US/Ipas/job/x")["site"] == "Ipas"
    assert workday_from_url("https://example.com/careers") is None
    assert workday_from_url("https://acme.wd1.myworkdayjobs.com/") is None


def test_append_employer_keeps_comments_and_validates(tmp_path):
    path = tmp_path / "employers.yaml"
    path.write_text(
        "# my registry\nemployers:\n  - "
        + yaml.safe_dump(GOOD).replace("\n", "\n    ").rstrip()
        + "\n"
    )
    new = {**GOOD, "name": "Beta Retail", "aliases": [], "board": "beta", "industry": "44-45"}
    append_employer(new, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my registry\n")
    assert [e.name for e in load_registry(path)] == ["Acme Health", "Beta Retail"]
    with pytest.raises(RegistryError, match="already used"):
        append_employer(new, path)
    with pytest.raises(RegistryError, match="unknown source"):
        append_employer({**new, "name": "Gamma", "source": "indeed"}, path)
    assert path.read_text(encoding="utf-8") == text


def test_append_employer_creates_a_new_registry(tmp_path):
    path = tmp_path / "new.yaml"
    append_employer(GOOD, path)
    assert [e.name for e in load_registry(path)] == ["Acme Health"]


def test_default_registry_path_is_the_shipped_file():
    path = default_registry()
    assert path.name == "employers.yaml" and path.parent.name == "sources" and path.is_file()
