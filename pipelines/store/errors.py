"""Store errors: a database that cannot be used, or one another process holds."""

from __future__ import annotations

from pipelines.errors import CredscopeError


class StoreError(CredscopeError):
    """The database cannot be used: corrupt, not a credscope store, or from a newer version."""


class StoreWriteFailed(StoreError):
    """A write could not reach the disk (full, or a file size limit); committed work is intact."""


class StoreLocked(StoreError):
    """Another process has the database open for writing."""


class RunLocked(CredscopeError):
    """Another run holds the lock: the scheduler should simply try again later."""
