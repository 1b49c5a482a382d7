"""Write a built site to OUT_DIR atomically: a temporary folder renamed into place."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from pipelines.reports.errors import ReportError

MARKER = ".credscope-site"  # marks a folder this writer made, so a rebuild may replace it


class SiteError(ReportError):
    """The site cannot be written where asked."""


def _safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise SiteError(f"refusing to write {path!r}: pages must stay inside the site folder")
    return relative


def _check_replaceable(out_dir: Path) -> None:
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise SiteError(f"{out_dir} exists and is not a folder; choose another OUT_DIR")
    if any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise SiteError(
            f"{out_dir} is not empty and was not written by `credscope site`; "
            "choose a new or empty folder"
        )


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clear_leftovers(out_dir: Path) -> None:
    """Remove the temporary siblings a killed run left behind (their process is gone)."""
    for leftover in out_dir.parent.glob(f".{out_dir.name}.*-*"):
        kind, _, pid = leftover.name.rpartition("-")
        if kind.endswith((".partial", ".old")) and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def write_site(files: Mapping[str, str], out_dir: Path) -> Path:
    """Write every file under a temporary sibling, then swap it in; return out_dir."""
    out_dir = Path(out_dir).absolute()
    _check_replaceable(out_dir)
    try:
        _write_and_swap(files, out_dir)
    except OSError as error:
        raise SiteError(f"cannot write the site to {out_dir}: {error.strerror or error}") from None
    return out_dir


def _write_and_swap(files: Mapping[str, str], out_dir: Path) -> None:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(out_dir)
    partial = out_dir.with_name(f".{out_dir.name}.partial-{os.getpid()}")
    try:
        for path, text in files.items():
            target = partial.joinpath(*_safe_relative(path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (partial / MARKER).write_text("written by credscope site\n", encoding="utf-8")
        _swap_in(partial, out_dir)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _swap_in(partial: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        partial.rename(out_dir)
        return
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    out_dir.rename(old)
    partial.rename(out_dir)
    shutil.rmtree(old)
