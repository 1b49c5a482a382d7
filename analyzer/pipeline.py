"""Build, save and load the credscope spaCy pipeline (from `spacy.blank("en")`, no downloads)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

import analyzer.components  # noqa: F401  (registers the factories)
from analyzer.attributes import CANDIDATES_KEY
from analyzer.paths import cues_dir
from analyzer.taxonomy import taxonomy_files, taxonomy_version

ANALYZER_VERSION = "1.0"
RULER_NAME = "credential_ruler"
MAX_LENGTH = 20_000_000
PATTERN_LOADER = "credscope.credential_patterns.v1"


def build_pipeline() -> Language:
    """A fresh pipeline: sections → credential span_ruler → resolver → posting summary."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    nlp.add_pipe("credscope_sections")
    nlp.add_pipe(
        "span_ruler",
        name=RULER_NAME,
        config={"spans_key": CANDIDATES_KEY, "phrase_matcher_attr": "NORM", "validate": False},
    )
    nlp.add_pipe("credscope_resolver")
    nlp.add_pipe("credscope_summary")
    nlp.config["initialize"]["components"][RULER_NAME] = {"patterns": {"@misc": PATTERN_LOADER}}
    nlp.initialize()
    return nlp


def load_pipeline(path: str | Path) -> Language:
    """Load a pipeline saved with `nlp.to_disk`."""
    nlp = spacy.load(path)
    nlp.max_length = MAX_LENGTH
    return nlp


@cache
def shared_pipeline() -> Language:
    """The pipeline built once per process."""
    return build_pipeline()


def analysis_version() -> str:
    """Identifies analyzer code + taxonomy + cue data: a change means stored analyses are stale."""
    cue_digest = hashlib.sha1()
    for path in sorted(cues_dir().glob("*.yaml")):
        cue_digest.update(path.read_bytes())
    return f"{ANALYZER_VERSION}+tax.{taxonomy_version(taxonomy_files())}+cues.{cue_digest.hexdigest()[:8]}"
