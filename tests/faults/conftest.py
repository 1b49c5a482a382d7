"""The fault-injection suite: each test records one row, and the session ends with their table."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class FaultRow:
    """What one fault did: how often it was injected, and what the store held afterwards."""

    fault: str
    runs: int
    lost: int
    duplicated: int
    clear_error: bool | None  # None: the fault is not one that should print an error


ROWS: list[FaultRow] = []


@pytest.fixture
def fault_table() -> list[FaultRow]:
    """The rows of the table printed at the end of the session."""
    return ROWS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the faults table: fault, runs, postings lost, duplicated, clear error."""
    if not ROWS:
        return
    width = max(len(row.fault) for row in ROWS)
    terminalreporter.section("faults")
    terminalreporter.write_line(f"{'fault':<{width}}  runs  lost  duplicated  clear error")
    for row in ROWS:
        clear = {True: "y", False: "n", None: "-"}[row.clear_error]
        terminalreporter.write_line(
            f"{row.fault:<{width}}  {row.runs:>4}  {row.lost:>4}  {row.duplicated:>10}  {clear:>11}"
        )
