"""Stored ids are pinned: a posting_id or content_hash that changed would orphan every stored row.

The expected values were computed once with crawler/ids.py and are written out literally; if one of
these tests fails, the change to ids.py is the bug (or needs a migration of every store).
"""

from __future__ import annotations

import pytest

from crawler.ids import content_hash, posting_id


@pytest.mark.parametrize(
    ("source", "source_ref", "expected"),
    [
        ("greenhouse", "acmehealth/4012345", "e3c89ab007f7196b"),
        ("jsonld", "https://careers.example.org/jobs/nurse-band-5", "848c8b631057a12a"),
        ("workday", "nvidia/External/Zürich-Engineer_JR1", "daead6d60cd9d1f2"),
    ],
)
def test_posting_id_is_pinned(source: str, source_ref: str, expected: str) -> None:
    assert posting_id(source, source_ref) == expected


NURSE_TITLE = "Registered Nurse (Band 5)"
NURSE_TEXT = (
    "A nursing degree and NMC registration are required.\n"
    "Experience in lieu of a degree is accepted."
)
NURSE_HASH = "3910d322fd358733fc4fbebf03d5cec23d8645c8"


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (NURSE_TITLE, NURSE_TEXT, NURSE_HASH),
        # case and whitespace are normalised away: the same fingerprint
        ("  registered nurse (band 5) ", " ".join(NURSE_TEXT.lower().split()), NURSE_HASH),
        (
            "Pflegefachkraft (m/w/d)",
            "Abgeschlossene Ausbildung – oder gleichwertige Erfahrung.",
            "87b456400d8d752ae1ac7bd9199ef4dff787f2b4",
        ),
    ],
)
def test_content_hash_is_pinned(title: str, text: str, expected: str) -> None:
    assert content_hash(title, text) == expected
