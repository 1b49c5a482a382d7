"""Fixtures: the hand-made postings as DataFrames and as a real DuckDB store file."""

from pathlib import Path

import pandas as pd
import pytest

from tests.pipelines.reports.report_samples import build_store, mention_frame, posting_frame


@pytest.fixture
def postings() -> pd.DataFrame:
    return posting_frame()


@pytest.fixture
def mentions() -> pd.DataFrame:
    return mention_frame()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return build_store(tmp_path / "reports.duckdb")
