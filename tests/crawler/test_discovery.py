"""Board discovery on careers pages: the patterns of data/sources/boards.yaml, applied."""

from __future__ import annotations

from crawler.discovery import Discovery, FoundBoard, find_boards, sitemap_links

PAGE = """
<div id="grnhse_app"></div>
<script src="https://boards.greenhouse.io/embed/job_board/js?for=acme&amp;b=https://x"></script>
<a href="https://job-boards.greenhouse.io/acme/jobs/123">A job</a>
<a href="https://jobs.lever.co/leverco/5a1b-22?lever-source=site">Lever job</a>
<script src="https://jobs.ashbyhq.com/ash%20co/embed?version=2"></script>
<a href="https://careers.smartrecruiters.com/SRCo1">SmartRecruiters</a>
<iframe src="https://apply.workable.com/workco/j/AB12CD/"></iframe>
<a href="https://wdco.wd5.myworkdayjobs.com/en-US/External/job/Springdale/Analyst_R1">WD</a>
<script>var board = "https://boards-api.greenhouse.io/v1/boards/other/jobs";</script>
"""


def test_every_family_is_read_from_links_iframes_and_scripts() -> None:
    assert find_boards(PAGE) == [
        FoundBoard("greenhouse", board="acme"),
        FoundBoard("greenhouse", board="other"),
        FoundBoard("lever", board="leverco"),
        FoundBoard("ashby", board="ash co"),
        FoundBoard("smartrecruiters", board="SRCo1"),
        FoundBoard("workable", board="workco"),
        FoundBoard(
            "workday",
            workday=(
                ("host", "wdco.wd5.myworkdayjobs.com"),
                ("tenant", "wdco"),
                ("site", "External"),
            ),
        ),
    ]


def test_the_providers_own_pages_are_not_boards() -> None:
    page = (
        '<script src="https://boards.greenhouse.io/embed/job_board/js"></script>'
        '<a href="https://apply.workable.com/j/AB12CD">job</a><a href="https://example.org/">x</a>'
    )
    assert find_boards(page) == []


def test_sitemaps_and_where_the_schema_org_spider_starts() -> None:
    page = '<link rel="sitemap" href="/jobs-sitemap.xml"><a href="feeds/sitemap.xml">map</a>'
    base = "http://127.0.0.1:8000/careers/"
    sitemaps = sitemap_links(page, base)
    assert sitemaps == [
        "http://127.0.0.1:8000/jobs-sitemap.xml",
        "http://127.0.0.1:8000/careers/feeds/sitemap.xml",
    ]
    assert Discovery(base, sitemaps=sitemaps).site_urls() == sitemaps
    assert Discovery(base).site_urls() == [base]
    with_board = Discovery(base, boards=[FoundBoard("lever", board="x")])
    assert with_board.site_urls() == []
