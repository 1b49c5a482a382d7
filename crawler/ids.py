"""Stable identifiers: a posting's id from its source reference, and a content fingerprint."""

from __future__ import annotations

import hashlib
import re

WHITESPACE = re.compile(r"\s+")


def posting_id(source: str, source_ref: str) -> str:
    """Return the stable id of a posting: first 16 hex chars of sha1 of "source:source_ref"."""
    return hashlib.sha1(f"{source}:{source_ref}".encode()).hexdigest()[:16]


def normalise_for_hash(value: str) -> str:
    """Lower-case and collapse whitespace so cosmetic edits do not change a fingerprint."""
    return WHITESPACE.sub(" ", value).strip().casefold()


def content_hash(title: str, text: str) -> str:
    """Return the sha1 hex fingerprint of a posting's normalised title and text."""
    payload = normalise_for_hash(title) + "\n" + normalise_for_hash(text)
    return hashlib.sha1(payload.encode()).hexdigest()
