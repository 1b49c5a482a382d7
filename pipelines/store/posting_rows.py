"""Posting records made ready for the store: ids and fingerprints filled, dates and times parsed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crawler.fields import POSTING_FIELDS
from crawler.ids import content_hash, posting_id


def utc_now() -> datetime:
    """The current time in UTC without a zone, as the store's TIMESTAMP columns hold it."""
    return datetime.now(UTC).replace(tzinfo=None)


def posting_key(posting: dict) -> str:
    """A Posting record's id: the one it carries, else derived from its source and source ref."""
    return posting.get("posting_id") or posting_id(
        str(posting.get("source")), str(posting.get("source_ref"))
    )


def posting_row(posting: dict) -> dict:
    """The store's row for a Posting record; missing id, fingerprint and times are derived."""
    row = {field: posting.get(field) for field in POSTING_FIELDS}
    row["posting_id"] = posting_key(posting)
    if not row["content_hash"]:
        row["content_hash"] = content_hash(row["title"] or "", row["text"] or "")
    now = utc_now()
    row["first_seen"] = parse_timestamp(row["first_seen"]) or now
    row["last_seen"] = parse_timestamp(row["last_seen"]) or now
    row["date_posted"] = parse_date(row["date_posted"])
    for flag in ("remote", "jsonld_experience_in_place_of_education"):
        row[flag] = row[flag] if isinstance(row[flag], bool) else None
    return row


def parse_timestamp(value: object) -> datetime | None:
    """A naive UTC datetime from a datetime or an ISO string; None when absent or unreadable."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def parse_date(value: object) -> date | None:
    """A date from a date, datetime or a string starting with YYYY-MM-DD; None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
