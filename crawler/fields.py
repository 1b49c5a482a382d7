"""The Posting contract's fields (DESIGN.md), defined once: what the crawler yields, the importers
produce, the store keeps and the exports write. Importing this module imports nothing else."""

from __future__ import annotations

POSTING_FIELDS: tuple[str, ...] = (
    "posting_id",
    "source",
    "source_ref",
    "url",
    "employer",
    "title",
    "text",
    "html",
    "location_raw",
    "country",
    "subdivision",
    "city",
    "remote",
    "industry",
    "industry_source",
    "date_posted",
    "first_seen",
    "last_seen",
    "content_hash",
    "jsonld_education_requirements",
    "jsonld_experience_in_place_of_education",
)
