"""USAJOBS Search API: the federal job announcements of one or more agencies, page by page.

What this spider relies on, as read in USAJOBS' own documentation:
- GET https://data.usajobs.gov/api/search with three request headers: Host, User-Agent (the e-mail
  address the key was requested with) and Authorization-Key (developer.usajobs.gov/tutorials/
  search-jobs). Scrapy sends Host from the URL, so USAJOBS_API_URL can point at a loopback replay.
- Results come in pages: ResultsPerPage up to 500 (250 by default), Page the page number
  (developer.usajobs.gov/API-Reference, "Pagination").
- Organization filters by agency subelement code from /codelist/agencysubelements; several codes
  are semicolon delimited (developer.usajobs.gov/API-Reference/GET-api-Archive, which documents the
  same parameter; developer.usajobs.gov/Tutorials/Code-List).

The response shape is the one in ../shared/data/postings/usajobs_search_api.dev.json (2015-16):
SearchResult.SearchResultItems[] of {MatchedObjectId, MatchedObjectDescriptor}, with the page count
as text in SearchResult.UserArea.NumberOfPages and the total in SearchResultCountAll. A descriptor
carries PositionTitle, PositionURI, PublicationStartDate, PositionLocation[] ({CityName "City,
State", CountryCode and CountrySubDivisionCode as names, "N/A" abroad}), QualificationSummary and
UserArea.Details.JobSummary. MajorDuties, Education and Requirements are read too when Details has
them (field names as public API clients use them; the fixture has none).

A posting belongs to the registry employer whose organization codes were searched (so a fully read
board can close its missing postings); its sector is the registry's (92 for federal agencies).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from scrapy import Request
from scrapy.http import Response
from scrapy.settings import BaseSettings

from crawler.errors import ConfigurationError
from crawler.spiders.base import Board, BoardSpider, as_dict, iso_date, string, text_value

if TYPE_CHECKING:
    from crawler.registry import Employer

KEY_SETTING = "USAJOBS_API_KEY"
EMAIL_SETTING = "USAJOBS_USER_AGENT_EMAIL"
KEY_REQUEST_URL = "https://developer.usajobs.gov/APIRequest/Index"
# Details blocks after the job summary, each under the heading USAJOBS gives it on its pages.
DETAIL_BLOCKS = (
    ("MajorDuties", "Duties"),
    ("Education", "Education"),
    ("Requirements", "Requirements"),
)
NOT_APPLICABLE = "N/A"


def credentials(settings: BaseSettings) -> tuple[str, str]:
    """(API key, e-mail) from the settings, else the environment; ConfigurationError if missing."""
    key, email = (
        str(settings.get(name) or os.environ.get(name) or "").strip()
        for name in (KEY_SETTING, EMAIL_SETTING)
    )
    if not key or not email:
        missing = " and ".join(
            name for name, value in ((KEY_SETTING, key), (EMAIL_SETTING, email)) if not value
        )
        raise ConfigurationError(
            f"the USAJOBS API needs {missing}: set them in the environment or with --set "
            f"(the e-mail is the one the key was requested with; a key: {KEY_REQUEST_URL})"
        )
    if "@" not in email:
        raise ConfigurationError(
            f"{EMAIL_SETTING} must be the e-mail address the USAJOBS API key was requested with, "
            f"not {email!r}"
        )
    return key, email


def announcement_text(descriptor: dict) -> str:
    """The job summary, duties, qualifications, education and requirements, a block per line."""
    details = as_dict(as_dict(descriptor.get("UserArea")).get("Details"))
    blocks = [text_value(details.get("JobSummary"))]
    blocks += [section("Qualifications", descriptor.get("QualificationSummary"))]
    blocks += [section(heading, details.get(key)) for key, heading in DETAIL_BLOCKS]
    return "\n".join(block for block in blocks if block)


def section(heading: str, value: Any) -> str | None:
    """`heading` on its own line above the value's text (a list gives one line per item)."""
    items = value if isinstance(value, list) else [value]
    lines = [text for text in (text_value(item) for item in items) if text]
    return "\n".join([heading, *lines]) if lines else None


