"""`credscope export`: one Parquet or CSV file per store table, for other tools to read."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
from duckdb.sqltypes import VARCHAR

from pipelines.errors import InputError
from pipelines.output_safety import neutralise_cell
from pipelines.store.backend import StoreBackend

EXPORTED_TABLES = {
    "postings": "posting_id",
    "mentions": "posting_id, analysis_version, ordinal",
    "posting_summaries": "posting_id, analysis_version",
    "runs": "run_id",
}
COPY_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true"}
NUMERIC = re.compile(r"U?(?:TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL\(.*\)")
SAFE_CELL_UDF = "credscope_csv_cell"


def export_tables(store: StoreBackend, out_dir: Path, fmt: str) -> list[Path]:
    """Write each table to out_dir/<table>.<fmt> (through a temporary file); return the paths."""
    if fmt not in COPY_OPTIONS:
        raise InputError(f"unknown export format {fmt!r}; known: {', '.join(COPY_OPTIONS)}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create {out_dir}: {error}") from error
    if fmt == "csv":
        _register_safe_cell(store.con)
    written = []
    for table, order in EXPORTED_TABLES.items():
        target = out_dir / f"{table}.{fmt}"
        partial = out_dir / f".{table}.{fmt}.partial"
        escaped = str(partial).replace("'", "''")
        select, options = _select(store.con, table, fmt)
        store.con.execute(f"COPY ({select} ORDER BY {order}) TO '{escaped}' ({options})")
        os.replace(partial, target)
        written.append(target)
    return written


def _select(con: duckdb.DuckDBPyConnection, table: str, fmt: str) -> tuple[str, str]:
    """The SELECT and COPY options for one table; CSV text cells are neutralised and quoted."""
    if fmt != "csv":
        return f"SELECT * FROM {table}", COPY_OPTIONS[fmt]
    columns = con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {table})").fetchall()
    text = [name for name, kind in columns if not NUMERIC.fullmatch(kind)]
    cells = [
        f'{SAFE_CELL_UDF}(CAST("{name}" AS VARCHAR)) AS "{name}"' if name in text else f'"{name}"'
        for name, _ in columns
    ]
    quoted = ", ".join(f'"{name}"' for name in text)
    options = COPY_OPTIONS[fmt] + (f", FORCE_QUOTE ({quoted})" if text else "")
    return f"SELECT {', '.join(cells)} FROM {table}", options


def _register_safe_cell(con: duckdb.DuckDBPyConnection) -> None:
    """Make neutralise_cell callable from SQL on this connection (once)."""
    known = "SELECT 1 FROM duckdb_functions() WHERE function_name = ?"
    if not con.execute(known, [SAFE_CELL_UDF]).fetchone():
        con.create_function(SAFE_CELL_UDF, neutralise_cell, [VARCHAR], VARCHAR, side_effects=False)
