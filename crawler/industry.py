"""NAICS 2022 sectors, and source industry labels mapped to them (data/industries/*.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from analyzer.paths import data_dir

SECTOR_SPLITS = {"31": "31-33", "32": "31-33", "33": "31-33", "44": "44-45", "45": "44-45"}
SECTOR_SPLITS |= {"48": "48-49", "49": "48-49"}
NAICS_CODE = re.compile(r"^(?:naics\s*)?(\d{2})(?:-\d{2}|\d{0,4})$")


@dataclass(frozen=True)
class _IndustryData:
    """Sector labels, exact label map, missing markers and keyword fallbacks."""

    sectors: dict[str, str]
    labels: dict[str, str]
    missing: frozenset[str]
    keywords: tuple[tuple[re.Pattern[str], str], ...]


def label_key(label: str) -> str:
    """The matching form of an industry label: casefold, no punctuation, no "and"/"&"."""
    words = re.sub(r"[^0-9a-z]+", " ", label.casefold().replace("&", " ")).split()
    return " ".join(word for word in words if word != "and")


def _load_yaml(name: str) -> dict:
    with (data_dir() / "industries" / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def _data() -> _IndustryData:
    sectors = {row["code"]: row["label"] for row in _load_yaml("naics_sectors.yaml")["sectors"]}
    mapping = _load_yaml("label_map.yaml")
    labels = {
        label_key(label): code for code, names in mapping["sectors"].items() for label in names
    }
    keywords = tuple(
        (re.compile(r"\b" + re.escape(word.casefold())), code) for word, code in mapping["keywords"]
    )
    missing = frozenset(label_key(m) or m for m in mapping["missing"])
    return _IndustryData(sectors, labels, missing, keywords)


def sector_codes() -> list[str]:
    """The 20 NAICS 2022 sector codes, in order ("11" ... "92", ranges as "31-33")."""
    return list(_data().sectors)


def sector_label(code: str) -> str:
    """The NAICS 2022 title of a sector code; KeyError for a code that is not a sector."""
    return _data().sectors[code]


def sector_from_code(text: str) -> str | None:
    """The sector of a NAICS code at any depth ("62", "622110", "31", "31-33"), else None."""
    match = NAICS_CODE.match(text.strip().casefold())
    if not match:
        return None
    sector = SECTOR_SPLITS.get(match[1], match[1])
    return sector if sector in _data().sectors else None


def _lookup(label: str) -> tuple[str | None, bool]:
    """(sector, exact) for a label: exact from the table or a code, else from keywords."""
    data = _data()
    key = label_key(label)
    if not key or key in data.missing or label.strip() in data.missing:
        return None, True
    exact = data.labels.get(key) or sector_from_code(label)
    if exact:
        return exact, True
    lowered = label.casefold()
    return next((code for pattern, code in data.keywords if pattern.search(lowered)), None), False


def naics_from_label(label: str | None) -> str | None:
    """The NAICS sector for a source industry label or NAICS code; None when unknown or missing."""
    if not label or not isinstance(label, str):
        return None
    return _lookup(label)[0]


def resolve_industry(
    registry_code: str | None, posting_label: str | None
) -> tuple[str | None, str | None]:
    """(sector, industry_source): the registry's sector first, then the posting's label."""
    registry_sector = sector_from_code(registry_code) if registry_code else None
    if registry_sector:
        return registry_sector, "registry"
    if not posting_label or not isinstance(posting_label, str):
        return None, None
    sector, exact = _lookup(posting_label)
    if sector is None:
        return None, None
    return sector, "posting" if exact else "inferred"
