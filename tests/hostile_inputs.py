"""Pathological inputs, and a harness timing each in its own forked process (peak RSS per input).

`python -m tests.hostile_inputs` prints the table of input -> seconds, peak MB for every target.
A worker process per target builds what the target needs once (the spaCy pipeline, say), then
forks one child per input under RLIMIT_AS; the worker reads the child's own peak RSS with wait4,
so each figure is that input's, the warmed-up baseline included.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LIMIT_SECONDS = 10.0
LIMIT_MB = 1024
ADDRESS_SPACE = 3 * 1024**3 // 2  # RLIMIT_AS per input: about 1.5 GB
SLASH_LIST = "RN/LPN/CNA/BLS/ACLS/PALS/CPR/EMT/"

INPUTS: dict[str, Callable[[], str]] = {
    "5 MB token without spaces": lambda: "Bachelor" + "x" * 5_000_000,
    "200k newlines": lambda: "Requirements:\n" + "\n" * 200_000 + "BSc required",
    "1M brackets": lambda: "(" * 500_000 + "BSc" + ")" * 500_000,
    "slash list x100k": lambda: "Required: " + SLASH_LIST * 100_000,
    "1M combining marks": lambda: "BSc" + "\u0301" * 1_000_000 + " degree e\u0301\u0327 required",
    "NUL and control bytes": lambda: "".join(map(chr, range(32))) * 60_000 + "\x00BSc\x00degree",
    "100k nested <div>s": lambda: "<div>" * 100_000 + "BSc required" + "</div>" * 100_000,
    "3 MB of nested lists": lambda: "<ul><li><b>PMP" * 200_000 + "</b></li></ul>" * 200_000,
}


def _analyzer() -> Callable[[str], object]:
    from analyzer import analyze_text
    from analyzer.language import identifier

    analyze_text("Warm-up: a Bachelor's degree and PMP required.")
    identifier()  # the language model loads once per process, on first need
    return analyze_text


def _html() -> Callable[[str], object]:
    from crawler.htmltext import html_to_text

    return html_to_text


def _importer() -> Callable[[str], object]:
    """The whole import, store included, of one JSON-LD line and one Glassdoor CSV row whose
    title, employer, location and description are the input (or its start)."""
    from pipelines.stages.import_formats import jsonld_posting
    from pipelines.stages.importers import import_file
    from pipelines.store.database import Store

    folder = Path(tempfile.mkdtemp(prefix="hostile-import-"))
    Store.open(folder / "warm.duckdb").close()

    def run(text: str) -> object:
        jsonld, glassdoor = folder / f"in-{os.getpid()}.jsonl", folder / f"in-{os.getpid()}.csv"
        job = {"@type": "JobPosting", "title": text[:5000], "description": text,
               "hiringOrganization": {"name": text[:300]}, "jobLocation": text[:2000]}  # fmt: skip
        jsonld.write_text(json.dumps(job) + "\n", encoding="utf-8")
        row = {"Job Title": text[:5000], "Job Description": text, "Company Name": text[:300],
               "Location": text[:2000], "Industry": text[:500]}  # fmt: skip
        with glassdoor.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(row))
            writer.writeheader()
            writer.writerow(row)
        with Store.open(folder / f"store-{os.getpid()}.duckdb") as store:
            return [
                import_file(store, jsonld, "jsonld").counts,
                import_file(store, glassdoor, "glassdoor").counts,
            ]

    # load the location and industry tables here; DuckDB is left cold, as it is not fork-safe
    jsonld_posting({"title": "Nurse", "description": "<p>BSc</p>", "jobLocation": "London, UK"})
    return run


TARGETS: dict[str, Callable[[], Callable[[str], object]]] = {
    "analyzer": _analyzer,
    "html_to_text": _html,
    "import": _importer,
}


@dataclass
class Measure:
    """One input's run: whether it finished cleanly, its wall time and the child's peak RSS."""

    target: str
    input: str
    ok: bool
    seconds: float
    peak_mb: float
    detail: str = ""


def _child(run: Callable[[str], object], name: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    try:
        run(INPUTS[name]())
    except BaseException as error:  # the parent reports the failure
        sys.stderr.write(f"{type(error).__name__}: {str(error)[:200]}\n")
        os._exit(1)
    os._exit(0)


def _measure_one(target: str, run: Callable[[str], object], name: str) -> Measure:
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(run, name)
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        elapsed = time.monotonic() - started
        if done:
            break
        if elapsed > LIMIT_SECONDS + 2:
            os.kill(pid, 9)
            _, status, usage = os.wait4(pid, 0)
            return Measure(target, name, False, elapsed, usage.ru_maxrss / 1024, "timed out")
        time.sleep(0.005)
    ok = os.waitstatus_to_exitcode(status) == 0
    return Measure(target, name, ok, elapsed, usage.ru_maxrss / 1024, "" if ok else "failed")


def _worker(target: str, names: list[str]) -> None:
    run = TARGETS[target]()
    for name in names or INPUTS:
        print(json.dumps(_measure_one(target, run, name).__dict__), flush=True)


def measure(target: str, names: list[str] | None = None) -> list[Measure]:
    """Run each named input (default: all) through the target, one forked child per input."""
    names = names or list(INPUTS)
    command = [sys.executable, "-m", "tests.hostile_inputs", "--worker", target, *names]
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=300, check=True
    )
    return [Measure(**json.loads(line)) for line in done.stdout.splitlines()]


def main(args: list[str]) -> None:
    """Worker mode (`--worker TARGET NAMES…`) or the full table."""
    if args[:1] == ["--worker"]:
        _worker(args[1], args[2:])
        return
    print("| target | input | s | peak MB | ok |\n|---|---|---|---|---|")
    for target in TARGETS:
        for m in measure(target):
            print(f"| {m.target} | {m.input} | {m.seconds:.2f} | {m.peak_mb:.0f} | {m.ok} |")


if __name__ == "__main__":
    main(sys.argv[1:])
