"""The public Analysis shape: one record per text, built from a processed Doc."""

from __future__ import annotations

from typing import Any, TypedDict

from spacy.tokens import Doc

from analyzer.attributes import MENTIONS_KEY
from analyzer.language import ENGLISH
from analyzer.patterns import SHAPE_PREFIX
from analyzer.prefilter import Reduced


class Mention(TypedDict):
    """One credential request found in a text."""

    start: int
    end: int
    text: str
    type: str
    level: str | None
    credential_id: str | None
    label: str
    issuer: str | None
    strength: str
    experience_substitute: bool
    section: str | None


class Analysis(TypedDict):
    """Every credential request of one text, and the posting-level answers."""

    id: Any
    language: str | None
    mentions: list[Mention]
    equivalency: bool
    min_degree_required: str | None


def empty_analysis(text_id: Any, language: str | None) -> Analysis:
    """The analysis of a text with nothing to read: empty, or not in English."""
    return {
        "id": text_id,
        "language": language,
        "mentions": [],
        "equivalency": False,
        "min_degree_required": None,
    }


def analysis_from_doc(
    doc: Doc,
    text_id: Any,
    credentials: dict[str, dict[str, Any]],
    original: str | None = None,
    reduced: Reduced | None = None,
) -> Analysis:
    """The Analysis record of a processed Doc; offsets mapped back to `original` when reduced."""
    mentions = []
    spans = doc.spans.get(MENTIONS_KEY, [])
    source = original if original is not None else (doc._.source_text or doc.text)
    for span in spans:
        start, end = span.start_char, span.end_char
        if reduced is not None:
            start, end = reduced.to_original(start), reduced.to_original(end)
        text = source[start:end]
        known = None if span.id_.startswith(SHAPE_PREFIX) else credentials.get(span.id_)
        mentions.append(
            Mention(
                start=start,
                end=end,
                text=text,
                type=span.label_,
                level=span._.level if span.label_ == "degree" else None,
                credential_id=span.id_ if known else None,
                label=known["label"] if known else " ".join(text.split()),
                issuer=known["issuer"] if known else None,
                strength=span._.strength,
                experience_substitute=bool(span._.experience_substitute),
                section=span._.section,
            )
        )
    return {
        "id": text_id,
        "language": ENGLISH,
        "mentions": mentions,
        "equivalency": bool(doc._.equivalency),
        "min_degree_required": doc._.min_degree_required,
    }
