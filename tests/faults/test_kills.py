"""kill -9 at every stage — crawl, import, extract, writing a report or the site — then rerun:
nothing lost, nothing duplicated, no half-written file."""

from __future__ import annotations

import json
import re
import signal
from collections.abc import Callable
from pathlib import Path

from pipelines.store.database import Store
from tests.faults.conftest import FaultRow
from tests.faults.harness import count_store, credscope, kill_after, kill_at_line, kill_when
from tests.faults.slow_site import slow_sample
from tests.pipelines.store_data import short_postings

KILLED = -signal.SIGKILL
SCRAPED = re.compile(r"scraped (\d+) items")


def scraped_at_least(count: int) -> Callable[[str], bool]:
    """A moment to kill a crawl: Scrapy's periodic stats line says `count` postings went through
    the pipelines (the storage pipeline writes every 20)."""

    def moment(line: str) -> bool:
        found = SCRAPED.search(line)
        return found is not None and int(found.group(1)) >= count

    return moment


def test_crawl_killed_twice_then_rerun(tmp_path: Path, fault_table: list[FaultRow]) -> None:
    reference, db = tmp_path / "reference.duckdb", tmp_path / "killed.duckdb"
    with slow_sample(tmp_path) as arguments:
        small_batches = [*arguments, "--set", "CREDSCOPE_SINK_BATCH=20"]
        assert credscope("crawl", *small_batches, "--db", str(reference)).returncode == 0
        watched = [*small_batches, *("--set", "LOG_LEVEL=INFO", "--set", "LOGSTATS_INTERVAL=0.5")]
        codes = [
            kill_at_line(["crawl", *watched, "--db", str(db)], scraped_at_least(n))
            for n in (40, 100)
        ]
        stored_when_killed = len(count_store(db).posting_ids)
        rerun = credscope("crawl", *small_batches, "--db", str(db))
    assert codes == [KILLED, KILLED]
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    expected, after = count_store(reference), count_store(db)
    assert 100 <= stored_when_killed < len(expected.posting_ids)
    fault_table.append(
        FaultRow(
            "kill -9 during crawl",
            len(codes),
            len(expected.posting_ids - after.posting_ids),
            after.duplicated,
            None,
        )
    )
    assert after.posting_ids == expected.posting_ids and after.duplicated == 0


def test_import_killed_twice_then_rerun(tmp_path: Path, fault_table: list[FaultRow]) -> None:
    postings = short_postings(10_000, chars=400)
    source = tmp_path / "postings.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in postings), encoding="utf-8")
    db = tmp_path / "import.duckdb"
    arguments = ["import", str(source), "--format", "jsonl", "--db", str(db)]
    codes = [
        kill_at_line(arguments, lambda line, n=n: f"import: {n} postings stored" in line)
        for n in (2000, 5000)
    ]
    stored_when_killed = len(count_store(db).posting_ids)
    rerun = credscope(*arguments)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    after = count_store(db)
    expected = len({(p["source"], p["source_ref"]) for p in postings})
    fault_table.append(
        FaultRow(
            "kill -9 during import",
            len(codes),
            expected - len(after.posting_ids),
            after.duplicated,
            None,
        )
    )
    assert codes == [KILLED, KILLED] and 5000 <= stored_when_killed < expected
    assert len(after.posting_ids) == expected and after.duplicated == 0


def test_extract_killed_twice_then_rerun(tmp_path: Path, fault_table: list[FaultRow]) -> None:
    db = tmp_path / "extract.duckdb"
    with Store.open(db) as store:
        store.upsert_postings(short_postings(600))
    arguments = ["extract", "--db", str(db), "--batch-size", "30"]
    codes = [kill_at_line(arguments, lambda line, at=at: f"batch {at}/" in line) for at in (4, 2)]
    rerun = credscope(*arguments)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    after = count_store(db)
    with Store.open(db, read_only=True) as store:
        statuses = [row[0] for row in store.con.execute("SELECT status FROM runs").fetchall()]
    fault_table.append(
        FaultRow(
            "kill -9 during extract",
            len(codes),
            len(after.posting_ids) - after.summaries,
            after.duplicated,
            None,
        )
    )
    assert codes == [KILLED, KILLED]
    assert statuses == ["interrupted", "interrupted", "ok"]
    assert after.summaries == len(after.posting_ids) == 600 and after.duplicated == 0
    assert after.mentions == after.mentions_expected > 0


def test_report_writing_killed_leaves_no_half_file(
    tmp_path: Path, fault_table: list[FaultRow]
) -> None:
    db = tmp_path / "report.duckdb"
    with Store.open(db) as store:
        store.upsert_postings(short_postings(300))
    assert credscope("extract", "--db", str(db)).returncode == 0
    before = count_store(db)
    page = tmp_path / "out" / "industry.html"
    arguments = ["report", "industry", "--db", str(db), "--format", "html", "--out", str(page)]
    codes, halves = [], 0
    for seconds in (0.8, 1.4, 2.0, 2.6, 3.2):
        codes.append(kill_after(arguments, seconds))
        if page.exists() and not page.read_text(encoding="utf-8").rstrip().endswith("</html>"):
            halves += 1
    after = count_store(db)
    fault_table.append(
        FaultRow(
            "kill -9 while writing a report",
            len(codes),
            len(before.posting_ids - after.posting_ids),
            after.duplicated,
            None,
        )
    )
    assert KILLED in codes and halves == 0
    assert after == before
    rerun = credscope(*arguments)
    assert rerun.returncode == 0 and page.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not [p for p in page.parent.iterdir() if re.match(r"\..*\.partial$", p.name)]


def test_site_writing_killed_leaves_the_old_site_or_the_new(
    tmp_path: Path, fault_table: list[FaultRow]
) -> None:
    db = tmp_path / "site.duckdb"
    with Store.open(db) as store:
        store.upsert_postings(short_postings(600))
    assert credscope("extract", "--db", str(db)).returncode == 0
    site = tmp_path / "site"
    arguments = ["site", str(site), "--db", str(db)]
    assert credscope(*arguments).returncode == 0
    pages = site_files(site)
    before = count_store(db)
    codes, halves = [], 0
    for share in (0.01, 0.25, 0.5, 0.75, 0.9, 1.0):
        codes.append(kill_when(arguments, partial_site_holds(tmp_path, share * len(pages))))
        halves += site_files(site) != pages
    after = count_store(db)
    fault_table.append(
        FaultRow(
            "kill -9 while writing the site",
            codes.count(KILLED),  # the kills that landed: a fast writer may finish first
            len(before.posting_ids - after.posting_ids),
            after.duplicated,
            None,
        )
    )
    assert KILLED in codes and halves == 0 and after == before, codes
    assert credscope(*arguments).returncode == 0 and site_files(site) == pages
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def partial_site_holds(folder: Path, count: float) -> Callable[[], bool]:
    """A moment to kill `credscope site`: its hidden folder holds at least `count` files."""

    def ready() -> bool:
        try:
            held = sum(1 for p in folder.glob(".site.partial-*/**/*") if p.is_file())
        except FileNotFoundError:  # renamed into place while counted
            return False
        return held >= count

    return ready


def site_files(site: Path) -> list[Path]:
    """Every file of a written site, relative to its folder."""
    return sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
