"""What `credscope crawl` prints: the summary of a crawl, its errors and its refusals by URL."""

from __future__ import annotations

from rich.table import Table

from crawler.runner import CrawlSummary

MAX_ERROR_ROWS = 20


def summary_table(summary: CrawlSummary) -> Table:
    """Postings new/updated/unchanged/closed, kept, pages, drops by reason and edits."""
    table = Table(title=f"crawl summary ({summary.seconds:.1f} s)")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name in ("new", "updated", "unchanged", "closed"):
        table.add_row(f"postings {name}", str(summary.counts.get(name, 0)))
    table.add_row("postings stored", str(summary.stored))
    table.add_row("pages fetched", str(summary.pages))
    for kind, count in sorted(summary.page_kinds.items()):
        table.add_row(f"pages {kind.replace('_', ' ')}", str(count))
    for state, count in sorted(summary.boards.items()):
        table.add_row(f"boards {state}", str(count))
    for reason, count in sorted(summary.dropped.items()):
        table.add_row(f"dropped: {reason}", str(count))
    for what, count in sorted(summary.edited.items()):
        table.add_row(f"edited: {what}", str(count))
    table.add_row("errors", str(len(summary.errors)))
    table.add_row("requests refused", str(len(summary.refused)))
    return table


def refused_table(summary: CrawlSummary) -> Table:
    """The requests the outbound guard refused and why (the first MAX_ERROR_ROWS)."""
    return _by_url(
        f"refused by the outbound guard ({len(summary.refused)})", "why", summary.refused
    )


def errors_table(summary: CrawlSummary) -> Table:
    """The failed URLs and why (the first MAX_ERROR_ROWS)."""
    return _by_url(f"errors by URL ({len(summary.errors)})", "error", summary.errors)


def _by_url(title: str, reason_column: str, reasons: dict[str, str]) -> Table:
    table = Table(title=title)
    table.add_column("url", overflow="fold")
    table.add_column(reason_column, overflow="fold")
    for url, reason in list(reasons.items())[:MAX_ERROR_ROWS]:
        table.add_row(url, reason)
    return table
