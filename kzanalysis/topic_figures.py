"""Figures for the topics notebook: choice of k, top terms, topic × source heatmap.

Each function takes the table it draws (from :mod:`kzanalysis.topics`) and
returns a matplotlib figure; save it with :func:`kzanalysis.save_figure`
together with that table.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .figures import PALETTE


def plot_k_choice(selection: pd.DataFrame) -> "plt.Figure":
    """Coherence and stability against k (table from :func:`kzanalysis.topics.choose_k`).

    The chosen k is marked with a dashed line.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.0, 3.4), sharex=True)
    if selection.empty:
        for ax in (left, right):
            ax.text(0.5, 0.5, "too few units to compare k", ha="center", va="center",
                    transform=ax.transAxes)
        return fig
    left.plot(selection["k"], selection["coherence"], marker="o", color=PALETTE[0])
    left.set_title("Coherence (mean NPMI)")
    left.set_ylabel("NPMI of top terms")
    right.errorbar(
        selection["k"], selection["stability"], yerr=selection["stability_sd"],
        marker="o", color=PALETTE[1], capsize=3,
    )
    right.set_title("Stability across subsamples")
    right.set_ylabel("top-term agreement (0–1)")
    right.set_ylim(0, 1.05)
    chosen = selection.loc[selection["chosen"], "k"]
    for ax in (left, right):
        ax.set_xlabel("number of topics k")
        ax.set_xticks(selection["k"])
        for k in chosen:
            ax.axvline(k, color="#7f7f7f", linestyle="--", linewidth=1)
    if len(chosen):
        fig.suptitle(f"Chosen k = {int(chosen.iloc[0])} (best coherence × stability)",
                     x=0.01, ha="left", fontsize=10)
    fig.tight_layout()
    return fig


def plot_top_terms(top_terms: pd.DataFrame, n_columns: int = 3) -> "plt.Figure":
    """One bar panel per topic: its top terms and their weights.

    Parameters
    ----------
    top_terms
        Table from :meth:`kzanalysis.topics.TopicModel.top_terms`.
    """
    topics = sorted(top_terms["topic"].unique())
    n = max(len(topics), 1)
    cols = min(n_columns, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax, topic in zip(axes.flat, topics):
        part = top_terms[top_terms["topic"] == topic].sort_values("rank", ascending=False)
        ax.barh(part["term"], part["weight"], color=PALETTE[topic % len(PALETTE)])
        ax.set_title(str(part["label"].iloc[0])[:40], fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="y", visible=False)
    fig.supxlabel("term weight in topic", fontsize=9)
    fig.tight_layout()
    return fig


def plot_topic_heatmap(prevalence: pd.DataFrame) -> "plt.Figure":
    """Topic × source heatmap of mean topic share, with the bootstrap interval in each cell.

    Parameters
    ----------
    prevalence
        Table from :func:`kzanalysis.topics.topic_prevalence`.
    """
    share = prevalence.pivot(index="label", columns="source", values="share")
    order = prevalence.drop_duplicates("label").sort_values("topic")["label"]
    share = share.loc[list(order)]
    low = prevalence.pivot(index="label", columns="source", values="low").loc[share.index, share.columns]
    high = prevalence.pivot(index="label", columns="source", values="high").loc[share.index, share.columns]
    n_units = prevalence.drop_duplicates("source").set_index("source")["n_units"]
    fig, ax = plt.subplots(
        figsize=(1.6 + 1.5 * share.shape[1], 1.0 + 0.65 * share.shape[0])
    )
    image = ax.imshow(share.to_numpy(), cmap="Blues", vmin=0, vmax=max(0.5, float(np.nanmax(share.to_numpy()))), aspect="auto")
    ax.set_xticks(range(share.shape[1]))
    ax.set_xticklabels([f"{s}\n(n={int(n_units[s])})" for s in share.columns], fontsize=8)
    ax.set_yticks(range(share.shape[0]))
    ax.set_yticklabels([str(label)[:40] for label in share.index], fontsize=8)
    ax.grid(False)
    for i in range(share.shape[0]):
        for j in range(share.shape[1]):
            value = share.iat[i, j]
            colour = "white" if value > 0.35 else "black"
            ax.text(j, i, f"{value:.2f}\n[{low.iat[i, j]:.2f}–{high.iat[i, j]:.2f}]",
                    ha="center", va="center", fontsize=7, color=colour)
    fig.colorbar(image, ax=ax, label="mean topic share of the source's units")
    ax.set_title("Topic share by source (95% bootstrap interval)")
    fig.tight_layout()
    return fig
