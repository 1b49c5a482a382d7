"""File names from employer, credential and industry names: safe, short and unique."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_CHARS = 60
NOT_WORD = re.compile(r"[^a-z0-9]+")
RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d|index)$")  # Windows devices, the index


def slugify(name: str, fallback: str = "page") -> str:
    """Lowercase ASCII letters and digits joined by '-': never empty, never a path."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = NOT_WORD.sub("-", ascii_text.lower()).strip("-")[:MAX_CHARS].rstrip("-")
    slug = slug or fallback
    return f"{slug}-page" if RESERVED.match(slug) else slug


def unique_slugs(names: Iterable[str], fallback: str = "page") -> dict[str, str]:
    """Each distinct name mapped to its own slug; names that slug alike get -2, -3, ... in order."""
    taken: set[str] = set()
    slugs: dict[str, str] = {}
    for name in sorted(set(names)):
        base = slugify(name, fallback)
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        slugs[name] = slug
    return slugs