def location_text(location: dict) -> str | None:
    """'City, Subdivision, Country' from one PositionLocation, for crawler.location to read.

    CityName repeats the subdivision ("Arnold, Missouri") or the country abroad ("Sasebo, Japan");
    the repeat is taken off, and "N/A" (no subdivision abroad) left out. A place USAJOBS did not
    locate (latitude and longitude 0: "Location Negotiable After Selection") names no city."""
    names = [text_value(location.get(key)) for key in ("CountrySubDivisionCode", "CountryCode")]
    subdivision, country = (name if name != NOT_APPLICABLE else None for name in names)
    unlocated = all(location.get(key) == 0 for key in ("Latitude", "Longitude"))
    city = text_value(location.get("CityName")) or text_value(location.get("LocationName"))
    city = None if unlocated else city
    for name in (subdivision, country):
        if city and name and city.endswith(f", {name}"):
            city = city.removesuffix(f", {name}")
    return ", ".join(part for part in (city, subdivision, country) if part) or None


def page_count(result: dict, page_size: int) -> int:
    """The number of pages UserArea.NumberOfPages states, else SearchResultCountAll / page size."""
    stated = as_dict(result.get("UserArea")).get("NumberOfPages")
    if isinstance(stated, int | str) and str(stated).strip().isdigit():
        return int(stated)
    total = result.get("SearchResultCountAll")
    return math.ceil(total / page_size) if isinstance(total, int) and total > 0 else 0


class UsajobsSpider(BoardSpider):
    """GET {USAJOBS_API_URL}?Organization={board}&ResultsPerPage={size}&Page={n}, n = 1, 2, ..."""

    name = "usajobs"
    source = "usajobs"
    api_setting = "USAJOBS_API_URL"

    @classmethod
    def check_settings(cls, settings: BaseSettings) -> None:
        """Refuse to start without an API key and the e-mail it was requested with."""
        credentials(settings)

    @property
    def page_size(self) -> int:
        """Results per page (USAJOBS allows up to 500)."""
        return self.settings.getint("USAJOBS_PAGE_SIZE", 500)

    def board_requests(self, employer: Employer) -> Iterator[Request]:
        """The first page of the employer's organization codes."""
        yield self.page_request(employer, 1)

    def page_request(self, employer: Employer, page: int) -> Request:
        """The search request for one page, with the key and e-mail headers."""
        key, email = credentials(self.settings)
        query = {"Organization": employer.board, "ResultsPerPage": self.page_size, "Page": page}
        return self.request(
            f"{self.api_url}?{urlencode(query)}",
            (self.source, employer.name),
            self.parse_page,
            headers={"User-Agent": email, "Authorization-Key": key},
            cb_kwargs={"employer": employer, "page": page},
        )

    def parse_page(self, response: Response, employer: Employer, page: int) -> Iterator[Any]:
        """One posting per announcement within the limit, then the next page while there is one."""
        result = self.expect(response, self.load_json(response), "SearchResult", dict)
        items = self.expect(response, result, "SearchResultItems", list)
        if items is None:
            return
        board = (self.source, employer.name)
        for item in items:
            descriptor = as_dict(as_dict(item).get("MatchedObjectDescriptor"))
            ref = text_value(as_dict(item).get("MatchedObjectId"))  # the control number
            if descriptor and ref and self.within_limit(board):
                yield self.announcement(ref, descriptor, board, employer)
        if items and page < page_count(as_dict(result), self.page_size):
            if self.limit is not None and self.yielded[board] >= self.limit:
                self.mark(board, "truncated")
            else:
                yield self.page_request(employer, page + 1)

    def announcement(self, ref: str, descriptor: dict, board: Board, employer: Employer) -> Any:
        """Map one MatchedObjectDescriptor to a posting."""
        locations = [
            location_text(as_dict(place)) for place in descriptor.get("PositionLocation") or []
        ]
        return self.posting(
            board,
            employer,
            source_ref=ref,
            url=string(descriptor.get("PositionURI")),
            title=text_value(descriptor.get("PositionTitle")),
            text=announcement_text(descriptor),
            location_parts=[place for place in locations if place],
            date_posted=iso_date(descriptor.get("PublicationStartDate")),
        )
