"""Workable public widget API: an account's published jobs with descriptions in one call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.spiders.base import (
    ListBoardSpider,
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


class WorkableSpider(ListBoardSpider):
    """GET {WORKABLE_API_URL}/{account}?details=true → {"name", "jobs": [...]}."""

    name = "workable"
    source = "workable"
    api_setting = "WORKABLE_API_URL"

    list_query = "?details=true"

    def listed(self, job: dict) -> bool:
        """A job with a shortcode."""
        return bool(job.get("shortcode"))

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
