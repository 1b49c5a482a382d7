"""Run records: every command that writes leaves a row in `runs` with its status and counts.

A run killed with `kill -9` leaves status `running`; the next command to open the database marks
it `interrupted`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb

from pipelines.store.backend import StoreBackend
from pipelines.store.errors import StoreWriteFailed
from pipelines.store.run_status import RunStatus

log = logging.getLogger("credscope.run")


@dataclass
class RunRecord:
    """What one command did: counts per stage, errors, and the status they add up to."""

    run_id: int
    counts: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    stages_failed: int = 0
    stages_run: int = 0

    @property
    def status(self) -> RunStatus:
        """ok, partial (something failed) or failed (every stage failed)."""
        if self.stages_run and self.stages_failed == self.stages_run:
            return RunStatus.FAILED
        return RunStatus.PARTIAL if self.errors else RunStatus.OK


def finish_run(store: StoreBackend, record: RunRecord) -> None:
    """Store the run's end time, status, counts and errors."""
    store.end_run(
        record.run_id,
        record.status.value,
        json.dumps(record.counts, default=str),
        "; ".join(record.errors) or None,
    )


@contextmanager
def recorded_run(store: StoreBackend, command: str, *, alone: bool = True) -> Iterator[RunRecord]:
    """Record a command in `runs`: running while the block works, then its final status. `alone`:
    no other process writes the store meanwhile (a shared crawl's workers are not alone)."""
    record = RunRecord(store.begin_run(command, alone=alone))
    log.info("%s: run %d started on %s", command, record.run_id, store.location)
    try:
        yield record
    except BaseException as error:
        record.errors.append(f"{type(error).__name__}: {error}")
        record.stages_failed = record.stages_run = max(record.stages_run, 1)
        try:
            finish_run(store, record)
        except (duckdb.Error, OSError, StoreWriteFailed):
            log.exception("%s: run %d could not be recorded as failed", command, record.run_id)
        raise
    finish_run(store, record)
    log.info("%s: run %d %s %s", command, record.run_id, record.status, json.dumps(record.counts))
