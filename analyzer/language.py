"""The language of a text (ISO 639-1): English function words first, then py3langid."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from analyzer.paths import cues_dir

ENGLISH = "en"
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LanguageSettings:
    """Thresholds and the English function words from data/cues/language.yaml."""

    sample_chars: int
    min_letters: int
    min_confidence: float
    english_share: float
    english_min_words: int
    english_words: frozenset[str]


@cache
def settings() -> LanguageSettings:
    """The language settings, read once per process."""
    data: dict[str, Any] = yaml.safe_load((cues_dir() / "language.yaml").read_text("utf-8"))
    return LanguageSettings(
        sample_chars=int(data["sample_chars"]),
        min_letters=int(data["min_letters"]),
        min_confidence=float(data["min_confidence"]),
        english_share=float(data["english_share"]),
        english_min_words=int(data["english_min_words"]),
        english_words=frozenset(data["english_common_words"].lower().split()),
    )


@cache
def identifier() -> Any:
    """py3langid's identifier with its bundled model, loaded once (about 2 s) when first needed."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language; None when it has no letters; short or uncertain
    texts count as English."""
    config = settings()
    sample = text[: config.sample_chars]
    if _clearly_english(sample.lower().split(), config):
        return ENGLISH
    letters = sum(map(len, WORD.findall(sample)))
    if not letters:
        return None if not WORD.search(text) else ENGLISH
    if letters < config.min_letters:
        return ENGLISH
    language, confidence = identifier().classify(sample)
    return str(language) if confidence >= config.min_confidence else ENGLISH


def _clearly_english(words: list[str], config: LanguageSettings) -> bool:
    hits = sum(word in config.english_words for word in words)
    return len(words) >= config.english_min_words and hits >= config.english_share * len(words)
