"""`credscope --help` answers fast: building the app imports none of the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

CREDSCOPE = str(Path(sys.executable).with_name("credscope"))
HEAVY = ("spacy", "scrapy", "duckdb", "pandas", "numpy", "rich.table", "analyzer", "crawler")
# the error handler catches the crawler's errors: its package and errors module import nothing
LIGHT = ("crawler", "crawler.errors", "crawler.guard")  # stdlib-only modules


def timed_help() -> float:
    started = time.perf_counter()
    done = subprocess.run([CREDSCOPE, "--help"], capture_output=True, text=True, timeout=60)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert "Usage: credscope" in done.stdout and "report" in done.stdout
    return seconds


def test_help_of_the_installed_command_takes_well_under_a_second() -> None:
    timed_help()  # the first call may still write bytecode caches
    times = [timed_help() for _ in range(3)]
    print(f"credscope --help: {', '.join(f'{t:.2f} s' for t in times)}")
    assert min(times) < 1.5  # < 1 s on an idle machine; margin for a loaded 2-core one


def test_building_the_app_imports_no_heavy_library() -> None:
    script = (
        "import sys\n"
        "from pipelines.cli.app import app\n"
        "from typer.main import get_command\n"
        "get_command(app)\n"
        f"heavy = {HEAVY!r}\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in heavy and m not in {LIGHT!r}))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
