"""Unit tests of the crawler's pure parts: ids, dates, schema.org reading, retries, pipelines."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from scrapy import Spider, signals
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.fields import POSTING_FIELDS
from crawler.ids import content_hash, posting_id
from crawler.items import PostingItem, posting_record
from crawler.middlewares import ERRORS_KEY, ErrorRecorderExtension, retry_after_seconds
from crawler.pipelines import (
    DuplicatesPipeline,
    HtmlTextPipeline,
    LocationPipeline,
    QuietLogFormatter,
    SeenPostings,
    Shared,
    ValidationPipeline,
)
from crawler.runner import crawl_settings
from crawler.sinks import JsonlSink, read_jsonl
from crawler.spiders.base import BoardSpider, iso_date, text_value
from crawler.spiders.lever import lever_html
from crawler.spiders.schema_org import job_postings, posting_fields
from crawler.spiders.smartrecruiters import sections_html


def test_posting_id_is_stable_sha1_prefix():
    assert posting_id("greenhouse", "acme/1") == posting_id("greenhouse", "acme/1")
    assert len(posting_id("greenhouse", "acme/1")) == 16
    assert posting_id("greenhouse", "acme/1") != posting_id("lever", "acme/1")


def test_content_hash_ignores_case_and_spacing_only():
    assert content_hash("Nurse", "Band 5\n RN") == content_hash("nurse ", "band 5 rn")
    assert content_hash("Nurse", "Band 5") != content_hash("Nurse", "Band 6")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-12-27T10:50:17+0000", "2018-12-27"),
        (1709294400000, "2024-03-01"),
        ("Posted Yesterday", "2024-05-09"),
        ("Posted 3 Days Ago", "2024-05-07"),
        ("Posted 30+ Days Ago", None),
        ("2024-13-45", None),
        (True, None),
        ({"date": "x"}, None),
    ],
)
def test_iso_date(value, expected):
    assert iso_date(value, today=date(2024, 5, 10)) == expected


def test_text_value_reads_strings_lists_and_objects():
    assert text_value({"@type": "Organization", "name": "Trust"}) == "Trust"
    assert text_value(["A", "A", "B"]) == "A; B"
    assert text_value(None) is None and text_value(True) is None


def test_job_postings_found_in_graph_lists_and_nesting():
    data = [
        {"@graph": [{"@type": "WebPage", "mainEntity": {"@type": ["JobPosting"], "title": "A"}}]},
        {"@type": "http://schema.org/JobPosting", "title": "B"},
        {"@type": "Organization", "name": "not a posting"},
        42,
        None,
    ]
    assert [p["title"] for p in job_postings(data)] == ["A", "B"]


def test_posting_fields_survive_wrong_types():
    fields = posting_fields(
        {
            "@type": "Job",
            "title": ["Porter"],
            "description": {"text": "<p>Move beds</p>"},
            "jobLocation": [{"address": {"addressLocality": "Leeds", "addressCountry": "GB"}}],
            "experienceInPlaceOfEducation": "False",
            "educationRequirements": [{"credentialCategory": "high school"}, "GCSEs"],
            "experienceRequirements": {"monthsOfExperience": 6},
            "jobLocationType": "TELECOMMUTE",
        }
    )
    assert fields["title"] == "Porter"
    assert fields["schema_type"] == "Job"
    assert fields["location_raw"] == "Leeds, GB" and fields["country_hint"] == "GB"
    assert fields["jsonld_experience_in_place_of_education"] is False
    assert fields["jsonld_education_requirements"] == "high school; GCSEs"
    assert fields["jsonld_experience_requirements"] == "6 months"
    assert fields["remote_hint"] is True


def test_lever_lists_and_smartrecruiters_sections_become_headed_blocks():
    lever = lever_html(
        {"description": "<p>Intro</p>", "lists": [{"text": "Needs", "content": "<li>RN</li>"}]}
    )
    assert lever == "<p>Intro</p>\n<h3>Needs</h3><ul><li>RN</li></ul>"
    sections = {
        "jobAd": {"sections": {"qualifications": {"title": "Qualifications", "text": "<p>BSN</p>"}}}
    }
    assert sections_html(sections) == "<h2>Qualifications</h2>\n<p>BSN</p>"


def test_retry_after_seconds_and_dates():
    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds("Mon, 01 Jan 2024 12:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def crawler_with(**settings):
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    return crawler


def item(**fields) -> PostingItem:
    base = {"posting_id": "p1", "source": "lever", "employer": "A", "title": "Nurse"}
    return PostingItem(**{**base, **fields})


def test_html_text_pipeline_unescapes_and_keeps_blocks():
    crawler = crawler_with()
    result = HtmlTextPipeline(crawler).process_item(
        item(html="&lt;p&gt;One&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Two&lt;/li&gt;&lt;/ul&gt;")
    )
    assert result["text"] == "One\nTwo" and result["html"].startswith("<p>")
    assert crawler.stats.get_value("credscope/edited/text_from_html") == 1


def test_location_pipeline_prefers_the_sources_remote_flag():
    result = LocationPipeline(crawler_with()).process_item(
        item(location_raw="Austin, TX", remote_hint=False)
    )
    assert (result["country"], result["subdivision"], result["remote"]) == ("US", "US-TX", False)


def test_validation_drops_are_counted():
    crawler = crawler_with(CREDSCOPE_MIN_TEXT_CHARS=5)
    pipeline = ValidationPipeline(crawler)
    for bad, reason in (
        (item(title="", text="long enough"), "no_title"),
        (item(text=""), "no_text"),
        (item(text="long enough", schema_type="Job"), "not_a_job_posting"),
    ):
        with pytest.raises(DropItem):
            pipeline.process_item(bad)
        assert crawler.stats.get_value(f"credscope/dropped/{reason}") == 1


def test_duplicates_by_id_and_by_text_across_employers():
    crawler = crawler_with(CREDSCOPE_SEEN=Shared(SeenPostings()))
    pipeline = DuplicatesPipeline(crawler)
    pipeline.process_item(item(text="Same words"))
    with pytest.raises(DropItem):
        pipeline.process_item(item(text="Other words"))
    with pytest.raises(DropItem):
        pipeline.process_item(item(posting_id="p2", employer="Agency", text="Same words"))
    kept = pipeline.process_item(item(posting_id="p3", text="Same words"))  # same employer
    assert kept["content_hash"] == content_hash("Nurse", "Same words")
    assert crawler.stats.get_value("credscope/dropped/duplicate_content") == 1


def test_jsonl_sink_round_trip(tmp_path):
    sink = JsonlSink(tmp_path / "out" / "p.jsonl")
    sink.open()
    sink.write([posting_record(item(text="x"))])
    assert sink.finish([("lever", "A")]) == {"new": 1, "updated": 0, "unchanged": 0, "closed": 0}
    (record,) = read_jsonl(tmp_path / "out" / "p.jsonl")
    assert set(record) == set(POSTING_FIELDS) and record["title"] == "Nurse"


def test_a_pipeline_error_is_recorded_by_url_and_fails_the_board():
    crawler = crawler_with()
    recorder = ErrorRecorderExtension(crawler)  # signals hold handlers weakly: keep a reference
    spider = BoardSpider(name="t")
    board = ("lever", "A")
    spider.board_state[board] = "complete"
    posting = item(url="http://127.0.0.1/jobs/1", board=board, text="x" * 50)
    try:
        raise KeyError("boom")
    except KeyError:
        failure = Failure()
    crawler.signals.send_catch_log(
        signals.item_error, item=posting, response=None, spider=spider, failure=failure
    )
    assert crawler.stats.get_value(ERRORS_KEY) == {
        "http://127.0.0.1/jobs/1": "pipeline error: KeyError: 'boom'"
    }
    assert crawler.stats.get_value("credscope/errors/pipeline_error") == 1
    assert spider.board_state[board] == "failed"  # the store must not close the lost posting
    assert recorder.stats is crawler.stats


def test_a_pipeline_error_is_logged_by_url_not_by_text():
    logged = QuietLogFormatter().item_error(
        item(url="http://127.0.0.1/jobs/1", text="long text " * 100), KeyError(), None, Spider("t")
    )
    assert logged["args"] == {"url": "http://127.0.0.1/jobs/1"}


def test_titles_lose_markup_and_entities_and_plain_ones_stay():
    crawler = crawler_with()
    pipeline = HtmlTextPipeline(crawler)
    escaped = pipeline.process_item(item(title="&lt;b&gt;Staff  Nurse&lt;/b&gt; &amp; Midwife"))
    plain = pipeline.process_item(item(title="Staff Nurse, Band 5"))
    assert escaped["title"] == "Staff Nurse & Midwife"
    assert plain["title"] == "Staff Nurse, Band 5"
    assert crawler.stats.get_value("credscope/edited/title") == 1


def test_items_are_processed_a_few_at_a_time():
    # Scrapy starts CONCURRENT_ITEMS tasks per response; the default 100 halves crawl speed
    settings = crawl_settings(None, None, progress=False)
    assert 1 <= settings.getint("CONCURRENT_ITEMS") <= 16
