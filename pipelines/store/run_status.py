"""What a run adds up to, as the `runs` table records it when the run has finished."""

from __future__ import annotations

from enum import StrEnum

INTERRUPTED_ERROR = "the process ended before finishing (killed or crashed)"


class RunStatus(StrEnum):
    """ok: every stage finished; partial: something failed, the rest stored; failed: nothing did."""

    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"
