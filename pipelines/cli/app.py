"""The `credscope` app: every command group registered, every domain error handled in one place."""

from __future__ import annotations

from importlib.metadata import version
from typing import Annotated

import typer

from pipelines.cli import analyze, check, crawl, export, report, site, sources, stages, taxonomy
from pipelines.cli.error_handler import DomainErrorsHandled

app = typer.Typer(
    name="credscope",
    help="Which credentials do employers actually ask for? Crawl, analyse, store and report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=DomainErrorsHandled,
)


def _show_version(show: bool) -> None:
    if show:
        print(f"credscope {version('credscope')}")
        raise typer.Exit()


@app.callback()
def _options(
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Options that come before any command."""


check.register(app)
analyze.register(app)
taxonomy.register(app)
crawl.register(app)
sources.register(app)
stages.register(app)
export.register(app)
report.register(app)
site.register(app)


def main() -> None:
    """Run the CLI."""
    app()
