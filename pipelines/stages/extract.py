"""The extract stage: analyse stored postings not yet analysed by the current analyzer version."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from pipelines.stages.errors import AnalysisMismatch, AnalyzerUnavailable, ExtractAborted
from pipelines.store.backend import StoreBackend
from pipelines.store.posting_rows import utc_now

log = logging.getLogger("credscope.extract")

MAX_FAILED_BATCHES_IN_A_ROW = 3

AnalyzeTexts = Callable[..., Sequence[Mapping[str, Any]]]

MENTION_FIELDS = (
    "start", "end", "text", "type", "level", "credential_id", "label", "issuer", "strength",
    "experience_substitute", "section",
)  # fmt: skip

MENTION_COLUMNS = ["posting_id", "analysis_version", "ordinal", *MENTION_FIELDS]
SUMMARY_COLUMNS = [
    "posting_id", "analysis_version", "content_hash", "equivalency", "min_degree_required",
    "n_mentions", "analysed_at", "run_id", "language",
]  # fmt: skip

PENDING = """SELECT p.posting_id FROM postings p
LEFT JOIN posting_summaries s ON s.posting_id = p.posting_id AND s.analysis_version = $version
WHERE s.posting_id IS NULL OR s.content_hash IS DISTINCT FROM p.content_hash
ORDER BY p.posting_id"""

BATCH_TEXTS = """SELECT posting_id, content_hash, coalesce(text, '') FROM postings
WHERE posting_id IN (SELECT unnest($ids::VARCHAR[])) ORDER BY posting_id"""


@dataclass(frozen=True)
class Analyzer:
    """The analysis function to call and the version its results are stored under."""

    analyze_texts: AnalyzeTexts
    version: str


def installed_analyzer() -> Analyzer:
    """The real analyzer package (imported on demand: spaCy is slow to import)."""
    try:
        from analyzer import analysis_version, analyze_texts

        analyze_texts(["Bachelor's degree required."], ids=["warm-up"])  # load it now
        return Analyzer(analyze_texts, str(analysis_version()))
    except (ImportError, OSError, ValueError) as error:
        raise AnalyzerUnavailable(f"cannot load the analyzer: {error}") from error


def pending_posting_ids(store: StoreBackend, version: str) -> list[str]:
    """Postings with no analysis for `version`, or whose text changed since they were analysed."""
    return [row[0] for row in store.con.execute(PENDING, {"version": version}).fetchall()]


def extract(
    store: StoreBackend,
    *,
    analyzer: Analyzer | None = None,
    workers: int = 1,
    batch_size: int = 1000,
    run_id: int | None = None,
    progress: bool = False,
) -> dict[str, int]:
    """Analyse every pending posting in batches, each batch stored in one transaction."""
    chosen = analyzer or installed_analyzer()
    pending = pending_posting_ids(store, chosen.version)
    tally = ExtractTally(pending=len(pending))
    log.info("extract: %d postings to analyse (analysis version %s)", len(pending), chosen.version)
    batches = list(_chunks(pending, max(1, batch_size)))
    with progress_bar(progress) as bar:
        task = bar.add_task("analysing", total=len(pending)) if bar else None
        for number, ids in enumerate(batches, start=1):
            tally.add(len(ids), _extract_batch(store, chosen, ids, workers=workers, run_id=run_id))
            log.info(
                "extract: batch %d/%d %s (%d/%d postings stored, %d mentions)",
                number, len(batches), "failed" if tally.failed_in_a_row else "stored",
                tally.analysed, len(pending), tally.mentions,
            )  # fmt: skip
            if bar is not None and task is not None:
                bar.advance(task, len(ids))
    return tally.counts()


@dataclass
class ExtractTally:
    """Running totals of an extract; stops the stage when batch after batch fails."""

    pending: int
    analysed: int = 0
    mentions: int = 0
    failed: int = 0
    failed_in_a_row: int = 0

    def add(self, size: int, mentions: int | None) -> None:
        """Count one batch: its mention total, or None when it failed."""
        if mentions is not None:
            self.analysed += size
            self.mentions += mentions
            self.failed_in_a_row = 0
            return
        self.failed += size
        self.failed_in_a_row += 1
        if self.failed_in_a_row >= MAX_FAILED_BATCHES_IN_A_ROW:
            raise ExtractAborted(
                f"{self.failed_in_a_row} batches in a row failed (see the log); "
                f"{self.analysed} postings were stored, the rest stay pending"
            )

    def counts(self) -> dict[str, int]:
        """The totals as the run record keeps them."""
        return {
            "pending": self.pending,
            "analysed": self.analysed,
            "mentions": self.mentions,
            "failed": self.failed,
        }


def _extract_batch(
    store: StoreBackend, analyzer: Analyzer, ids: list[str], *, workers: int, run_id: int | None
) -> int | None:
    """Analyse and store one batch; return its mention count, or None when the batch failed."""
    rows = store.con.execute(BATCH_TEXTS, {"ids": ids}).fetchall()
    try:
        analyses = analyzer.analyze_texts(
            [row[2] for row in rows], ids=[row[0] for row in rows], n_process=workers
        )
        mentions, summaries = analysis_frames(rows, analyses, analyzer.version, run_id)
    except Exception:
        log.exception("extract: batch starting at posting %s failed; it will be retried", ids[0])
        return None
    store.replace_analyses(analyzer.version, ids, mentions, summaries)
    return len(mentions)


def analysis_frames(
    rows: list[tuple[str, str, str]],
    analyses: Sequence[Mapping[str, Any]],
    version: str,
    run_id: int | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mention rows and summary rows for one batch of (posting_id, content_hash, text) rows."""
    by_id = {str(analysis.get("id")): analysis for analysis in analyses}
    missing = [row[0] for row in rows if row[0] not in by_id]
    if missing:
        raise AnalysisMismatch(f"the analyzer returned no result for postings {missing[:5]}")
    analysed_at = utc_now()
    mention_rows: list[list[Any]] = []
    summary_rows: list[list[Any]] = []
    for posting_id, content_hash, _text in rows:
        analysis = by_id[posting_id]
        mentions = analysis.get("mentions") or []
        mention_rows.extend(
            [posting_id, version, ordinal, *(mention.get(field) for field in MENTION_FIELDS)]
            for ordinal, mention in enumerate(mentions)
        )
        summary_rows.append(
            [posting_id, version, content_hash, bool(analysis.get("equivalency")),
             analysis.get("min_degree_required"), len(mentions), analysed_at, run_id,
             analysis.get("language")]
        )  # fmt: skip
    return (
        pd.DataFrame(mention_rows, columns=MENTION_COLUMNS, dtype=object),
        pd.DataFrame(summary_rows, columns=SUMMARY_COLUMNS, dtype=object),
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def progress_bar(enabled: bool) -> Any:
    """A progress bar on stderr counting postings analysed (a null context when disabled)."""
    if not enabled:
        return nullcontext(None)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
