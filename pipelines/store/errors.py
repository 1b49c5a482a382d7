"""Store errors: a database that cannot be used, or one another process holds."""

from __future__ import annotations

from pipelines.errors import CredscopeError


class StoreError(CredscopeError):
    """The database cannot be used: corrupt, not a credscope store, or from a newer version."""

    exit_code = 2


class StoreLocked(StoreError):
    """Another process has the database open for writing."""

    exit_code = 75


class RunLocked(CredscopeError):
    """Another run holds the lock: the scheduler should simply try again later."""

    exit_code = 75
