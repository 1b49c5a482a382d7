"""Open the store when another process holds it: wait up to a deadline, then say it is busy."""

from __future__ import annotations

import time
from pathlib import Path

from pipelines.store.database import Store
from pipelines.store.errors import StoreLocked

POLL_SECONDS = 0.25


def open_when_free(path: Path, *, read_only: bool, wait_seconds: float) -> Store:
    """Store.open, retrying while another process holds the file, for at most wait_seconds."""
    deadline = time.monotonic() + max(0.0, wait_seconds)
    while True:
        try:
            return Store.open(path, read_only=read_only)
        except StoreLocked as error:
            if time.monotonic() >= deadline:
                raise StoreLocked(
                    f"{error} (waited {wait_seconds:g} s; `--wait SECONDS` waits longer)"
                ) from None
            time.sleep(POLL_SECONDS)
