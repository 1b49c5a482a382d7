"""Lever postings API (mode=json): a bare JSON list; `lists` sections become heading + items."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from scrapy import Request
from scrapy.http import Response

from crawler.spiders.base import BoardSpider, as_dict, country_code, iso_date, text_value

if TYPE_CHECKING:
    from crawler.registry import Employer

REMOTE_WORKPLACE = {"remote": True, "on-site": False, "hybrid": False}


def lever_html(posting: dict) -> str:
    """The description, each `lists` section as a heading and a list, then `additional`."""
    parts = [posting.get("description") or ""]
    for section in posting.get("lists") or []:
        section = as_dict(section)
        heading = html.escape(text_value(section.get("text")) or "")
        content = section.get("content") if isinstance(section.get("content"), str) else ""
        parts.append(f"<h3>{heading}</h3><ul>{content}</ul>")
    parts.append(posting.get("additional") or "")
    return "\n".join(part for part in parts if isinstance(part, str) and part)


class LeverSpider(BoardSpider):
    """GET {LEVER_API_URL}/{site}?mode=json → [posting, ...]."""

    name = "lever"
    source = "lever"
    api_setting = "LEVER_API_URL"

    def board_requests(self, employer: Employer) -> Iterator[Request]:
        """The site's postings list."""
        url = f"{self.api_url}/{quote(employer.board or '')}?mode=json"
        yield self.request(
            url, (self.source, employer.name), self.parse_board, cb_kwargs={"employer": employer}
        )

    def parse_board(self, response: Response, employer: Employer) -> Iterator[Any]:
        """One posting per element of the list."""
        postings = self.expect(response, self.load_json(response), None, list)
        board = (self.source, employer.name)
        for posting in postings or []:
            if isinstance(posting, dict) and posting.get("id") and self.within_limit(board):
                yield self.lever_posting(posting, board, employer)

    def lever_posting(self, posting: dict, board: tuple[str, str], employer: Employer) -> Any:
        """Map one Lever posting."""
        categories = as_dict(posting.get("categories"))
        all_locations = categories.get("allLocations")
        return self.posting(
            board,
            employer,
            source_ref=f"{employer.board}/{posting['id']}",
            url=posting.get("hostedUrl"),
            title=text_value(posting.get("text")),
            html=lever_html(posting),
            location_raw=text_value(categories.get("location")),
            location_parts=[loc for loc in all_locations or [] if isinstance(loc, str)],
            country_hint=country_code(posting.get("country")),
            remote_hint=REMOTE_WORKPLACE.get(str(posting.get("workplaceType"))),
            date_posted=iso_date(posting.get("createdAt")),
        )
