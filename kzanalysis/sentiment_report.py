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
from .corpus import source_label
from .figures import PALETTE, TARGET_COLOURS
from .sentiment import LABELS, label_polarity
from .validate import require_columns

EVIDENCE_COLUMNS = ["outlet", "target", "side", "rank", "polarity", "label", "voice", "speaker",
                    "drivers", "doc_id", "sentence_id", "sentence"]
AGREEMENT_COLUMNS = ["pair", "n", "pearson_r", "label_agreement", "sign_agreement"]
NEWSMTSC_DATASETS = ("newsmtsc-rw test", "newsmtsc-mt test")
"""NewsMTSC test splits quoted by :func:`trust_notes`, in the order they are quoted."""
PROVENANCE_FLAGS = (("translated", "machine- or human-translated"), ("synonym_spun", "synonym-spun"))
"""Manifest columns whose articles have altered wording, with how :func:`trust_notes` names them."""
FEW_MENTIONS = 10
"""A cell with fewer mentions than this is called thin by :func:`trust_notes`."""
TRAINING_DATA_NOTE = ("- The model learned from sentences about people in US politics; names of countries and blocs, "
                      "diplomatic understatement and translated prose are outside what it was trained on.")
_TRUE_FLAGS = {"yes", "true", "1"}


def benchmark_results() -> pd.DataFrame:
    """``benchmarks/results/sentiment.csv`` (empty DataFrame when it is absent)."""
    path = project_root() / "benchmarks" / "results" / "sentiment.csv"
    if not path.is_file():
        return pd.DataFrame(columns=["benchmark", "dataset", "engine", "macro_f1", "accuracy", "pearson_r", "n", "note"])
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _colour(target: str, i: int) -> str:
    return TARGET_COLOURS.get(target, PALETTE[(i + 3) % len(PALETTE)])


def heatmap_figure(summary: pd.DataFrame, row: str = "outlet", column: str = "target", title: str | None = None):
    """Source x target heatmap of mean polarity, each cell annotated with n and the interval.

    ``summary`` needs ``mean_polarity``, ``n``, ``ci_low`` and ``ci_high`` (as
    :func:`kzanalysis.summarise_sentiment` or a pipeline run's summary of one
    engine give them); a cell without an interval shows none.  ``title``
    replaces the default title.
    """
    import matplotlib.pyplot as plt

    if summary.duplicated([row, column]).any():
        extra = "; pick one engine" if "engine" in summary.columns and summary["engine"].nunique() > 1 else ""
        raise ValueError(f"heatmap_figure needs one row per {row} and {column}, the summary has several{extra}")
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
            label = f"{cell['mean_polarity']:+.2f}\nn={int(cell['n'])}"
            if pd.notna(cell["ci_low"]) and pd.notna(cell["ci_high"]):
                label += f"\n[{cell['ci_low']:+.2f}, {cell['ci_high']:+.2f}]"
            ax.text(j, i, label, ha="center", va="center", fontsize=7.5,
                    color="white" if abs(cell["mean_polarity"]) > 0.6 * limit else "black")
    fig.colorbar(image, ax=ax, label="mean polarity toward target")
    ax.set_title(title or "Mean polarity toward each target, by source (n mentions, 95% interval)")
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


def engine_means(summary: pd.DataFrame, row: str = "outlet", column: str = "target") -> pd.DataFrame:
    """Each engine's mean polarity per cell side by side, for a summary of several engines.

    ``summary`` is a pipeline run's summary (``engine``, ``mean_polarity``,
    ``ci_low``, ``ci_high`` and the ``row`` and ``column`` keys).  Returns
    ``row``, ``column``, one mean column per engine, ``same_sign`` (every
    engine's mean has the same sign) and, per engine, ``<engine>_zero_inside``
    (its interval includes zero; missing where it has no interval).  Cells an
    engine did not score are left out.
    """
    require_columns(summary, [row, column, "engine", "mean_polarity", "ci_low", "ci_high"], "summary")
    means = summary.pivot(index=[row, column], columns="engine", values="mean_polarity").dropna()
    engines = list(means.columns)
    table = means.reset_index()
    table.columns.name = None
    signs = np.sign(means.to_numpy())
    table["same_sign"] = (signs == signs[:, :1]).all(axis=1)
    for engine in engines:
        part = summary[summary["engine"] == engine].set_index([row, column]).reindex(means.index)
        inside = ((part["ci_low"] <= 0) & (part["ci_high"] >= 0)).astype("boolean")
        table[f"{engine}_zero_inside"] = inside.mask(part["ci_low"].isna()).array
    return table


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


def interval_findings(summary: pd.DataFrame, scored: pd.DataFrame) -> list[str]:
    """Per target, the sources whose whole interval lies below or above zero.

    Parameters
    ----------
    summary
        Table from :func:`kzanalysis.summarise_sentiment` by ``("outlet", "target")``
        (``outlet``, ``target``, ``ci_low``, ``ci_high``).
    scored
        Table from :func:`kzanalysis.score_targets` (``target``, ``polarity``).

    Returns
    -------
    list of str
        One line per target, in alphabetical order: ``"<target>: <n> source(s);
        clearly negative in [...]; clearly positive in [...]; mean over all
        mentions <+mean>"`` ("none" where no source qualifies). A single line
        ``"No cells to compare."`` when the summary is empty.
    """
    require_columns(summary, ("outlet", "target", "ci_low", "ci_high"), "interval_findings: summary")
    if summary.empty:
        return ["No cells to compare."]
    require_columns(scored, ("target", "polarity"), "interval_findings: scored")
    lines = []
    for target, part in summary.groupby("target"):
        below = part[part["ci_high"] < 0]
        above = part[part["ci_low"] > 0]
        mean = scored.loc[scored["target"] == target, "polarity"].mean()
        lines.append(f"{target}: {len(part)} source(s); clearly negative in {list(below['outlet']) or 'none'}; "
                     f"clearly positive in {list(above['outlet']) or 'none'}; "
                     f"mean over all mentions {mean:+.2f}")
    return lines


