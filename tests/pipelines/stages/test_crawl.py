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
