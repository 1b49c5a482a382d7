"""The page shell every site page shares (head, CSP, navigation) and its small HTML pieces."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files
from urllib.parse import urlsplit

from pipelines.reports.builders.stats import wilson_interval
from pipelines.reports.rendering.cells import TOO_SMALL_MARK, pct, too_small_note
from pipelines.reports.rendering.csp import csp_meta
from pipelines.reports.vocab import measure_note

ASSETS = files(__package__) / "assets"  # package data beside this module
SITE_NAME = "credscope"
NAV = (
    ("index.html", "Employers"),
    ("credentials.html", "Credentials"),
    ("industries.html", "Industries"),
)


@cache
def asset(name: str) -> str:
    """The text of a bundled asset (site.css, site.js)."""
    return (ASSETS / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Page:
    """One page of the site: where it goes (relative to the site root) and its main content."""

    path: str
    title: str
    main: str
    script: bool = False

    @property
    def root(self) -> str:
        """The relative path from this page back to the site root ('' or '../')."""
        return "../" * self.path.count("/")


def render_page(page: Page, min_n: int) -> str:
    """The whole page: head with its CSP, skip link, navigation, main content, footnotes."""
    style = asset("site.css")
    script = asset("site.js") if page.script else None
    nav = "".join(f'<a href="{page.root}{href}">{escape(text)}</a>' for href, text in NAV)
    tail = f"<script>{script}</script>" if script is not None else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"{csp_meta([style], [script] if script is not None else [])}"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(page.title)} · {SITE_NAME}</title><style>{style}</style></head><body>"
        '<a class="skip" href="#main">Skip to content</a>'
        f'<header><nav aria-label="Site"><a class="brand" href="{page.root}index.html">'
        f"{SITE_NAME}</a>{nav}</nav></header>"
        f'<main id="main">{page.main}</main>'
        f"<footer><p>{escape(measure_note())}</p><p>{escape(too_small_note(min_n))}</p></footer>"
        f"{tail}</body></html>\n"
    )


def small_mark(n: int, min_n: int) -> str:
    """The too-small mark after a count or share whose N is below min_n, else ''."""
    if n >= min_n:
        return ""
    warning = f"N below {min_n}: too small to trust"
    return f' <span class="small-n" title="{warning}">{TOO_SMALL_MARK}</span>'


def share_cell(hits: int, n: int, min_n: int) -> str:
    """A table cell: the share, its 95% Wilson interval and its N, marked when N is small."""
    if n <= 0:
        return '<td class="num">–</td>'
    low, high = wilson_interval([hits], [n])
    interval = f"[{pct(float(low[0]))}–{pct(float(high[0]))}], N={n:,}"
    return (
        f'<td class="num">{pct(hits / n)}{small_mark(n, min_n)}'
        f'<br><span class="ci">{escape(interval)}</span></td>'
    )


def share_words(hits: int, n: int) -> str:
    """A share in a sentence: '12 of 40 (30%, 95% interval 18%–45%)'."""
    if n <= 0:
        return "none"
    low, high = wilson_interval([hits], [n])
    return (
        f"{hits:,} of {n:,} ({pct(hits / n)}, 95% interval "
        f"{pct(float(low[0]))}–{pct(float(high[0]))})"
    )


def counted(n: int, noun: str) -> str:
    """'1 posting', '2 postings'."""
    return f"{n:,} {noun}{'s' * (n != 1)}"


def count_text(n: int, min_n: int) -> str:
    """A count, marked when below min_n."""
    return f"{n:,}{small_mark(n, min_n)}"


def count_cell(n: int, min_n: int) -> str:
    """A count cell, marked when below min_n."""
    return f'<td class="num">{count_text(n, min_n)}</td>'


def text_cell(content_html: str, *, header: bool = False) -> str:
    """A text cell (a row header when header is set); content_html is already escaped."""
    return f'<th scope="row">{content_html}</th>' if header else f"<td>{content_html}</td>"


def link(href: str, text: str) -> str:
    """A relative link with escaped text."""
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def external_link(url: str | None, text: str | None = None) -> str:
    """A link to an http(s) address; anything else is shown as plain escaped text."""
    if not url:
        return ""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return escape(text or url)
    return f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(text or url)}</a>'


def scroll_region(name: str) -> str:
    """The opening of a sideways-scrolling box that a keyboard can focus and scroll."""
    return f'<div class="scroll" role="region" tabindex="0" aria-label="{escape(name)}">'


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[str],
    *,
    table_id: str | None = None,
) -> str:
    """A captioned table; rows are ready <tr> elements."""
    head = "".join(f'<th scope="col">{escape(header)}</th>' for header in headers)
    ident = f' id="{table_id}"' if table_id else ""
    return (
        f"{scroll_region(caption)}<table{ident}><caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def figure(svg: str, caption: str) -> str:
    """A chart with its caption."""
    caption_html = f"<figcaption>{escape(caption)}</figcaption>"
    return f"<figure>{caption_html}{scroll_region(caption)}{svg}</div></figure>"
