"""Interval estimates for shares: the Wilson score interval."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

Z_95 = 1.959963984540054


def wilson_interval(
    hits: npt.ArrayLike, n: npt.ArrayLike, z: float = Z_95
) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval (low, high) for hits out of n; NaN where n is 0."""
    k = np.asarray(hits, dtype="float64")
    total = np.asarray(n, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / total
        z2 = z * z
        denom = 1.0 + z2 / total
        centre = (p + z2 / (2.0 * total)) / denom
        half = z * np.sqrt(p * (1.0 - p) / total + z2 / (4.0 * total * total)) / denom
        low = np.where(total > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(total > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def add_share(frame: pd.DataFrame, name: str, hits: str, denom: str) -> None:
    """Add share_<name>, ci_low_<name> and ci_high_<name> computed from two count columns."""
    k = frame[hits].to_numpy(dtype="float64")
    n = frame[denom].to_numpy(dtype="float64")
    low, high = wilson_interval(k, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame[f"share_{name}"] = np.where(n > 0, k / n, np.nan)
    frame[f"ci_low_{name}"] = low
    frame[f"ci_high_{name}"] = high


def add_asked_shares(frame: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Per credential row: the share of postings asking (of n), and of those asking, how often
    it is required and how often experience may stand in; with the too-small flags."""
    add_share(frame, "asked", "postings", "n")
    add_share(frame, "required", "hits_required", "postings")
    add_share(frame, "experience", "hits_experience", "postings")
    frame["too_small"] = frame["n"] < min_n
    frame["too_small_asked"] = frame["postings"] < min_n
    return frame
