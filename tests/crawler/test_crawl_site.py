"""Integration: the real spiders through Scrapy against the loopback fixture site."""

from __future__ import annotations

from collections import Counter

from crawler.fields import POSTING_FIELDS
from crawler.runner import run_crawl_isolated
from crawler.sinks import JsonlSink, read_jsonl
from tests.crawler.fixture_server import FaultHandler, loopback_settings


def by_employer(postings: list[dict]) -> Counter:
    return Counter(posting["employer"] for posting in postings)


def test_every_family_reaches_the_sink(full_crawl):
    summary, postings = full_crawl
    counts = by_employer(postings)
    assert counts["Lever Co"] == 3
    assert counts["Ash Co"] == 1  # the unlisted job is skipped
    assert counts["SR Co"] == 3  # two list pages, three details
    assert counts["Work Co"] == 2
    assert counts["WD Co"] == 3  # two POSTed list pages, three details
    assert counts["Sitemap Trust"] == 5
    assert counts["Acme"] + counts["Staffing Agency"] == 3
    assert summary.stored == len(postings) == sum(counts.values())
    assert summary.counts == {"new": len(postings), "updated": 0, "unchanged": 0, "closed": 0}


def test_records_have_exactly_the_posting_fields(full_crawl):
    _, postings = full_crawl
    assert all(set(posting) == set(POSTING_FIELDS) for posting in postings)
    assert len({posting["posting_id"] for posting in postings}) == len(postings)
    assert all(posting["text"] and posting["title"] for posting in postings)


def test_career_site_pages_json_ld_microdata_and_odd_nesting(full_crawl):
    _, postings = full_crawl
    careers = [p for p in postings if p["employer"] == "Careers Trust"]
    # 30 NHS JSON-LD pages, 3 microdata pages, 2 from odd JSON-LD, the windows-1252 page,
    # and the page reached after a 429 with Retry-After
    assert len(careers) == 37
    odd = next(p for p in careers if p["jsonld_education_requirements"] == "bachelor degree")
    assert odd["jsonld_experience_in_place_of_education"] is True
    cafe = next(p for p in careers if p["title"].startswith("Café"))
    assert "£9.50" in cafe["title"] and "City & Guilds NVQ" in cafe["text"]


def test_lever_lists_become_heading_and_item_lines(full_crawl):
    _, postings = full_crawl
    lever = [p for p in postings if p["employer"] == "Lever Co"]
    with_list = [p for p in lever if "\nRequirements\n" in p["text"]]
    assert with_list, "the Requirements section heading should be its own line"
    remote = [p for p in lever if p["remote"] is True]
    assert len(remote) == 1 and remote[0]["country"] == "US"


def test_smartrecruiters_sections_and_industry(full_crawl):
    _, postings = full_crawl
    sr = [p for p in postings if p["employer"] == "SR Co"]
    assert all(p["text"].startswith("Company Description\nSR Company runs clinics") for p in sr)
    assert any("\nQualifications\n" in p["text"] for p in sr)
    posting = sr[0]
    assert (posting["country"], posting["subdivision"], posting["city"]) == (
        "US",
        "US-TX",
        "Austin",
    )
    assert posting["industry"] == "62" and posting["industry_source"] == "registry"


def test_drops_are_counted_by_reason(full_crawl):
    summary, _ = full_crawl
    assert summary.dropped["no_text"] == 1  # the Greenhouse job with empty content
    assert summary.dropped["duplicate_content"] == 1  # the agency's re-post of Acme's text
    assert summary.dropped["duplicate_id"] == 1  # the same page under ?ref=feed
    assert summary.dropped["not_a_job_posting"] == 1  # JSON-LD typed "Job"


def test_faults_are_counted_with_their_urls(full_crawl, site):
    summary, _ = full_crawl
    errors = {url.removeprefix(site): reason for url, reason in summary.errors.items()}
    assert errors["/greenhouse/v1/boards/broken/jobs?content=true"].startswith("malformed json")
    assert errors["/lever/v0/postings/missing?mode=json"] == "http 404"
    assert errors["/careers/missing.html"] == "http 404"
    assert errors["/careers/faults/server-error"] == "http 500"
    assert "faults/redirect-loop" in " ".join(errors) and "faults/slow" in " ".join(errors)
    assert "/careers/faults/huge" in errors
    assert errors["/careers/odd.html"].startswith("malformed json-ld")  # its third script
    assert summary.page_kinds["without_posting"] >= 2  # the index and about pages
    assert not any("private" in url for url in errors)  # robots.txt forbids it: never fetched


def test_retry_after_is_honoured(full_crawl):
    first, second = FaultHandler.times["/careers/faults/retry-after"]
    assert second - first >= 0.95  # Retry-After: 1, though the backoff base is 0.05 s


def test_completed_boards_exclude_failed_ones(full_crawl):
    summary, _ = full_crawl
    completed = set(summary.completed_boards)
    assert ("lever", "Lever Co") in completed and ("workday", "WD Co") in completed
    assert ("greenhouse", "Broken Board") not in completed
    assert ("lever", "Gone Co") not in completed
    assert ("jsonld", "Careers Trust") not in completed  # some of its pages failed
    assert ("jsonld", "Sitemap Trust") in completed


def test_url_crawl_with_limit_truncates_the_site(site, tmp_path):
    out = tmp_path / "one-site.jsonl"
    summary = run_crawl_isolated(
        url=f"{site}/sitemapsite/sitemap.xml",
        limit=2,
        sink=JsonlSink(out),
        settings=loopback_settings(site),
    )
    postings = read_jsonl(out)
    assert len(postings) == 2
    assert {p["source"] for p in postings} == {"jsonld"}
    assert postings[0]["employer"]  # from the page's hiringOrganization
    assert summary.completed_boards == []
    assert summary.boards == {"truncated": 1}
