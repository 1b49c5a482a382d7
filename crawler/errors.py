"""The crawler's own errors: each message says what went wrong and where, for the user to act on.

They carry no exit codes: the command line maps each class to one.
"""

from __future__ import annotations

from typing import Any


class CrawlerError(Exception):
    """An error of the crawler the user can act on; its message is shown without a traceback."""


class RegistryError(CrawlerError):
    """An invalid registry file or entry, or an employer name the registry does not hold."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with the problems (the error may cross back from a crawl subprocess)."""
        return (type(self), (str(self), self.problems))


class SinkError(CrawlerError):
    """An output the crawled postings cannot be written to."""


class CrawlRestartError(CrawlerError):
    """A second crawl in a process whose Twisted reactor already ran (it cannot restart)."""


class ConfigurationError(CrawlerError):
    """A setting a source family cannot run without (an API key) is missing or invalid."""


class RefusedTargetError(CrawlerError):
    """A start URL the outbound guard refuses (a loopback, private or link-local address)."""


class GuardSettingError(CrawlerError):
    """A setting that would take the outbound guard out of the crawl."""


class FrontierError(CrawlerError):
    """The shared crawl frontier cannot be used: a wrong Redis URL or an unreachable server."""
