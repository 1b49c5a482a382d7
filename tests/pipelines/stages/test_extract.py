"""The extract stage: pending postings, batch transactions, versions, failures, real analyzer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipelines.stages.extract import (
    Analyzer,
    ExtractAborted,
    extract,
    installed_analyzer,
    pending_posting_ids,
)
from pipelines.stages.importers import import_file
from pipelines.store.database import Store
from tests.pipelines.store_data import FAKE, GLASSDOOR, fake_analyze, nhs_postings


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "extract.duckdb") as opened:
        opened.upsert_postings(nhs_postings(30))
        yield opened


def mention_totals(store: Store, version: str) -> tuple[int, int, int]:
    """(summaries, mentions, sum of n_mentions) stored for a version."""
    row = store.con.execute(
        "SELECT (SELECT count(*) FROM posting_summaries WHERE analysis_version = $v), "
        "(SELECT count(*) FROM mentions WHERE analysis_version = $v), "
        "(SELECT coalesce(sum(n_mentions), 0) FROM posting_summaries WHERE analysis_version = $v)",
        {"v": version},
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def test_every_pending_posting_is_analysed_in_batches_once(store: Store) -> None:
    counts = extract(store, analyzer=FAKE, batch_size=7, run_id=3)
    summaries, mentions, declared = mention_totals(store, "fake-1")
    assert counts["pending"] == counts["analysed"] == summaries == 30
    assert counts["mentions"] == mentions == declared > 0
    assert store.count("posting_summaries", "run_id = 3") == 30
    assert extract(store, analyzer=FAKE)["pending"] == 0


def test_mention_rows_keep_offsets_into_the_stored_text(store: Store) -> None:
    extract(store, analyzer=FAKE)
    rows = store.con.execute(
        'SELECT p.text, m.start, m."end", m.text, m.ordinal FROM mentions m '
        "JOIN postings p USING (posting_id) ORDER BY m.posting_id, m.ordinal"
    ).fetchall()
    assert rows and all(text[start:end] == quoted for text, start, end, quoted, _ in rows)


def test_new_analysis_version_reanalyses_and_keeps_the_old_one(store: Store) -> None:
    extract(store, analyzer=FAKE)
    newer = Analyzer(fake_analyze, "fake-2")
    assert pending_posting_ids(store, "fake-2") and not pending_posting_ids(store, "fake-1")
    assert extract(store, analyzer=newer)["analysed"] == 30
    assert mention_totals(store, "fake-1") == mention_totals(store, "fake-2")


def test_changed_posting_is_reanalysed_without_duplicate_mentions(store: Store) -> None:
    extract(store, analyzer=FAKE)
    changed = nhs_postings(1)[0]
    changed["text"] = "A degree is required. A second degree is welcome."
    assert store.upsert_postings([changed])["updated"] == 1
    assert extract(store, analyzer=FAKE)["analysed"] == 1
    summaries, mentions, declared = mention_totals(store, "fake-1")
    assert summaries == 30 and mentions == declared
    assert store.count("mentions", "text = 'degree' AND start = 2") >= 1


def test_failed_batch_is_counted_and_retried_next_time(store: Store) -> None:
    calls: list[int] = []

    def flaky(texts: list[str], ids: list[str], **kwargs: Any) -> list[dict]:
        calls.append(len(texts))
        if len(calls) == 2:
            raise RuntimeError("analyzer crashed")
        return fake_analyze(texts, ids, **kwargs)

    counts = extract(store, analyzer=Analyzer(flaky, "fake-1"), batch_size=10)
    assert counts == {**counts, "analysed": 20, "failed": 10}
    assert mention_totals(store, "fake-1")[0] == 20
    assert extract(store, analyzer=FAKE)["analysed"] == 10


def test_stage_stops_when_batch_after_batch_fails(store: Store) -> None:
    def broken(texts: list[str], ids: list[str], **kwargs: Any) -> list[dict]:
        raise RuntimeError("taxonomy cannot load")

    with pytest.raises(ExtractAborted, match="3 batches in a row failed"):
        extract(store, analyzer=Analyzer(broken, "fake-1"), batch_size=5)
    assert len(pending_posting_ids(store, "fake-1")) == 30


def test_results_missing_a_posting_fail_that_batch(store: Store) -> None:
    def drops_one(texts: list[str], ids: list[str], **kwargs: Any) -> list[dict]:
        return fake_analyze(texts, ids, **kwargs)[1:]

    counts = extract(store, analyzer=Analyzer(drops_one, "fake-1"), batch_size=100)
    assert counts["failed"] == 30 and store.count("posting_summaries") == 0


def test_real_analyzer_on_real_postings(tmp_path: Path) -> None:
    with Store.open(tmp_path / "real.duckdb") as store:
        import_file(store, GLASSDOOR, "glassdoor", limit=6)
        real = installed_analyzer()
        counts = extract(store, analyzer=real, workers=1, batch_size=4)
        assert counts["analysed"] == store.count("postings") == 6
        assert store.count("posting_summaries", f"analysis_version = '{real.version}'") == 6
        degree_ids = store.con.execute(
            "SELECT count(*) FROM mentions WHERE type = 'degree' AND credential_id LIKE 'degree.%'"
        ).fetchone()
        assert degree_ids is not None and degree_ids[0] > 0
