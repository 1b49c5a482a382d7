"""The one sentence `credscope check` says when a careers page or board fails: what was tried,
what happened, and what to do."""

from __future__ import annotations

from crawler.discovery import Discovery, describe
from crawler.runner import CrawlSummary

BOARDS = "Greenhouse, Lever, Ashby, SmartRecruiters, Workable or Workday"
ADVICE = {
    "http 429": "the board asked for fewer requests; try again later",
    "http 404": "the board may have moved; check that the careers page still links to it",
    "http 403": "the site refuses crawlers; nothing more can be read from it",
}
DEFAULT_ADVICE = "try again later, or check the address"


def unreadable(url: str, reason: str) -> str:
    """The careers page itself could not be read."""
    return f"could not read {url} ({reason}); check the address and that the site is up"


def nothing_found(url: str) -> str:
    """The page was read but neither it nor its links showed a job posting."""
    return (
        f"found no job postings at {url}: it embeds no {BOARDS} board, and neither it nor the "
        "pages it links to carry schema.org JobPostings; give the page that lists the jobs"
    )


def crawl_problem(
    where: str, summary: CrawlSummary, discovery: Discovery | None = None
) -> str | None:
    """What failed in a crawl, in one sentence (None when nothing failed)."""
    if not summary.errors:
        return None
    url, reason = next(iter(summary.errors.items()))
    tried = ", ".join(describe(discovery)) if discovery else ""
    lead = f"tried {tried} for {where}" if tried else f"tried {where}"
    more = len(summary.errors) - 1
    others = f" ({more} other request{'s' * (more != 1)} failed too)" if more else ""
    advice = ADVICE.get(reason, DEFAULT_ADVICE)
    return f"{lead}: {url} answered {reason}{others}; {advice}"
