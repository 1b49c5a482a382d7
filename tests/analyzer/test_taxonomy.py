"""The taxonomy files validate, and the validator names the file and entry of every problem."""

from pathlib import Path

import pytest

from analyzer.patterns import credential_patterns
from analyzer.taxonomy import (
    TaxonomyError,
    compile_patterns,
    is_case_exact,
    load_taxonomy,
)
from analyzer.vocab import CREDENTIAL_TYPES as TYPES


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def test_shipped_taxonomy_is_valid_and_covers_every_type():
    taxonomy = load_taxonomy()
    counts = taxonomy.by_type()
    assert set(counts) == set(TYPES)
    assert all(counts[t] > 0 for t in TYPES), counts
    assert len(taxonomy) >= 800


def test_degrees_carry_levels_and_others_do_not():
    taxonomy = load_taxonomy()
    for credential in taxonomy.credentials.values():
        assert (credential.level is not None) == (credential.type == "degree"), credential.id


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "entries:\n  - {id: a.b, type: degree, label: X, level: bachelor, colour: red}\n",
            "unknown key 'colour'",
        ),
        ("entries:\n  - {id: a.b, type: diploma, label: X}\n", "bad type 'diploma'"),
        ("entries:\n  - {id: a.b, type: degree, label: X}\n", "degree needs a level"),
        (
            "entries:\n  - {id: a.b, type: license, label: X, level: master}\n",
            "only degrees have a level",
        ),
        ("entries:\n  - {id: A B, type: license, label: X}\n", "bad id"),
        ("entries:\n  - {type: license, label: X}\n", "missing key 'id'"),
        ("entries: [\n", "cannot parse"),
        (
            "entries:\n  - {id: a.b, type: license, label: X, aliases: [X or equivalent]}\n",
            "ends in 'or equivalent'",
        ),
        (
            "entries:\n  - {id: a.b, type: license, label: X, aliases: [X preferred]}\n",
            "ends in a strength cue",
        ),
        ("- just a list\n", "expected a mapping"),
        (
            "entries:\n  - {id: a.b, type: license, label: X, patterns: [[{NOPE: 1}]]}\n",
            "pattern 0",
        ),
    ],
)
def test_invalid_entries_are_named(tmp_path, body, message):
    write(tmp_path, "bad.yaml", body)
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(tmp_path)
    assert "bad.yaml" in str(raised.value)
    assert message in str(raised.value)


def test_duplicate_ids_and_aliases_across_files(tmp_path):
    write(
        tmp_path,
        "a.yaml",
        "entries:\n  - {id: x.one, type: license, label: One, aliases: [Shared]}\n",
    )
    write(
        tmp_path,
        "b.yaml",
        "entries:\n  - {id: x.one, type: license, label: Two}\n"
        "  - {id: x.two, type: license, label: Three, aliases: [shared]}\n",
    )
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(tmp_path)
    text = str(raised.value)
    assert "b.yaml: x.one: duplicate id (also in a.yaml)" in text
    assert "alias 'shared' also in x.one" in text


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(TaxonomyError, match="no taxonomy files"):
        load_taxonomy(tmp_path)


def test_version_changes_with_content(tmp_path):
    path = write(tmp_path, "a.yaml", "entries:\n  - {id: x.one, type: license, label: One}\n")
    first = load_taxonomy(tmp_path).version
    path.write_text("entries:\n  - {id: x.one, type: license, label: Uno}\n", encoding="utf-8")
    assert load_taxonomy(tmp_path).version != first


@pytest.mark.parametrize(
    ("alias", "exact"),
    [
        ("RN", True),
        ("B.S.", True),
        ("TS/SCI", True),
        ("BSc", True),
        ("FdA", True),
        ("bsc", False),
        ("Sec+", False),
        ("CompTIA", False),
        ("Security+", False),
        ("PMP", True),
    ],
)
def test_short_capitals_match_case_exactly(alias, exact):
    assert is_case_exact(alias) is exact


def test_compiled_patterns_keep_ids_and_lookalikes(tmp_path):
    write(
        tmp_path,
        "a.yaml",
        "entries:\n  - {id: deg.any, type: degree, level: unspecified, label: degree, "
        "not: [360 degree]}\n  - {id: lic.rn, type: license, label: RN}\n",
    )
    patterns = compile_patterns(load_taxonomy(tmp_path))
    assert {"label": "degree", "pattern": "degree", "id": "deg.any"} in patterns
    assert {"label": "NOT", "pattern": "360 degree", "id": "deg.any"} in patterns
    assert {"label": "license", "pattern": "RN", "id": "lic.rn"} in patterns


def test_patterns_are_split_between_the_matchers():
    phrase = credential_patterns(kind="phrase")
    exact = credential_patterns(kind="exact")
    token = credential_patterns(kind="token")
    assert all(isinstance(p["pattern"], str) and not is_case_exact(p["pattern"]) for p in phrase)
    assert all(isinstance(p["pattern"], str) and is_case_exact(p["pattern"]) for p in exact)
    assert all(isinstance(p["pattern"], list) for p in token)
    assert {"label": "certification", "pattern": "PMP", "id": "cert.pmi.pmp"} in exact
