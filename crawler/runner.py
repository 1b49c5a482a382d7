"""Run the spiders for a set of employers (or one site) in-process and summarise the crawl."""

from __future__ import annotations

import multiprocessing
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from queue import Empty
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler.errors import (
    ConfigurationError,
    CrawlerError,
    CrawlRestartError,
    GuardSettingError,
    RefusedTargetError,
    RegistryError,
)
from crawler.guard import Guard
from crawler.guard_middleware import REFUSED_KEY
from crawler.guard_resolver import GUARD_SETTING, INNER_RESOLVER_SETTING, allows_private
from crawler.middlewares import ERRORS_KEY
from crawler.pipelines import SeenPostings, Shared
from crawler.progress import CrawlProgress
from crawler.sinks import PostingSink
from crawler.spiders.ashby import AshbySpider
from crawler.spiders.base import COMPLETED_KEY, BoardSpider
from crawler.spiders.greenhouse import GreenhouseSpider
from crawler.spiders.jsonld import JsonLdSpider
from crawler.spiders.lever import LeverSpider
from crawler.spiders.smartrecruiters import SmartRecruitersSpider
from crawler.spiders.usajobs import UsajobsSpider
from crawler.spiders.workable import WorkableSpider
from crawler.spiders.workday import WorkdaySpider

if TYPE_CHECKING:
    from crawler.frontier.settings import SharedCrawl
    from crawler.registry import Employer

SPIDERS: dict[str, type[BoardSpider]] = {
    spider.source: spider
    for spider in (
        GreenhouseSpider,
        LeverSpider,
        AshbySpider,
        SmartRecruitersSpider,
        WorkableSpider,
        WorkdaySpider,
        UsajobsSpider,
        JsonLdSpider,
    )
}


@dataclass
class CrawlSummary:
    """What a crawl did: sink counts, postings kept, drops and edits by reason, errors by URL,
    requests the outbound guard refused (URL and why), and counts of pages by kind (such as
    pages without a posting)."""

    counts: dict[str, int] = field(default_factory=dict)
    stored: int = 0
    pages: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    edited: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    boards: dict[str, int] = field(default_factory=dict)
    page_kinds: dict[str, int] = field(default_factory=dict)
    completed_boards: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add_stats(self, stats: dict[str, Any]) -> None:
        """Fold one crawler's stats into the summary."""
        self.pages += int(stats.get("response_received_count", 0))
        self.stored += int(stats.get("credscope/stored", 0))
        self.errors.update(stats.get(ERRORS_KEY) or {})
        self.refused.update(stats.get(REFUSED_KEY) or {})
        self.completed_boards += [tuple(board) for board in stats.get(COMPLETED_KEY) or []]
        for prefix, target in (
            ("credscope/dropped/", self.dropped),
            ("credscope/edited/", self.edited),
            ("credscope/boards/", self.boards),
            ("credscope/pages/", self.page_kinds),
        ):
            for key, value in stats.items():
                if key.startswith(prefix):
                    name = key[len(prefix) :]
                    target[name] = target.get(name, 0) + int(value)


GUARD_OWNED_SETTINGS = ("TWISTED_DNS_RESOLVER", "DNS_RESOLVER")
CHILD_POLL = 1.0  # seconds between checks that an isolated crawl's process is still alive


def crawl_settings(overrides: dict | None, sink: PostingSink | None, progress: bool) -> Settings:
    """The project settings, then `overrides`, with the sink, the run's shared dedupe state and
    the run's outbound guard (allowance: the CREDSCOPE_ALLOW_PRIVATE setting or variable)."""
    taken = sorted(set(overrides or {}) & set(GUARD_OWNED_SETTINGS))
    if taken:
        raise GuardSettingError(
            f"{', '.join(taken)} would bypass the outbound guard; "
            f"set {INNER_RESOLVER_SETTING} to choose the resolver the guard filters"
        )
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    if progress:
        settings.set("LOG_LEVEL", "WARNING", priority="project")
    settings.setdict(overrides or {}, priority="cmdline")
    settings.set("CREDSCOPE_SINK", Shared(sink), priority="cmdline")
    settings.set("CREDSCOPE_SEEN", Shared(SeenPostings()), priority="cmdline")
    settings.set(GUARD_SETTING, Shared(Guard(allows_private(settings))), priority="cmdline")
    return settings


def check_start_url(url: str | None, overrides: dict | None) -> None:
    """Refuse, before any request, a start URL the crawl's guard would refuse."""
    if not url:
        return
    refusal = Guard(allows_private(Settings(overrides or {}))).check_url(url)
    if refusal is not None:
        raise RefusedTargetError(f"refused to crawl {url}: {refusal}")


def plan_crawl(
    employers: list[Employer] | None, url: str | None
) -> list[tuple[type[BoardSpider], dict[str, Any]]]:
    """One spider per source family with its employers; --url goes to the schema.org spider."""
    by_source: dict[str, list[Employer]] = defaultdict(list)
    for employer in employers or []:
        if employer.source not in SPIDERS:
            raise RegistryError(f"employer {employer.name!r}: unknown source {employer.source!r}")
        by_source[employer.source].append(employer)
    plan: list[tuple[type[BoardSpider], dict[str, Any]]] = [
        (SPIDERS[source], {"employers": group}) for source, group in by_source.items()
    ]
    if url:
        plan = [entry for entry in plan if entry[0] is not JsonLdSpider]
        plan.append((JsonLdSpider, {"employers": by_source.get("jsonld"), "start_urls": [url]}))
    return plan


