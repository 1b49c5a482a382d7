"""`export_tables`: one Parquet or CSV file per table, readable back with the same rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.errors import InputError
from pipelines.stages.extract import extract
from pipelines.store.database import Store
from pipelines.store.export import EXPORTED_TABLES, export_tables
from pipelines.store.run_records import recorded_run
from tests.pipelines.store_data import FAKE, nhs_postings


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "export.duckdb") as opened:
        with recorded_run(opened, "extract") as record:
            opened.upsert_postings(nhs_postings(25))
            record.counts["extract"] = extract(opened, analyzer=FAKE)
        yield opened


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_table_is_written_with_all_its_rows(store: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / fmt
    written = export_tables(store, out, fmt)
    assert [p.name for p in written] == [f"{table}.{fmt}" for table in EXPORTED_TABLES]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
    reader = duckdb.connect()
    for path, table in zip(written, EXPORTED_TABLES, strict=True):
        exported = reader.execute(f"SELECT count(*) FROM '{path}'").fetchone()
        assert exported == (store.count(table),)
    assert store.count("mentions") > 0 and store.count("runs") == 1
    texts = reader.execute(
        f"SELECT text FROM '{out}/postings.{fmt}' ORDER BY posting_id"
    ).fetchall()
    stored = store.con.execute("SELECT text FROM postings ORDER BY posting_id").fetchall()
    assert texts == stored


def test_unknown_format_is_an_input_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format"):
        export_tables(store, tmp_path / "x", "xlsx")
    assert not (tmp_path / "x").exists()
