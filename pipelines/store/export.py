"""`credscope export`: one Parquet or CSV file per store table, for other tools to read."""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.errors import InputError
from pipelines.store.backend import StoreBackend

EXPORTED_TABLES = {
    "postings": "posting_id",
    "mentions": "posting_id, analysis_version, ordinal",
    "posting_summaries": "posting_id, analysis_version",
    "runs": "run_id",
}
COPY_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true"}


def export_tables(store: StoreBackend, out_dir: Path, fmt: str) -> list[Path]:
    """Write each table to out_dir/<table>.<fmt> (through a temporary file); return the paths."""
    if fmt not in COPY_OPTIONS:
        raise InputError(f"unknown export format {fmt!r}; known: {', '.join(COPY_OPTIONS)}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create {out_dir}: {error}") from error
    written = []
    for table, order in EXPORTED_TABLES.items():
        target = out_dir / f"{table}.{fmt}"
        partial = out_dir / f".{table}.{fmt}.partial"
        escaped = str(partial).replace("'", "''")
        store.con.execute(
            f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{escaped}' ({COPY_OPTIONS[fmt]})"
        )
        os.replace(partial, target)
        written.append(target)
    return written
