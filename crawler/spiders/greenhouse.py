"""Greenhouse job board API: the whole board with descriptions in one call (content=true)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from scrapy import Request
from scrapy.http import Response

from crawler.spiders.base import BoardSpider, as_dict, iso_date, string, text_value

if TYPE_CHECKING:
    from crawler.registry import Employer


class GreenhouseSpider(BoardSpider):
    """GET {GREENHOUSE_API_URL}/{board}/jobs?content=true → {"jobs": [...], "meta": {...}}."""

    name = "greenhouse"
    source = "greenhouse"
    api_setting = "GREENHOUSE_API_URL"

    def board_requests(self, employer: Employer) -> Iterator[Request]:
        """The board's job list with content."""
        url = f"{self.api_url}/{quote(employer.board or '')}/jobs?content=true"
        yield self.request(
            url, (self.source, employer.name), self.parse_board, cb_kwargs={"employer": employer}
        )

    def parse_board(self, response: Response, employer: Employer) -> Iterator[Any]:
        """One posting per job of the board."""
        jobs = self.expect(response, self.load_json(response), "jobs", list)
        board = (self.source, employer.name)
        for job in jobs or []:
            if isinstance(job, dict) and job.get("id") is not None and self.within_limit(board):
                yield self.job_posting(job, board, employer)

    def job_posting(self, job: dict, board: tuple[str, str], employer: Employer) -> Any:
        """Map one Greenhouse job to a posting."""
        offices = [text_value(office) for office in job.get("offices") or []]
        return self.posting(
            board,
            employer,
            source_ref=f"{employer.board}/{job['id']}",
            url=job.get("absolute_url"),
            title=text_value(job.get("title")),
            html=string(job.get("content")),
            location_raw=text_value(as_dict(job.get("location")).get("name")),
            location_parts=[office for office in offices if office],
            date_posted=iso_date(job.get("first_published") or job.get("updated_at")),
        )
