"""Ashby public job board API: the whole board in one call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from scrapy import Request
from scrapy.http import Response

from crawler.spiders.base import BoardSpider, as_dict, flag, iso_date, string, text_value

if TYPE_CHECKING:
    from crawler.registry import Employer


def postal_address(job: dict) -> str | None:
    """'Locality, Region, Country' from address.postalAddress, when given."""
    address = as_dict(as_dict(job.get("address")).get("postalAddress"))
    keys = ("addressLocality", "addressRegion", "addressCountry")
    parts = [text_value(address.get(key)) for key in keys]
    return ", ".join(part for part in parts if part) or None


class AshbySpider(BoardSpider):
    """GET {ASHBY_API_URL}/{board}?includeCompensation=true → {"jobs": [...]}."""

    name = "ashby"
    source = "ashby"
    api_setting = "ASHBY_API_URL"

    def board_requests(self, employer: Employer) -> Iterator[Request]:
        """The job board."""
        url = f"{self.api_url}/{quote(employer.board or '')}?includeCompensation=true"
        yield self.request(
            url, (self.source, employer.name), self.parse_board, cb_kwargs={"employer": employer}
        )

    def parse_board(self, response: Response, employer: Employer) -> Iterator[Any]:
        """One posting per listed job."""
        jobs = self.expect(response, self.load_json(response), "jobs", list)
        board = (self.source, employer.name)
        for job in jobs or []:
            if not isinstance(job, dict) or job.get("isListed") is False:
                continue
            if (job.get("id") or job.get("jobUrl")) and self.within_limit(board):
                yield self.job_posting(job, board, employer)

    def job_posting(self, job: dict, board: tuple[str, str], employer: Employer) -> Any:
        """Map one Ashby job."""
        others = job.get("secondaryLocations") or []
        secondary = [text_value(as_dict(loc).get("location")) for loc in others]
        primary = postal_address(job) or text_value(job.get("location"))
        return self.posting(
            board,
            employer,
            source_ref=f"{employer.board}/{job.get('id') or job.get('jobUrl')}",
            url=job.get("jobUrl"),
            title=text_value(job.get("title")),
            html=string(job.get("descriptionHtml")),
            text=None if job.get("descriptionHtml") else text_value(job.get("descriptionPlain")),
            location_raw=text_value(job.get("location")),
            location_parts=[loc for loc in [primary, *secondary] if loc],
            remote_hint=flag(job.get("isRemote")),
            date_posted=iso_date(job.get("publishedAt")),
        )
