# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Sentiment toward Russia, the West and Tokayev in each source
#
# **Question.** How does each source write about each target: more negatively
# about Russia than about the West? Warmly or coldly about Tokayev? And whose
# voice carries that tone: the author's, or a quoted critic's?
#
# **What a reader should take away.** A table and two figures of mean polarity
# toward each target per source, with the number of mentions and a 95%
# bootstrap interval, and the sentences behind every cell so the numbers can be
# checked by reading. The score is *target-dependent*: "Tokayev praised the
# West while Russia was condemned" counts as positive for the West and negative
# for Russia, which a whole-sentence score cannot do. The last section says how
# far to trust the numbers, from the validation figures and the corpus itself.

# %% [markdown]
# ## Inputs / outputs / parameters
#
# **Inputs**: the bundled corpus (or the folder given as `CORPUS_DIR`); the
# gazetteer of target names (`kzanalysis/data/gazetteer.csv`); the shipped
# sentiment model; the validation table `benchmarks/results/sentiment.csv` when
# present.
#
# **Outputs** (under `OUTPUT_DIR`, default `reports/`):
#
# * tables: `sentiment_scored` (one row per sentence and target),
#   `sentiment_summary` (per source and target), `sentiment_label_shares`,
#   `sentiment_evidence`, `sentiment_voice`, `sentiment_engine_agreement`,
#   `sentiment_benchmarks`
# * figures: `sentiment_heatmap`, `sentiment_bars`, `sentiment_textblob_vader`
#
# **Parameters**: `CORPUS_DIR`, `OUTPUT_DIR`, `ENGINE` (`"kz"` the trained target
# model, `"kz-rules"` lexicon rules around the target, `"textblob"` or `"vader"`
# whole-sentence baselines), `TARGETS` (target groups; `None` = every group in
# the gazetteer), `N_EVIDENCE` (sentences per side per cell), `SEED` (bootstrap).

# %% tags=["parameters"]
CORPUS_DIR = None  # None: bundled corpus; or a folder of .txt/.md/.html
OUTPUT_DIR = None  # None: reports/
ENGINE = "kz"  # "kz", "kz-rules", "textblob" or "vader"
TARGETS = None  # None: every gazetteer group, e.g. ["russia", "west", "tokayev"]
N_EVIDENCE = 3
SEED = 0

# %%
import matplotlib.pyplot as plt
import pandas as pd

import kzanalysis as kz
from kzanalysis import sentiment_report as report

kz.use_house_style()
pd.set_option("display.max_colwidth", 160)

# %% [markdown]
# ## Scoring every target mention
#
# Each sentence is searched for the target groups' names (false friends such as
# "Russian-speaking" are skipped). For every group a sentence mentions, the
# engine scores what the sentence says about that group, and the row records
# whose voice it is (author, quoted or reported speaker) and the words that
# drove the score. The scores are kept in the disk cache (`data/interim/cache`),
# keyed by the sentences, the parameters, the package version and the knowledge
# files: a rerun reads them back, and editing the gazetteer or a lexicon file
# makes them be computed afresh.

# %%
corpus = kz.load_corpus(CORPUS_DIR)
sentences = kz.sentences(corpus)
scored = kz.cached("sentiment_scored", kz.score_targets, sentences, targets=TARGETS, engine=ENGINE, corpus=corpus)
kz.save_table(scored, "sentiment_scored", out_dir=OUTPUT_DIR)
print(f"{len(corpus)} article(s), {len(sentences)} sentences, {len(scored)} scored target mentions "
      f"(engine {ENGINE!r}; disk cache: {scored.attrs['cache']})")
if scored.empty:
    print("Note: no sentence in this corpus mentions any of the targets; the tables below are empty.")
scored.groupby(["outlet", "target"]).size().unstack(fill_value=0) if len(scored) else None

# %% [markdown]
# ## Mean polarity per source and target
#
# Polarity runs from -1 (the sentence portrays the target negatively) to +1.
# The interval is a percentile bootstrap of the mean over the cell's mentions
# (fixed seed). A cell with few mentions has a wide interval: read it as "not
# enough text to say", not as a finding.