def trust_notes(benchmarks: pd.DataFrame, corpus: pd.DataFrame, scored: pd.DataFrame,
                summary: pd.DataFrame) -> list[str]:
    """Bullet lines saying how far to trust the sentiment tables, computed from the numbers.

    Parameters
    ----------
    benchmarks
        Validation table from :func:`benchmark_results` (may be empty: its
        lines are then left out).
    corpus
        The corpus from :func:`kzanalysis.load_corpus` (``doc_id``, ``outlet``;
        the manifest flags ``translated`` and ``synonym_spun`` when present).
    scored
        Table from :func:`kzanalysis.score_targets` (``doc_id``, ``label``, ``voice``).
    summary
        Table from :func:`kzanalysis.summarise_sentiment` (``n``,
        ``mean_polarity``, ``ci_low``, ``ci_high``).

    Returns
    -------
    list of str
        Markdown bullet lines ("- ..."), in this order: per NewsMTSC test split
        the target model's macro-F1 against whole-sentence VADER, TextBlob and
        the best published model, with how often it is wrong; the NYT editorial
        correlations; the number of articles and sources; thin cells and
        intervals that include zero; negative cells and the share of negative
        labels; the share of quoted or reported speech; the share of mentions
        from translated and from synonym-spun articles; the limits of the
        training data.
    """
    require_columns(corpus, ("doc_id",), "trust_notes: corpus")
    lines = _benchmark_notes(benchmarks)
    lines.append(f"- The corpus has {corpus['doc_id'].nunique()} article(s) from {source_label(corpus).nunique()} "
                 "source(s); a source here is usually one article, so a cell describes one text, "
                 "not an outlet's line.")
    if len(summary):
        require_columns(summary, ("n", "mean_polarity", "ci_low", "ci_high"), "trust_notes: summary")
        require_columns(scored, ("doc_id", "label", "voice"), "trust_notes: scored")
        small = int((summary["n"] < FEW_MENTIONS).sum())
        crossing = int(((summary["ci_low"] < 0) & (summary["ci_high"] > 0)).sum())
        lines.append(f"- {small} of {len(summary)} cells rest on fewer than {FEW_MENTIONS} mentions and {crossing} "
                     f"have an interval that includes zero.")
        negative_cells = int((summary["mean_polarity"] < 0).sum())
        lines.append(f"- {negative_cells} of {len(summary)} cells have a negative mean and "
                     f"{(scored['label'] == 'negative').mean():.0%} of mentions are labelled negative. The model "
                     f"learned its sense of 'neutral' from US political news; compare cells with each other rather "
                     f"than reading the level against zero.")
        quoted = float((scored["voice"] != "author").mean())
        lines.append(f"- {quoted:.0%} of the scored mentions are in quoted or reported speech: the tone there is the "
                     f"source's, not necessarily the outlet's.")
    for flag, meaning in PROVENANCE_FLAGS:
        if flag in corpus.columns and len(scored):
            docs = set(corpus.loc[corpus[flag].astype(str).str.lower().isin(_TRUE_FLAGS), "doc_id"])
            share = float(scored["doc_id"].isin(docs).mean())
            lines.append(f"- {share:.0%} of the scored mentions come from {meaning} articles, whose altered wording "
                         f"shifts lexicon scores.")
    lines.append(TRAINING_DATA_NOTE)
    return lines


def _benchmark_notes(benchmarks: pd.DataFrame) -> list[str]:
    """The validation lines of :func:`trust_notes` (none for an empty table)."""
    if benchmarks.empty:
        return []
    require_columns(benchmarks, ("benchmark", "dataset", "engine", "macro_f1", "accuracy", "pearson_r"),
                   "trust_notes: benchmarks")
    lines = []
    news = benchmarks[benchmarks["benchmark"] == "NewsMTSC"]

    def value(dataset: str, engine_prefix: str, column: str = "macro_f1") -> float:
        hit = news[(news["dataset"] == dataset) & news["engine"].astype(str).str.startswith(engine_prefix)]
        return float(hit[column].iloc[0]) if len(hit) else float("nan")

    for dataset in NEWSMTSC_DATASETS:
        if not (news["dataset"] == dataset).any():
            continue
        line = (f"- {dataset}: the target model reaches macro-F1 {_two(value(dataset, 'kz (trained'))}, against "
                f"{_two(value(dataset, 'vader (whole sentence)'))} for whole-sentence VADER, "
                f"{_two(value(dataset, 'textblob (whole sentence)'))} for TextBlob and "
                f"{_two(value(dataset, 'published'))} for the best published neural model.")
        accuracy = value(dataset, "kz (trained", "accuracy")
        if np.isfinite(accuracy):
            line += f" Roughly one label in {1 / max(1e-9, 1 - accuracy):.0f} is wrong."
        lines.append(line)
    nyt = benchmarks[benchmarks["benchmark"] == "VADER NYT editorials"]
    if len(nyt):
        r = dict(zip(nyt["engine"], nyt["pearson_r"]))
        lines.append(
            f"- On NYT editorial sentences the whole-sentence scores correlate with human ratings at r = "
            f"{_two(r.get('vader (whole sentence)', np.nan))} (VADER) and "
            f"{_two(r.get('textblob (whole sentence)', np.nan))} (TextBlob): news prose is hard for lexicons."
        )
    return lines


def _two(value: float) -> str:
    """A figure with two decimals, or "n/a" when it is missing."""
    return f"{value:.2f}" if np.isfinite(value) else "n/a"
