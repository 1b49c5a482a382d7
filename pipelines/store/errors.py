"""Store errors: a database that cannot be used, or one another process holds."""

from __future__ import annotations

import errno
import os
import re

from pipelines.errors import CredscopeError

NO_ROOM = re.compile(r"File too large|No space left on device|Disk quota exceeded", re.I)
NO_ROOM_ERRNOS = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


class StoreError(CredscopeError):
    """The database cannot be used: corrupt, not a credscope store, or from a newer version."""


class StoreWriteFailed(StoreError):
    """A write could not reach the disk (full, or a file size limit); committed work is intact."""


class StoreLocked(StoreError):
    """Another process has the database open for writing."""


class RunLocked(CredscopeError):
    """Another run holds the lock: the scheduler should simply try again later."""


def no_room(error: BaseException) -> str | None:
    """Why a write found no room (full disk, file size limit, quota), or None for other errors."""
    if isinstance(error, OSError) and error.errno in NO_ROOM_ERRNOS:
        return os.strerror(error.errno)
    found = NO_ROOM.search(str(error))
    return found.group(0) if found else None
