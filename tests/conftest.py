"""Fixtures for the whole suite."""

from collections.abc import Iterator

import pytest

from crawler.guard import ALLOW_PRIVATE_ENV


@pytest.fixture(scope="session", autouse=True)
def allow_loopback_crawls() -> Iterator[None]:
    """Every test crawls its own loopback servers: let the outbound guard allow loopback and
    private addresses for the whole session (the environment, so subprocesses inherit it).
    The guard's own tests take the allowance away again with monkeypatch.delenv."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ALLOW_PRIVATE_ENV, "1")
        yield
