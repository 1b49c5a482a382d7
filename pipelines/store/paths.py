"""Where the store lives: `--db`, else the CREDSCOPE_DB variable, else the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_ENV = "CREDSCOPE_DB"
DB_FILENAME = "credscope.duckdb"
LAKE_LOCK_NAME = "run.lock"  # a local lake's run lock: `run` may take it before the lake exists
REGISTRY_ENV = "CREDSCOPE_REGISTRY"
REGISTRY_FILENAME = "employers.yaml"


def user_data_dir() -> Path:
    """The user's credscope data directory (the default store and the user's registry)."""
    return platformdirs.user_data_path("credscope")


def default_db_path() -> Path:
    """The database used when no `--db` is given: $CREDSCOPE_DB or the user data directory."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_dir() / DB_FILENAME


def user_registry_path() -> Path:
    """The user's own employer registry: $CREDSCOPE_REGISTRY, else beside the default store.

    `credscope check URL` adds the employers it discovers here (never to the bundled registry);
    `credscope run` crawls the bundled registry and this one."""
    override = os.environ.get(REGISTRY_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_dir() / REGISTRY_FILENAME


def resolve_db_path(db: Path | None) -> Path:
    """The database a command works on: the `--db` value when given, else the default."""
    return db.expanduser() if db is not None else default_db_path()


def lock_path(db_path: Path) -> Path:
    """The run lock file kept beside a database file."""
    return db_path.with_name(db_path.name + ".lock")
