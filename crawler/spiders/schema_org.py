"""Find schema.org JobPosting objects in JSON-LD/microdata and read their fields safely."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crawler.spiders.base import as_dict, text_value

MAX_NESTING = 12
TRUE_TEXTS = {"true", "yes", "1"}
FALSE_TEXTS = {"false", "no", "0"}
POSTING_HINT_KEYS = frozenset({"hiringOrganization", "datePosted", "jobLocation", "employmentType"})
ADDRESS_KEYS = ("addressLocality", "addressRegion", "postalCode", "addressCountry")


def type_names(node: dict) -> list[str]:
    """The node's @type names without a schema.org prefix ("schema:JobPosting" → "JobPosting")."""
    declared = node.get("@type", node.get("type"))
    values = declared if isinstance(declared, list) else [declared]
    names = []
    for value in values:
        if isinstance(value, str):
            names.append(value.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip())
    return names


def is_job_posting(node: dict) -> bool:
    """Whether a JSON object is typed JobPosting (case-insensitive, any schema.org prefix)."""
    return any(name.lower() == "jobposting" for name in type_names(node))


def looks_like_posting(node: dict) -> bool:
    """An object with a posting's fields whatever its declared type (validation judges the type)."""
    return "title" in node and "description" in node and bool(POSTING_HINT_KEYS & node.keys())


def job_postings(data: Any, depth: int = 0) -> Iterator[dict]:
    """Every JobPosting-like object in `data`: top level, lists, @graph, or nested in others."""
    if depth > MAX_NESTING:
        return
    if isinstance(data, list):
        for element in data:
            yield from job_postings(element, depth + 1)
    elif isinstance(data, dict):
        if is_job_posting(data) or looks_like_posting(data):
            yield data
            return
        for value in data.values():
            if isinstance(value, list | dict):
                yield from job_postings(value, depth + 1)


def as_bool(value: Any) -> bool | None:
    """A JSON-LD boolean that may come as a string ("true", "False") or a list of one."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower().rsplit("/", 1)[-1]
        if lowered in TRUE_TEXTS:
            return True
        if lowered in FALSE_TEXTS:
            return False
    return None


def address_text(address: Any) -> str | None:
    """A PostalAddress (or a plain string) as 'street, locality, region, postcode, country'."""
    if isinstance(address, str):
        return address.strip() or None
    node = as_dict(address)
    parts = [text_value(node.get(key)) for key in ADDRESS_KEYS]
    return ", ".join(part for part in parts if part) or None


def place_texts(job_location: Any) -> list[str]:
    """One location string per Place of jobLocation (a Place, a list, or an address)."""
    places = job_location if isinstance(job_location, list) else [job_location]
    texts = []
    for place in places:
        node = as_dict(place)
        text = address_text(node["address"]) if "address" in node else address_text(place)
        text = text or text_value(node.get("name"))
        if text:
            texts.append(text)
    return texts


def place_country(job_location: Any) -> str | None:
    """The ISO alpha-2 addressCountry of the first Place, when it is one."""
    places = job_location if isinstance(job_location, list) else [job_location]
    for place in places:
        country = text_value(as_dict(as_dict(place).get("address")).get("addressCountry"))
        if country and len(country) == 2 and country.isalpha():
            return country.upper()
    return None


def education_text(value: Any) -> str | None:
    """educationRequirements as text: a string, or credentialCategory of the credential objects."""
    values = value if isinstance(value, list) else [value]
    texts = []
    for entry in values:
        if isinstance(entry, dict):
            text = text_value(entry.get("credentialCategory"))
            text = text or text_value(entry.get("description")) or text_value(entry)
        else:
            text = text_value(entry)
        if text:
            texts.append(text)
    return "; ".join(dict.fromkeys(texts)) or None


def experience_text(value: Any) -> str | None:
    """experienceRequirements as text, or 'N months' of OccupationalExperienceRequirements."""
    values = value if isinstance(value, list) else [value]
    texts = []
    for entry in values:
        if isinstance(entry, dict):
            months = text_value(entry.get("monthsOfExperience"))
            text = f"{months} months" if months else text_value(entry.get("description"))
        else:
            text = text_value(entry)
        if text:
            texts.append(text)
    return "; ".join(dict.fromkeys(texts)) or None


def posting_fields(posting: dict) -> dict[str, Any]:
    """The PostingItem fields a JobPosting object gives (title, html, location, hints)."""
    description = posting.get("description")
    remote = str(posting.get("jobLocationType", "")).upper() == "TELECOMMUTE"
    job_location = posting.get("jobLocation")
    places = place_texts(job_location)
    return {
        "title": text_value(posting.get("title")) or text_value(posting.get("name")),
        "html": description if isinstance(description, str) else text_value(description),
        "location_raw": places[0] if places else None,
        "location_parts": places,
        "country_hint": place_country(job_location),
        "remote_hint": True if remote else None,
        "industry_label": text_value(posting.get("industry")),
        "hiring_organization": text_value(posting.get("hiringOrganization")),
        "schema_type": "JobPosting" if is_job_posting(posting) else "/".join(type_names(posting)),
        "jsonld_education_requirements": education_text(posting.get("educationRequirements")),
        "jsonld_experience_requirements": experience_text(posting.get("experienceRequirements")),
        "jsonld_experience_in_place_of_education": as_bool(
            posting.get("experienceInPlaceOfEducation")
        ),
    }
