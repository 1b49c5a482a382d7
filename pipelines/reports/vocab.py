"""Report vocabulary: credential types, degree levels and labels, loaded from labels.yaml."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import pandas as pd
import yaml

from analyzer.vocab import CREDENTIAL_TYPES, DEGREE_LEVELS, UNSPECIFIED_LEVEL

LABELS_FILE = files(__package__) / "labels.yaml"  # package data beside this module


@cache
def _labels() -> dict[str, Any]:
    with LABELS_FILE.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def credential_types() -> dict[str, str]:
    """Credential type ids mapped to display labels, in the analyzer's order."""
    return _in_order(CREDENTIAL_TYPES, _labels()["credential_types"])


def credential_type_short(kind: str) -> str | None:
    """A narrower header for a credential type in terminal tables, when it needs one."""
    shorts: dict[str, str] = _labels().get("credential_types_short") or {}
    return shorts.get(kind)


def degree_levels() -> dict[str, str]:
    """Degree level ids mapped to display labels, lowest first (the analyzer's one order), then
    degrees whose level is not stated."""
    return _in_order((*DEGREE_LEVELS, UNSPECIFIED_LEVEL), _labels()["degree_levels"])


def _in_order(ids: tuple[str, ...], labels: dict[str, str]) -> dict[str, str]:
    """The display label of each id, in the order of `ids` (labels.yaml must name every one)."""
    missing = [name for name in ids if name not in labels]
    if missing:
        raise KeyError(f"{LABELS_FILE.name} has no label for {', '.join(missing)}")
    return {name: str(labels[name]) for name in ids}


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
