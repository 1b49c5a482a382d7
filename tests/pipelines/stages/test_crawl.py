"""A crawl's status follows a run's, so `credscope crawl` exits as `credscope run` does."""

from crawler.runner import CrawlSummary
from pipelines.stages.crawl import crawl_status
from pipelines.store.run_status import RunStatus


def test_clean_crawl_is_ok():
    assert (
        crawl_status(CrawlSummary(stored=3, completed_boards=[("lever", "Acme")])) == RunStatus.OK
    )


def test_some_failed_urls_make_a_partial_crawl():
    summary = CrawlSummary(stored=3, completed_boards=[("lever", "Acme")], errors={"u": "500"})
    assert crawl_status(summary) == RunStatus.PARTIAL


def test_nothing_crawled_is_a_failure():
    summary = CrawlSummary(errors={"http://127.0.0.1:1/": "refused"})
    assert crawl_status(summary) == RunStatus.FAILED


REFUSED = {"http://169.254.169.254/": "Acme (jsonld) skipped: 169.254.169.254 is a link-local"}


def test_boards_refused_by_the_outbound_guard_make_a_partial_crawl():
    assert crawl_status(CrawlSummary(refused=REFUSED)) == RunStatus.PARTIAL
    summary = CrawlSummary(stored=3, completed_boards=[("lever", "Acme")], refused=REFUSED)
    assert crawl_status(summary) == RunStatus.PARTIAL


def test_a_run_names_each_refused_request_and_ends_partial():
    from pipelines.stages.run import run_stage
    from pipelines.store.run_records import RunRecord

    record = RunRecord(run_id=1)
    run_stage(record, "crawl", lambda: {"new": 0, "errors": 0, "refused": REFUSED})
    assert record.status == RunStatus.PARTIAL
    assert record.errors == [
        "crawl: refused http://169.254.169.254/: "
        "Acme (jsonld) skipped: 169.254.169.254 is a link-local"
    ]
