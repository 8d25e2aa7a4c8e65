"""Tables and figures for the sentiment notebook (02-sentiment).

Every function takes the tables of :mod:`kzanalysis.sentiment` and returns a
DataFrame or a matplotlib figure; nothing is saved here (the notebook passes
results to :func:`kzanalysis.save_figure` / :func:`kzanalysis.save_table`).
Each works on empty input (a user corpus without the targets).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .config import project_root
from .figures import PALETTE, TARGET_COLOURS
from .sentiment import LABELS, label_polarity

EVIDENCE_COLUMNS = ["outlet", "target", "side", "rank", "polarity", "label", "voice", "speaker",
                    "drivers", "doc_id", "sentence_id", "sentence"]
AGREEMENT_COLUMNS = ["pair", "n", "pearson_r", "label_agreement", "sign_agreement"]


def benchmark_results() -> pd.DataFrame:
    """``benchmarks/results/sentiment.csv`` (empty DataFrame when it is absent)."""
    path = project_root() / "benchmarks" / "results" / "sentiment.csv"
    if not path.is_file():
        return pd.DataFrame(columns=["benchmark", "dataset", "engine", "macro_f1", "accuracy", "pearson_r", "n", "note"])
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _colour(target: str, i: int) -> str:
    return TARGET_COLOURS.get(target, PALETTE[(i + 3) % len(PALETTE)])


def heatmap_figure(summary: pd.DataFrame, row: str = "outlet", column: str = "target"):
    """Source x target heatmap of mean polarity, each cell annotated with n and the interval."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.0, 0.6 + 0.55 * max(1, summary[row].nunique() if len(summary) else 1)))
    if summary.empty:
        ax.text(0.5, 0.5, "no target mentions in this corpus", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    means = summary.pivot(index=row, columns=column, values="mean_polarity")
    limit = max(0.2, float(np.nanmax(np.abs(means.to_numpy()))))
    image = ax.imshow(means.to_numpy(dtype=float), cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(range(means.shape[1]), means.columns)
    ax.set_yticks(range(means.shape[0]), means.index)
    ax.grid(False)
    cells = summary.set_index([row, column])
    for i, r in enumerate(means.index):
        for j, c in enumerate(means.columns):
            if (r, c) not in cells.index:
                continue
            cell = cells.loc[(r, c)]
            ax.text(j, i, f"{cell['mean_polarity']:+.2f}\nn={int(cell['n'])}\n[{cell['ci_low']:+.2f}, {cell['ci_high']:+.2f}]",
                    ha="center", va="center", fontsize=7.5,
                    color="white" if abs(cell["mean_polarity"]) > 0.6 * limit else "black")
    fig.colorbar(image, ax=ax, label="mean polarity toward target")
    ax.set_title("Mean polarity toward each target, by source (n mentions, 95% interval)")
    return fig


def bar_figure(summary: pd.DataFrame, row: str = "outlet", column: str = "target"):
    """Grouped bars of mean polarity with 95% bootstrap error bars."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    if summary.empty:
        ax.text(0.5, 0.5, "no target mentions in this corpus", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    rows = sorted(summary[row].unique())
    targets = sorted(summary[column].unique())
    width = 0.8 / len(targets)
    for k, target in enumerate(targets):
        part = summary[summary[column] == target].set_index(row).reindex(rows)
        x = np.arange(len(rows)) + (k - (len(targets) - 1) / 2) * width
        err = np.vstack([(part["mean_polarity"] - part["ci_low"]).to_numpy(),
                         (part["ci_high"] - part["mean_polarity"]).to_numpy()])
        ax.bar(x, part["mean_polarity"], width, yerr=err, capsize=2, label=target, color=_colour(target, k))
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xticks(np.arange(len(rows)), rows, rotation=20, ha="right")
    ax.set_ylabel("mean polarity (95% bootstrap interval)")
    ax.set_title("Polarity toward each target by source")
    ax.legend(title="target")
    return fig


def engine_agreement(scored: pd.DataFrame) -> pd.DataFrame:
    """How far the engines agree on the scored rows.

    Columns: ``pair``, ``n``, ``pearson_r`` (polarities), ``label_agreement``
    (share of rows given the same three-way label, each engine with its own
    thresholds) and ``sign_agreement`` (share with the same sign, zeros apart).
    Pairs: TextBlob vs VADER (whole sentences, one row per distinct sentence)
    and the scored engine vs each whole-sentence engine (per target row).
    """
    rows = []
    if scored.empty:
        return pd.DataFrame(columns=AGREEMENT_COLUMNS)
    engine = str(scored["engine"].iloc[0])
    sentences = scored.drop_duplicates("sentence")
    pairs = [("textblob vs vader (sentences)", sentences["sentence_textblob"], "textblob",
              sentences["sentence_vader"], "vader")]
    if engine not in ("textblob", "vader"):
        pairs += [(f"{engine} vs vader (targets)", scored["polarity"], engine, scored["sentence_vader"], "vader"),
                  (f"{engine} vs textblob (targets)", scored["polarity"], engine, scored["sentence_textblob"], "textblob")]
    for name, a, engine_a, b, engine_b in pairs:
        a = a.to_numpy(dtype=float)
        b = b.to_numpy(dtype=float)
        r = float(np.corrcoef(a, b)[0, 1]) if len(a) > 2 and a.std() > 0 and b.std() > 0 else np.nan
        labels_a = [label_polarity(v, engine_a) for v in a]
        labels_b = [label_polarity(v, engine_b) for v in b]
        rows.append((name, len(a), r, float(np.mean([x == y for x, y in zip(labels_a, labels_b)])),
                     float(np.mean(np.sign(a) == np.sign(b)))))
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def agreement_figure(scored: pd.DataFrame):
    """Scatter of TextBlob against VADER sentence polarity, one point per distinct sentence."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.0, 4.6))
    sentences = scored.drop_duplicates("sentence") if not scored.empty else scored
    if sentences.empty:
        ax.text(0.5, 0.5, "no target mentions in this corpus", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    ax.scatter(sentences["sentence_textblob"], sentences["sentence_vader"], s=14, alpha=0.6, color=PALETTE[0])
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.axvline(0, color="#999999", linewidth=0.6)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("TextBlob polarity (whole sentence)")
    ax.set_ylabel("VADER compound (whole sentence)")
    ax.set_title("TextBlob vs VADER on sentences naming a target")
    return fig


def evidence_table(scored: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` most negative and ``n`` most positive sentences behind each (outlet, target) cell."""
    if scored.empty or "outlet" not in scored.columns:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    parts = []
    for (outlet, target), cell in scored.groupby(["outlet", "target"], sort=True):
        ordered = cell.sort_values(["polarity", "doc_id", "sentence_id"], kind="stable")
        for side, chosen in (("most negative", ordered.head(n)), ("most positive", ordered.iloc[::-1].head(n))):
            chosen = chosen.assign(side=side, rank=np.arange(1, len(chosen) + 1))
            parts.append(chosen)
    return pd.concat(parts, ignore_index=True)[EVIDENCE_COLUMNS]


def voice_shares(scored: pd.DataFrame) -> pd.DataFrame:
    """Share of each target's mentions in the author's voice, in quotes and in reported speech."""
    if scored.empty:
        return pd.DataFrame(columns=["target", "voice", "n", "share", "mean_polarity"])
    table = scored.groupby(["target", "voice"], sort=True).agg(n=("polarity", "size"), mean_polarity=("polarity", "mean"))
    table["share"] = table["n"] / table.groupby(level="target")["n"].transform("sum")
    return table.reset_index()[["target", "voice", "n", "share", "mean_polarity"]]


def label_shares(summary: pd.DataFrame) -> pd.DataFrame:
    """The summary's label shares in long form (``outlet``, ``target``, ``label``, ``share``)."""
    if summary.empty:
        return pd.DataFrame(columns=["outlet", "target", "label", "share"])
    long = summary.melt(id_vars=["outlet", "target"], value_vars=[f"share_{lab}" for lab in LABELS],
                        var_name="label", value_name="share")
    long["label"] = long["label"].str.removeprefix("share_")
    return long
