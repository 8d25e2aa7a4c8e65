"""Figures for the statistics notebook: survey shares and trade by partner.

Each function takes the table it draws (from :mod:`kzanalysis.stat_tables`)
and returns a matplotlib figure; save it with :func:`kzanalysis.save_figure`
together with that table.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .figures import PALETTE, TARGET_COLOURS
from .validate import require_columns

BOUND_LABELS = {"exact": "", "approx": "about", "lower": "over", "upper": "up to", "range": "from"}
"""Words put before a stated figure in a bar label, by its normalised bound.

A range is labelled by its lower end ("from ...")."""
PARTNER_COLOURS = {"Russia": TARGET_COLOURS["russia"]}
"""Bar colour of a trade partner; every other partner takes the West's colour."""



def bound_label(value: float, unit: str, bound: str, scale: float = 1e9, scale_name: str = "bn") -> str:
    """A stated figure as a short label, its bound in words: ``"about 2.5 bn USD"``.

    Parameters
    ----------
    value
        The figure with its scale applied (2.5e9 for "$2.5 billion").
    unit
        Its unit (currency code ...).
    bound
        Its normalised bound (``exact``, ``approx``, ``lower``, ``upper``,
        ``range``), as in :func:`kzanalysis.corpus_statistics`.
    scale, scale_name
        The value is divided by ``scale`` and followed by ``scale_name``.

    Returns
    -------
    str

    Examples
    --------
    >>> bound_label(2.5e9, "USD", "approx")
    'about 2.5 bn USD'
    >>> bound_label(24.2e9, "USD", "exact")
    '24.2 bn USD'
    """
    if bound not in BOUND_LABELS:
        raise ValueError(f"bound_label: unknown bound {bound!r}; use one of {sorted(BOUND_LABELS)}")
    words = BOUND_LABELS[bound]
    return f"{words + ' ' if words else ''}{value / scale:g} {scale_name} {unit}"


def plot_survey(survey: pd.DataFrame) -> "plt.Figure":
    """Horizontal bars of survey shares, one per stated figure, labelled with its percent.

    Parameters
    ----------
    survey
        Table from :func:`kzanalysis.survey_figures` (needs ``stance``,
        ``source``, ``period``, ``value``); must not be empty.  Each bar is
        labelled ``"<stance> (<source>, <period>)"``, "year not stated" for an
        empty period.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require_columns(survey, {"stance", "source", "period", "value"}, "plot_survey")
    if survey.empty:
        raise ValueError("plot_survey: no survey figures to draw; check that the table is not empty first")
    labels = survey["stance"] + " (" + survey["source"] + ", " + survey["period"].replace("", "year not stated") + ")"
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(survey) + 1.2))
    ax.barh(labels, survey["value"], color=PALETTE[0])
    for y, value in enumerate(survey["value"]):
        ax.text(value + 1, y, f"{value:g}%", va="center")
    ax.set_xlim(0, 105)
    ax.invert_yaxis()
    ax.set_xlabel("share of respondents (%)")
    ax.set_title("Survey figures stated in the corpus")
    return fig


def plot_trade_comparison(paired: pd.DataFrame) -> "plt.Figure":
    """Bars of stated trade per partner, year and source, in billions of the currency.

    Each bar is labelled with the figure and its bound in words (see
    :func:`bound_label`): "about 2.5 bn USD" for a figure stated as "around"
    (or a spun "round") $2.5 billion.

    Parameters
    ----------
    paired
        Rows of :func:`kzanalysis.trade_comparison` with a ``bound`` column
        added by :func:`kzanalysis.stat_tables.with_bounds` (needs ``partner``,
        ``year``, ``source``, ``value``, ``unit``, ``bound``); must not be
        empty.  The y axis is named after the first row's unit.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require_columns(paired, {"partner", "year", "source", "value", "unit", "bound"}, "plot_trade_comparison")
    if paired.empty:
        raise ValueError("plot_trade_comparison: no trade figures to draw; check that the table is not empty first")
    fig, ax = plt.subplots()
    labels = paired["partner"] + "\n" + paired["year"].astype(str) + " · " + paired["source"]
    colours = [PARTNER_COLOURS.get(p, TARGET_COLOURS["west"]) for p in paired["partner"]]
    ax.bar(labels, paired["value"] / 1e9, color=colours)
    for x, (value, unit, bound) in enumerate(zip(paired["value"], paired["unit"], paired["bound"])):
        ax.text(x, value / 1e9, bound_label(value, unit, bound), ha="center", va="bottom")
    ax.set_ylabel(f"trade with Kazakhstan (billion {paired['unit'].iloc[0]})")
    ax.set_title("Kazakhstan's trade by partner, same year, as stated")
    return fig
