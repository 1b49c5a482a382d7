"""Writing the site: all or nothing, only inside OUT_DIR, never over someone else's folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pipelines.reports.site.write import MARKER, SiteError, write_site


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_writes_every_page_and_replaces_an_earlier_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": "one", "employers/a.html": "a"}, out)
    write_site({"index.html": "two"}, out)
    assert (out / "index.html").read_text() == "two"
    assert not (out / "employers").exists() and (out / MARKER).exists()
    assert leftovers(tmp_path) == []


def test_an_empty_folder_may_be_used(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    write_site({"index.html": "x"}, out)
    assert (out / "index.html").read_text() == "x"


def test_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "photos"
    out.mkdir()
    (out / "holiday.jpg").write_text("keep me")
    with pytest.raises(SiteError, match="not written by `credscope site`"):
        write_site({"index.html": "x"}, out)
    assert (out / "holiday.jpg").read_text() == "keep me"


def test_a_killed_runs_leftovers_are_cleared(tmp_path: Path) -> None:
    finished = subprocess.Popen(["true"])
    finished.wait()
    gone = finished.pid  # a process that has ended, as a killed run's has
    (tmp_path / f".site.partial-{gone}").mkdir()
    (tmp_path / f".site.old-{gone}" / "employers").mkdir(parents=True)
    (tmp_path / f".site.partial-{os.getpid()}x").mkdir()  # not a leftover's name: kept
    write_site({"index.html": "x"}, tmp_path / "site")
    assert leftovers(tmp_path) == [f".site.partial-{os.getpid()}x"]


@pytest.mark.parametrize("bad", ["../outside.html", "/etc/evil.html", "a/../../b.html"])
def test_a_failed_write_leaves_the_old_site_whole(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "site"
    write_site({"index.html": "old"}, out)
    with pytest.raises(SiteError, match="must stay inside"):
        write_site({"index.html": "new", bad: "x"}, out)
    assert (out / "index.html").read_text() == "old"
    assert leftovers(tmp_path) == [] and not (tmp_path / "outside.html").exists()


def test_a_folder_that_cannot_be_made_is_one_site_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(SiteError, match=f"cannot write the site to {blocker / 'site'}"):
        write_site({"index.html": "x"}, blocker / "site")
