"""The Python API: texts in, Analysis records out (`analyze_texts`, `iter_analyses`)."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.pipeline import SpanRuler

from analyzer.bounds import cut_long_runs
from analyzer.components import CredentialResolver, SectionTagger, TokenPatternRuler
from analyzer.language import ENGLISH, detect_language
from analyzer.pipeline import (
    EXACT_RULER_NAME,
    RESOLVER_NAME,
    RULER_NAME,
    SECTIONS_NAME,
    TOKEN_PATTERNS_NAME,
    shared_pipeline,
)
from analyzer.prefilter import Prefilter, Reduced
from analyzer.results import Analysis, analysis_from_doc, empty_analysis
from analyzer.taxonomy import NOT_LABEL

DEFAULT_BATCH_SIZE = 64


@cache
def shared_prefilter() -> Prefilter:
    """The prefilter for the shared pipeline, built once per process."""
    return build_prefilter(shared_pipeline())


def build_prefilter(nlp: Language) -> Prefilter:
    """A prefilter whose triggers come from this pipeline's patterns and posting-wide cues."""
    patterns = _ruler_patterns(nlp, RULER_NAME)
    token_ruler: TokenPatternRuler = nlp.get_pipe(TOKEN_PATTERNS_NAME)  # type: ignore[assignment]
    patterns.extend(p["pattern"] for p in token_ruler.patterns if p["label"] != NOT_LABEL)
    resolver: CredentialResolver = nlp.get_pipe(RESOLVER_NAME)  # type: ignore[assignment]
    for rule in resolver.cues.modifiers if resolver.cues else ():
        if rule.scope == "posting":
            patterns.extend([*rule.phrases, *rule.patterns])
    sections: SectionTagger = nlp.get_pipe(SECTIONS_NAME)  # type: ignore[assignment]
    return Prefilter(patterns, sections.classifier, _ruler_patterns(nlp, EXACT_RULER_NAME))


def _ruler_patterns(nlp: Language, name: str) -> list[Any]:
    """A credential ruler's patterns, look-alikes (which only suppress) left out."""
    ruler: SpanRuler = nlp.get_pipe(name)  # type: ignore[assignment]
    return [p["pattern"] for p in ruler.patterns if p["label"] != NOT_LABEL]


def analyze_texts(
    texts: Iterable[str],
    ids: Iterable[Any] | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> list[Analysis]:
    """Analyse each text; one Analysis per text, in order. Ids default to the texts' positions."""
    return list(iter_analyses(texts, ids, batch_size=batch_size, n_process=n_process))


def iter_analyses(
    texts: Iterable[str],
    ids: Iterable[Any] | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[Analysis]:
    """Like `analyze_texts`, but yields each Analysis as soon as its batch is done."""
    pairs = zip(ids if ids is not None else _counter(), texts, strict=False)
    return analyze_pairs(pairs, batch_size=batch_size, n_process=n_process)


def analyze_pairs(
    pairs: Iterable[tuple[Any, str]],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[Analysis]:
    """Analyse a stream of (id, text) pairs lazily, in order; n_process > 1 uses a process pool."""
    batches = _batches(pairs, batch_size)
    if n_process <= 1:
        for batch in batches:
            yield from _analyse_batch(batch)
        return
    shared_pipeline()  # build before forking so workers inherit it
    shared_prefilter()
    context = multiprocessing.get_context("fork")
    with context.Pool(n_process, initializer=_default_signals) as pool:
        for results in pool.imap(_analyse_batch, batches):
            yield from results


def _default_signals() -> None:
    """Workers take the default SIGTERM/SIGINT handling, whatever the parent installed (Scrapy
    leaves its own handlers, which would make a worker ignore the pool's shutdown)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _counter() -> Iterator[int]:
    index = 0
    while True:
        yield index
        index += 1


def _batches(pairs: Iterable[tuple[Any, str]], size: int) -> Iterator[list[tuple[Any, str]]]:
    iterator = iter(pairs)
    while batch := list(islice(iterator, max(1, size))):
        yield batch


def _analyse_batch(batch: Sequence[tuple[Any, str]]) -> list[Analysis]:
    nlp = shared_pipeline()
    prefilter = shared_prefilter()
    credentials = nlp.get_pipe(RESOLVER_NAME).credentials  # type: ignore[attr-defined]
    languages = []
    for _, text in batch:
        if not isinstance(text, str):
            raise TypeError(f"texts must be str, got {type(text).__name__}")
        languages.append(detect_language(text))
    english = [pair for pair, language in zip(batch, languages, strict=True) if language == ENGLISH]
    reduced: list[Reduced] = [cut_long_runs(prefilter.reduce(text)) for _, text in english]
    docs = iter(nlp.pipe((r.text for r in reduced), batch_size=max(1, len(english))))
    parts = iter(reduced)
    results = []
    for (text_id, text), language in zip(batch, languages, strict=True):
        if language != ENGLISH:
            results.append(empty_analysis(text_id, language))
        else:
            doc, part = next(docs), next(parts)
            results.append(analysis_from_doc(doc, text_id, credentials, text, part))
    return results


def analyze_text(text: str, text_id: Any = None) -> Analysis:
    """Analyse one text."""
    return analyze_texts([text], [text_id])[0]
