"""`credscope sources list|show|add|validate` through Typer's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from crawler import registry as crawler_registry
from crawler.registry import load_registry
from pipelines.cli import sources as sources_cli
from pipelines.cli.app import app as credscope

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return credscope


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "employers.yaml"
    entries = [
        {
            "name": "Acme Health",
            "aliases": ["Acme"],
            "source": "greenhouse",
            "board": "acme",
            "industry": "62",
            "country": "US",
            "found_at": "tests",
        },
        {
            "name": "Beta Stores",
            "source": "workday",
            "workday": {"host": "beta.wd5.myworkdayjobs.com", "tenant": "beta", "site": "Careers"},
            "industry": "44-45",
            "country": "GB",
            "found_at": "tests",
        },
    ]
    path.write_text("# test registry\n" + yaml.safe_dump({"employers": entries}, sort_keys=False))
    return path


def run(app, *args: str):
    return runner.invoke(app, ["sources", *args], catch_exceptions=False)


def test_list_shows_a_table_of_the_shipped_registry(app):
    result = run(app, "list")
    assert result.exit_code == 0
    assert "NVIDIA" in result.stdout and "nvidia.wd5.myworkdayjobs.com" in result.stdout
    assert "employers" in result.stdout


def test_list_filters_by_source_and_industry(app, registry):
    result = run(app, "list", "--registry", str(registry), "--source", "workday")
    assert result.exit_code == 0
    assert "Beta Stores" in result.stdout and "Acme Health" not in result.stdout
    result = run(app, "list", "--registry", str(registry), "--industry", "Hospital & Health Care")
    assert "Acme Health" in result.stdout and "Beta Stores" not in result.stdout
    result = run(app, "list", "--registry", str(registry), "--industry", "62")
    assert "Acme Health" in result.stdout


def test_list_rejects_an_unknown_industry(app, registry):
    result = run(app, "list", "--registry", str(registry), "--industry", "Widgets")
    assert result.exit_code == 2
    assert "unknown industry 'Widgets'" in result.stderr


def test_show_one_employer_by_alias(app, registry):
    result = run(app, "show", "acme", "--registry", str(registry))
    assert result.exit_code == 0
    assert "name:" in result.stdout and "Acme Health" in result.stdout
    assert "62 (Health Care and Social Assistance)" in result.stdout


def test_show_unknown_employer_suggests_names(app, registry):
    result = run(app, "show", "Acne Health", "--registry", str(registry))
    assert result.exit_code == 2
    assert "did you mean 'Acme Health'" in result.stderr
    assert "Traceback" not in result.output


def test_validate_counts_a_good_registry(app, registry):
    result = run(app, "validate", "--registry", str(registry))
    assert result.exit_code == 0
    assert "2 employers OK across 2 NAICS sectors" in result.stdout


def test_validate_the_shipped_registry(app):
    result = run(app, "validate")
    assert result.exit_code == 0
    assert "employers OK" in result.stdout


def test_validate_lists_every_bad_entry_with_file_and_entry(app, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "employers": [
                    {
                        "name": "One",
                        "source": "greenhouse",
                        "board": "one",
                        "industry": "99",
                        "country": "US",
                        "found_at": "t",
                    },
                    {"source": "lever", "industry": "62", "country": "US", "found_at": "t"},
                ]
            }
        )
    )
    result = run(app, "validate", "--registry", str(path))
    assert result.exit_code == 2
    assert f"{path}: entry 1 (One): industry '99'" in result.stderr
    assert f"{path}: entry 2: 'name' is required" in result.stderr
    assert f"{path}: entry 2: source lever needs 'board'" in result.stderr


def test_add_appends_a_validated_entry(app, registry):
    result = run(
        app,
        "add",
        "--registry",
        str(registry),
        "--name",
        "Gamma Bank",
        "--source",
        "lever",
        "--board",
        "gamma",
        "--industry",
        "Banking",
        "--country",
        "us",
        "--found-at",
        "a test",
        "--alias",
        "Gamma",
    )
    assert result.exit_code == 0, result.output
    assert "added Gamma Bank" in result.stdout
    gamma = load_registry(registry)[-1]
    assert (gamma.name, gamma.industry, gamma.country, gamma.aliases) == (
        "Gamma Bank",
        "52",
        "US",
        ["Gamma"],
    )
    assert registry.read_text().startswith("# test registry\n")


def test_add_reads_workday_host_tenant_and_site_from_the_url(app, registry):
    result = run(
        app,
        "add",
        "--registry",
        str(registry),
        "--name",
        "Delta Co",
        "--source",
        "workday",
        "--url",
        "https://delta.wd1.myworkdayjobs.com/en-US/DeltaCareers",
        "--industry",
        "31-33",
        "--country",
        "US",
        "--found-at",
        "a test",
    )
    assert result.exit_code == 0, result.output
    assert load_registry(registry)[-1].workday == {
        "host": "delta.wd1.myworkdayjobs.com",
        "tenant": "delta",
        "site": "DeltaCareers",
    }


def test_add_rejects_a_bad_entry_and_leaves_the_file(app, registry):
    before = registry.read_text()
    result = run(
        app,
        "add",
        "--registry",
        str(registry),
        "--name",
        "Acme",
        "--source",
        "greenhouse",
        "--board",
        "acme2",
        "--industry",
        "62",
        "--country",
        "US",
        "--found-at",
        "t",
    )
    assert result.exit_code == 2
    assert "already used by Acme Health" in result.stderr
    result = run(
        app,
        "add",
        "--registry",
        str(registry),
        "--name",
        "Zeta",
        "--source",
        "workday",
        "--industry",
        "62",
        "--country",
        "US",
        "--found-at",
        "t",
    )
    assert result.exit_code == 2
    assert "source workday needs" in result.stderr
    assert registry.read_text() == before


def test_help_defaults_agree_with_the_crawler_registry():
    assert sources_cli.SOURCES == crawler_registry.SOURCES
