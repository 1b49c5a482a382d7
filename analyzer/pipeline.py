"""Build, save and load the credscope spaCy pipeline (from `spacy.blank("en")`, no downloads)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.util import compile_infix_regex, compile_suffix_regex

import analyzer.components
import analyzer.patterns  # noqa: F401  (registers the loaders)
from analyzer.attributes import CANDIDATES_KEY
from analyzer.bounds import bound_suffix_search
from analyzer.paths import cues_dir, decider_dir
from analyzer.taxonomy import taxonomy_files, taxonomy_version

ANALYZER_VERSION = "2.0"
RULER_NAME = "credential_ruler"
EXACT_RULER_NAME = "credential_ruler_exact"
TOKEN_PATTERNS_NAME = "credential_token_patterns"
MAX_LENGTH = 20_000_000
SECTIONS_NAME = "credscope_sections"
RESOLVER_NAME = "credscope_resolver"
DECIDER_NAME = "credscope_decider"
PATTERN_LOADER = {"@misc": "credscope.credential_patterns.v1"}
CUES_LOADER = {"@misc": "credscope.cues.v1"}
FACTS_LOADER = {"@misc": "credscope.credential_facts.v1"}
DECIDER_LOADER = {"@misc": "credscope.decider.v1"}


# Split words glued together when markup was lost ("experienceHolds" → "experience", "Holds";
# "a plus5+ years" → "plus", "5").
GLUED_WORDS = (r"(?<=[a-z]{2})(?=[A-Z])", r"(?<=[a-z])[)\]](?=[A-Z])", r"(?<=[a-z]{4})(?=[0-9])")


# Degree abbreviations written without their last full stop ("Ph.D in Chemistry") stay one token.
ABBREVIATIONS = ("Ph.D", "B.Sc", "M.Sc")

# A full stop after a mixed-case abbreviation ends the sentence: "a PhD." → "PhD", ".".
CAPITAL_END_STOP = r"(?<=[a-z][A-Z])\."


def build_pipeline(with_decider: bool = True) -> Language:
    """A fresh pipeline: sections → credential span_rulers (case-folded and case-exact phrases)
    → credential token patterns → resolver (the rules' proposals) → trained decider → summary.
    Without the decider (as training needs it) the rules decide."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    infixes = [*(nlp.Defaults.infixes or ()), *GLUED_WORDS]
    suffixes = [*(nlp.Defaults.suffixes or ()), CAPITAL_END_STOP]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search  # type: ignore[union-attr]
    bound_suffix_search(nlp)
    drop_whitespace_special_cases(nlp)
    for abbreviation in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])  # type: ignore[union-attr]
    nlp.add_pipe("credscope_sections", name=SECTIONS_NAME)
    _initialize_with(nlp, SECTIONS_NAME, cues=CUES_LOADER)
    for name, attr, kind in ((RULER_NAME, "NORM", "phrase"), (EXACT_RULER_NAME, "ORTH", "exact")):
        config = {"spans_key": CANDIDATES_KEY, "phrase_matcher_attr": attr, "validate": False}
        nlp.add_pipe("span_ruler", name=name, config={**config, "overwrite": kind == "phrase"})
        _initialize_with(nlp, name, patterns={**PATTERN_LOADER, "kind": kind})
    nlp.add_pipe("credscope_token_patterns", name=TOKEN_PATTERNS_NAME)
    patterns = {**PATTERN_LOADER, "kind": "token"}
    _initialize_with(nlp, TOKEN_PATTERNS_NAME, patterns=patterns, cues=CUES_LOADER)
    nlp.add_pipe("credscope_resolver", name=RESOLVER_NAME)
    _initialize_with(nlp, RESOLVER_NAME, cues=CUES_LOADER, credentials=FACTS_LOADER)
    if with_decider:
        nlp.add_pipe("credscope_decider", name=DECIDER_NAME)
        _initialize_with(nlp, DECIDER_NAME, model=DECIDER_LOADER)
    nlp.add_pipe("credscope_summary")
    nlp.initialize()
    return nlp


def drop_whitespace_special_cases(nlp: Language) -> None:
    """Remove the tokenizer's special cases for whitespace ("\n", " "): they give the same tokens
    as the rules without them, but a text holding one (every multi-line posting) stops the
    tokenizer's cache, which made tokenising about 2.5× slower (performance notes; tested)."""
    tokenizer = nlp.tokenizer
    tokenizer.rules = {  # type: ignore[union-attr]
        text: tokens
        for text, tokens in tokenizer.rules.items()  # type: ignore[union-attr]
        if text.strip()
    }


def _initialize_with(nlp: Language, name: str, **loaders: dict[str, Any]) -> None:
    """Have `nlp.initialize` give a component its data from registered loaders (spaCy's way)."""
    nlp.config["initialize"]["components"][name] = loaders


def load_pipeline(path: str | Path) -> Language:
    """Load a pipeline saved with `nlp.to_disk`."""
    nlp = spacy.load(path)
    nlp.max_length = MAX_LENGTH
    bound_suffix_search(nlp)
    return nlp


@cache
def shared_pipeline() -> Language:
    """The pipeline built once per process."""
    return build_pipeline()


def analysis_version() -> str:
    """Identifies analyzer code + taxonomy + cue data + trained weights: a change means stored
    analyses are stale."""
    cue_digest, model_digest = hashlib.sha1(), hashlib.sha1()
    for path in sorted(cues_dir().glob("*.yaml")):
        cue_digest.update(path.read_bytes())
    for path in sorted(decider_dir().glob("*")):
        model_digest.update(path.read_bytes())
    taxonomy = taxonomy_version(taxonomy_files())
    return (
        f"{ANALYZER_VERSION}+tax.{taxonomy}+cues.{cue_digest.hexdigest()[:8]}"
        f"+model.{model_digest.hexdigest()[:8]}"
    )
