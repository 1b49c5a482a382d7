"""The `credscope` app: every command group registered, every domain error handled in one place."""

from __future__ import annotations

import typer

from pipelines.cli import analyze, crawl, export, report, sources, stages, taxonomy
from pipelines.cli.error_handler import DomainErrorsHandled

app = typer.Typer(
    name="credscope",
    help="Which credentials do employers actually ask for? Crawl, analyse, store and report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=DomainErrorsHandled,
)

analyze.register(app)
taxonomy.register(app)
crawl.register(app)
sources.register(app)
stages.register(app)
export.register(app)
report.register(app)


def main() -> None:
    """Run the CLI."""
    app()
