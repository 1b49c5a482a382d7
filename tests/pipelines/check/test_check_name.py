"""`credscope check NAME`, `credscope employer NAME` and `report employer NAME`: one forgiving
resolver (any case, a unique prefix, a close match) over the registries and the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawler.registry import Employer, load_registries
from pipelines.check.errors import AmbiguousEmployer, UnknownEmployer
from pipelines.check.names import employer_names, resolve
from pipelines.cli.app import app
from pipelines.cli.crawl import choose_employers
from pipelines.stages.run import RunOptions, _chosen_employers
from pipelines.store.database import Store

NURSE = (
    "Registered Nurse. A current RN licence is required. Bachelor's degree in nursing required, "
    "or equivalent experience in lieu of the degree."
)
CLERK = "Office clerk. High school diploma required. Typing at 40 words a minute is preferred."


def employer(name: str, *aliases: str) -> Employer:
    return Employer(name, list(aliases), "lever", name.lower()[:5], None, None, "62", "US", "t")


@pytest.fixture
def store(tmp_path: Path, user_registry: Path) -> Path:
    """A store holding imported postings of three employers."""
    db = tmp_path / "names.duckdb"
    rows = [
        ("Riverside Health Trust", "Nurse", NURSE),
        ("Riverside Health Trust", "Clerk", CLERK),
        ("Riverside Retail", "Clerk", CLERK + " Retail."),
        ("Harbor Software", "Nurse", NURSE + " Software."),
    ]
    with Store.open(db) as opened:
        opened.upsert_postings(
            {
                "source": "import:jsonl",
                "source_ref": str(i),
                "employer": name,
                "title": title,
                "text": text,
                "industry": "62",
                "country": "GB",
            }
            for i, (name, title, text) in enumerate(rows)
        )
    return db


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.output


def test_resolve_any_case_prefix_and_typo() -> None:
    names = employer_names([employer("Procter & Gamble", "P&G")], ["Riverside Health Trust"])
    assert resolve("p&g", names).name == "Procter & Gamble"
    assert resolve("RIVERSIDE HEALTH TRUST", names).note is None
    assert resolve("Riverside", names).name == "Riverside Health Trust"
    typo = resolve("Procter & Gambel", names)
    assert typo.name == "Procter & Gamble" and "using 'Procter & Gamble'" in str(typo.note)
    with pytest.raises(UnknownEmployer, match="no employer called 'Zebra Zoo'"):
        resolve("Zebra Zoo", names)


def test_an_ambiguous_name_lists_the_candidates() -> None:
    names = employer_names([], ["Riverside Health Trust", "Riverside Retail"])
    with pytest.raises(AmbiguousEmployer) as raised:
        resolve("riverside", names)
    assert str(raised.value) == (
        "'riverside' could mean 'Riverside Health Trust', 'Riverside Retail'; give more of the name"
    )


def test_check_a_name_with_a_typo_and_another_case(store: Path) -> None:
    code, out, output = invoke(
        "check", "riverside helth trust", "--db", str(store), "--format", "json"
    )
    assert code == 0, output
    assert "note: no employer is called 'riverside helth trust'" in output
    answer = json.loads(out)
    assert (answer["employer"], answer["postings"]) == ("Riverside Health Trust", 2)
    assert answer["licence"] == {"postings": 1, "of": 2, "share": 0.5}
    assert answer["degree_required"]["postings"] == 1
    assert answer["degree_required_accepting_experience"]["postings"] == 1
    assert answer["crawled"] is False
    code, out, output = invoke("check", "HARBOR SOFTWARE", "--db", str(store))
    assert code == 0 and "note:" not in output
    assert "Harbor Software: 1 posting analysed." in out


def test_check_out_into_a_folder_and_an_unwritable_place(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    code, _, output = invoke(
        "check", "harbor", "--db", str(store), "--format", "md", "--out", str(folder)
    )
    assert code == 0, output
    written = list(folder.iterdir())
    assert [p.suffix for p in written] == [".md"] and "Harbor Software" in written[0].read_text()
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    code, _, output = invoke("check", "harbor", "--db", str(store), "--out", str(blocked / "x.md"))
    assert code == 2 and f"error: cannot write {blocked / 'x.md'}" in output
    assert "Traceback" not in output


def test_check_an_ambiguous_name_exits_2(store: Path) -> None:
    code, _, output = invoke("check", "Riverside", "--db", str(store))
    assert code == 2
    assert "could mean 'Riverside Health Trust', 'Riverside Retail'" in output
    assert "Traceback" not in output


def test_the_employer_views_accept_names_the_same_way(store: Path) -> None:
    assert invoke("check", "harbor", "--db", str(store))[0] == 0  # analyses the store
    code, out, output = invoke("employer", "harbr software", "--db", str(store), "--min-n", "1")
    assert code == 0, output
    assert "using 'Harbor Software'" in output and "What Harbor Software asks for" in out
    code, out, _ = invoke("report", "employer", "harbor", "--db", str(store), "--format", "csv")
    assert code == 0 and "Bachelor" in out


def test_run_and_crawl_read_the_bundled_and_the_user_registry(user_registry: Path) -> None:
    user_registry.parent.mkdir(parents=True)
    user_registry.write_text(
        "employers:\n- {name: Checked Co, source: lever, board: checkedco, found_at: check}\n",
        encoding="utf-8",
    )
    chosen = _chosen_employers(RunOptions())
    assert chosen[-1].name == "Checked Co" and chosen[-1].industry is None
    assert len(chosen) == len(load_registries(None)) + 1
    (named,) = choose_employers(["checked co"], [], None, None)
    assert (named.source, named.board) == ("lever", "checkedco")
