"""Ashby public job board API: the whole board in one call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.spiders.base import ListBoardSpider, as_dict, flag, iso_date, string, text_value

if TYPE_CHECKING:
    from crawler.registry import Employer


def postal_address(job: dict) -> str | None:
    """'Locality, Region, Country' from address.postalAddress, when given."""
    address = as_dict(as_dict(job.get("address")).get("postalAddress"))
    keys = ("addressLocality", "addressRegion", "addressCountry")
    parts = [text_value(address.get(key)) for key in keys]
    return ", ".join(part for part in parts if part) or None


class AshbySpider(ListBoardSpider):
    """GET {ASHBY_API_URL}/{board}?includeCompensation=true → {"jobs": [...]}."""

    name = "ashby"
    source = "ashby"
    api_setting = "ASHBY_API_URL"

    list_query = "?includeCompensation=true"

    def listed(self, job: dict) -> bool:
        """A listed job with an id or URL."""
        return job.get("isListed") is not False and bool(job.get("id") or job.get("jobUrl"))

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
