"""The Parquet lake: the store at scale, a directory (or fsspec URL) of Parquet part files.

Writers only add part files, each written under a temporary name and renamed into place, so any
number of processes may write one lake at once; readers see each row at its latest version
(lake_views.py). DuckDB reads the parts through an in-memory connection whose views carry the
table names, so the report builders and exports query a lake exactly as they query the file.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable
from types import TracebackType

import duckdb
import pandas as pd

from pipelines.store.errors import StoreError, StoreWriteFailed, no_room
from pipelines.store.lake_files import LakeFiles, new_token
from pipelines.store.lake_views import (
    OWNER,
    PART_TABLES,
    WRITTEN,
    create_shape,
    part_select,
    parts_view,
    table_views,
)
from pipelines.store.posting_rows import utc_now
from pipelines.store.posting_sql import (
    CLASSIFY_STAGED,
    MISSING_FROM_BOARDS,
    STAGE_POSTINGS,
    board_frames,
    staged_frame,
)
from pipelines.store.run_lock import is_stale
from pipelines.store.run_status import INTERRUPTED_ERROR

CHANGED_OR_NEW = """SELECT s.* FROM staged_postings s LEFT JOIN postings p USING (posting_id)
WHERE p.content_hash IS DISTINCT FROM s.content_hash"""
UNCHANGED = """SELECT s.posting_id, s.last_seen FROM staged_postings s
JOIN postings p USING (posting_id) WHERE p.content_hash = s.content_hash"""
LIVE_RUNS = (
    f"SELECT run_id, command, started_at, {OWNER} FROM _latest_runs WHERE status = 'running'"
)


class Lake:
    """An open lake: its files, and a DuckDB connection with the store's tables as views."""

    def __init__(self, files: LakeFiles, con: duckdb.DuckDBPyConnection) -> None:
        self.files = files
        self.con = con
        self._started: dict[int, tuple[str, object]] = {}

    @classmethod
    def open(cls, url: str, *, read_only: bool = False) -> Lake:
        """Open the lake (creating it in a missing or empty directory unless read_only)."""
        files = LakeFiles.at(url)
        try:
            files.ensure_lake(create=not read_only)
        except OSError as error:
            raise StoreError(f"cannot use {url} as a lake: {error}") from None
        con = duckdb.connect()
        try:
            if not files.local:
                con.register_filesystem(files.fs)
            create_shape(con)
            lake = cls(files, con)
            lake.refresh()
        except BaseException:
            con.close()
            raise
        return lake

    @property
    def location(self) -> str:
        """Where the lake is, for messages and logs."""
        return self.files.url

    @property
    def skipped(self) -> dict[str, str]:
        """Part files left unread because they are damaged (cut short), with the reason."""
        return dict(self.files.skipped)

    def refresh(self) -> None:
        """Point the views at every complete part file now in the lake."""
        for table in PART_TABLES:
            parts = [self.files.for_duckdb(p) for p in self.files.readable_parts(table)]
            self.con.execute(parts_view(self.con, table, parts))
        for statement in table_views(self.con):
            self.con.execute(statement)

    def close(self) -> None:
        """Close the DuckDB connection (the part files are already in place)."""
        self.con.close()

    def __enter__(self) -> Lake:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def count(self, table: str, where: str = "TRUE") -> int:
        """Number of rows of a store table matching an SQL condition."""
        row = self.con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()
        return int(row[0]) if row else 0

    def upsert_postings(self, postings: Iterable[dict], *, run_id: int | None = None) -> dict:
        """Add a version of each new or changed posting and a sighting of each unchanged one."""
        frame, repeats = staged_frame(postings)
        counts = {"new": 0, "updated": 0, "unchanged": repeats}
        if frame.empty:
            return counts
        self.con.register("frame", frame)
        self.con.execute(STAGE_POSTINGS)
        self.con.unregister("frame")
        new, updated, unchanged = self.con.execute(CLASSIFY_STAGED).fetchone() or (0, 0, 0)
        token = new_token()
        self.append("postings", f"({CHANGED_OR_NEW})", token, {"run_id": _sql(run_id)})
        self.append("sightings", f"({UNCHANGED})", token, {})
        self.con.execute("DROP TABLE staged_postings")
        self.refresh()
        counts.update(new=int(new), updated=int(updated), unchanged=repeats + int(unchanged))
        return counts

    def close_missing(self, boards: list[tuple[str, str]], seen_ids: Iterable[str]) -> int:
        """Add a closing sighting for each open posting of a fully listed board not seen."""
        if not boards:
            return 0
        board_frame, seen_frame = board_frames(boards, seen_ids)
        self.con.register("boards", board_frame)
        self.con.register("seen", seen_frame)
        closing = f"(SELECT posting_id FROM postings WHERE {MISSING_FROM_BOARDS})"
        closed = self.append("sightings", closing, new_token(), {"closed_at": _sql(utc_now())})
        self.con.unregister("boards")
        self.con.unregister("seen")
        self.refresh()
        return closed

    def rename_employer(self, posting_ids: list[str], employer: str) -> None:
        """Add a version of each of these postings carrying another employer name (its content
        hash unchanged, so it is not analysed again)."""
        if not posting_ids:
            return
        self.con.register("renamed", pd.DataFrame({"posting_id": posting_ids}))
        renamed = (
            f"(SELECT * REPLACE ({_sql(employer)} AS employer) FROM postings "
            "SEMI JOIN renamed USING (posting_id))"
        )
        self.append("postings", renamed, new_token(), {})
        self.con.unregister("renamed")
        self.refresh()

    def replace_analyses(
        self, version: str, ids: list[str], mentions: pd.DataFrame, summaries: pd.DataFrame
    ) -> None:
        """Add the batch's mentions, then its summaries, under one token: the new analysis."""
        token = new_token()
        self.con.register("mention_frame", mentions)
        self.con.register("summary_frame", summaries)
        self.append("mentions", "mention_frame", token, {})
        self.append("posting_summaries", "summary_frame", token, {})
        self.con.unregister("mention_frame")
        self.con.unregister("summary_frame")
        self.refresh()

    def begin_run(self, command: str, *, alone: bool = True) -> int:
        """Mark runs of dead processes interrupted, claim the next run id, record it running.

        Each run names its process, so only dead ones are marked, `alone` or not."""
        self._mark_interrupted()
        run_id = self._claim_run_id()
        started = utc_now()
        self._started[run_id] = (command, started)
        owner = json.dumps({"pid": os.getpid(), "host": socket.gethostname()})
        self._write_run(run_id, command, started, status="running", owner=owner)
        return run_id

    def end_run(self, run_id: int, status: str, counts: str, error: str | None) -> None:
        """Record a run's end: a newer record of it with its status, counts and errors."""
        command, started = self._started.pop(run_id)
        self._write_run(
            run_id, command, started, status=status, counts=counts, error=error, ended=utc_now()
        )

    def _write_run(
        self,
        run_id: int,
        command: str,
        started: object,
        *,
        status: str,
        owner: str | None = None,
        counts: str | None = None,
        error: str | None = None,
        ended: object = None,
    ) -> None:
        values = {
            "run_id": _sql(run_id), "command": _sql(command), "started_at": _sql(started),
            "ended_at": _sql(ended), "status": _sql(status), "counts": _sql(counts),
            "error": _sql(error), OWNER: _sql(owner),
        }  # fmt: skip
        self.append("runs", "(SELECT 1)", new_token(), values)
        self.refresh()

    def _mark_interrupted(self) -> None:
        for run_id, command, started, owner in self.con.execute(LIVE_RUNS).fetchall():
            holder = json.loads(owner) if owner else {}
            if holder and not is_stale(holder):
                continue
            self._write_run(run_id, command, started, status="interrupted", error=INTERRUPTED_ERROR)

    def _claim_run_id(self) -> int:
        row = self.con.execute("SELECT coalesce(max(run_id), 0) FROM runs").fetchone()
        claims = self.files.path("runs", "_ids")
        taken = [int(p.rpartition("/")[2]) for p in _listing(self.files, claims)]
        candidate = max([int(row[0]) if row else 0, *taken]) + 1
        while not self.files.claim(f"{claims}/{candidate}"):
            candidate += 1
        return candidate

    def append(self, table: str, source: str, token: str, values: dict[str, str]) -> int:
        """Write the rows of an SQL relation as one part file of `table` (columns the relation
        lacks from `values`, SQL expressions, else NULL) under a write token; return the count."""
        select = part_select(self.con, table, source, {**values, WRITTEN: _sql(token)})
        partial, final = self.files.part_paths(table, token)
        target = self.files.for_duckdb(partial).replace("'", "''")
        try:
            written = self.con.execute(
                f"COPY ({select}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)"
            ).fetchone()
        except (duckdb.Error, OSError) as error:
            reason = no_room(error)
            if reason is None:
                raise
            self.files.discard(partial)
            raise self._write_failed(table, reason) from None
        rows = int(written[0]) if written else 0
        if rows:
            self.files.publish(partial, final)
        else:
            self.files.discard(partial)
        return rows

    def _write_failed(self, table: str, reason: str) -> StoreWriteFailed:
        return StoreWriteFailed(
            f"could not write a {table} part file to the lake {self.location} ({reason}): the "
            "disk is full or a file size limit was reached; that part was not added and every "
            "part written before it is intact; free space and run the command again"
        )


def _listing(files: LakeFiles, folder: str) -> list[str]:
    if not files.fs.isdir(folder):
        return []
    return [p for p in files.fs.ls(folder, detail=False) if p.rpartition("/")[2].isdigit()]


def _sql(value: object) -> str:
    """A Python value as an SQL literal (None, numbers, strings, timestamps)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool | int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"
