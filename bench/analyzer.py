"""Analyzer throughput on a named set of real postings beside a tokenizer-only baseline.

The baseline is a fresh `spacy.blank("en")` that has tokenised the same texts once (warm-up)
before its timed pass; the tokens of that pass are the one token count every row divides by,
so tokens/s and the ratios compare the same amount of text. The rows:

* tokenizer only, in-process;
* `analyze_texts(texts, n_process=1)` in-process, the pipeline already built and warmed
  (start-up excluded);
* the whole command `credscope analyze --jsonl FILE --out OUT --workers 1`, and `--workers 2`:
  wall time of a subprocess, interpreter start-up and pipeline build included.

cpu_s is the CPU time (user + system) the row's processes used, all workers summed, and
cores_used = cpu_s / seconds: 2 workers that really run side by side use close to 2 cores; a
figure near 1 means they took turns. others_cores is the CPU that other processes on the machine
used meanwhile (from /proc/stat), per second of the row: on a 2-core machine, other work near 1
core leaves the 2 workers one core to share.

Peak RSS is that of the largest single process: for the command rows, the largest of the command
and its pool workers (measured by a small wrapper process from `RUSAGE_CHILDREN`); for the
in-process rows, the bench process's own peak so far.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import spacy

from analyzer import analysis_version, analyze_texts
from analyzer.decider import META_FILE
from analyzer.paths import decider_dir
from bench.postings import TextSet, shared_mix

POSTINGS = 4000
WARMUP_POSTINGS = 200
ROOT = Path(__file__).resolve().parents[1]

# Runs the command given as its arguments and prints, as JSON, the command's wall time and the
# peak RSS of the largest process among its waited-for descendants (Linux: ru_maxrss in KB).
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
tail = done.stderr.decode("utf-8", "replace")[-2000:]
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_kb": usage.ru_maxrss, "returncode": done.returncode, "stderr": tail}))
"""

_caption: list[str] = []


def caption() -> str | None:
    """What the last `run` measured: the text set, the token count, the decision layer."""
    return "\n".join(_caption) or None


class Measured(NamedTuple):
    """One row's raw figures."""

    case: str
    seconds: float
    cpu: float
    others: float | None  # CPU seconds other processes on the machine used meanwhile
    peak_mb: float
    same_output: str = ""


def _machine_busy() -> float | None:
    """CPU seconds all CPUs have spent busy since boot (Linux /proc/stat), or None elsewhere."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(value) for value in handle.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _others(busy_before: float | None, own_cpu: float) -> float | None:
    """CPU seconds used by other processes since `busy_before`, given our own `own_cpu`."""
    busy_after = _machine_busy()
    if busy_before is None or busy_after is None:
        return None
    return max(0.0, busy_after - busy_before - own_cpu)


def _timed(work: Callable[[], Any]) -> tuple[float, float, float | None, Any]:
    """Wall seconds, CPU seconds of this process, CPU seconds of other processes meanwhile, and
    the result of `work()`."""
    gc.collect()
    busy = _machine_busy()
    start, start_cpu = time.perf_counter(), time.process_time()
    result = work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    return seconds, cpu, _others(busy, cpu), result


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _credscope() -> list[str]:
    """The installed `credscope` entry point beside this interpreter, else `python -m`."""
    script = Path(sys.executable).parent / "credscope"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipelines.cli"]


def _write_jsonl(texts: list[str], path: Path) -> None:
    """The texts as `credscope analyze --jsonl` reads them: {"id": position, "text": ...}."""
    with path.open("w", encoding="utf-8") as handle:
        for index, text in enumerate(texts):
            handle.write(json.dumps({"id": index, "text": text}) + "\n")


def _run_command(command: list[str]) -> tuple[float, float, float | None, float]:
    """Wall seconds, CPU seconds (all its processes), CPU seconds of other processes meanwhile
    and peak RSS (MB) of the largest process of `command`, measured by the wrapper."""
    busy = _machine_busy()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result['stderr']}")
    others = _others(busy, result["cpu"])
    return result["seconds"], result["cpu"], others, result["peak_kb"] / 1024


def _same_output(path: Path, expected: list[str]) -> str:
    """'yes' when the command wrote exactly the in-process analyses (as JSON lines), in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) != len(expected):
        return f"no: {len(lines)} of {len(expected)} lines"
    differing = sum(json.loads(a) != json.loads(b) for a, b in zip(lines, expected, strict=True))
    return "yes" if not differing else f"no: {differing} differ"


