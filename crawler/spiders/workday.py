"""Workday cxs JSON endpoints: POST the jobs list page by page, then GET each job's detail."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import JsonRequest, Response

from crawler.spiders.base import BoardSpider, as_dict, iso_date, string, text_value

if TYPE_CHECKING:
    from crawler.registry import Employer


class WorkdaySpider(BoardSpider):
    """POST https://{host}/wday/cxs/{tenant}/{site}/jobs, GET .../{tenant}/{site}{externalPath}."""

    name = "workday"
    source = "workday"
    api_setting = "WORKDAY_BASE_URL"

    def site_url(self, employer: Employer) -> str:
        """The cxs base of the employer's site (host replaced by WORKDAY_BASE_URL if set)."""
        workday = as_dict(employer.workday)
        base = self.api_url or f"https://{workday.get('host')}"
        return f"{base}/wday/cxs/{workday.get('tenant')}/{workday.get('site')}"

    def board_requests(self, employer: Employer) -> Iterator[Request]:
        """The first list page."""
        yield self.list_request(employer, 0)

    def list_request(self, employer: Employer, offset: int, total: int | None = None) -> Request:
        """A POST for the list page at `offset`."""
        size = self.settings.getint("WORKDAY_PAGE_SIZE", 20)
        body = {"appliedFacets": {}, "limit": size, "offset": offset, "searchText": ""}
        return JsonRequest(
            f"{self.site_url(employer)}/jobs",
            data=body,
            callback=self.parse_list,
            errback=self.on_failure,
            meta={"board": (self.source, employer.name)},
            cb_kwargs={"employer": employer, "offset": offset, "total": total},
            dont_filter=True,
        )

    def parse_list(
        self, response: Response, employer: Employer, offset: int, total: int | None
    ) -> Iterator[Any]:
        """Request each job's detail, and the next page; `total` is only sure on the first page."""
        data = self.load_json(response)
        jobs = self.expect(response, data, "jobPostings", list)
        if jobs is None:
            return
        board = (self.source, employer.name)
        for job in jobs:
            path = as_dict(job).get("externalPath")
            if isinstance(path, str) and path and self.within_limit(board):
                yield self.request(
                    f"{self.site_url(employer)}{path}",
                    board,
                    self.parse_detail,
                    cb_kwargs={"employer": employer, "summary": job},
                )
        if total is None:
            found = as_dict(data).get("total")
            total = found if isinstance(found, int) else 0
        following = offset + len(jobs)
        if jobs and following < total:
            yield self.list_request(employer, following, total)

    def parse_detail(self, response: Response, employer: Employer, summary: dict) -> Iterator[Any]:
        """Map one job's jobPostingInfo."""
        data = self.load_json(response)
        info = self.expect(response, data, "jobPostingInfo", dict)
        if info is None:
            return
        extra = [text_value(loc) for loc in info.get("additionalLocations") or []]
        primary = text_value(info.get("location")) or text_value(summary.get("locationsText"))
        ref = text_value(info.get("jobReqId")) or summary.get("externalPath")
        workday = as_dict(employer.workday)
        yield self.posting(
            (self.source, employer.name),
            employer,
            source_ref=f"{workday.get('tenant')}/{workday.get('site')}/{ref}",
            url=info.get("externalUrl") or response.url,
            title=text_value(info.get("title")) or text_value(summary.get("title")),
            html=string(info.get("jobDescription")),
            location_raw=primary,
            location_parts=[loc for loc in [primary, *extra] if loc],
            date_posted=iso_date(info.get("startDate")) or iso_date(info.get("postedOn")),
        )
