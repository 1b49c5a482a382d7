"""The JSONL analyze stage (`credscope analyze --jsonl`): one output line per input line, in order.

Each line becomes its Analysis, or `{"id": …, "error": "…"}` saying what was wrong with it (bad
JSON, not valid UTF-8, missing text, text not a string, too long). Only good lines reach the
analyzer; errors wait in a queue until every analysis before them is written, so the order holds
with worker processes too.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from analyzer import analyze_pairs
from pipelines.stages.posting_files import posting_text

MAX_TEXT_CHARS = 2_000_000


@dataclass
class BatchReport:
    """What happened to a JSONL batch: lines analysed and the lines that failed, with reasons."""

    analysed: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Line:
    """One input line: its id and text to analyse, or its id and what is wrong with it."""

    number: int
    id: Any
    text: str | None = None
    error: str | None = None


def parse_line(raw: bytes, number: int) -> Line:
    """One JSONL line to a Line; the id defaults to the line number."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return Line(number, number, error=f"line {number} is not valid UTF-8 at byte {error.start}")
    except json.JSONDecodeError as error:
        return Line(number, number, error=f"bad JSON on line {number} ({error.msg})")
    if not isinstance(record, dict):
        return Line(number, number, error=f"line {number} is not a JSON object")
    return _checked(number, record.get("id", number), record)


def _checked(number: int, line_id: Any, record: dict[str, Any]) -> Line:
    text = record.get("text")
    if text is None:
        return Line(number, line_id, error=f"missing text on line {number}")
    if not isinstance(text, str):
        kind = type(text).__name__
        return Line(number, line_id, error=f"text is not a string on line {number} ({kind})")
    if len(text) > MAX_TEXT_CHARS:
        error = f"too long on line {number}: {len(text):,} characters (limit {MAX_TEXT_CHARS:,})"
        return Line(number, line_id, error=error)
    return Line(number, line_id, text=posting_text(text))


def _lines(handle: IO[bytes]) -> Iterator[Line]:
    for number, raw in enumerate(handle, start=1):
        if raw.strip():
            yield parse_line(raw, number)
        else:
            yield Line(number, number, error=f"line {number} is empty")


def analyse_jsonl(
    source: IO[bytes],
    sink: IO[str],
    *,
    workers: int = 1,
    batch_size: int = 64,
    on_progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Analyse a JSONL stream into `sink`: one analysis or error line per input line, in order."""
    report = BatchReport()
    pending: deque[Line] = deque()

    def good_pairs() -> Iterator[tuple[Any, str]]:
        for line in _lines(source):
            pending.append(line)
            if line.text is not None:
                yield line.id, line.text

    def write(record: dict[str, Any]) -> None:
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        if on_progress:
            on_progress(report.analysed + len(report.failures))

    def flush_errors() -> None:
        while pending and pending[0].error is not None:
            line = pending.popleft()
            report.failures.append((line.number, str(line.error)))
            write({"id": line.id, "error": line.error})

    for analysis in analyze_pairs(good_pairs(), batch_size=batch_size, n_process=workers):
        flush_errors()
        pending.popleft()  # the good line this analysis answers
        report.analysed += 1
        write(dict(analysis))
    flush_errors()
    return report
