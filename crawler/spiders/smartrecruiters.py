"""SmartRecruiters postings API: list pages, then each posting's detail (the list has no text)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from scrapy import Request
from scrapy.http import Response

from crawler.spiders.base import BoardSpider, as_dict, country_code, flag, iso_date, text_value

if TYPE_CHECKING:
    from crawler.registry import Employer

SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def sections_html(posting: dict) -> str:
    """The jobAd sections in order, each as a heading and its HTML text."""
    sections = as_dict(as_dict(posting.get("jobAd")).get("sections"))
    parts = []
    for key in SECTIONS:
        section = as_dict(sections.get(key))
        body = section.get("text")
        if isinstance(body, str) and body.strip():
            title = html.escape(text_value(section.get("title")) or "")
            parts.append(f"<h2>{title}</h2>\n{body}" if title else body)
    return "\n".join(parts)


def sr_location(location: dict) -> str | None:
    """fullLocation, else 'City, Region, Country'."""
    full = text_value(location.get("fullLocation"))
    parts = [text_value(location.get(key)) for key in ("city", "region")]
    parts.append(country_code(location.get("country")))
    return full or ", ".join(part for part in parts if part) or None


class SmartRecruitersSpider(BoardSpider):
    """GET {SMARTRECRUITERS_API_URL}/{company}/postings?limit&offset, then .../postings/{id}."""

    name = "smartrecruiters"
    source = "smartrecruiters"
    api_setting = "SMARTRECRUITERS_API_URL"

    def list_url(self, employer: Employer, offset: int) -> str:
        """The URL of one list page."""
        size = self.settings.getint("SMARTRECRUITERS_PAGE_SIZE", 100)
        return f"{self.company_url(employer)}/postings?limit={size}&offset={offset}"

    def company_url(self, employer: Employer) -> str:
        """The API URL of the employer's company."""
        return f"{self.api_url}/{quote(employer.board or '')}"

    def board_requests(self, employer: Employer) -> Iterator[Request]:
        """The first list page."""
        yield self.list_request(employer, 0)

    def list_request(self, employer: Employer, offset: int) -> Request:
        """A request for the list page at `offset`."""
        return self.request(
            self.list_url(employer, offset),
            (self.source, employer.name),
            self.parse_list,
            cb_kwargs={"employer": employer, "offset": offset},
        )

    def parse_list(self, response: Response, employer: Employer, offset: int) -> Iterator[Any]:
        """Request each posting's detail, and the next page while more are found."""
        data = self.load_json(response)
        postings = self.expect(response, data, "content", list)
        if postings is None:
            return
        board = (self.source, employer.name)
        for summary in postings:
            if isinstance(summary, dict) and summary.get("id") and self.within_limit(board):
                yield self.request(
                    f"{self.company_url(employer)}/postings/{summary['id']}",
                    board,
                    self.parse_detail,
                    cb_kwargs={"employer": employer},
                )
        total = as_dict(data).get("totalFound")
        following = offset + len(postings)
        if postings and isinstance(total, int) and following < total:
            yield self.list_request(employer, following)

    def parse_detail(self, response: Response, employer: Employer) -> Iterator[Any]:
        """Map one posting detail."""
        posting = self.expect(response, self.load_json(response), None, dict)
        if posting is None or not posting.get("id"):
            return
        location = as_dict(posting.get("location"))
        yield self.posting(
            (self.source, employer.name),
            employer,
            source_ref=f"{employer.board}/{posting['id']}",
            url=posting.get("postingUrl") or posting.get("applyUrl"),
            title=text_value(posting.get("name")),
            html=sections_html(posting),
            location_raw=sr_location(location),
            country_hint=country_code(location.get("country")),
            remote_hint=flag(location.get("remote")),
            industry_label=text_value(as_dict(posting.get("industry")).get("label")),
            date_posted=iso_date(posting.get("releasedDate")),
        )
