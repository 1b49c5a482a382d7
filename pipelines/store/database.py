"""The DuckDB store: opening (with clear errors and in-place upgrades), transactions, postings."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType

import duckdb
import pandas as pd

from crawler.fields import POSTING_FIELDS
from pipelines.store.damage import damage_reported, verify_readable
from pipelines.store.duckdb_writes import begin_run, end_run, replace_analyses
from pipelines.store.errors import StoreError, StoreLocked, StoreWriteFailed, no_room
from pipelines.store.migrations import CURRENT_VERSION, apply_migrations, schema_version
from pipelines.store.posting_rows import utc_now
from pipelines.store.posting_sql import (
    CLASSIFY_STAGED,
    MISSING_FROM_BOARDS,
    STAGE_POSTINGS,
    board_frames,
    staged_frame,
)

LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.*)$", re.S)

CONTENT_COLUMNS = [f for f in POSTING_FIELDS if f not in ("posting_id", "first_seen", "last_seen")]

UPDATE_CHANGED = f"""UPDATE postings p SET {", ".join(f"{c} = s.{c}" for c in CONTENT_COLUMNS)},
    last_seen = greatest(p.last_seen, s.last_seen), closed_at = NULL
FROM staged_postings s
WHERE p.posting_id = s.posting_id AND p.content_hash IS DISTINCT FROM s.content_hash"""

UPDATE_UNCHANGED = """UPDATE postings p SET last_seen = greatest(p.last_seen, s.last_seen),
    closed_at = NULL
FROM staged_postings s WHERE p.posting_id = s.posting_id AND p.content_hash = s.content_hash"""

INSERT_NEW = f"""INSERT INTO postings ({", ".join(POSTING_FIELDS)}, closed_at, run_id)
SELECT s.*, NULL, $run_id FROM staged_postings s ANTI JOIN postings p USING (posting_id)"""

RENAME_EMPLOYER = "UPDATE postings SET employer = $employer WHERE list_contains($ids, posting_id)"

CLOSE_MISSING = f"UPDATE postings SET closed_at = $closed_at WHERE {MISSING_FROM_BOARDS}"


class Store:
    """An open credscope database: one DuckDB connection plus the schema it holds."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self.con = con

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, wait: float = 0.0) -> Store:
        """Open (creating or upgrading when writable) the store; raise StoreError when unusable.

        `wait`: seconds to keep trying while another process holds the file."""
        path = Path(path)
        if read_only and not path.exists():
            raise StoreError(f"no database at {path}: run `credscope import` or `run` first")
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create the folder for {path}: {error}") from error
        con = _connect(path, read_only=read_only, wait=wait)
        try:
            _check_and_upgrade(con, path, read_only=read_only)
        except BaseException:
            con.close()
            raise
        return cls(path, con)

    @classmethod
    def connect(cls, path: Path, *, wait: float) -> Store:
        """A writable connection to a store this process has opened once (so it is checked and
        current), trying for up to `wait` seconds while another process holds the file."""
        return cls(Path(path), _connect(Path(path), read_only=False, wait=wait))

    @contextmanager
    def released(self, *, wait: float) -> Iterator[None]:
        """Let other processes write the file during the block, then connect again."""
        self.con.close()
        try:
            yield
        finally:
            self.con = _connect(self.path, read_only=False, wait=wait)

    @property
    def location(self) -> str:
        """Where the store is, for messages and logs."""
        return str(self.path)

    def close(self) -> None:
        """Close the connection (DuckDB checkpoints committed work into the file)."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block in one transaction: all of its writes land, or none do."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
            self.con.execute("COMMIT")
        except duckdb.Error as error:
            self._roll_back()
            reason = no_room(error)
            if reason:
                raise self._write_failed(reason) from None
            raise
        except BaseException:
            self._roll_back()
            raise

    def _roll_back(self) -> None:
        with suppress(duckdb.Error):  # a failed COMMIT has already ended the transaction
            self.con.execute("ROLLBACK")

    def _write_failed(self, reason: str) -> StoreWriteFailed:
        return StoreWriteFailed(
            f"could not write to {self.path} ({reason}): the disk "
            "is full or a file size limit was reached; the last batch was rolled back and "
            "everything committed before it is intact; free space and run the command again"
        )

    def count(self, table: str, where: str = "TRUE") -> int:
        """Number of rows of a store table matching an SQL condition."""
        row = self.con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()
        return int(row[0]) if row else 0

    def upsert_postings(self, postings: Iterable[dict], *, run_id: int | None = None) -> dict:
        """Insert new postings, update changed ones, move last_seen on unchanged ones (one txn).

        A posting repeated within the batch counts as unchanged; its last occurrence is kept."""
        frame, repeats = staged_frame(postings)
        counts = {"new": 0, "updated": 0, "unchanged": repeats}
        if frame.empty:
            return counts
        with self.transaction() as con:
            con.register("frame", frame)
            con.execute(STAGE_POSTINGS)
            con.unregister("frame")
            new, updated, unchanged = con.execute(CLASSIFY_STAGED).fetchone() or (0, 0, 0)
            con.execute(UPDATE_CHANGED)
            con.execute(UPDATE_UNCHANGED)
            con.execute(INSERT_NEW, {"run_id": run_id})
            con.execute("DROP TABLE staged_postings")
        counts.update(new=int(new), updated=int(updated), unchanged=repeats + int(unchanged))
        return counts

    def close_missing(self, boards: list[tuple[str, str]], seen_ids: Iterable[str]) -> int:
        """Mark closed the open postings of fully listed boards that this crawl did not see."""
        if not boards:
            return 0
        board_frame, seen_frame = board_frames(boards, seen_ids)
        with self.transaction() as con:
            con.register("boards", board_frame)
            con.register("seen", seen_frame)
            result = con.execute(CLOSE_MISSING, {"closed_at": utc_now()}).fetchone()
            con.unregister("boards")
            con.unregister("seen")
        return int(result[0]) if result else 0

    def rename_employer(self, posting_ids: list[str], employer: str) -> None:
        """Give these stored postings another employer name, in one transaction."""
        if posting_ids:
            with self.transaction() as con:
                con.execute(RENAME_EMPLOYER, {"employer": employer, "ids": posting_ids})

    def begin_run(self, command: str, *, alone: bool = True) -> int:
        """Record this command as running (marking runs cut short interrupted when `alone`)."""
        with self.transaction() as con:
            return begin_run(con, command, alone=alone)

    def end_run(self, run_id: int, status: str, counts: str, error: str | None) -> None:
        """Record a run's end: status, counts (JSON text) and errors."""
        with self.transaction() as con:
            end_run(con, run_id, status, counts, error)

    def replace_analyses(
        self, version: str, ids: list[str], mentions: pd.DataFrame, summaries: pd.DataFrame
    ) -> None:
        """Replace the postings' analyses for `version` with these rows, in one transaction."""
        with self.transaction() as con:
            replace_analyses(con, version, ids, mentions, summaries)


