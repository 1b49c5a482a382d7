"""The generic schema.org spider: JobPosting JSON-LD and microdata from career sites."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import extruct
from extruct.jsonld import JsonLdExtractor
from extruct.utils import parse_html
from lxml import etree
from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import Sitemap

from crawler.spiders.base import Board, BoardSpider, as_dict, iso_date, text_value
from crawler.spiders.schema_org import job_postings, posting_fields

if TYPE_CHECKING:
    from crawler.registry import Employer

logger = logging.getLogger(__name__)
JSONLD_SCRIPTS = etree.XPath('//script[@type="application/ld+json"]')
SITEMAP_ROOTS = (b"<urlset", b"<sitemapindex")
MICRODATA_MARK = re.compile(rb"itemscope", re.I)


def is_sitemap(response: Response) -> bool:
    """Whether the response is an XML sitemap or sitemap index."""
    head = response.body[:2048].lstrip()
    return any(root in head for root in SITEMAP_ROOTS)


class JsonLdSpider(BoardSpider):
    """Reads JobPosting objects from a site's pages, following links inside the site."""

    name = "jsonld"
    source = "jsonld"

    def __init__(
        self,
        employers: list[Employer] | None = None,
        limit: int | None = None,
        start_urls: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(employers=employers, limit=limit, **kwargs)
        self.site_urls = list(start_urls or [])
        self.requested: set[str] = set()
        self.jsonld = JsonLdExtractor()
        self.links = LinkExtractor()

    async def start(self) -> AsyncIterator[Request]:
        """Start at each employer's career page or sitemap, then at each --url."""
        async for request in super().start():
            yield request
        for url in self.site_urls:
            board = (self.source, urlsplit(url).netloc or url)
            self.board_state.setdefault(board, "complete")
            yield self.site_request(url, board, None, urlsplit(url).netloc)

    def board_requests(self, employer: Employer) -> Iterator[Request]:
        """The employer's career page or sitemap."""
        if not employer.url:
            logger.warning("credscope: %s has no career page URL", employer.name)
            self.mark((self.source, employer.name), "failed")
            return
        yield self.site_request(
            employer.url, (self.source, employer.name), employer, urlsplit(employer.url).netloc
        )

    def site_request(self, url: str, board: Board, employer: Employer | None, host: str) -> Request:
        """A request for one page of a site, carrying the site's board, employer and host."""
        self.requested.add(url)
        return self.request(
            url, board, self.parse_page, cb_kwargs={"employer": employer, "host": host}
        )

    def parse_page(self, response: Response, employer: Employer | None, host: str) -> Iterator[Any]:
        """Postings on the page, then the site's links (or a sitemap's locations) to follow."""
        board = response.meta["board"]
        if is_sitemap(response):
            yield from self.follow_sitemap(response, board, employer, host)
            return
        if not isinstance(response, TextResponse):
            self.fail(response, "not a web page: no text content")
            return
        tree = parse_html(response.body, encoding=response.encoding)
        found = 0
        for posting in self.page_postings(response, tree):
            found += 1
            if self.within_limit(board):
                yield self.jsonld_posting(posting, response, board, employer)
        if not found:
            self.crawler.stats.inc_value("credscope/pages/without_posting")
            logger.debug("credscope: no JobPosting on %s", response.url)
        yield from self.follow_links(response, board, employer, host)

    def page_postings(self, response: Response, tree: Any) -> Iterator[dict]:
        """JobPostings of each JSON-LD script (a bad one spoils no other) and of microdata."""
        for script in JSONLD_SCRIPTS(tree):
            try:
                data = self.jsonld.extract_items(script)
            except (ValueError, TypeError) as error:  # its posting is missed: board incomplete
                self.fail(response, f"malformed json-ld: {error}")
                continue
            yield from job_postings(data)
        if not MICRODATA_MARK.search(response.body):
            return
        try:
            micro = extruct.extract(
                tree, base_url=response.url, syntaxes=["microdata"], uniform=True
            )
        except Exception as error:  # extruct raises whatever its parsers raise
            logger.warning("credscope: unreadable microdata on %s: %s", response.url, error)
            return
        yield from job_postings(micro.get("microdata", []))

    def jsonld_posting(
        self, posting: dict, response: Response, board: Board, employer: Employer | None
    ) -> Any:
        """Map one JobPosting object to a posting."""
        fields = posting_fields(posting)
        url = text_value(posting.get("url"))
        page_url = urljoin(response.url, url) if url else response.url
        identifier = text_value(as_dict(posting).get("identifier"))
        organisation = fields.get("hiring_organization")
        source_ref = url or (f"{organisation or board[1]}#{identifier}" if identifier else page_url)
        return self.posting(
            board,
            employer,
            source_ref=source_ref,
            url=response.url,
            employer_name=organisation,
            date_posted=iso_date(posting.get("datePosted")),
            **fields,
        )

    def follow_links(
        self, response: TextResponse, board: Board, employer: Employer | None, host: str
    ) -> Iterator[Request]:
        """Links to other pages of the same site, within the depth and page limits."""
        if response.meta.get("depth", 0) >= self.settings.getint("JSONLD_MAX_DEPTH", 3):
            return
        if self.board_state.get(board) == "truncated":
            return
        for link in self.links.extract_links(response):
            if urlsplit(link.url).netloc == host and self.may_fetch(link.url):
                yield self.site_request(link.url, board, employer, host)

    def follow_sitemap(
        self, response: Response, board: Board, employer: Employer | None, host: str
    ) -> Iterator[Request]:
        """Every location of a sitemap (or nested sitemap) on the same site."""
        try:
            entries = list(Sitemap(response.body))
        except (etree.XMLSyntaxError, StopIteration) as error:
            self.fail(response, f"unreadable sitemap: {error}")
            return
        for entry in entries:
            url = urljoin(response.url, str(entry.get("loc", "")))
            if urlsplit(url).netloc == host and self.may_fetch(url):
                yield self.site_request(url, board, employer, host)

    def may_fetch(self, url: str) -> bool:
        """Whether `url` is new and the page budget (JSONLD_MAX_PAGES) allows another request."""
        budget = self.settings.getint("JSONLD_MAX_PAGES", 5000)
        return url not in self.requested and len(self.requested) < budget
