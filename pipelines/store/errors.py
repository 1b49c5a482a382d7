"""Store errors: a database that cannot be used, or one another process holds."""

from __future__ import annotations

from pipelines.errors import CredscopeError


class StoreError(CredscopeError):
    """The database cannot be used: corrupt, not a credscope store, or from a newer version."""


class StoreLocked(StoreError):
    """Another process has the database open for writing."""


class RunLocked(CredscopeError):
    """Another run holds the lock: the scheduler should simply try again later."""
