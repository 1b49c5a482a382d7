"""Run credscope in a subprocess, kill it with SIGKILL at a chosen moment, and count the store."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.store.database import Store
from pipelines.store.lake import Lake

CREDSCOPE = str(Path(sys.executable).with_name("credscope"))
TIMEOUT = 180


def credscope(*arguments: str, **options: object) -> subprocess.CompletedProcess[str]:
    """Run `credscope ARGUMENTS` to the end; its output captured as text."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [CREDSCOPE, *arguments], capture_output=True, text=True, timeout=TIMEOUT, **options
    )


def kill_after(arguments: Sequence[str], seconds: float) -> int:
    """Start `credscope ARGUMENTS`, SIGKILL it after `seconds`; its return code (-9 if killed)."""
    victim = subprocess.Popen(
        [CREDSCOPE, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        return victim.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        victim.send_signal(signal.SIGKILL)
        return victim.wait(timeout=30)


def kill_when(arguments: Sequence[str], ready: Callable[[], bool]) -> int:
    """Start `credscope ARGUMENTS`, SIGKILL it as soon as `ready()` (polled every 2 ms) is true;
    its return code (-9 if killed, its own code if it finished first)."""
    victim = subprocess.Popen(
        [CREDSCOPE, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + TIMEOUT
    while victim.poll() is None:
        if ready() or time.monotonic() > deadline:
            victim.send_signal(signal.SIGKILL)
            break
        time.sleep(0.002)
    return victim.wait(timeout=30)


def kill_at_line(arguments: Sequence[str], moment: Callable[[str], bool]) -> int:
    """Start `credscope ARGUMENTS`, SIGKILL it when a stderr line satisfies `moment`."""
    victim = subprocess.Popen(
        [CREDSCOPE, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert victim.stderr is not None
    deadline = time.monotonic() + TIMEOUT
    for line in victim.stderr:
        if moment(line) or time.monotonic() > deadline:
            victim.send_signal(signal.SIGKILL)
            break
    victim.stderr.close()
    return victim.wait(timeout=30)


@dataclass(frozen=True)
class StoreCounts:
    """What a store holds, counted so that a lost or doubled row shows."""

    posting_ids: frozenset[str]
    posting_rows: int
    summaries: int
    summary_keys: int
    mentions: int
    mention_keys: int
    mentions_expected: int

    @property
    def duplicated(self) -> int:
        """Rows beyond one per key, over postings, summaries and mentions."""
        return (
            (self.posting_rows - len(self.posting_ids))
            + (self.summaries - self.summary_keys)
            + (self.mentions - self.mention_keys)
        )


def count_store(db: Path) -> StoreCounts:
    """Count postings, analyses and mentions of the store at `db`, with their distinct keys."""
    with Store.open(db, read_only=True) as store:
        return _counts(store.con)


def count_lake(lake: Path) -> StoreCounts:
    """The same counts of the lake at `lake`, through its views (each row at its latest)."""
    with Lake.open(str(lake), read_only=True) as store:
        return _counts(store.con)


def _counts(con: duckdb.DuckDBPyConnection) -> StoreCounts:
    rows = con.execute("SELECT posting_id FROM postings").fetchall()
    ids = frozenset(str(found[0]) for found in rows)
    row = con.execute(
        "SELECT (SELECT count(*) FROM postings), (SELECT count(*) FROM posting_summaries), "
        "(SELECT count(DISTINCT (posting_id, analysis_version)) FROM posting_summaries), "
        "(SELECT count(*) FROM mentions), "
        "(SELECT count(DISTINCT (posting_id, analysis_version, ordinal)) FROM mentions), "
        "(SELECT coalesce(sum(n_mentions), 0) FROM posting_summaries)"
    ).fetchone()
    assert row is not None
    return StoreCounts(ids, *(int(value) for value in row))


def clear(result: subprocess.CompletedProcess[str], *phrases: str) -> bool:
    """The command failed with one `error:` line naming the fault, and no traceback."""
    return (
        result.returncode != 0
        and "Traceback" not in result.stderr
        and "error:" in result.stderr
        and all(phrase in result.stderr for phrase in phrases)
    )
