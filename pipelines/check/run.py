"""`credscope check TARGET`: resolve or discover the employer, crawl when stale, analyse, answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.registry import Employer, load_registries
from crawler.runner import CrawlSummary
from pipelines.check import DEFAULT_LIMIT, DEFAULT_MAX_AGE_HOURS
from pipelines.check.answer import Answer
from pipelines.check.crawl import UrlCrawl
from pipelines.check.errors import NothingFound
from pipelines.check.names import resolve_name
from pipelines.check.outcome import crawl_problem, nothing_found, unreadable
from pipelines.check.user_registry import add_discovered, discovered_entry, entry_for_url
from pipelines.errors import CredscopeError
from pipelines.store.target import StoreTarget, open_store

CHECK_SETTINGS = {"LOG_LEVEL": "CRITICAL"}  # the answer says what failed: no log, no traceback


@dataclass(frozen=True)
class CheckOptions:
    """How to check: the store, the user's registry, the crawl limit and freshness, settings."""

    store: StoreTarget
    user_registry: Path
    limit: int | None = DEFAULT_LIMIT
    max_age: timedelta = timedelta(hours=DEFAULT_MAX_AGE_HOURS)
    offline: bool = False
    settings: dict[str, Any] = field(default_factory=dict)
    min_n: int = 30


@dataclass
class Checked:
    """The answer, notes for stderr, and the sentence on what failed when a crawl was partial."""

    answer: Answer
    notes: list[str] = field(default_factory=list)
    problem: str | None = None


def is_url(target: str) -> bool:
    """Whether TARGET is a careers-page URL rather than a name."""
    return target.strip().lower().startswith(("http://", "https://"))


def check(target: str, options: CheckOptions) -> Checked:
    """Answer what the employer named or published at `target` asks for."""
    registry = load_registries(options.user_registry)
    if is_url(target):
        return _check_url(target.strip(), registry, options)
    resolved = resolve_name(target, options.store, registry)
    checked = _check_name(resolved.name, registry, options)
    checked.notes[:0] = [resolved.note] if resolved.note else []
    return checked


def _check_name(name: str, registry: list[Employer], options: CheckOptions) -> Checked:
    employer = next((e for e in registry if e.name == name), None)
    if employer is None or options.offline or _fresh(options, name):
        return Checked(_answer(name, options))
    summary: CrawlSummary = _isolated("crawl_employer", options, employer=employer)
    problem = crawl_problem(employer.url or employer.board or name, summary)
    stored = _stored_count(options.store, name)
    if problem and not stored:
        raise NothingFound(problem)
    answer = _answer(name, options, crawled=True, summary=summary)
    return Checked(answer, problem=problem)


def _check_url(url: str, registry: list[Employer], options: CheckOptions) -> Checked:
    known = entry_for_url(url, registry)
    if known is not None and (options.offline or _fresh(options, known.name)):
        return Checked(_answer(known.name, options))
    if options.offline:
        raise NothingFound(
            f"credscope has not checked {url} yet, so the store holds nothing for it; "
            "run the check again without --offline"
        )
    from crawler.runner import check_start_url

    check_start_url(url, {**CHECK_SETTINGS, **options.settings})  # before the store is opened
    crawl: UrlCrawl = _isolated("crawl_url", options, url=url)
    if crawl.discovery.error is not None:
        raise NothingFound(unreadable(url, crawl.discovery.error))
    if not sum(crawl.by_source.values()):
        raise NothingFound(crawl_problem(url, crawl.summary, crawl.discovery) or nothing_found(url))
    answer = _answer(crawl.employer, options, crawled=True, summary=crawl.summary)
    industry, country = _usual_place(options.store, crawl.employer)
    note = add_discovered(discovered_entry(url, crawl, industry, country), options.user_registry)
    problem = crawl_problem(url, crawl.summary, crawl.discovery) if crawl.summary.errors else None
    return Checked(answer, notes=[note], problem=problem)


def _isolated(function: str, options: CheckOptions, **kwargs: Any) -> Any:
    """Run a crawl of pipelines.check.crawl in a child process (the reactor runs once)."""
    from crawler.errors import CrawlerError
    from crawler.runner import run_isolated
    from pipelines.check import crawl

    settings = {**CHECK_SETTINGS, **options.settings}
    return run_isolated(
        getattr(crawl, function),
        (CrawlerError, CredscopeError),
        store_target=options.store,
        limit=options.limit,
        settings=settings,
        **kwargs,
    )


def _answer(
    name: str, options: CheckOptions, *, crawled: bool = False, summary: CrawlSummary | None = None
) -> Answer:
    from pipelines.check.analysis import analyse_and_answer

    answer = analyse_and_answer(options.store, name, options.min_n)
    answer.crawled = crawled
    answer.limit = options.limit
    answer.limit_reached = bool(summary and summary.boards.get("truncated"))
    return answer


def _fresh(options: CheckOptions, name: str) -> bool:
    """Whether the store saw the employer's postings within the allowed age."""
    if not options.store.exists():
        return False
    with open_store(options.store, read_only=True) as store:
        row = store.con.execute(
            "SELECT max(last_seen) FROM postings WHERE lower(employer) = lower(?)", [name]
        ).fetchone()
    seen = row[0] if row else None
    if seen is None:
        return False
    return datetime.now(UTC) - seen.replace(tzinfo=UTC) <= options.max_age


def _stored_count(target: StoreTarget, name: str) -> int:
    if not target.exists():
        return 0
    with open_store(target, read_only=True) as store:
        row = store.con.execute(
            "SELECT count(*) FROM postings WHERE lower(employer) = lower(?)", [name]
        ).fetchone()
    return int(row[0]) if row else 0


def _usual_place(target: StoreTarget, name: str) -> tuple[str | None, str | None]:
    """The industry and country most of the employer's stored postings carry."""
    with open_store(target, read_only=True) as store:
        row = store.con.execute(
            "SELECT mode(industry), mode(country) FROM postings WHERE employer = ?", [name]
        ).fetchone()
    return (row[0], row[1]) if row else (None, None)
