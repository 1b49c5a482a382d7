"""The exit codes of every credscope command, for cron, systemd timers, CI schedules and Airflow.

This is the one place that defines them: the error handler maps domain errors to them, and the
commands map a run's status to them.
"""

from __future__ import annotations

from enum import IntEnum

from pipelines.store.run_status import RunStatus


class ExitCode(IntEnum):
    """What a finished command tells its scheduler."""

    OK = 0  # every stage finished
    FAILED = 1  # no stage finished (the run record in the `runs` table says why)
    USAGE = 2  # usage or input error: bad option, unknown employer, unreadable or corrupt file
    PARTIAL = 3  # some stages, batches or rows failed; the others were stored (rerun to retry)
    LOCKED = 75  # another run (or another writer) has the database; try again later


MEANINGS = {
    ExitCode.OK: "ok",
    ExitCode.FAILED: "failed",
    ExitCode.USAGE: "usage or input error",
    ExitCode.PARTIAL: "partial (some stages or items failed)",
    ExitCode.LOCKED: "locked (another run has the database; try later)",
}

STATUS_EXIT_CODES = {
    RunStatus.OK: ExitCode.OK,
    RunStatus.PARTIAL: ExitCode.PARTIAL,
    RunStatus.FAILED: ExitCode.FAILED,
}


def exit_code_for_status(status: RunStatus) -> ExitCode:
    """The exit code of a run (or crawl) that ended with `status`."""
    return STATUS_EXIT_CODES[status]


def exit_codes_help() -> str:
    """One line listing every exit code and what it means (the epilog of `credscope run`)."""
    return "Exit codes: " + ", ".join(f"{code.value} {MEANINGS[code]}" for code in ExitCode) + "."