def run(limit: int = POSTINGS) -> list[dict[str, Any]]:
    """Seconds, postings/s, tokens/s, ratio to tokenizer-only and peak RSS for each row."""
    text_set: TextSet = shared_mix(limit)
    texts = text_set.texts
    load_before = os.getloadavg()[0]
    version_before = analysis_version()

    # Baseline: a fresh blank pipeline, one warm-up pass, then the timed pass on the same texts.
    blank = spacy.blank("en")
    blank.max_length = 20_000_000
    for text in texts:
        blank.make_doc(text)
    seconds, cpu, others, docs = _timed(lambda: [blank.make_doc(t) for t in texts])
    tokens = sum(len(doc) for doc in docs)
    del docs
    measured = [
        Measured(
            "tokenizer only: fresh blank('en'), warmed",
            seconds,
            cpu,
            others,
            _own_peak_mb(),
        )
    ]

    # In-process analyzer: the pipeline is built and warmed by a call on a small slice first.
    analyze_texts(texts[:WARMUP_POSTINGS], n_process=1)
    seconds, cpu, others, analyses = _timed(lambda: analyze_texts(texts, n_process=1))
    expected = [json.dumps(a, ensure_ascii=False) for a in analyses]
    del analyses
    measured.append(
        Measured(
            "analyze_texts in-process, 1 process, no start-up",
            seconds,
            cpu,
            others,
            _own_peak_mb(),
        )
    )

    # The whole command, as a user runs it: start-up, pipeline build, reading, writing.
    with tempfile.TemporaryDirectory(prefix="credscope-bench-") as tmp:
        source = Path(tmp) / f"{text_set.name}.jsonl"
        _write_jsonl(texts, source)
        # The fixed cost of one command (interpreter start-up, imports, pipeline build): 1 posting.
        single = Path(tmp) / "one.jsonl"
        _write_jsonl(texts[:1], single)
        startup, _, _, _ = _run_command(
            [*_credscope(), "analyze", "--jsonl", str(single), "--out", str(Path(tmp) / "one.out")]
        )
        for workers in (1, 2):
            out = Path(tmp) / f"out-{workers}.jsonl"
            command = [*_credscope(), "analyze", "--jsonl", str(source), "--out", str(out)]
            seconds, cpu, others, peak = _run_command([*command, "--workers", str(workers)])
            name = f"credscope analyze --jsonl --workers {workers}, whole command"
            same = _same_output(out, expected)
            measured.append(Measured(name, seconds, cpu, others, peak, same))

    tokenizer, one_worker, two_workers = measured[0], measured[2], measured[3]
    rows: list[dict[str, Any]] = []
    for row in measured:
        rows.append(
            {
                "bench": "analyzer",
                "case": row.case,
                "texts": f"{text_set.name} ({len(texts):,})",
                "seconds": round(row.seconds, 2),
                "cpu_s": round(row.cpu, 2),
                "cores_used": round(row.cpu / row.seconds, 2),
                "others_cores": "?" if row.others is None else round(row.others / row.seconds, 2),
                "postings_per_s": round(len(texts) / row.seconds, 1),
                "tokens_per_s": round(tokens / row.seconds),
                "ratio_to_tokenizer": round(tokenizer.seconds / row.seconds, 2),
                "peak_rss_mb": round(row.peak_mb),
                "same_output": row.same_output,
            }
        )
    rows[3]["vs_1_worker"] = round(one_worker.seconds / two_workers.seconds, 2)

    has_model = (decider_dir() / META_FILE).exists()
    version_after = analysis_version()
    _caption[:] = [
        f"texts: {text_set.describe()}; {tokens:,} tokens by the baseline tokenizer "
        "(every row's tokens/s = these tokens / its seconds)",
        f"decision layer: {f'trained ({decider_dir()})' if has_model else 'absent (rules only)'}",
        f"2 workers vs 1 worker (whole command): {one_worker.seconds / two_workers.seconds:.2f}x",
        f"start-up of one command (credscope analyze --jsonl on 1 posting, wall): {startup:.2f} s",
        "peak_rss_mb: the largest single process (command rows: the command or a pool worker; "
        "in-process rows: the bench process's own peak so far); "
        "same_output: the command wrote exactly the in-process analyses",
        f"machine: {os.cpu_count()} CPUs; others_cores = CPU other processes used during the row "
        "/ its seconds (other work competes for the cores, the 2-worker row most); "
        f"1-min load average {load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end",
    ]
    if version_after != version_before:
        _caption.append(
            f"analysis version changed during the run ({version_before} -> {version_after}): "
            "data was edited meanwhile, so the rows may not have analysed alike"
        )
    return rows
