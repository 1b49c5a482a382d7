"""load_frames over a real DuckDB file with the store schema."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.reports.errors import UnknownValueError
from pipelines.reports.frames import ReportFilters, load_frames, unread_languages, unread_note
from tests.pipelines.reports.report_samples import VERSION

POSTING_COLUMNS = {
    "posting_id", "employer", "title", "url", "source", "country", "subdivision", "city",
    "industry", "date_posted", "first_seen", "run_id", "equivalency", "min_degree_required",
}  # fmt: skip


def frames(store_path: Path, filters: ReportFilters | dict | None = None, **kwargs):
    with duckdb.connect(str(store_path), read_only=True) as con:
        return load_frames(con, filters, analysis_version=VERSION, **kwargs)


def test_reads_only_current_analyses(store_path: Path) -> None:
    postings, mentions = frames(store_path)
    assert set(postings.columns) == POSTING_COLUMNS
    assert list(postings["posting_id"]) == ["p1", "p2", "p3", "p4", "p5"]
    assert len(mentions) == 7 and "p7" not in set(mentions["posting_id"])
    assert {"ordinal", "start", "end", "credential_id", "strength", "experience_substitute"} <= set(
        mentions.columns
    )
    assert postings.loc[postings["posting_id"] == "p1", "equivalency"].item()
    assert str(postings["date_posted"].iloc[0].date()) == "2024-01-10"


def test_postings_not_in_english_are_counted_apart(store_path: Path) -> None:
    postings, _ = frames(store_path)
    assert "p8" not in set(postings["posting_id"])
    with duckdb.connect(str(store_path), read_only=True) as con:
        counts = unread_languages(con, None, analysis_version=VERSION)
        assert counts == {"fr": 1}
        assert unread_languages(con, {"industry": "62"}, analysis_version=VERSION) == {}
    note = unread_note(counts)
    assert note is not None and "1 posting not in English" in note and "fr 1" in note
    assert unread_note({}) is None


def test_text_only_when_asked(store_path: Path) -> None:
    postings, _ = frames(store_path, include_text=True)
    assert postings["text"].iloc[0].startswith("Staff Nurse")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"industry": "62"}, ["p1", "p2", "p5"]),
        ({"industry": "health care and social assistance"}, ["p1", "p2", "p5"]),
        ({"region": "us-ca"}, ["p1", "p2"]),
        ({"region": "GB"}, ["p4", "p5"]),
        ({"region": "london"}, ["p4"]),
        ({"employer": "beta tech"}, ["p3", "p4"]),
        ({"since": date(2024, 3, 1)}, ["p4", "p5"]),
        ({"source": "import"}, ["p3"]),
        ({"source": "lever", "region": "GB"}, ["p4"]),
    ],
)
def test_filters(store_path: Path, filters: dict, expected: list[str]) -> None:
    postings, mentions = frames(store_path, ReportFilters(**filters))
    assert list(postings["posting_id"]) == expected
    assert set(mentions["posting_id"]) <= set(expected)


def test_unknown_values_say_what_is_known(store_path: Path) -> None:
    with pytest.raises(UnknownValueError, match=r"industries in the store: 62 .*54"):
        frames(store_path, {"industry": "99"})
    with pytest.raises(UnknownValueError, match=r"Regions in the store: US, CA, GB, US-CA"):
        frames(store_path, {"region": "FR"})
    with pytest.raises(UnknownValueError, match=r"closest known employers: Acme Health"):
        frames(store_path, {"employer": "Acme Helth"})
