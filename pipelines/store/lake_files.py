"""The lake's files on any fsspec filesystem: the marker, part files written then renamed, and
the check that skips a part file cut short."""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import fsspec
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from pipelines.store.errors import StoreError
from pipelines.store.paths import LAKE_LOCK_NAME

log = logging.getLogger("credscope.lake")

MARKER = "credscope-lake.json"
LAKE_FORMAT = "credscope-lake"
LAKE_VERSION = 1
PART_PREFIX = "part-"
PART_SUFFIX = ".parquet"


def new_token() -> str:
    """A write token that sorts in write order: nanoseconds since the epoch, then a random tail."""
    return f"{time.time_ns():020d}-{uuid.uuid4().hex[:12]}"


@dataclass
class LakeFiles:
    """A lake directory on a filesystem: where its tables' part files are, which are readable."""

    url: str
    fs: Any
    root: str
    valid: set[str] = field(default_factory=set)
    skipped: dict[str, str] = field(default_factory=dict)

    @classmethod
    def at(cls, url: str) -> LakeFiles:
        """The lake at a local directory or an fsspec URL (memory://, s3://, …)."""
        try:
            fs, root = fsspec.core.url_to_fs(url)
        except (ValueError, ImportError) as error:
            raise StoreError(f"cannot use {url!r} as a lake: {error}") from None
        return cls(url, fs, root.rstrip("/") or "/")

    @property
    def local(self) -> bool:
        """Whether the lake is a directory on this machine's own filesystem."""
        return isinstance(self.fs, LocalFileSystem)

    def path(self, *parts: str) -> str:
        """A path inside the lake."""
        return "/".join([self.root, *parts])

    def for_duckdb(self, path: str) -> str:
        """The name DuckDB reads a path by (a URL for a registered fsspec filesystem)."""
        return path if self.local else self.fs.unstrip_protocol(path)

    def ensure_lake(self, *, create: bool) -> None:
        """Check the marker; make a missing or empty directory a lake when `create` is set."""
        fs, root = self.fs, self.root
        if fs.exists(self.path(MARKER)):
            self._check_marker()
            return
        if fs.exists(root) and not fs.isdir(root):
            raise StoreError(f"{self.url} is a file, not a lake directory")
        if fs.exists(root) and self._has_files_besides_the_lock():
            if fs.exists(self.path(MARKER)):  # another writer made it a lake meanwhile
                self._check_marker()
                return
            raise StoreError(
                f"{self.url} is not empty and is not a credscope lake (no {MARKER}); "
                "give --lake a new or empty directory"
            )
        if not create:
            raise StoreError(f"no lake at {self.url}: run `credscope import --lake` first")
        fs.makedirs(root, exist_ok=True)
        marker = {"format": LAKE_FORMAT, "version": LAKE_VERSION}
        self.write_bytes(self.path(MARKER), json.dumps(marker).encode())

    def _has_files_besides_the_lock(self) -> bool:
        """Whether the directory holds anything but the run lock and a marker being written."""
        names = [path.rpartition("/")[2] for path in self.fs.ls(self.root, detail=False)]
        return any(not name.startswith((LAKE_LOCK_NAME, MARKER)) for name in names)

    def _check_marker(self) -> None:
        try:
            marker = json.loads(self.fs.cat_file(self.path(MARKER)))
        except (OSError, ValueError) as error:
            raise StoreError(f"{self.url}: unreadable {MARKER} ({error})") from None
        if not isinstance(marker, dict) or marker.get("format") != LAKE_FORMAT:
            raise StoreError(f"{self.url}: {MARKER} does not describe a credscope lake")
        if int(marker.get("version", 0)) > LAKE_VERSION:
            raise StoreError(
                f"{self.url} is a lake of version {marker.get('version')}, newer than this "
                f"credscope supports ({LAKE_VERSION}); upgrade credscope to use it"
            )

    def write_bytes(self, path: str, data: bytes) -> None:
        """Write a small file through a temporary name, then rename it into place."""
        partial = f"{path}.{uuid.uuid4().hex}.partial"
        with self.fs.open(partial, "wb") as handle:
            handle.write(data)
        self.fs.mv(partial, path)

    def claim(self, path: str) -> bool:
        """Create an empty file only if it does not exist yet; whether this call created it.

        Exclusive where the filesystem offers it (local disks, memory://); elsewhere a check
        before the write, so two processes on two machines may rarely claim the same name."""
        self.fs.makedirs(path.rpartition("/")[0], exist_ok=True)
        try:
            with self.fs.open(path, "xb"):
                return True
        except FileExistsError:
            return False
        except (ValueError, NotImplementedError):  # no exclusive create on this filesystem
            if self.fs.exists(path):
                return False
            self.fs.pipe_file(path, b"")
            return True

    def part_paths(self, table: str, token: str) -> tuple[str, str]:
        """(temporary path, final path) of the table's part file written under `token`."""
        folder = self.path(table)
        self.fs.makedirs(folder, exist_ok=True)
        return f"{folder}/.{token}.partial", f"{folder}/{PART_PREFIX}{token}{PART_SUFFIX}"

    def publish(self, partial: str, final: str) -> None:
        """Rename a finished part file into place, where readers see it."""
        self.fs.mv(partial, final)
        self.valid.add(final)

    def discard(self, partial: str) -> None:
        """Remove a temporary part file that will not be published (if the write left one)."""
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm(partial)

    def readable_parts(self, table: str) -> list[str]:
        """The table's complete part files, in write order; a damaged one is named and skipped."""
        folder = self.path(table)
        if not self.fs.isdir(folder):
            return []
        names = sorted(
            path
            for path in self.fs.ls(folder, detail=False)
            if path.rpartition("/")[2].startswith(PART_PREFIX) and path.endswith(PART_SUFFIX)
        )
        return [path for path in names if self._readable(path)]

    def _readable(self, path: str) -> bool:
        if path in self.valid:
            return True
        if path in self.skipped:
            return False
        try:
            with self.fs.open(path, "rb") as handle:
                pq.ParquetFile(handle).metadata  # noqa: B018  (reads and checks the footer)
        except Exception as error:  # pyarrow raises several types for a cut file
            self.skipped[path] = str(error).splitlines()[0] if str(error) else type(error).__name__
            log.warning("lake: skipping damaged part file %s (%s)", path, self.skipped[path])
            return False
        self.valid.add(path)
        return True
