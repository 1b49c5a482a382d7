"""How an employer publishes jobs, read from its careers page: embedded boards, JSON-LD, sitemaps.

The board families' URL patterns are data (data/sources/boards.yaml); this module only applies them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import unquote, urljoin

import yaml

from analyzer.paths import data_dir
from crawler.errors import RegistryError
from crawler.registry import SOURCES

SITEMAP_LINK = re.compile(
    r"""<link[^>]+rel=["']?sitemap["']?[^>]*>|href=["']([^"']*sitemap[^"']*\.xml)["']""", re.I
)
HREF = re.compile(r"""href=["']([^"']+)["']""", re.I)


def boards_file() -> Any:
    """The board families' URL patterns (data/sources/boards.yaml)."""
    return data_dir() / "sources" / "boards.yaml"


@dataclass(frozen=True)
class Family:
    """One board family: its URL patterns and the path words that are not boards."""

    source: str
    patterns: tuple[re.Pattern[str], ...]
    not_tokens: frozenset[str]


@cache
def families() -> tuple[Family, ...]:
    """The board families of boards.yaml, in file order."""
    try:
        document = yaml.safe_load(boards_file().read_text(encoding="utf-8"))
        entries = document["families"].items()
        loaded = tuple(
            Family(
                source,
                tuple(re.compile(pattern, re.I) for pattern in entry["patterns"]),
                frozenset(token.casefold() for token in entry.get("not_tokens") or []),
            )
            for source, entry in entries
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, re.error) as error:
        raise RegistryError(f"{boards_file()}: unreadable board patterns ({error})") from error
    unknown = [family.source for family in loaded if family.source not in SOURCES]
    if unknown:
        raise RegistryError(f"{boards_file()}: unknown source families {', '.join(unknown)}")
    return loaded


@dataclass(frozen=True)
class FoundBoard:
    """One job board named on a careers page: a board token, or a Workday host and site."""

    source: str
    board: str | None = None
    workday: tuple[tuple[str, str], ...] | None = None

    @property
    def label(self) -> str:
        """'greenhouse board acme' or 'workday site host/site'."""
        if self.workday:
            parts = dict(self.workday)
            return f"{self.source} site {parts['host']}/{parts['site']}"
        return f"{self.source} board {self.board}"


def board_from_match(family: Family, match: re.Match[str]) -> FoundBoard | None:
    """The board a pattern match names, unless it captured one of the family's own pages."""
    groups = match.groupdict()
    if "host" in groups:
        host, site = groups["host"].lower(), groups["site"]
        if site.casefold() in family.not_tokens:
            return None
        tenant = host.split(".")[0]
        return FoundBoard(
            family.source, workday=(("host", host), ("tenant", tenant), ("site", site))
        )
    token = unquote(groups["token"])
    if token.casefold() in family.not_tokens:
        return None
    return FoundBoard(family.source, board=token)


def find_boards(page: str) -> list[FoundBoard]:
    """Every board the page's links, iframes and scripts point at, in order, each once."""
    text = html.unescape(page)
    found: dict[FoundBoard, None] = {}
    for family in families():
        for pattern in family.patterns:
            for match in pattern.finditer(text):
                board = board_from_match(family, match)
                if board is not None:
                    found[board] = None
    return list(found)


def sitemap_links(page: str, base_url: str) -> list[str]:
    """Sitemaps the page links to (<link rel=sitemap> or a link to a sitemap .xml)."""
    links: dict[str, None] = {}
    for match in SITEMAP_LINK.finditer(page):
        target = match.group(1)
        if target is None:
            href = HREF.search(match.group(0))
            target = href.group(1) if href else None
        if target:
            links[urljoin(base_url, html.unescape(target))] = None
    return list(links)


@dataclass
class Discovery:
    """What the careers page showed: its final URL, boards, sitemaps and JSON-LD postings."""

    url: str
    final_url: str | None = None
    boards: list[FoundBoard] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    jsonld_on_page: int = 0
    error: str | None = None

    def site_urls(self) -> list[str]:
        """Where the schema.org spider starts: the sitemaps, else the page (when no board)."""
        if self.sitemaps:
            return self.sitemaps
        if self.jsonld_on_page or not self.boards:
            return [self.final_url or self.url]
        return []


def describe(discovery: Discovery) -> Iterator[str]:
    """What discovery found, one phrase each."""
    for board in discovery.boards:
        yield f"a {board.label}"
    for sitemap in discovery.sitemaps:
        yield f"a sitemap at {sitemap}"
    if discovery.jsonld_on_page:
        yield f"{discovery.jsonld_on_page} schema.org JobPosting(s) on the page"
