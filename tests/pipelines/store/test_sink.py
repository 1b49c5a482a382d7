"""The crawler's sink into the store: a whole-board crawl closes what vanished, a shared crawl's
worker (which sees part of each board) closes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.store.database import Store
from pipelines.store.lake import Lake
from pipelines.store.sink import StoreSink
from tests.pipelines.store_data import short_postings

OPEN = "SELECT count(*) FROM postings WHERE closed_at IS NULL"


@pytest.mark.parametrize("kind", ["file", "lake"])
@pytest.mark.parametrize(("close_vanished", "closed"), [(True, 7), (False, 0)])
def test_only_a_whole_board_crawl_closes_vanished_postings(
    tmp_path: Path, kind: str, close_vanished: bool, closed: int
) -> None:
    same_board = [{**posting, "employer": "Acme Health"} for posting in short_postings(10)]
    board = (same_board[0]["source"], "Acme Health")
    store = Store.open(tmp_path / "s.duckdb") if kind == "file" else Lake.open(str(tmp_path / "l"))
    with store:
        store.upsert_postings(same_board, run_id=1)
        sink = StoreSink(store, run_id=2, close_vanished=close_vanished)
        sink.open()
        sink.write(same_board[:3])
        counts = sink.finish([board])
        still_open = store.con.execute(OPEN).fetchone()
    assert counts["closed"] == closed
    assert still_open == (10 - closed,)
