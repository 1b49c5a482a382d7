"""The user's own registry: employers `credscope check` discovered, added once they are stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.registry import Employer, append_employer, load_registries
from pipelines.check.crawl import JSONLD, UrlCrawl


def checked_from(url: str) -> str:
    """The `found_at` of an employer discovered from the careers page at `url`."""
    return f"credscope check {url}"


def entry_for_url(url: str, registry: list[Employer]) -> Employer | None:
    """The registry employer a careers-page URL was checked as (or is listed with)."""
    wanted = url.rstrip("/")
    for employer in registry:
        if employer.found_at == checked_from(url) or (employer.url or "").rstrip("/") == wanted:
            return employer
    return None


def discovered_entry(
    url: str, crawl: UrlCrawl, industry: str | None, country: str | None
) -> dict[str, Any]:
    """The registry entry of the source that gave the most postings."""
    source = max(crawl.by_source, key=lambda name: crawl.by_source[name])
    entry: dict[str, Any] = {"name": crawl.employer, "source": source, "url": url}
    if source == JSONLD:
        entry["url"] = crawl.discovery.site_urls()[0]
    else:
        board = next(found for found in crawl.discovery.boards if found.source == source)
        entry.update(board=board.board, workday=dict(board.workday) if board.workday else None)
    entry.update(industry=industry, country=country, found_at=checked_from(url))
    return {key: value for key, value in entry.items() if value is not None}


def add_discovered(entry: dict[str, Any], path: Path) -> str:
    """Add the entry to the user's registry (atomically) unless the registries hold it already."""
    registry = load_registries(path)
    names = {name.casefold() for e in registry for name in (e.name, *e.aliases)}
    boards = {(e.source, (e.board or e.url or str(e.workday)).casefold()) for e in registry}
    target = str(entry.get("board") or entry.get("url") or entry.get("workday"))
    if entry["name"].casefold() in names or (entry["source"], target.casefold()) in boards:
        return f"{entry['name']} is already in the registries."
    append_employer(entry, path)
    return f"Added {entry['name']} ({entry['source']}) to your registry {path}."
