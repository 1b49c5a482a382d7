"""Scrapy settings for credscope: polite by default; every politeness value is a setting.

Tests and the loopback demo override the delays and concurrency through `run_crawl(settings=...)`.
"""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

BOT_NAME = "credscope"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are: an honest User-Agent naming credscope and a contact URL.
CREDSCOPE_CONTACT_URL = "https://github.com/credscope/credscope"
try:  # the version is defined once, in pyproject.toml
    CREDSCOPE_VERSION = _version("credscope")
except _PackageNotFoundError:  # a checkout that was never installed
    CREDSCOPE_VERSION = "0+unknown"
USER_AGENT = f"credscope/{CREDSCOPE_VERSION} (+{CREDSCOPE_CONTACT_URL})"

# Politeness.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every response's output, however little it
# holds; our pipelines are synchronous, so the default 100 only costs time (about half the CPU of
# a crawl of small pages). 8 keeps room for an asynchronous sink.
CONCURRENT_ITEMS = 8
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5

# Retries on 429 and 5xx with exponential backoff that honours Retry-After.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
CREDSCOPE_RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry; doubles each time
CREDSCOPE_RETRY_BACKOFF_MAX = 120.0  # never wait longer than this, whatever Retry-After says

DOWNLOADER_MIDDLEWARES = {
    "crawler.guard_middleware.LiteralHostGuard": 60,  # before robots.txt is asked for
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.guard_middleware.RefusedLookupNamer": 960,  # sees DNS failures before the retries
}

# The outbound guard (SECURITY.md): loopback, private, link-local, multicast and reserved
# addresses are refused where connections are made. CREDSCOPE_ALLOW_PRIVATE (or the
# CREDSCOPE_ALLOW_PRIVATE=1 environment variable, or --allow-private) lets loopback and private
# ones through. The guard is the reactor's resolver; CREDSCOPE_DNS_RESOLVER is the resolver it
# filters. CREDSCOPE_GUARD holds the crawl's shared Guard (set by the runner).
TWISTED_DNS_RESOLVER = "crawler.guard_resolver.GuardedResolver"
CREDSCOPE_DNS_RESOLVER = "scrapy.resolver.CachingThreadedResolver"
CREDSCOPE_ALLOW_PRIVATE = False
CREDSCOPE_GUARD = None
EXTENSIONS = {
    "crawler.middlewares.ErrorRecorderExtension": 500,
}
ITEM_PIPELINES = {
    "crawler.pipelines.HtmlTextPipeline": 100,
    "crawler.pipelines.LocationPipeline": 200,
    "crawler.pipelines.IndustryPipeline": 300,
    "crawler.pipelines.ValidationPipeline": 400,
    "crawler.pipelines.DuplicatesPipeline": 500,
    "crawler.pipelines.StoragePipeline": 900,
}

LOG_FORMATTER = "crawler.pipelines.QuietLogFormatter"

# Storage: an object implementing crawler.sinks.PostingSink (set by the runner), batch size.
CREDSCOPE_SINK = None
CREDSCOPE_SEEN = None  # crawler.pipelines.SeenPostings shared by the crawlers of one run
CREDSCOPE_SINK_BATCH = 200
CREDSCOPE_MIN_TEXT_CHARS = 40

# A shared crawl (`--frontier redis://...`): seconds a worker holds a request before other workers
# may take it back (a live worker renews its leases every third of this).
CREDSCOPE_FRONTIER_LEASE = 60.0
CREDSCOPE_FRONTIER_LEASES = None  # the worker's crawler.frontier.leases.LeaseBook (runner sets it)

# Source endpoints; tests and the demo point them at loopback.
GREENHOUSE_API_URL = "https://boards-api.greenhouse.io/v1/boards"
LEVER_API_URL = "https://api.lever.co/v0/postings"
ASHBY_API_URL = "https://api.ashbyhq.com/posting-api/job-board"
SMARTRECRUITERS_API_URL = "https://api.smartrecruiters.com/v1/companies"
WORKABLE_API_URL = "https://apply.workable.com/api/v1/widget/accounts"
WORKDAY_BASE_URL = None  # None: https://{host} from the registry entry
USAJOBS_API_URL = "https://data.usajobs.gov/api/search"
# The USAJOBS key and the e-mail it was requested with; None: the environment variables of the
# same names. Kept out of this file on purpose: set them per machine.
USAJOBS_API_KEY = None
USAJOBS_USER_AGENT_EMAIL = None
SMARTRECRUITERS_PAGE_SIZE = 100
WORKDAY_PAGE_SIZE = 20
USAJOBS_PAGE_SIZE = 500  # the API's maximum ResultsPerPage

# The schema.org spider: how far it follows links inside a site.
JSONLD_MAX_DEPTH = 3
JSONLD_MAX_PAGES = 5000

# HTTP cache for development only.
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 24 * 3600

TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
