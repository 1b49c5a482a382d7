"""Which store a command works on: the DuckDB file (`--db`) or the Parquet lake (`--lake`)."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipelines.errors import InputError
from pipelines.store.backend import StoreBackend
from pipelines.store.paths import LAKE_LOCK_NAME, lock_path, resolve_db_path


@dataclass(frozen=True)
class StoreTarget:
    """A DuckDB file (the default) or a lake directory or fsspec URL."""

    db: Path | None = None
    lake: str | None = None

    @classmethod
    def choose(cls, db: Path | None, lake: str | None) -> StoreTarget:
        """The store named by `--db` or `--lake`; naming both is a usage error."""
        if db is not None and lake is not None:
            raise InputError("give --db FILE or --lake DIR, not both")
        return cls(db=db, lake=lake)

    @property
    def lock_path(self) -> Path:
        """The run lock of this store: beside the file, or inside a local lake.

        A lake elsewhere (an object store) is locked on this machine only, by a file named after
        its URL in the temporary directory."""
        if self.lake is None:
            return lock_path(resolve_db_path(self.db))
        if "://" not in self.lake or self.lake.startswith("file://"):
            return Path(self.lake.removeprefix("file://")).expanduser() / LAKE_LOCK_NAME
        digest = hashlib.sha256(self.lake.encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"credscope-lake-{digest}.lock"

    @property
    def location(self) -> str:
        """Where the store is, for messages: the DuckDB file's path or the lake's."""
        return self.lake if self.lake is not None else str(resolve_db_path(self.db))

    def exists(self) -> bool:
        """Whether the store has been made: the DuckDB file, or the lake's marker."""
        if self.lake is None:
            return resolve_db_path(self.db).exists()
        from pipelines.store.lake_files import MARKER, LakeFiles

        files = LakeFiles.at(self.lake)
        return bool(files.fs.exists(files.path(MARKER)))

    @property
    def default_report_dir(self) -> Path:
        """Where `run` writes reports when not told: beside the file, or in a local lake."""
        if self.lake is None:
            return resolve_db_path(self.db).parent / "reports"
        return self.lock_path.parent / "reports" if "://" not in self.lake else Path("reports")


@contextmanager
def open_store(
    target: StoreTarget, *, read_only: bool = False, wait: float = 0.0
) -> Iterator[StoreBackend]:
    """Open the chosen store for the length of a block; a damaged file is one clear error.

    `wait`: seconds to keep trying while another process holds a DuckDB file."""
    if target.lake is not None:
        from pipelines.store.lake import Lake

        with Lake.open(target.lake, read_only=read_only) as lake:
            yield lake
        return
    from pipelines.store.damage import damage_reported
    from pipelines.store.database import Store

    path = resolve_db_path(target.db)
    with damage_reported(path), Store.open(path, read_only=read_only, wait=wait) as store:
        yield store
