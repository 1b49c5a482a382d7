"""The JSONL analyze stage (`credscope analyze --jsonl`): one Analysis per line, errors per line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from analyzer import analyze_pairs
from pipelines.stages.posting_files import posting_text


@dataclass
class BatchReport:
    """What happened to a JSONL batch: lines analysed and the lines that failed, with reasons."""

    analysed: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)


def parse_line(line: str, line_no: int) -> tuple[Any, str]:
    """One JSONL line to (id, text); ValueError says what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object with 'id' and 'text'")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("missing 'text' string")
    return record.get("id", line_no), posting_text(text)


def _good_lines(handle: IO[bytes], report: BatchReport) -> Iterator[tuple[Any, str]]:
    for line_no, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        try:
            yield parse_line(raw.decode("utf-8"), line_no)
        except UnicodeDecodeError as error:
            report.failures.append((line_no, f"not valid UTF-8 at byte {error.start}"))
        except ValueError as error:
            report.failures.append((line_no, str(error)))


def analyse_jsonl(
    source: IO[bytes],
    sink: IO[str],
    *,
    workers: int = 1,
    batch_size: int = 64,
    on_progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Analyse a JSONL stream into `sink`, in order; bad lines are skipped and listed."""
    report = BatchReport()
    pairs = _good_lines(source, report)
    for analysis in analyze_pairs(pairs, batch_size=batch_size, n_process=workers):
        sink.write(json.dumps(analysis, ensure_ascii=False) + "\n")
        report.analysed += 1
        if on_progress:
            on_progress(report.analysed)
    return report
