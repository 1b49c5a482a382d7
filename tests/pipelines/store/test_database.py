"""The DuckDB store: schema and upgrades, clear errors on unusable files, incremental postings."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.store.damage import damage_reported
from pipelines.store.database import Store
from pipelines.store.errors import StoreError, StoreLocked
from pipelines.store.migrations import CURRENT_VERSION, MIGRATIONS
from pipelines.store.sink import StoreSink

CONTRACT_COLUMNS = {
    "postings": [
        "posting_id", "source", "source_ref", "url", "employer", "title", "text", "html",
        "location_raw", "country", "subdivision", "city", "remote", "industry", "industry_source",
        "date_posted", "first_seen", "last_seen", "closed_at", "content_hash",
        "jsonld_education_requirements", "jsonld_experience_in_place_of_education", "run_id",
    ],
    "mentions": [
        "posting_id", "analysis_version", "ordinal", "start", "end", "text", "type", "level",
        "credential_id", "label", "issuer", "strength", "experience_substitute", "section",
    ],
    "runs": ["run_id", "command", "started_at", "ended_at", "status", "counts", "error"],
}  # fmt: skip


def posting(ref: str, *, text: str = "A degree is required.", employer: str = "Acme") -> dict:
    return {
        "source": "greenhouse",
        "source_ref": ref,
        "employer": employer,
        "title": f"Engineer {ref}",
        "text": text,
        "date_posted": "2024-03-01T09:00:00Z",
        "remote": True,
    }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    return [row[0] for row in rows]


def test_new_store_has_the_contract_schema(tmp_path: Path) -> None:
    with Store.open(tmp_path / "sub" / "new.duckdb") as store:
        for table, expected in CONTRACT_COLUMNS.items():
            assert columns(store.con, table) == expected
        assert columns(store.con, "posting_summaries")[:7] == [
            "posting_id", "analysis_version", "content_hash", "equivalency",
            "min_degree_required", "n_mentions", "analysed_at",
        ]  # fmt: skip
        assert store.con.execute("SELECT max(version) FROM schema_version").fetchone() == (
            CURRENT_VERSION,
        )


def test_version_1_file_is_upgraded_in_place_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for statement in MIGRATIONS[0].statements:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1)")
    con.execute("INSERT INTO postings (posting_id, title) VALUES ('p1', 'Nurse')")
    con.execute("INSERT INTO posting_summaries (posting_id, analysis_version) VALUES ('p1', 'v')")
    con.close()

    with Store.open(path) as store:
        assert {"run_id", "language"} <= set(columns(store.con, "posting_summaries"))
        assert store.con.execute("SELECT max(version) FROM schema_version").fetchone() == (
            CURRENT_VERSION,
        )
        assert store.con.execute("SELECT title FROM postings").fetchall() == [("Nurse",)]
        assert store.count("posting_summaries") == 1


def test_old_file_opened_read_only_asks_for_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for statement in MIGRATIONS[0].statements:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1)")
    con.close()
    with pytest.raises(StoreError, match="schema version 1"):
        Store.open(path, read_only=True)


def test_corrupt_file_is_a_clear_error_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.duckdb"
    path.write_bytes(b"this is not a database\n" * 500)
    before = digest(path)
    with pytest.raises(StoreError, match="not a valid DuckDB database") as caught:
        Store.open(path)
    assert type(caught.value) is StoreError  # not StoreLocked: a usage error, not "try later"
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corrupt.duckdb"]


def damaged_store(path: Path, how: str) -> Path:
    """A real store with ~2 MB of postings, then truncated or overwritten in its middle."""
    with Store.open(path) as store:
        texts = [random.Random(i).randbytes(10_000).hex() for i in range(100)]
        store.upsert_postings([posting(str(i), text=text) for i, text in enumerate(texts)])
    size = path.stat().st_size
    with path.open("r+b") as handle:
        if how == "truncated":
            handle.truncate(size // 2)
        else:
            handle.seek(size // 4)
            handle.write(b"\xff" * (size // 2))
    return path


@pytest.mark.parametrize("how", ["truncated", "overwritten"])
def test_damaged_store_is_refused_before_anything_is_written(tmp_path: Path, how: str) -> None:
    path = damaged_store(tmp_path / "damaged.duckdb", how)
    before = digest(path)
    with pytest.raises(StoreError, match="is damaged and cannot be read") as caught:
        Store.open(path)
    assert type(caught.value) is StoreError  # not StoreLocked: a usage error, not "try later"
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.duckdb"]


def test_damage_found_while_reading_becomes_a_store_error(tmp_path: Path) -> None:
    path = damaged_store(tmp_path / "damaged.duckdb", "truncated")
    before = digest(path)
    with (
        pytest.raises(StoreError, match="damaged"),
        damage_reported(path),
        Store.open(path, read_only=True) as store,
    ):
        store.con.execute("SELECT sum(length(text)) FROM postings").fetchone()
    with pytest.raises(duckdb.CatalogException), damage_reported(path):
        duckdb.connect().execute("SELECT * FROM no_such_table")
    assert digest(path) == before


def test_newer_schema_version_is_refused_and_the_file_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    Store.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (?)", [CURRENT_VERSION + 1])
    con.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer than this credscope supports"):
        Store.open(path)
    assert digest(path) == before
    assert not path.with_name("future.duckdb.wal").exists()


def test_file_locked_by_another_process_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    Store.open(path).close()
    before = digest(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,sys; c=duckdb.connect({str(path)!r}); "
         "print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked, match="in use by another process"):
            Store.open(path)
    finally:
        holder.communicate("")
    assert digest(path) == before


def test_foreign_duckdb_file_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (amount INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a credscope store"):
        Store.open(path)
    con = duckdb.connect(str(path))
    tables = con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    con.close()
    assert tables == [("sales",)]


def test_read_only_open_of_a_missing_file_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="credscope import"):
        Store.open(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


def test_failed_transaction_writes_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.duckdb") as store:
        with pytest.raises(RuntimeError), store.transaction() as con:
            con.execute("INSERT INTO postings (posting_id) VALUES ('x')")
            raise RuntimeError("boom")
        assert store.count("postings") == 0


def test_sink_inserts_updates_moves_last_seen_and_closes(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        sink = StoreSink(store, run_id=7)
        sink.open()
        sink.write([posting("1"), posting("2"), posting("3")])
        sink.write([posting("9", employer="Other")])
        assert sink.finish([("greenhouse", "Acme")]) == {
            "new": 4, "updated": 0, "unchanged": 0, "closed": 0,
        }  # fmt: skip
        first = dict(store.con.execute("SELECT source_ref, last_seen FROM postings").fetchall())

        sink.open()
        sink.write([posting("1"), posting("2", text="A master's degree is required.")])
        counts = sink.finish([("greenhouse", "Acme")])

        assert counts == {"new": 0, "updated": 1, "unchanged": 1, "closed": 1}
        rows = store.con.execute(
            "SELECT source_ref, text, closed_at IS NOT NULL, last_seen, first_seen, run_id, "
            "date_posted::VARCHAR, remote FROM postings ORDER BY source_ref"
        ).fetchall()
        by_ref = {row[0]: row for row in rows}
        assert [row[0] for row in rows] == ["1", "2", "3", "9"]
        assert by_ref["2"][1] == "A master's degree is required."
        assert [by_ref[ref][2] for ref in "1239"] == [False, False, True, False]
        assert by_ref["1"][3] > first["1"] and by_ref["3"][3] == first["3"]
        assert by_ref["1"][4] == first["1"]
        assert all(row[5] == 7 and row[6] == "2024-03-01" and row[7] is True for row in rows)


def test_reappearing_posting_is_reopened_and_repeats_count_unchanged(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        sink = StoreSink(store)
        sink.open()
        sink.write([posting("1"), posting("2")])
        sink.finish([])
        sink.open()
        sink.write([posting("1")])
        assert sink.finish([("greenhouse", "Acme")])["closed"] == 1
        assert store.upsert_postings([posting("2"), posting("2")]) == {
            "new": 0, "updated": 0, "unchanged": 2,
        }  # fmt: skip
        assert store.count("postings", "closed_at IS NOT NULL") == 0
        assert store.count("postings") == 2
