"""Shared fixtures for analyzer tests."""

import pytest

from pipelines.evaluation.gold import texts_of


@pytest.fixture(scope="session")
def gold_texts() -> list[str]:
    """The real posting texts of the corpus's dev split (never the frozen test split)."""
    return texts_of("dev")
