"""credscope analyzer: every credential a job posting asks for (spaCy, from spacy.blank("en"))."""

from analyzer.api import analyze_pairs, analyze_text, analyze_texts, iter_analyses
from analyzer.pipeline import analysis_version, build_pipeline, load_pipeline

__all__ = [
    "analysis_version",
    "analyze_pairs",
    "analyze_text",
    "analyze_texts",
    "build_pipeline",
    "iter_analyses",
    "load_pipeline",
]
