"""The CLI's one error handler: any domain error becomes one clear message and its exit code.

Domain errors (`pipelines.errors.CredscopeError` and its subclasses, and the crawler's own
`crawler.errors.CrawlerError`) carry no exit code: EXIT_CODES below says which code each class
means, the nearest class winning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from crawler.errors import CrawlerError
from pipelines.cli.exit_codes import ExitCode
from pipelines.errors import CredscopeError, PartialFailure
from pipelines.reports.errors import NoMatchingPostingsError
from pipelines.stages.errors import AnalysisMismatch, AnalyzerUnavailable, ExtractAborted
from pipelines.store.errors import RunLocked, StoreLocked, StoreWriteFailed

if TYPE_CHECKING:
    from typer._click.core import Context  # the Context TyperGroup.invoke declares

DomainError = CredscopeError | CrawlerError
EXIT_CODES: dict[type[Exception], ExitCode] = {
    CredscopeError: ExitCode.USAGE,
    CrawlerError: ExitCode.USAGE,
    PartialFailure: ExitCode.PARTIAL,
    NoMatchingPostingsError: ExitCode.FAILED,
    AnalysisMismatch: ExitCode.FAILED,
    ExtractAborted: ExitCode.FAILED,
    AnalyzerUnavailable: ExitCode.FAILED,
    StoreLocked: ExitCode.LOCKED,
    StoreWriteFailed: ExitCode.PARTIAL,
    RunLocked: ExitCode.LOCKED,
}


def exit_code_for(error: DomainError) -> ExitCode:
    """The exit code of the nearest class of `error` in EXIT_CODES."""
    for klass in type(error).__mro__:
        if klass in EXIT_CODES:
            return EXIT_CODES[klass]
    return ExitCode.USAGE


def show_error(error: DomainError) -> None:
    """Print `error` on stderr as one line, `error: <message>`, without a traceback."""
    from rich.console import Console
    from rich.text import Text

    message = Text.assemble(("error:", "bold red"), f" {error}")
    Console(stderr=True, highlight=False).print(message, soft_wrap=True)


class DomainErrorsHandled(TyperGroup):
    """The `credscope` command group: a domain error raised by any command is shown and exits."""

    def invoke(self, ctx: Context) -> Any:
        """Run the command; a domain error becomes its message and exit code."""
        try:
            return super().invoke(ctx)
        except (CredscopeError, CrawlerError) as error:
            show_error(error)
            raise typer.Exit(int(exit_code_for(error))) from None
