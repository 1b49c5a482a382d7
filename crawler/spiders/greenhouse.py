"""Greenhouse job board API: the whole board with descriptions in one call (content=true)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.spiders.base import ListBoardSpider, as_dict, iso_date, string, text_value

if TYPE_CHECKING:
    from crawler.registry import Employer


class GreenhouseSpider(ListBoardSpider):
    """GET {GREENHOUSE_API_URL}/{board}/jobs?content=true → {"jobs": [...], "meta": {...}}."""

    name = "greenhouse"
    source = "greenhouse"
    api_setting = "GREENHOUSE_API_URL"

    list_query = "/jobs?content=true"

    def listed(self, job: dict) -> bool:
        """A job with an id."""
        return job.get("id") is not None

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
