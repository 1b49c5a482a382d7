"""The discovery spider: fetch one careers page politely, through Scrapy, and read what it shows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from extruct.jsonld import JsonLdExtractor
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.discovery import Discovery, find_boards, sitemap_links
from crawler.middlewares import describe_failure, record_error
from crawler.spiders.jsonld import is_sitemap
from crawler.spiders.schema_org import job_postings


class DiscoverySpider(scrapy.Spider):
    """Reads one careers page into a Discovery (boards, sitemaps, JSON-LD postings)."""

    name = "discovery"

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.discovery = Discovery(url)

    async def start(self) -> AsyncIterator[Request]:
        """The careers page."""
        yield Request(self.discovery.url, callback=self.parse, errback=self.on_failure)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Read the page: boards it embeds or links to, sitemaps, JobPostings on it."""
        found = self.discovery
        found.final_url = response.url
        if is_sitemap(response):
            found.sitemaps = [response.url]
            return iter(())
        if not isinstance(response, TextResponse):
            found.error = "not a web page"
            return iter(())
        found.boards = find_boards(response.text)
        found.sitemaps = sitemap_links(response.text, response.url)
        found.jsonld_on_page = self.count_postings(response)
        return iter(())

    @staticmethod
    def count_postings(response: TextResponse) -> int:
        """How many schema.org JobPostings the page's JSON-LD holds."""
        try:
            data = JsonLdExtractor().extract(response.text, base_url=response.url)
        except (ValueError, TypeError):
            return 0
        return sum(1 for _ in job_postings(data))

    def on_failure(self, failure: Failure) -> None:
        """Keep why the page could not be read."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            self.discovery.error = "its robots.txt does not allow crawlers"
        else:
            self.discovery.error = describe_failure(failure)
        record_error(self.crawler.stats, request.url, self.discovery.error)
