"""The run lock: its owner recorded, a second holder refused, stale and broken locks cleared."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.store.errors import RunLocked
from pipelines.store.run_lock import RunLock


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_lock(path: Path, pid: int, host: str | None = None) -> None:
    owner = {"pid": pid, "host": host or socket.gethostname(), "started_at": "2024-01-01"}
    path.write_text(json.dumps(owner), encoding="utf-8")


def test_lock_records_its_owner_and_excludes_a_second_holder(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb.lock"
    with RunLock(path):
        owner = json.loads(path.read_text())
        assert owner["pid"] == os.getpid() and owner["host"] == socket.gethostname()
        with pytest.raises(RunLocked, match=f"pid {os.getpid()}"):
            RunLock(path).acquire()
    assert not path.exists()


def test_stale_and_broken_locks_are_cleared_but_foreign_hosts_respected(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb.lock"
    write_lock(path, dead_pid())
    with RunLock(path):
        assert json.loads(path.read_text())["pid"] == os.getpid()
    path.write_text("{half a lock", encoding="utf-8")
    with RunLock(path):
        assert json.loads(path.read_text())["pid"] == os.getpid()
    write_lock(path, dead_pid(), host="another-host.example")
    with pytest.raises(RunLocked, match=r"another-host\.example.*delete the lock file"):
        RunLock(path).acquire()