def _connect(path: Path, *, read_only: bool, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Connect, retrying for up to `wait` seconds while another process holds the file."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as error:
            failure = _open_error(path, error)
        if not isinstance(failure, StoreLocked) or time.monotonic() >= deadline:
            raise failure from None
        time.sleep(random.uniform(0.005, 0.05))


def _open_error(path: Path, error: duckdb.Error) -> StoreError:
    message = str(error)
    holder = LOCK_HOLDER.search(message)
    if "Could not set lock" in message:
        who = holder.group(1).split(". See also")[0] if holder else "another process"
        return StoreLocked(
            f"database {path} is in use by another process ({who}); try again when it has finished"
        )
    if "not a valid DuckDB database" in message:
        return StoreError(f"{path} is not a valid DuckDB database (corrupt or another file)")
    return StoreError(f"cannot open database {path}: {message}")


def _check_and_upgrade(con: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool) -> None:
    with damage_reported(path):
        version = schema_version(con)
    if version is None:
        raise StoreError(f"{path} is a DuckDB database but not a credscope store; use another --db")
    if version > CURRENT_VERSION:
        raise StoreError(
            f"{path} has schema version {version}, newer than this credscope supports "
            f"({CURRENT_VERSION}); upgrade credscope to use it"
        )
    if not read_only:
        verify_readable(con, path)
    if version == CURRENT_VERSION:
        return
    if read_only:
        raise StoreError(
            f"{path} has schema version {version} (current {CURRENT_VERSION}); "
            "any writing command (e.g. `credscope extract`) upgrades it in place"
        )
    apply_migrations(con, version)
