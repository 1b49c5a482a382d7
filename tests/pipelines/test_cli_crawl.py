"""`credscope crawl` exit codes follow `credscope run`'s, so a scheduler can act on them."""

from crawler.runner import CrawlSummary
from pipelines.cli_crawl import crawl_exit_code


def test_clean_crawl_is_ok():
    assert crawl_exit_code(CrawlSummary(stored=3, completed_boards=[("lever", "Acme")])) == 0


def test_some_failed_urls_make_a_partial_crawl():
    summary = CrawlSummary(stored=3, completed_boards=[("lever", "Acme")], errors={"u": "500"})
    assert crawl_exit_code(summary) == 3


def test_nothing_crawled_is_a_failure():
    assert crawl_exit_code(CrawlSummary(errors={"http://127.0.0.1:1/": "refused"})) == 1
