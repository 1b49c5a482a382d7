"""The `credscope` command line: a thin Typer layer over the functions in `pipelines/`."""

from __future__ import annotations

import typer

from pipelines import cli_analyze

app = typer.Typer(
    name="credscope",
    help="Which credentials do employers actually ask for? Crawl, analyse, store and report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

cli_analyze.register(app)


def main() -> None:
    """Run the CLI."""
    app()
