"""The `credscope` command line: a thin Typer layer over the functions in `pipelines/`."""

from __future__ import annotations

import typer

from pipelines import cli_analyze, cli_crawl, cli_report, cli_sources, cli_store

app = typer.Typer(
    name="credscope",
    help="Which credentials do employers actually ask for? Crawl, analyse, store and report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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
