"""A lock file beside the database so two scheduled runs never overlap; stale locks are cleared."""

from __future__ import annotations

import json
import logging
import os
import socket
from pathlib import Path
from types import TracebackType

from pipelines.store.errors import RunLocked
from pipelines.store.posting_rows import utc_now

log = logging.getLogger("credscope.run")


class RunLock:
    """An exclusive lock file holding the owner's pid, host and start time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.held = False

    def acquire(self) -> None:
        """Take the lock, clearing it first when its owner is a dead process on this host."""
        owner = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started_at": utc_now().isoformat(),
        }
        for _ in range(2):
            if self._create(owner):
                self.held = True
                return
            holder = read_lock(self.path)
            if holder is not None and not is_stale(holder):
                raise RunLocked(
                    f"another run holds {self.path} (pid {holder.get('pid')} on "
                    f"{holder.get('host')}, since {holder.get('started_at')}); try again later"
                    + _foreign_hint(holder)
                )
            log.warning("clearing stale lock %s left by %s", self.path, holder or "a broken file")
            self.path.unlink(missing_ok=True)
        raise RunLocked(f"could not take the lock {self.path}; another run is starting")

    def release(self) -> None:
        """Remove the lock file if this process holds it."""
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def _create(self, owner: dict) -> bool:
        """Write the owner to a private file and link it into place: atomic, never half-written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        private = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        private.write_text(json.dumps(owner), encoding="utf-8")
        try:
            os.link(private, self.path)
        except FileExistsError:
            return False
        finally:
            private.unlink(missing_ok=True)
        return True


def read_lock(path: Path) -> dict | None:
    """The owner recorded in a lock file; None when the file is missing or unreadable."""
    try:
        owner = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return owner if isinstance(owner, dict) else None


def _foreign_hint(holder: dict) -> str:
    """How to clear a lock this host cannot check: its owner runs (or ran) on another machine."""
    if holder.get("host") == socket.gethostname():
        return ""
    return " (its owner is on another host: if no run is active there, delete the lock file)"


def is_stale(owner: dict) -> bool:
    """Whether the lock's owner is a process on this host that no longer exists."""
    if owner.get("host") != socket.gethostname():
        return False
    pid = owner.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
