"""The `credscope` command line: a thin Typer layer over the functions in `pipelines/`."""

from __future__ import annotations

from importlib.metadata import version
from typing import Annotated

import typer

from pipelines import cli_analyze, cli_crawl, cli_report, cli_sources, cli_store

app = typer.Typer(
    name="credscope",
    help="Which credentials do employers actually ask for? Crawl, analyse, store and report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


cli_analyze.register(app)
cli_crawl.register(app)
cli_sources.register(app)
cli_store.register(app)
cli_report.register(app)


def main() -> None:
    """Run the CLI."""
    app()


if __name__ == "__main__":
    main()
