"""The one item every spider yields: a job posting, plus hints the item pipelines consume."""

from __future__ import annotations

from typing import Any

import scrapy

from crawler.fields import POSTING_FIELDS

# Hints from the spiders for the pipelines; they never reach the sink.
HINT_FIELDS: tuple[str, ...] = (
    "location_parts",  # several location strings of one posting, in the source's order
    "country_hint",  # ISO alpha-2 the source states for the posting or the employer
    "remote_hint",  # the source's own remote flag
    "industry_label",  # the posting's own industry label (JSON-LD industry, SmartRecruiters)
    "registry_industry",  # the employer's NAICS sector from the registry
    "schema_type",  # the schema.org type the posting was declared with
    "board",  # (source, employer) pair of the board the posting was listed on
    "jsonld_experience_requirements",  # schema.org experienceRequirements as text
    "hiring_organization",  # schema.org hiringOrganization name
)


class PostingItem(scrapy.Item):
    """A job posting as the spiders yield it; see POSTING_FIELDS for what is stored."""

    fields = {name: scrapy.Field() for name in POSTING_FIELDS + HINT_FIELDS}  # noqa: RUF012


def posting_record(item: PostingItem) -> dict[str, Any]:
    """Return the plain Posting record (every POSTING_FIELDS key, unknowns as None)."""
    return {name: item.get(name) for name in POSTING_FIELDS}
