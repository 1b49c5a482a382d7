"""Workable public widget API: an account's published jobs with descriptions in one call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from scrapy import Request
from scrapy.http import Response

from crawler.spiders.base import (
    BoardSpider,
    as_dict,
    country_code,
    flag,
    iso_date,
    string,
    text_value,
)

if TYPE_CHECKING:
    from crawler.registry import Employer


def workable_location(job: dict) -> str | None:
    """'City, State, Country' of a Workable job."""
    parts = [text_value(job.get(key)) for key in ("city", "state", "country")]
    return ", ".join(part for part in parts if part) or None


class WorkableSpider(BoardSpider):
    """GET {WORKABLE_API_URL}/{account}?details=true → {"name", "jobs": [...]}."""

    name = "workable"
    source = "workable"
    api_setting = "WORKABLE_API_URL"

    def board_requests(self, employer: Employer) -> Iterator[Request]:
        """The account's jobs with details."""
        url = f"{self.api_url}/{quote(employer.board or '')}?details=true"
        yield self.request(
            url, (self.source, employer.name), self.parse_board, cb_kwargs={"employer": employer}
        )

    def parse_board(self, response: Response, employer: Employer) -> Iterator[Any]:
        """One posting per job."""
        jobs = self.expect(response, self.load_json(response), "jobs", list)
        board = (self.source, employer.name)
        for job in jobs or []:
            if isinstance(job, dict) and job.get("shortcode") and self.within_limit(board):
                yield self.job_posting(job, board, employer)

    def job_posting(self, job: dict, board: tuple[str, str], employer: Employer) -> Any:
        """Map one Workable job."""
        locations = [as_dict(loc) for loc in job.get("locations") or []]
        codes = [country_code(loc.get("countryCode")) for loc in locations]
        others = [workable_location(loc) for loc in locations if not loc.get("hidden")]
        return self.posting(
            board,
            employer,
            source_ref=f"{employer.board}/{job['shortcode']}",
            url=job.get("url") or job.get("shortlink"),
            title=text_value(job.get("title")),
            html=string(job.get("description")),
            location_raw=workable_location(job),
            location_parts=[loc for loc in [workable_location(job), *others] if loc],
            country_hint=next((code for code in codes if code), None),
            remote_hint=flag(job.get("telecommuting")),
            industry_label=text_value(job.get("industry")),
            date_posted=iso_date(job.get("published_on") or job.get("created_at")),
        )
