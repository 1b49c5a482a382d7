"""Stage errors: the analyzer is missing, broken, or answers for the wrong postings."""

from __future__ import annotations

from pipelines.errors import CredscopeError


class AnalysisMismatch(CredscopeError):
    """The analyzer returned results that do not match the texts it was given."""


class ExtractAborted(CredscopeError):
    """Batch after batch failed: the analyzer is broken, so the stage stops."""


class AnalyzerUnavailable(CredscopeError):
    """The analyzer package cannot be loaded (a broken install or taxonomy)."""


class ClusterUnavailable(CredscopeError):
    """The Dask scheduler cannot be reached, or its workers run another analyzer."""
