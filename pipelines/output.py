"""Print domain errors as one clear line on stderr and exit with the error's code."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

from pipelines.errors import CredscopeError


def fail(error: CredscopeError) -> NoReturn:
    """Print `error` without a traceback and exit with its exit code."""
    Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {error}", soft_wrap=True)
    raise typer.Exit(error.exit_code)
