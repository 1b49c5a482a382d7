"""`python -m bench [analyzer|crawl|reports ...]`: run the benchmarks and print one table each."""

from __future__ import annotations

import importlib
import sys

from rich.console import Console
from rich.table import Table

SUITES = ("analyzer", "crawl", "frontier", "reports", "pipeline", "lake", "lake_reports")


def show(console: Console, suite: str, rows: list[dict], caption: str | None = None) -> None:
    """Print one suite's rows as a table, with the suite's notes (if any) beneath it."""
    table = Table(title=f"bench: {suite}", caption=caption, caption_justify="left")
    columns = list(dict.fromkeys(key for row in rows for key in row))
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(row.get(column, "")) for column in columns))
    console.print(table)


def main(argv: list[str]) -> int:
    """Run the named suites (all by default)."""
    console = Console(width=200)
    for suite in argv or SUITES:
        if suite not in SUITES:
            console.print(f"unknown suite {suite!r}; choose from {', '.join(SUITES)}")
            return 2
        console.print(f"[bold]running {suite} benchmark…[/]")
        module = importlib.import_module(f"bench.{suite}")
        rows = module.run()
        notes = getattr(module, "caption", None)
        show(console, suite, rows, notes() if callable(notes) else None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
