"""The loopback site for `credscope check`: crawler fixtures, embed pages and a busy board."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pipelines.cli.app import app
from pipelines.demo.sample_site import serve_directory
from tests.crawler.fixture_server import SITE, FaultHandler, loopback_settings

BUSY_BOARD = "/greenhouse/v1/boards/busy/jobs"


class BusyHandler(FaultHandler):
    """The fixture site, plus a Greenhouse board that always answers 429."""

    def do_GET(self) -> None:
        """429 for the busy board, else the fixture site."""
        if self.path.split("?")[0] == BUSY_BOARD:
            self.send_body(429, b"slow down", {"Retry-After": "0"})
            return
        super().do_GET()


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """The fixture site's base URL on 127.0.0.1."""
    with serve_directory(SITE, BusyHandler) as base_url:
        yield base_url


@pytest.fixture
def user_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's own registry file for this test (it does not exist yet)."""
    path = tmp_path / "user" / "employers.yaml"
    monkeypatch.setenv("CREDSCOPE_REGISTRY", str(path))
    return path


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Checker:
    """Runs `credscope check` in this process against one store (a file, or a lake when given)
    and the loopback site."""

    def __init__(self, db: Path, base_url: str, lake: Path | None = None) -> None:
        self.db = db
        self.lake = lake
        self.base_url = base_url
        self.runner = CliRunner()

    def store(self) -> list[str]:
        """The store option: --lake DIR when the checker has a lake, else --db FILE."""
        return ["--lake", str(self.lake)] if self.lake else ["--db", str(self.db)]

    def settings(self) -> list[str]:
        """--set options pointing every board API at the loopback site."""
        pairs = {**loopback_settings(self.base_url), "LOG_LEVEL": "ERROR"}
        return [arg for key, value in pairs.items() for arg in ("--set", f"{key}={value}")]

    def __call__(self, target: str, *options: str) -> Result:
        """`credscope check TARGET OPTIONS --db DB` (or --lake) (a page path is put under the
        site)."""
        if target.startswith("/"):
            target = self.base_url + target
        command = ["check", target, *options, *self.store(), *self.settings()]
        return self.runner.invoke(app, command)


@pytest.fixture
def check(tmp_path: Path, site: str, user_registry: Path) -> Checker:
    """`credscope check` over a fresh store."""
    return Checker(tmp_path / "store.duckdb", site)
