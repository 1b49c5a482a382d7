"""Report vocabulary: credential types, degree levels and labels, loaded from labels.yaml."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import pandas as pd
import yaml

LABELS_FILE = files(__package__) / "labels.yaml"  # package data beside this module


@cache
def _labels() -> dict[str, Any]:
    with LABELS_FILE.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def credential_types() -> dict[str, str]:
    """Credential type ids mapped to display labels, in report order."""
    return dict(_labels()["credential_types"])


def credential_type_short(kind: str) -> str | None:
    """A narrower header for a credential type in terminal tables, when it needs one."""
    shorts: dict[str, str] = _labels().get("credential_types_short") or {}
    return shorts.get(kind)


def degree_levels() -> dict[str, str]:
    """Degree level ids mapped to display labels, lowest first."""
    return dict(_labels()["degree_levels"])


def strength_label(strength: str | None) -> str:
    """The words shown for a mention strength."""
    strengths: dict[str, str] = _labels()["strengths"]
    return strengths.get(strength or "unspecified", str(strength))


def measure_note() -> str:
    """The sentence every report carries about what it measures."""
    return str(_labels()["measure_note"])


def industry_label(code: str | None) -> str:
    """The NAICS sector label for a code, falling back to the code itself."""
    if code is None or pd.isna(code):
        return str(_labels()["unknown_industry"])
    try:
        from crawler.industry import sector_label
    except ImportError:
        return str(code)
    try:
        return str(sector_label(str(code)))
    except (LookupError, ValueError):
        return str(code)


def region_label(country: str | None, subdivision: str | None = None) -> str:
    """A readable name for a country or ISO 3166-2 subdivision code."""
    import pycountry

    if subdivision:
        found = pycountry.subdivisions.get(code=subdivision)
        return str(found.name) if found is not None else subdivision
    if country:
        country_found = pycountry.countries.get(alpha_2=country)
        return str(country_found.name) if country_found is not None else country
    return "Location not known"