# %%
summary = kz.summarise_sentiment(scored, by=("outlet", "target"), seed=SEED)
kz.save_table(summary, "sentiment_summary", out_dir=OUTPUT_DIR)
kz.save_table(report.label_shares(summary), "sentiment_label_shares", out_dir=OUTPUT_DIR)
summary.drop(columns=["most_negative", "most_positive"]).round(3)

# %%
fig = report.heatmap_figure(summary)
kz.save_figure(fig, "sentiment_heatmap", data=summary.drop(columns=["most_negative", "most_positive"]),
               out_dir=OUTPUT_DIR, caption="Mean target polarity per source; n mentions and 95% bootstrap interval.")
plt.show()

# %%
fig = report.bar_figure(summary)
kz.save_figure(fig, "sentiment_bars", data=summary[["outlet", "target", "n", "mean_polarity", "ci_low", "ci_high"]],
               out_dir=OUTPUT_DIR, caption="Mean target polarity per source with 95% bootstrap intervals.")
plt.show()

# %% [markdown]
# What the cells say, in numbers: the lines below list, per target, the cells whose
# whole interval lies below or above zero. Every other cell is compatible with a
# neutral tone.

# %%
print("\n".join(report.interval_findings(summary, scored)))

# %% [markdown]
# ## Whose voice?
#
# A negative score in a quotation is the quoted person's view, not necessarily the
# outlet's. The table shows how much of each target's coverage sits in quotes or
# reported speech, and its mean polarity there.

# %%
voices = report.voice_shares(scored)
kz.save_table(voices, "sentiment_voice", out_dir=OUTPUT_DIR)
voices.round(3)

# %% [markdown]
# ## Do TextBlob and VADER agree?
#
# Both whole-sentence lexicons score the same sentences. Low agreement between
# them is a warning that lexicon sentiment on this kind of prose is fragile; the
# rows for the chosen engine show how far the target-dependent score departs
# from the whole-sentence scores.

# %%
agreement = report.engine_agreement(scored)
kz.save_table(agreement, "sentiment_engine_agreement", out_dir=OUTPUT_DIR)
fig = report.agreement_figure(scored)
kz.save_figure(fig, "sentiment_textblob_vader",
               data=scored.drop_duplicates("sentence")[["doc_id", "sentence_id", "sentence_textblob", "sentence_vader"]],
               out_dir=OUTPUT_DIR, caption="TextBlob against VADER polarity, one point per sentence naming a target.")
plt.show()
agreement.round(3)

# %% [markdown]
# ## Evidence: the sentences behind each cell
#
# For every source and target, the most negative and most positive sentences, with
# the voice and the words that drove the score. Read these before quoting any
# number above.

# %%
evidence = report.evidence_table(scored, n=N_EVIDENCE)
kz.save_table(evidence, "sentiment_evidence", out_dir=OUTPUT_DIR)
evidence[["outlet", "target", "side", "polarity", "voice", "drivers", "sentence"]].round(3)

# %% [markdown]
# ## How far to trust this
#
# The figures below are read from the validation table written by
# `benchmarks/bench_sentiment.py` (NewsMTSC test splits, human labels of
# sentiment toward people in US political news; VADER's NYT editorial
# sentences). The text after them is computed from those numbers and from this
# corpus.

# %%
benchmarks = report.benchmark_results()
kz.save_table(benchmarks, "sentiment_benchmarks", out_dir=OUTPUT_DIR)
benchmarks[["benchmark", "dataset", "engine", "macro_f1", "accuracy", "pearson_r", "n"]].round(3) if len(benchmarks) else print(
    "benchmarks/results/sentiment.csv is absent: run benchmarks/bench_sentiment.py (needs ../shared)."
)

# %%
print("\n".join(report.trust_notes(benchmarks, corpus, scored, summary)))

# %% [markdown]
# Read the validation lines above before the heatmap: the target model is clearly
# better than either whole-sentence lexicon, yet still wrong on about a third of
# mentions and short of the published neural models, and its training data are
# about people in US news, not states in Central Asian coverage. With a handful of
# articles, each "source" is one text; differences between cells whose intervals
# overlap are not evidence of a difference in outlet stance. Use the evidence table
# to check any claim sentence by sentence.
