"""The one figure helper: house style and deterministic export.

Every figure in the notebooks goes through :func:`save_figure`, which writes
PNG (300 dpi), SVG and PDF plus the figure's data as CSV beside them, under
``<reports>/figures``.  Creation dates and random SVG ids are fixed, so a rerun
writes the same bytes.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import matplotlib

# Outside a Jupyter kernel, draw off screen unless the user chose a backend.
if "ipykernel" not in sys.modules and os.environ.get("MPLBACKEND") is None:
    matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .config import figures_dir  # noqa: E402
from .tables import write_csv  # noqa: E402

FORMATS = ("png", "svg", "pdf")
DPI = 300
"""Resolution of every PNG, whatever the style in force."""
PALETTE = ["#1f4e79", "#c0504d", "#4f8a3c", "#8064a2", "#e69f00", "#4bacc6", "#7f7f7f"]
"""House colours, colour-blind friendly in order; Russia, West, Tokayev first."""

TARGET_COLOURS = {"russia": "#c0504d", "west": "#1f4e79", "tokayev": "#4f8a3c"}
"""Fixed colours for the three analysis targets, used by every figure."""

HOUSE_STYLE = {
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    "svg.hashsalt": "kzanalysis",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
}
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def use_house_style() -> None:
    """Apply the house style to every later figure."""
    plt.rcParams.update(HOUSE_STYLE)


@contextmanager
def house_style():
    """Context manager: the house style inside the block only."""
    with plt.rc_context(HOUSE_STYLE):
        yield


def save_figure(
    fig: "plt.Figure",
    name: str,
    data: pd.DataFrame | None = None,
    out_dir: str | os.PathLike | None = None,
    *,
    caption: str | None = None,
    formats: tuple[str, ...] = FORMATS,
) -> dict[str, Path]:
    """Save a figure as PNG, SVG and PDF, with its data as CSV beside it.

    Parameters
    ----------
    fig
        The matplotlib figure.
    name
        File stem, e.g. ``"sentiment_heatmap"``; letters, digits, ``-`` and ``_``.
    data
        The table the figure shows; written as ``<name>.csv``.  Pass it: a
        figure without its numbers cannot be checked or restyled.
    out_dir
        The reports folder (figures go to ``<out_dir>/figures``); default
        :func:`kzanalysis.config.reports_dir`.
    caption
        Optional text written to ``<name>.txt`` (for report captions).
    formats
        Which image formats to write.

    Returns
    -------
    dict
        Format name to written path.
    """
    if not name or any(not (c.isalnum() or c in "-_") for c in name):
        raise ValueError(f"figure name {name!r}: use letters, digits, '-' and '_' only")
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown figure formats {sorted(unknown)}; use {FORMATS}")
    folder = figures_dir(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    with plt.rc_context({"svg.hashsalt": "kzanalysis"}):
        for fmt in formats:
            target = folder / f"{name}.{fmt}"
            fig.savefig(target, format=fmt, dpi=DPI, metadata=_METADATA[fmt])
            written[fmt] = target
    if data is not None:
        written["csv"] = write_csv(data, folder / f"{name}.csv")
    if caption:
        target = folder / f"{name}.txt"
        target.write_text(caption.strip() + "\n", encoding="utf-8")
        written["txt"] = target
    return written
