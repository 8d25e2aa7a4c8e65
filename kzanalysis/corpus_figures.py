"""Figures for the corpus notebook: article lengths and mentions per actor and article.

Each function takes the table it draws (from :mod:`kzanalysis.corpus_report`)
and returns a matplotlib figure; save it with :func:`kzanalysis.save_figure`
together with that table.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from .figures import PALETTE
from .validate import require_columns



def plot_lengths(lengths: pd.DataFrame) -> "plt.Figure":
    """Horizontal bars of words per article, first article on top.

    Parameters
    ----------
    lengths
        Table from :func:`kzanalysis.corpus_report.corpus_lengths` (needs
        ``doc_id``, ``outlet``, ``n_words``).  Each bar is labelled
        ``"<doc_id> · <outlet>"``, or ``"<doc_id> · (outlet unknown)"``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require_columns(lengths, {"doc_id", "outlet", "n_words"}, "plot_lengths")
    labels = [f"{d} · {o}" if o else f"{d} · (outlet unknown)" for d, o in zip(lengths["doc_id"], lengths["outlet"])]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(lengths) + 1.2))
    ax.barh(labels, lengths["n_words"], color=PALETTE[0])
    ax.invert_yaxis()
    ax.set_xlabel("words in the cleaned body")
    ax.set_title("Article lengths")
    return fig


def plot_mentions_heatmap(top: pd.DataFrame) -> "plt.Figure":
    """Actor × article heatmap of mention counts, each non-zero cell annotated.

    Rows are ``"<actor> (<group>)"``, the most-mentioned actor first; columns
    are articles (doc_id).

    Parameters
    ----------
    top
        Table from :func:`kzanalysis.corpus_report.top_actor_mentions` (or
        :func:`~kzanalysis.corpus_report.mentions_by_source`): ``actor``,
        ``group``, ``doc_id``, ``mentions``.  Must not be empty.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require_columns(top, {"actor", "group", "doc_id", "mentions"}, "plot_mentions_heatmap")
    if top.empty:
        raise ValueError("plot_mentions_heatmap: no mentions to draw; check that the table is not empty first")
    grid = top.pivot_table(index=["group", "actor"], columns="doc_id", values="mentions", fill_value=0)
    grid = grid.loc[grid.sum(axis=1).sort_values(ascending=False).index]
    counts = grid.to_numpy()
    fig, ax = plt.subplots(figsize=(1.2 * grid.shape[1] + 3.5, 0.32 * grid.shape[0] + 1.5))
    image = ax.imshow(counts, cmap="Blues", aspect="auto")
    ax.set_xticks(range(grid.shape[1]), grid.columns)
    ax.set_yticks(range(grid.shape[0]), [f"{actor} ({group})" for group, actor in grid.index])
    for (i, j), value in pd.DataFrame(counts).stack().items():
        if value:
            ax.text(j, i, int(value), ha="center", va="center", fontsize=8,
                    color="white" if value > counts.max() / 2 else "black")
    ax.grid(False)
    ax.set_xlabel("article (doc_id)")
    ax.set_title(f"Mentions per actor and article (top {top['actor'].nunique()} actors)")
    fig.colorbar(image, ax=ax, label="mentions")
    return fig
