"""Terminal tables: split to fit 80 and 120 columns, intervals under shares, long tables cut."""

import io

import pandas as pd
import pytest
from rich.console import Console

from pipelines.reports.builders.employer import build_employer_report
from pipelines.reports.builders.industry import build_industry_report
from pipelines.reports.builders.stats import add_share
from pipelines.reports.model import Column, PostingView, Report, Table, View
from pipelines.reports.rendering.terminal import (
    SHOWN_ROWS,
    highlighted_lines,
    print_postings,
    print_report,
    split_columns,
)


def printed(report: Report, width: int) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None)
    print_report(report, console, skip=("postings",) if report.postings else ())
    print_postings(report, console)
    return buffer.getvalue()


@pytest.mark.parametrize("width", [80, 120])
def test_industry_tables_fit_the_terminal(
    postings: pd.DataFrame, mentions: pd.DataFrame, width: int
) -> None:
    text = printed(build_industry_report(postings, mentions, min_n=3), width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "Health Care and Social" in text and "NAICS" not in text
    assert "67%\n" not in text and "[21–94]" in text  # 2 of 3 postings: 67% [21%–94%]
    assert "50% †" in text  # N=2 is below min_n=3: marked, not hidden
    split = "any strength, by industry (1/2)" in " ".join(text.split())
    assert split is (width == 80)


def test_every_part_repeats_the_labels_and_count() -> None:
    view = View(
        "wide",
        [Column("label", "Label"), Column("n", "N", "count")]
        + [Column(f"s{i}", f"Share {i}", "share") for i in range(8)],
    )
    rows = [["Some long label", "1,234", *["46%\n[40–52]"] * 8]]
    parts = split_columns(view, rows, 60)
    assert len(parts) > 1
    assert all(part.columns[:2] == [0, 1] for part in parts)
    assert sorted({i for part in parts for i in part.columns}) == list(range(10))
    for part in parts:
        assert sum(part.widths[i] + 2 for i in part.columns) <= 62


def test_long_tables_show_the_first_rows_and_say_how_many_more() -> None:
    frame = pd.DataFrame({"label": [f"city {i}" for i in range(SHOWN_ROWS + 5)], "n": 40, "k": 4})
    add_share(frame, "k", "k", "n")
    view = View("Cities", [Column("label", "City"), Column("k", "Share", "share")])
    report = Report("region", "Cities", [Table("regions", frame, [view])], min_n=30)
    text = printed(report, 80)
    assert f"city {SHOWN_ROWS - 1}" in text and f"city {SHOWN_ROWS}\n" not in text
    assert "… and 5 more rows: --format csv or json lists them all" in text.replace("\n", " ")


def test_phrases_on_one_line_are_shown_once_with_every_note() -> None:
    text = "Intro\nBachelor's degree and PMP required.\nEnd"
    start = text.index("Bachelor")
    posting = PostingView(
        "Lead",
        None,
        "London, GB",
        text,
        [
            (start, start + 17, "Bachelor's degree: required"),
            (start + 22, start + 25, "PMP: required"),
        ],
    )
    lines = highlighted_lines(posting)
    assert len(lines) == 1
    assert lines[0].plain.startswith("Bachelor's degree and PMP required.")
    assert "[Bachelor's degree: required; PMP: required]" in lines[0].plain
    assert [span.style for span in lines[0].spans][:2] == ["bold black on yellow"] * 2


def test_employer_view_lists_postings_once(postings: pd.DataFrame, mentions: pd.DataFrame) -> None:
    acme = postings[postings["employer"] == "Acme Health"]
    own = mentions[mentions["posting_id"].isin(acme["posting_id"])]
    report = build_employer_report(acme, own, postings, mentions, "all postings")
    text = printed(report, 80)
    assert "Its postings" not in text
    assert text.count("Staff Nurse") == 1 and "Nurse Manager" in text
    assert max(len(line) for line in text.splitlines()) <= 80