def runnable(
    plan: list[tuple[type[BoardSpider], dict[str, Any]]], settings: Settings
) -> tuple[list[tuple[type[BoardSpider], dict[str, Any]]], dict[str, str]]:
    """The plan without the families `settings` cannot run (no API key), and why each was left
    out, keyed like a failed URL; ConfigurationError when no family is left to crawl."""
    kept, refused = [], {}
    for spider, kwargs in plan:
        try:
            spider.check_settings(settings)
        except ConfigurationError as error:
            refused[f"{spider.source} (every board)"] = str(error)
        else:
            kept.append((spider, kwargs))
    if refused and not kept:
        raise ConfigurationError("; ".join(refused.values()))
    return kept, refused


def ensure_reactor_unused() -> None:
    """Twisted's reactor runs once per process: say so clearly instead of hanging."""
    import sys

    reactor = sys.modules.get("twisted.internet.reactor")
    if reactor is not None and getattr(reactor, "_startedBefore", False):
        raise CrawlRestartError(
            "a crawl already ran in this process (Twisted cannot restart); "
            "use crawler.runner.run_crawl_isolated for another"
        )


def run_crawl(
    employers: list[Employer] | None = None,
    *,
    url: str | None = None,
    limit: int | None = None,
    sink: PostingSink | None = None,
    settings: dict | None = None,
    progress: bool = False,
    shared: SharedCrawl | None = None,
) -> CrawlSummary:
    """Crawl the employers' boards (and `url`, a career site) through Scrapy into `sink`.

    `employers=None` without `url` crawls the whole default registry. `limit` caps the postings
    taken from each board (a limited board does not count as complete). With `shared`, this
    process is one worker of a crawl whose frontier is in Redis (crawler.frontier)."""
    if employers is None and url is None:
        from crawler.registry import load_registry

        employers = load_registry()
    plan = plan_crawl(employers, url)
    ensure_reactor_unused()
    started = time.monotonic()
    check_start_url(url, settings)
    if shared is not None:
        sink, project_settings = shared_worker_settings(shared, sink, settings, progress)
    else:
        project_settings = crawl_settings(settings, sink, progress)
    plan, refused = runnable(plan, project_settings)
    process = CrawlerProcess(project_settings)
    crawlers = [process.create_crawler(spider) for spider, _ in plan]
    for crawler, (_, kwargs) in zip(crawlers, plan, strict=True):
        process.crawl(crawler, limit=limit, **kwargs)
    if sink is not None:
        sink.open()
    with CrawlProgress(enabled=progress) as display:
        for crawler in crawlers:
            display.watch(crawler)
        process.start(install_signal_handlers=True)
    summary = summarise(crawlers, sink, time.monotonic() - started)
    summary.errors.update(refused)
    return summary


def shared_worker_settings(
    shared: SharedCrawl, sink: PostingSink | None, overrides: dict | None, progress: bool
) -> tuple[PostingSink | None, Settings]:
    """The sink and settings of one worker of a shared crawl (Redis checked first)."""
    from crawler.frontier.connection import connect
    from crawler.frontier.leases import AckingSink, LeaseBook
    from crawler.frontier.settings import apply_frontier

    connect(shared.url)
    book = LeaseBook()
    acking = AckingSink(sink, book) if sink is not None else None
    settings = crawl_settings(overrides, acking, progress)
    apply_frontier(settings, shared, book)
    return acking, settings


def summarise(crawlers: list[Crawler], sink: PostingSink | None, seconds: float) -> CrawlSummary:
    """Gather every crawler's stats and let the sink report new/updated/unchanged/closed."""
    summary = CrawlSummary(seconds=round(seconds, 2))
    for crawler in crawlers:
        if crawler.stats is not None:
            summary.add_stats(crawler.stats.get_stats())
    if sink is not None:
        summary.counts = dict(sink.finish(summary.completed_boards))
    return summary


def _run_in_child(
    target: Callable[..., Any],
    kwargs: dict[str, Any],
    passed: tuple[type[Exception], ...],
    queue: Any,
) -> None:
    try:
        queue.put(("ok", target(**kwargs)))
    except passed as error:
        queue.put(("error", error))
    except Exception as error:  # anything else would leave the parent waiting forever
        queue.put(("error", CrawlerError(f"the crawl failed: {type(error).__name__}: {error}")))
        raise


def run_isolated(
    target: Callable[..., Any],
    passed: tuple[type[Exception], ...] = (CrawlerError,),
    **kwargs: Any,
) -> Any:
    """`target(**kwargs)` in a fresh process (Twisted's reactor runs once per process).

    `target` must be importable (a module-level function) and its result picklable. An error
    of the `passed` classes is raised here, class and message kept; any other, a CrawlerError."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_run_in_child, args=(target, kwargs, passed, queue))
    child.start()
    status, result = _child_result(child, queue)
    child.join()
    if status == "error":
        raise result
    return result


def _child_result(child: Any, queue: Any) -> tuple[str, Any]:
    """What the child put on the queue; a CrawlerError if it died without putting anything
    (killed, out of memory, a crash in native code) instead of waiting for it forever."""
    while True:
        alive = child.is_alive()
        try:
            status, result = queue.get(timeout=CHILD_POLL)
            return status, result
        except Empty:
            if not alive:
                return "error", CrawlerError(
                    f"the crawl process ended without a result (exit code {child.exitcode})"
                )


def run_crawl_isolated(**kwargs: Any) -> CrawlSummary:
    """`run_crawl` in a fresh process, so a program (or a test) can crawl more than once.

    A CrawlerError in the child is raised here, class and message kept."""
    summary: CrawlSummary = run_isolated(run_crawl, **kwargs)
    return summary
