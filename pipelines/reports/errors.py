"""Report errors: each carries a message the CLI shows as is."""

from __future__ import annotations

from pipelines.errors import CredscopeError


class ReportError(CredscopeError):
    """A report cannot be built from what the store holds."""


class UnknownValueError(ReportError):
    """A filter or subject names something the store does not know; the message says what is."""


class NoMatchingPostingsError(ReportError):
    """Nothing analysed matches the filters."""
