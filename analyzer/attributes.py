"""Every custom spaCy attribute credscope sets, declared in one place."""

from __future__ import annotations

from spacy.tokens import Doc, Span

MENTIONS_KEY = "credentials"
CANDIDATES_KEY = "credential_candidates"
PROPOSALS_KEY = "credential_proposals"  # every candidate, with the rules' assessment


def register_attributes() -> None:
    """Declare the Doc and Span extensions (idempotent)."""
    doc_defaults: dict[str, object] = {
        "sections": None,  # list of (start_char, end_char, section, strength, heading_only)
        "source_text": None,  # doc.text, kept once (spaCy rebuilds doc.text on every access)
        "equivalency": False,
        "min_degree_required": None,
    }
    for name, default in doc_defaults.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    span_defaults: dict[str, object] = {
        "strength": "unspecified",
        "experience_substitute": False,
        "section": None,
        "level": None,
        "assessment": None,  # analyzer.context.Assessment of a proposal
    }
    for name, default in span_defaults.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
