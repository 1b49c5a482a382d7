"""Location strings, lists and schema.org addresses to country, subdivision, city and remote.

Rules (unknown stays None: nothing defaults to Remote or to the US):
- One location: "City, ST", "City, ST 12345", "City, Region, Country", "Country - Remote",
  EMSCAD "CC, REGION, City", Workday "US-AR-Springdale-BLDG 1" / "USA.VA.Reston", "City Country",
  a UK postcode, or a schema.org Place / PostalAddress (or a plain {city, region, country} dict).
- Two-letter codes that are both a US state and a country (CA, GA, DE, IN, VA, ...): after a city
  they mean the US state, unless a ZIP code, `country_hint` or a well-known city of that country
  (data/regions/locations.yaml) says otherwise; alone they are ambiguous and stay None.
- `country_hint` (a code or name from the source) settles ambiguous codes and fills the country
  when the text names none.
- Several locations (a list, or a string split on ";", "|" or new lines): a field is kept only when
  every office states the same value ("Austin, TX; Dallas, TX" -> US, US-TX, no city). A "Remote"
  entry beside offices sets remote=True and keeps the offices' geography.
- remote is True when a remote term appears, False for on-site or hybrid terms, else None.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pycountry
import yaml

from analyzer.paths import data_dir

SPLIT_OFFICES = re.compile(r"\s*(?:;|\||\n)\s*")
SPLIT_PARTS = re.compile(r"\s*(?:,|\(|\)|\[|\]|\s[-–—]\s|:)\s*")
US_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b")
UK_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.I)
WORKDAY_CODED = re.compile(r"^([A-Za-z]{2,3})([-.])([A-Za-z0-9]{1,3})\2(.+)$")
EMSCAD_REGION = re.compile(r"^[A-Z0-9]{1,3}$")
N_LOCATIONS = re.compile(r"^\d+\s+locations?$", re.I)
EDGE_PUNCTUATION = " -–—/,|:;.()[]"
EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")


@dataclass(frozen=True)
class Location:
    """Where a posting is: ISO country, ISO 3166-2 subdivision, city, remote flag, raw text."""

    country: str | None = None
    subdivision: str | None = None
    city: str | None = None
    remote: bool | None = None
    raw: str | None = None

    @property
    def has_place(self) -> bool:
        """Whether any geography (country, subdivision or city) is known."""
        return bool(self.country or self.subdivision or self.city)


@dataclass
class _Tables:
    """Lookup tables built once from pycountry and data/regions/locations.yaml."""

    countries: dict[str, str] = field(default_factory=dict)
    alpha2: frozenset[str] = frozenset()
    subdivisions: dict[str, dict[str, str]] = field(default_factory=dict)
    unique_subdivisions: dict[str, str] = field(default_factory=dict)
    us_states: frozenset[str] = frozenset()
    city_countries: dict[str, set[str]] = field(default_factory=dict)
    remote: re.Pattern[str] = re.compile("$^")
    onsite: re.Pattern[str] = re.compile("$^")
    building_markers: frozenset[str] = frozenset()
    region_code_countries: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Casefold, strip accents and dots, collapse spaces: the key form of every lookup table."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().replace(".", "").split())


def _terms_pattern(terms: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(term) for term in terms), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.I)


def _country_names(aliases: Mapping[str, str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(normalise(value), country.alpha_2)
    names.update({normalise(alias): code for alias, code in aliases.items()})
    return names


def _subdivision_tables(
    aliases: Mapping[str, str],
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    by_country: dict[str, dict[str, str]] = {}
    seen: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        table = by_country.setdefault(sub.country_code, {})
        table[sub.code.split("-", 1)[1].upper()] = sub.code
        table.setdefault(normalise(sub.name), sub.code)
        if not getattr(sub, "parent_code", None):
            seen.setdefault(normalise(sub.name), set()).add(sub.code)
    for alias, code in aliases.items():
        by_country.setdefault(code.split("-")[0], {})[normalise(alias)] = code
    unique = {name: codes.pop() for name, codes in seen.items() if len(codes) == 1}
    unique.update({normalise(alias): code for alias, code in aliases.items()})
    return by_country, unique


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = yaml.safe_load((data_dir() / "regions" / "locations.yaml").read_text(encoding="utf-8"))
    subdivisions, unique = _subdivision_tables(data["subdivision_aliases"])
    city_countries: dict[str, set[str]] = {}
    for code, cities in data["colliding_code_cities"].items():
        for city in cities:
            city_countries.setdefault(normalise(city), set()).add(code)
    return _Tables(
        countries=_country_names(data["country_aliases"]),
        alpha2=frozenset(c.alpha_2 for c in pycountry.countries),
        subdivisions=subdivisions,
        unique_subdivisions=unique,
        us_states=frozenset(key for key in subdivisions["US"] if len(key) == 2 and key.isupper()),
        city_countries=city_countries,
        remote=_terms_pattern(data["remote_terms"]),
        onsite=_terms_pattern(data["onsite_terms"]),
        building_markers=frozenset(normalise(m) for m in data["building_markers"]),
        region_code_countries=list(data["region_code_countries"]),
    )


def country_code(text: str | None) -> str | None:
    """ISO alpha-2 code for a country code, alpha-3 code, name or alias; None when unknown."""
    if not text or not isinstance(text, str):
        return None
    stripped = text.strip()
    if len(stripped) == 2 and stripped.upper() in _tables().alpha2:
        return stripped.upper()
    return _tables().countries.get(normalise(stripped))


def subdivision_code(text: str | None, country: str | None) -> str | None:
    """ISO 3166-2 code for a subdivision code or name within `country`; None when unknown."""
    if not text or not country:
        return None
    table = _tables().subdivisions.get(country, {})
    stripped = text.strip()
    return table.get(stripped.upper()) or table.get(normalise(stripped))


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(EDGE_PUNCTUATION)


def _remote_flag(text: str) -> tuple[bool | None, str]:
    """The remote flag a text states, and the text without the remote or on-site terms."""
    tables = _tables()
    remote = True if tables.remote.search(text) else (False if tables.onsite.search(text) else None)
    text = tables.onsite.sub(" ", tables.remote.sub(" ", text))
    return remote, EMPTY_BRACKETS.sub(" ", text)


def _city(text: str | None) -> str | None:
    if not text or "/" in text or any(ch.isdigit() for ch in text):
        return None
    city = _clean(text)
    if len(city) > 3 and city.isupper():
        city = city.title()
    return city or None


@dataclass
class _Parse:
    """A location being assembled from the parts of one office string."""

    country: str | None = None
    subdivision: str | None = None
    city: str | None = None

    def done(self) -> bool:
        return bool(self.country or self.subdivision)


def _resolve_colliding(code: str, city: str | None, zip_seen: bool, hint: str | None) -> _Parse:
    """Decide "City, XX" where XX is both a US state and a country code."""
    if zip_seen or hint == "US":
        return _Parse("US", f"US-{code}")
    if hint == code or code in _city_countries(city):
        return _Parse(code)
    return _Parse("US", f"US-{code}") if city else _Parse()


def _city_countries(city: str | None) -> set[str]:
    return _tables().city_countries.get(normalise(city), set()) if city else set()


def _classify_code(part: str, city: str | None, zip_seen: bool, hint: str | None) -> _Parse:
    """Read an upper-case code: a US state, a country, or a region code of a city-first country."""
    tables = _tables()
    if part in tables.us_states:
        if part in tables.alpha2:
            return _resolve_colliding(part, city, zip_seen, hint)
        return _Parse("US", f"US-{part}")
    if code := country_code(part):
        return _Parse(code)
    countries = [hint] if hint else tables.region_code_countries
    matches = [sub for c in countries if (sub := subdivision_code(part, c))]
    return _Parse(matches[0].split("-")[0], matches[0]) if len(matches) == 1 else _Parse()


def _classify_georgia(city: str | None, hint: str | None) -> _Parse:
    """ "Georgia" is a country and a US state: the city or the hint decides."""
    if hint == "GE" or "GE" in _city_countries(city):
        return _Parse("GE")
    return _Parse("US", "US-GA") if city or hint == "US" else _Parse()


def _classify(part: str, city: str | None, zip_seen: bool, hint: str | None) -> _Parse:
    """Read one part as a country or a subdivision; an empty _Parse when it is neither."""
    if len(part) <= 3 and part.isupper() and part.isalpha():
        return _classify_code(part, city, zip_seen, hint)
    key = normalise(part)
    if key == "georgia":
        return _classify_georgia(city, hint)
    if (code := country_code(part)) and len(part) > 2:
        return _Parse(code)
    for country in (hint, "US"):
        if sub := subdivision_code(part, country) if len(part) > 3 else None:
            return _Parse(country, sub)
    if sub := _tables().unique_subdivisions.get(key):
        return _Parse(sub.split("-")[0], sub)
    return _Parse()


def _read_parts(parts: list[str], zip_seen: bool, hint: str | None) -> _Parse:
    """City-first parts ("Austin, TX, USA"): country and subdivision from the end, city first."""
    city = parts[0] if len(parts) > 1 else None
    found = _classify(parts[-1], city, zip_seen, hint)
    rest = parts[:-1]
    if found.done() and found.subdivision is None and len(rest) > 1:
        found.subdivision = subdivision_code(rest[-1], found.country)
        rest = rest[:-1] if found.subdivision else rest
    if found.done():
        found.city = rest[0] if rest else None
        return found
    if len(parts) > 1:
        return _Parse(city=city)
    if _is_place_name(parts[0]):
        return _Parse()
    return _split_words(parts[0], hint)


def _is_place_name(part: str) -> bool:
    """Whether a lone part names a country or region it cannot be resolved to (CA, Georgia)."""
    tables = _tables()
    key = normalise(part)
    return (part.isupper() and len(part) <= 3) or key in tables.countries


def _split_words(part: str, hint: str | None) -> _Parse:
    """Read "Heredia Costa Rica" or "Boston MA": the longest trailing words naming a place."""
    words = part.split()
    for start in range(1, len(words)):
        prefix = " ".join(words[:start])
        found = _classify(" ".join(words[start:]), prefix, False, hint)
        if found.done():
            found.city = prefix
            return found
    return _Parse(city=part)


def _read_emscad(parts: list[str]) -> _Parse | None:
    """EMSCAD order "US, NY, New York" / "GB, LND, London" / "US, , ": country, region, city."""
    if len(parts) < 3 or not (len(parts[0]) == 2 and parts[0] in _tables().alpha2):
        return None
    if parts[1] and not EMSCAD_REGION.match(parts[1]):
        return None
    return _Parse(parts[0], subdivision_code(parts[1], parts[0]), parts[2] or None)


def _read_workday(text: str) -> _Parse | None:
    """Workday "US-AR-Springdale", "US-AR-SPRINGDALE-BLDG 1", "USA.VA.Reston"."""
    match = WORKDAY_CODED.match(text)
    if not match or not (match[1].isupper() and match[3].isupper()):
        return None
    country = country_code(match[1])
    subdivision = subdivision_code(match[3], country)
    if not subdivision:
        return None
    city_words: list[str] = []
    for segment in re.split(r"[-.]", match[4]):
        if normalise(segment).split(" ")[0] in _tables().building_markers:
            break
        city_words.append(segment.strip())
    return _Parse(country, subdivision, " ".join(w for w in city_words if w) or None)


def _parse_text(text: str, hint: str | None) -> Location:
    """Parse one office string."""
    raw = html.unescape(text).strip()
    remote, text = _remote_flag(" ".join(raw.split()))
    text = text.strip()
    if not text.strip(EDGE_PUNCTUATION) or N_LOCATIONS.match(text):
        return _finish(_Parse(), remote, raw, hint)
    found = _read_workday(text)
    if found is None:
        parts = [_clean(p) for p in SPLIT_PARTS.split(text)]
        found = _read_emscad(parts) or _read_general(parts, hint)
    return _finish(found, remote, raw, hint)


def _read_general(parts: list[str], hint: str | None) -> _Parse:
    """City-first text, after taking out US ZIP codes and UK postcodes (which name the country)."""
    zip_seen = any(US_ZIP.search(p) for p in parts)
    cleaned = [_clean(US_ZIP.sub(" ", p)) for p in parts]
    postcode_seen = any(UK_POSTCODE.match(p) for p in cleaned)
    kept = [p for p in cleaned if p and not UK_POSTCODE.match(p)]
    found = _read_parts(kept, zip_seen, hint) if kept else _Parse()
    if postcode_seen and not found.done():
        found.country = "GB"
    return found


def _finish(found: _Parse, remote: bool | None, raw: str | None, hint: str | None) -> Location:
    country = found.country or (found.subdivision or "").split("-")[0] or None
    if country is None and hint and (found.city or remote is not None):
        country = hint
    return Location(country, found.subdivision, _city(found.city), remote, raw)


def _address_value(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("@id")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _locality_city(locality: str | None) -> str | None:
    """The city in an addressLocality such as "B7 4BN, Birmingham" or "Willenhall, W Midlands"."""
    parts = [_clean(p) for p in SPLIT_PARTS.split(html.unescape(locality or ""))]
    return next((p for p in parts if p and not UK_POSTCODE.match(p)), None)


def _parse_mapping(place: Mapping[str, Any], hint: str | None) -> Location:
    """A schema.org Place / PostalAddress, or a plain {city, region, country, remote} mapping."""
    address = place.get("address", place)
    if isinstance(address, str):
        return _parse_text(address, hint)
    if not isinstance(address, Mapping):
        return Location()

    def pick(*keys: str) -> str | None:
        return next((v for k in keys if (v := _address_value(address.get(k)))), None)

    country_text = pick("addressCountry", "country", "countryCode", "country_code")
    region = pick("addressRegion", "region", "state")
    locality = pick("addressLocality", "city", "locality")
    postcode = pick("postalCode", "postcode", "zip")
    raw = ", ".join(p for p in (locality, region, postcode, country_text) if p) or None
    country = country_code(country_text) or hint
    if country is None and postcode and UK_POSTCODE.match(postcode):
        country = "GB"
    subdivision = subdivision_code(region, country) if region else None
    city = _locality_city(locality)
    remote_value = place.get("remote", place.get("telecommuting"))
    remote = remote_value if isinstance(remote_value, bool) else None
    return Location(country, subdivision, _city(city), remote, raw)


def _pieces(raw: Any) -> list[str | Mapping[str, Any]]:
    if isinstance(raw, str):
        return [p for p in SPLIT_OFFICES.split(raw) if p.strip()]
    if isinstance(raw, Mapping):
        return [raw]
    if isinstance(raw, Sequence):
        return [p for item in raw for p in _pieces(item)]
    return []


def _agreed(values: list[Any]) -> Any:
    return values[0] if values and all(v == values[0] for v in values) else None


def _combine(located: list[Location], raw: str | None) -> Location:
    """Several offices: keep each field only when every office states the same value."""
    flags = [loc.remote for loc in located if loc.remote is not None]
    remote = True if True in flags else (False if flags else None)
    offices = [loc for loc in located if loc.has_place]
    if not offices:
        return Location(remote=remote, raw=raw)
    return Location(
        country=_agreed([o.country for o in offices]),
        subdivision=_agreed([o.subdivision for o in offices]),
        city=_agreed([o.city for o in offices]),
        remote=remote,
        raw=raw,
    )


def _raw_text(raw: Any, located: list[Location]) -> str | None:
    if isinstance(raw, str):
        return raw.strip() or None
    texts = [loc.raw for loc in located if loc.raw]
    return "; ".join(texts) or None


def parse_location(
    raw: str | Mapping[str, Any] | Sequence[str | Mapping[str, Any]] | None,
    *,
    country_hint: str | None = None,
) -> Location:
    """Parse a posting's location(s) into country, subdivision, city and remote; never raises."""
    hint = country_code(country_hint)
    located = [
        _parse_mapping(p, hint) if isinstance(p, Mapping) else _parse_text(p, hint)
        for p in _pieces(raw)
    ]
    return _combine(located, _raw_text(raw, located))
