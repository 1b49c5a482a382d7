"""`make demo`: the main job on the bundled real sample, over loopback only.

Serves `data/samples/` on 127.0.0.1, crawls it with the real spiders into a fresh DuckDB file,
analyses every posting, writes the default reports, then prints the industry report and the
employer view of the employer with the most postings, and writes the HTML report and the static
site (OUT_DIR/site), printing where it is.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from analyzer.paths import data_dir
from crawler.errors import CrawlerError
from crawler.guard import ALLOW_PRIVATE_SETTING
from pipelines.cli.error_handler import exit_code_for, show_error
from pipelines.cli.exit_codes import exit_code_for_status
from pipelines.demo.sample_site import sample_registry_text, sample_settings, serve_sample
from pipelines.errors import CredscopeError
from pipelines.stages.logs import configure_logging
from pipelines.stages.run import RunOptions, run_job
from pipelines.store.database import Store

DEFAULT_OUT = Path("out/demo")


def busiest_employer(db: Path) -> str:
    """The employer with the most stored postings."""
    with Store.open(db, read_only=True) as store:
        row = store.con.execute(
            "SELECT employer FROM postings WHERE employer IS NOT NULL "
            "GROUP BY employer ORDER BY count(*) DESC, employer LIMIT 1"
        ).fetchone()
    if row is None:
        raise CredscopeError("the demo crawl stored no postings")
    return str(row[0])


def run_demo(out_dir: Path = DEFAULT_OUT, workers: int = 2) -> int:
    """Crawl, analyse, store and report on the bundled sample; return the run's exit code."""
    console = Console()
    sample = data_dir() / "samples"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    db, registry = out_dir / "credscope.duckdb", out_dir / "employers.yaml"
    started = time.perf_counter()
    with serve_sample(sample) as base_url:
        console.print(f"[bold]serving the bundled sample[/] ({sample}) at {base_url}")
        registry.write_text(sample_registry_text(sample, base_url), encoding="utf-8")
        options = RunOptions(
            registry=registry,
            crawl_settings={
                **sample_settings(base_url),
                "LOG_LEVEL": "WARNING",
                ALLOW_PRIVATE_SETTING: True,  # the sample is served on loopback
            },
            report_dir=out_dir / "reports",
            workers=workers,
        )
        record = run_job(db, options)
    console.print(f"run {record.run_id}: {record.status} in {time.perf_counter() - started:.0f}s")
    show_reports(console, db, out_dir)
    return exit_code_for_status(record.status)


def show_reports(console: Console, db: Path, out_dir: Path) -> None:
    """Print the industry report and one employer's view; write the HTML report and the site."""
    from pipelines.cli.app import app

    employer = busiest_employer(db)
    html, site = out_dir / "credscope-report.html", out_dir / "site"
    commands = [
        ["report", "industry", "--db", str(db)],
        ["employer", employer, "--db", str(db)],
        ["report", "industry", "--db", str(db), "--format", "html", "--out", str(html)],
        ["site", str(site), "--db", str(db)],
    ]
    for arguments in commands:
        console.rule(f"credscope {' '.join(arguments)}")
        app(arguments, standalone_mode=False)
    console.print(f"\n[bold]HTML report:[/] {html.resolve()}")
    console.print(f"[bold]Site:[/] {(site / 'index.html').resolve().as_uri()}")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m pipelines.demo [OUT_DIR]`."""
    args = list(sys.argv[1:] if argv is None else argv)
    configure_logging()
    try:
        return run_demo(Path(args[0]) if args else DEFAULT_OUT)
    except (CredscopeError, CrawlerError) as error:
        show_error(error)
        return exit_code_for(error)
