"""Percentile bootstrap of a mean, shared by every table that shows an interval."""

from __future__ import annotations

import numpy as np


def bootstrap_mean_interval(
    values: np.ndarray, n_boot: int, level: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval of the mean of ``values`` (rows resampled).

    Parameters
    ----------
    values
        One value per unit (1-D), or one row of values per unit (2-D: the
        interval is computed for every column at once).
    n_boot
        Number of resamples.
    level
        Coverage of the interval, e.g. 0.95.
    rng
        The random generator; a seeded generator gives the same interval on
        every run.

    Returns
    -------
    low, high : ndarray
        The interval's ends (0-d for 1-D input, one per column for 2-D input).
    """
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    means = values[rng.integers(0, n, size=(n_boot, n))].mean(axis=1)
    tail = (1.0 - level) / 2.0
    return np.quantile(means, tail, axis=0), np.quantile(means, 1.0 - tail, axis=0)
