"""The Wilson interval against published values (Newcombe 1998, Table I) and edge cases."""

import math

import numpy as np
import pandas as pd
import pytest

from pipelines.reports.builders.stats import add_share, wilson_interval


@pytest.mark.parametrize(
    ("hits", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (5, 10, 0.2366, 0.7634),
    ],
)
def test_wilson_matches_published_values(hits: int, n: int, low: float, high: float) -> None:
    got_low, got_high = wilson_interval([hits], [n])
    assert got_low[0] == pytest.approx(low, abs=5e-5)
    assert got_high[0] == pytest.approx(high, abs=5e-5)


def test_wilson_is_nan_without_observations_and_bounded_at_full_share() -> None:
    low, high = wilson_interval([0, 7], [0, 7])
    assert math.isnan(low[0]) and math.isnan(high[0])
    assert high[1] == 1.0
    assert low[1] == pytest.approx(0.6457, abs=5e-4)


def test_add_share_names_three_columns() -> None:
    frame = pd.DataFrame({"hits": [1, 0], "n": [4, 0]})
    add_share(frame, "degree", "hits", "n")
    assert frame["share_degree"].iloc[0] == 0.25
    assert np.isnan(frame["share_degree"].iloc[1])
    assert frame["ci_low_degree"].iloc[0] < 0.25 < frame["ci_high_degree"].iloc[0]
