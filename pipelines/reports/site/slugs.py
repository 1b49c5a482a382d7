"""File names of the site's pages from employer, credential and industry names: unique, and
never the index page's."""

from __future__ import annotations

from collections.abc import Iterable

from pipelines.output_safety import safe_slug

INDEX = "index"


def slugify(name: str, fallback: str = "page") -> str:
    """safe_slug, kept off the name of the index page."""
    slug = safe_slug(name, fallback)
    return f"{slug}-page" if slug == INDEX else slug


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
