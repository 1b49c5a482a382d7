"""The crawler's own errors: no pipelines import, clear classes, messages kept across processes."""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import pytest

from crawler.errors import CrawlerError, CrawlRestartError, RegistryError, SinkError
from crawler.registry import Employer
from crawler.runner import ensure_reactor_unused, plan_crawl, run_crawl_isolated, run_isolated
from crawler.sinks import JsonlSink


def test_every_crawler_error_is_a_crawler_error_without_exit_code() -> None:
    for cls in (RegistryError, SinkError, CrawlRestartError):
        assert issubclass(cls, CrawlerError)
    for cls in (CrawlerError, RegistryError, SinkError, CrawlRestartError):
        assert not hasattr(cls, "exit_code")


def test_registry_error_keeps_its_problems_through_pickle() -> None:
    error = RegistryError("2 problems", ["entry 1: bad", "entry 2: worse"])
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is RegistryError
    assert str(copy) == "2 problems"
    assert copy.problems == ["entry 1: bad", "entry 2: worse"]
    assert RegistryError("one").problems == ["one"]


def test_an_unwritable_jsonl_output_is_a_sink_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    sink = JsonlSink(blocker / "postings.jsonl")
    with pytest.raises(SinkError, match=r"cannot write postings to .*postings\.jsonl"):
        sink.open()


def odd_employer() -> Employer:
    return Employer("Odd Co", [], "myspace", "odd", None, None, "62", "US", "tests")


def test_an_employer_of_unknown_source_is_a_registry_error() -> None:
    with pytest.raises(RegistryError, match="employer 'Odd Co': unknown source 'myspace'"):
        plan_crawl([odd_employer()], None)


def test_a_second_crawl_in_one_process_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class RanReactor:
        _startedBefore = True

    monkeypatch.setitem(sys.modules, "twisted.internet.reactor", RanReactor())
    with pytest.raises(CrawlRestartError, match="a crawl already ran in this process"):
        ensure_reactor_unused()


def test_an_isolated_crawl_raises_the_childs_crawler_error() -> None:
    with pytest.raises(RegistryError, match="unknown source 'myspace'") as caught:
        run_crawl_isolated(employers=[odd_employer()])
    assert caught.value.problems == [str(caught.value)]


def test_an_isolated_crawl_reports_an_unexpected_error_instead_of_waiting() -> None:
    with pytest.raises(CrawlerError, match="the crawl failed: TypeError"):
        run_crawl_isolated(employers=[], no_such_option=True)


def die_at_once() -> None:
    """A child that ends as a killed (or out-of-memory) crawl does: no result, no exception."""
    os._exit(9)


def test_an_isolated_crawl_whose_process_dies_is_an_error_not_a_hang() -> None:
    with pytest.raises(CrawlerError, match=r"ended without a result \(exit code 9\)"):
        run_isolated(die_at_once)
