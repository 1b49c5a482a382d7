"""`credscope import`: posting collections (JSON-LD, EMSCAD, Glassdoor, JSONL) into the store."""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from pipelines.errors import InputError
from pipelines.stages.import_formats import FORMATS, REQUIRED_COLUMNS, RowProblem
from pipelines.store.backend import StoreBackend

log = logging.getLogger("credscope.import")

CSV_FIELD_LIMIT = 16 * 1024 * 1024
PROBLEMS_SHOWN = 20


@dataclass
class SourceRow:
    """One row of an input file and where it is (e.g. "line 12" or "row 3 (line 7)")."""

    where: str
    value: Any = None
    problem: str | None = None


@dataclass
class ImportResult:
    """What an import stored and which rows it skipped, with their positions."""

    counts: dict[str, int] = field(
        default_factory=lambda: {"read": 0, "new": 0, "updated": 0, "unchanged": 0, "failed": 0}
    )
    problems: list[str] = field(default_factory=list)


def import_file(
    store: StoreBackend,
    path: Path,
    fmt: str,
    *,
    limit: int | None = None,
    batch_size: int = 1000,
    run_id: int | None = None,
) -> ImportResult:
    """Import the postings of a file; bad rows are reported and skipped, each batch is one txn."""
    if fmt not in FORMATS:
        raise InputError(f"unknown import format {fmt!r}; known: {', '.join(FORMATS)}")
    to_posting = FORMATS[fmt]
    result = ImportResult()
    batch: list[dict] = []
    for row in islice(read_rows(path, fmt), limit):
        result.counts["read"] += 1
        posting = _convert(row, to_posting, result)
        if posting is not None:
            batch.append(posting)
        if len(batch) >= batch_size:
            _store_batch(store, batch, run_id, result)
    _store_batch(store, batch, run_id, result)
    log.info("import: %s: %s", path, json.dumps(result.counts))
    return result


def read_rows(path: Path, fmt: str) -> Iterator[SourceRow]:
    """The rows of a file in the given format, each with its position; .gz is read transparently."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    with _open_text(path) as handle:
        rows = _csv_rows(handle, path, fmt) if fmt in REQUIRED_COLUMNS else _json_lines(handle)
        try:
            yield from rows
        except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
            yield SourceRow("end of file", problem=f"the file cannot be read further: {error}")


def _convert(row: SourceRow, to_posting: Any, result: ImportResult) -> dict | None:
    problem = row.problem
    if problem is None:
        try:
            return to_posting(row.value)
        except RowProblem as error:
            problem = str(error)
    result.counts["failed"] += 1
    message = f"{row.where}: {problem}"
    result.problems.append(message)
    if len(result.problems) <= PROBLEMS_SHOWN:
        log.warning("import: skipped %s", message)
    return None


def _store_batch(
    store: StoreBackend, batch: list[dict], run_id: int | None, result: ImportResult
) -> None:
    if not batch:
        return
    for key, value in store.upsert_postings(batch, run_id=run_id).items():
        result.counts[key] += value
    batch.clear()
    stored = sum(result.counts[key] for key in ("new", "updated", "unchanged"))
    log.info("import: %d postings stored (%d rows read)", stored, result.counts["read"])


def _open_text(path: Path) -> IO[str]:
    try:
        if path.suffix == ".gz":
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error}") from error


def _json_lines(handle: IO[str]) -> Iterator[SourceRow]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            yield SourceRow(f"line {number}", json.loads(line))
        except json.JSONDecodeError as error:
            yield SourceRow(f"line {number}", problem=f"invalid JSON ({error.msg})")


def _csv_rows(handle: IO[str], path: Path, fmt: str) -> Iterator[SourceRow]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(handle)
    missing = [c for c in REQUIRED_COLUMNS[fmt] if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path} is not a {fmt} CSV: missing columns {', '.join(missing)}")
    start_line = reader.line_num + 1
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield SourceRow(f"line {reader.line_num}", problem=f"unreadable CSV ({error})")
            return
        number += 1
        where = f"row {number} (line {start_line})"
        start_line = reader.line_num + 1
        if None in record:
            yield SourceRow(where, problem="more fields than the header names")
        else:
            yield SourceRow(where, record)
