"""One function per import format: a source row (dict) to a Posting record, or RowProblem."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from crawler.htmltext import html_to_text, looks_like_html, normalise_text, unescape_markup
from crawler.industry import naics_from_label, resolve_industry
from crawler.location import parse_location

TRAILING_RATING = re.compile(r"\s*\n\s*-?\d+(?:\.\d+)?\s*$")
GLASSDOOR_MISSING = frozenset({"", "-1", "Unknown"})
EMSCAD_UNSPECIFIED = frozenset({"", "Unspecified"})


class RowProblem(ValueError):
    """A row that cannot become a posting; the message says what is wrong with it."""


def jsonld_posting(obj: Any) -> dict:
    """A schema.org JobPosting object (or a @graph holding one) to a Posting record."""
    job = _job_posting(obj)
    description = _text_value(job.get("description")) or ""
    title = html.unescape(_text_value(job.get("title")) or "").strip()
    location = parse_location(_place(job.get("jobLocation")))
    remote = True if job.get("jobLocationType") == "TELECOMMUTE" else location.remote
    industry_label = _first_text(job.get("industry"))
    industry, industry_source = resolve_industry(None, industry_label)
    return _posting(
        "import:jsonld",
        _jsonld_ref(job, title, description),
        title=title,
        text=_description_text(description),
        html=unescape_markup(description) if looks_like_html(description) else None,
        url=_text_value(job.get("url")),
        employer=_organisation(job.get("hiringOrganization")),
        location=location,
        remote=remote,
        industry=industry,
        industry_source=industry_source,
        date_posted=_text_value(job.get("datePosted")),
        jsonld_education_requirements=_education(job.get("educationRequirements")),
        jsonld_experience_in_place_of_education=_flag(job.get("experienceInPlaceOfEducation")),
    )


def emscad_posting(row: Mapping[str, str]) -> dict:
    """An EMSCAD CSV row to a Posting record (text = description, requirements, benefits)."""
    parts = [_unescaped(row.get("description"))]
    for heading in ("requirements", "benefits"):
        if _unescaped(row.get(heading)):
            parts += [heading.capitalize(), _unescaped(row.get(heading))]
    location = parse_location(_clean(row.get("location")) or None)
    industry, industry_source = resolve_industry(None, _clean(row.get("industry")) or None)
    education = _clean(row.get("required_education"))
    return _posting(
        "import:emscad",
        _clean(row.get("job_id")) or _digest(row.get("title"), parts[0]),
        title=_unescaped(row.get("title")),
        text="\n".join(parts).strip(),
        location=location,
        remote=True if _clean(row.get("telecommuting")) == "1" else location.remote,
        industry=industry,
        industry_source=industry_source,
        jsonld_education_requirements=None if education in EMSCAD_UNSPECIFIED else education,
    )


def glassdoor_posting(row: Mapping[str, str]) -> dict:
    """A Glassdoor CSV row to a Posting record; identical rows share one id."""
    title = _glassdoor_value(row.get("Job Title")) or ""
    text = _glassdoor_value(row.get("Job Description")) or ""
    company = TRAILING_RATING.sub("", _glassdoor_value(row.get("Company Name")) or "").strip()
    location_raw = _glassdoor_value(row.get("Location"))
    label = _glassdoor_value(row.get("Industry"))
    if naics_from_label(label) is None:
        label = _glassdoor_value(row.get("Sector"))
    industry, industry_source = resolve_industry(None, label)
    return _posting(
        "import:glassdoor",
        _digest(company, title, location_raw, text),
        title=title,
        text=normalise_text(text),
        employer=company or None,
        location=parse_location(location_raw, country_hint="US"),
        industry=industry,
        industry_source=industry_source,
    )


def jsonl_posting(obj: Any) -> dict:
    """One of credscope's own Posting records (as a crawl's JsonlSink writes them)."""
    if not isinstance(obj, dict):
        raise RowProblem(f"expected a JSON object, found {type(obj).__name__}")
    posting = dict(obj)
    posting.setdefault("source", "import:jsonl")
    if not posting.get("posting_id") and not posting.get("source_ref"):
        raise RowProblem("no posting_id and no source_ref to identify the posting")
    if not posting.get("text") and isinstance(posting.get("html"), str):
        posting["text"] = html_to_text(posting["html"])
    if not (posting.get("title") or posting.get("text")):
        raise RowProblem("no title and no text")
    if not any(posting.get(key) for key in ("country", "subdivision", "city")):
        found = parse_location(posting.get("location_raw"))
        posting.update(country=found.country, subdivision=found.subdivision, city=found.city)
    return posting


FORMATS: dict[str, Callable[[Any], dict]] = {
    "jsonld": jsonld_posting,
    "emscad": emscad_posting,
    "glassdoor": glassdoor_posting,
    "jsonl": jsonl_posting,
}
REQUIRED_COLUMNS = {
    "emscad": ("job_id", "title", "description"),
    "glassdoor": ("Job Title", "Job Description", "Company Name", "Location"),
}


def _posting(source: str, source_ref: str, *, location: Any, **fields: Any) -> dict:
    if not (fields.get("title") or fields.get("text")):
        raise RowProblem("no title and no description")
    return {
        "source": source,
        "source_ref": source_ref,
        "location_raw": location.raw,
        "country": location.country,
        "subdivision": location.subdivision,
        "city": location.city,
        **fields,
    }


def _job_posting(obj: Any) -> dict:
    if isinstance(obj, dict) and isinstance(obj.get("@graph"), list):
        obj = next((item for item in obj["@graph"] if _is_job_posting(item)), None)
    if not _is_job_posting(obj):
        raise RowProblem("not a schema.org JobPosting object")
    return obj


def _is_job_posting(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    kind = obj.get("@type", "JobPosting")
    return "JobPosting" in (kind if isinstance(kind, list) else [kind])


def _jsonld_ref(job: dict, title: str, description: str) -> str:
    identifier = job.get("identifier")
    if isinstance(identifier, dict):
        identifier = identifier.get("value") or identifier.get("name")
    for candidate in (job.get("_fileid"), identifier, job.get("url")):
        if isinstance(candidate, str | int) and str(candidate).strip():
            return str(candidate).strip()
    return _digest(title, description)


def _description_text(description: str) -> str:
    if looks_like_html(description):
        return html_to_text(description)
    return normalise_text(html.unescape(description))


def _place(value: Any) -> Any:
    """A jobLocation (a Place, a list of them, or a string) as parse_location accepts it."""
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict | str)] or None
    return value if isinstance(value, dict | str) else None


def _organisation(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    if not isinstance(value, str):
        return None
    return html.unescape(value).strip() or None


def _education(value: Any) -> str | None:
    """educationRequirements as text: a string, or a credential's category and name."""
    items = value if isinstance(value, list) else [value]
    texts = []
    for item in items:
        if isinstance(item, dict):
            item = _first_text(item.get("credentialCategory")) or _first_text(item.get("name"))
        if isinstance(item, str) and item.strip():
            texts.append(item.strip())
    return "; ".join(texts) or None


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _text_value(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _first_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str) and item.strip()), None)
    return _text_value(value)


def _clean(value: str | None) -> str:
    return (value or "").strip()


def _unescaped(value: str | None) -> str:
    """A CSV cell with its HTML entities (`&amp;`) decoded, spaces normalised."""
    return normalise_text(html.unescape(value or ""))


def _glassdoor_value(value: str | None) -> str | None:
    text = _clean(value)
    return None if text in GLASSDOOR_MISSING else text


def _digest(*parts: str | None) -> str:
    """A stable reference for rows without an id of their own: sha1 of their content."""
    joined = "\x1f".join(part or "" for part in parts)
    return hashlib.sha1(joined.encode()).hexdigest()[:16]
