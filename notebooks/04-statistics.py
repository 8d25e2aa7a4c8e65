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
# # 04 · Stated statistics
#
# **Question.** Which numbers do the sources state about Kazakhstan–Russia relations — trade
# volumes, survey shares, populations, death tolls, sums of money, prison terms — and do sources
# that state the same figure agree?
#
# **What a reader should take away.** A list of every stated figure with what it measures, the
# year it refers to and its source; the survey and trade figures side by side; and which figures
# can be cross-checked across sources. On the bundled five-article corpus the figures are few and
# each is stated by a single source, so the tables document claims rather than confirm them.

# %% [markdown]
# ## Inputs / outputs / parameters
#
# **Inputs:** the corpus (bundled `data/raw/` or `CORPUS_DIR`), cleaned and split into sentences.
#
# **Outputs** (under `OUTPUT_DIR`, default `reports/`):
#
# * tables: `statistics_all` (every figure), `statistics_by_source` (count per source and
#   category), `statistics_survey` (survey shares with their stance),
#   `statistics_trade` (trade sums with the chosen partners), `statistics_across_sources`
#   (figures stated by several sources, with a verdict);
# * figures: `statistics_survey` (survey shares by stance and source),
#   `statistics_trade_comparison` (trade with each partner in the same year, one bar per source).
#
# **Parameters:** `CORPUS_DIR`, `OUTPUT_DIR`, `TRADE_PARTNERS` (canonical gazetteer names),
# `MIN_SIMILARITY` and `TOLERANCE` (when two stated figures count as the same statistic, and how
# far their values may differ before they conflict).

# %% tags=["parameters"]
CORPUS_DIR = None  # None: bundled corpus; or a folder of .txt/.md/.html
OUTPUT_DIR = None  # None: reports/
TRADE_PARTNERS = ("Russia", "United States")  # compared in the trade chart
MIN_SIMILARITY = 0.7  # share of subject words two figures must share to be the same statistic
TOLERANCE = 0.05  # relative difference allowed between two exact figures

# %%
import matplotlib.pyplot as plt
import pandas as pd

import kzanalysis as kz
from kzanalysis.stat_figures import plot_survey, plot_trade_comparison
from kzanalysis.stat_tables import (
    compare_statistics, statistics_by_source, survey_figures, trade_comparison, with_bounds,
)

kz.use_house_style()
pd.set_option("display.max_colwidth", 70)

# %% [markdown]
# ## Every stated figure
#
# One row per figure: the value with its scale applied, the unit (currency code, percent,
# people, years ...), the qualifier ("more than", "barely over"), what is measured, the category
# and the period. Sources are outlets; an article without a named outlet appears as "doc <doc_id>".
# The table is kept in the disk cache, so a rerun on the same text reads it back.

# %%
corpus = kz.load_corpus(CORPUS_DIR)
sentences = kz.sentences(corpus)
stats = kz.cached("statistics_all", kz.corpus_statistics, sentences, corpus=corpus)
kz.save_table(stats, "statistics_all", out_dir=OUTPUT_DIR)
print(f"{len(stats)} stated figures in {stats['doc_id'].nunique()} of {len(corpus)} articles "
      f"(disk cache: {stats.attrs['cache']})")
stats[["source", "category", "surface", "value", "unit", "subject", "period"]]

# %%
by_source = statistics_by_source(stats)
kz.save_table(by_source, "statistics_by_source", out_dir=OUTPUT_DIR)
by_source

# %% [markdown]
# In the bundled corpus the Geopolitical Monitor analysis states half of all figures (trade,
# oil, migration and the sums and prison terms of the Ablyazov case); the unsigned opinion piece
# (`002`) carries every survey figure. The two news-agency pieces state few numbers. Read the
# categories as a guide: they come from keyword rules (`data/statistic_categories.csv`), and a
# figure with no matching keyword falls into "other".

# %% [markdown]
# ## Survey figures: opinion of Russia and support for closer ties

# %%
survey = survey_figures(stats)
kz.save_table(survey, "statistics_survey", out_dir=OUTPUT_DIR)
if survey.empty:
    print("No survey figures in this corpus: nothing to chart.")
else:
    fig = plot_survey(survey)
    kz.save_figure(fig, "statistics_survey", data=survey, out_dir=OUTPUT_DIR,
                   caption="Survey shares stated in the corpus, by stance, source and survey period.")
    plt.show()
survey

# %% [markdown]
# The bundled corpus cites a single survey, the Central Asia Barometer for 2017–2019, through
# one unsigned opinion piece: 87% of Kazakhs held a favourable opinion of Russia and 8% a negative
# one; 88% supported closer ties and 6% did not. These figures predate the 2022 invasion of
# Ukraine and the January 2022 unrest, so they say nothing about opinion at the time the articles
# were written — the piece uses them to argue that Tokayev is at odds with his own public.

# %% [markdown]
# ## Trade: Kazakhstan's trade with Russia and with the United States

# %%
trade = trade_comparison(stats, partners=TRADE_PARTNERS)
kz.save_table(trade, "statistics_trade", out_dir=OUTPUT_DIR)
paired = trade[trade["same_year"]]
if paired.empty:
    print(f"No year in which this corpus states trade with every partner of {TRADE_PARTNERS}: nothing to compare.")
else:
    fig = plot_trade_comparison(with_bounds(paired, stats))
    kz.save_figure(fig, "statistics_trade_comparison", data=paired, out_dir=OUTPUT_DIR,
                   caption="Stated trade of Kazakhstan with each partner in the same year; bar label names the source.")
    plt.show()
trade

# %% [markdown]
# One article (Geopolitical Monitor, in a synonym-spun copy) states both figures: bilateral
# trade with Russia of $24.2 billion in 2021 and "round" $2.5 billion with the US "the identical
# yr" — roughly ten times more with Russia. The chart labels each bar by how the figure was
# read, not by the spun wording: "about 2.5 bn USD" for "round", "over" for a lower bound,
# "up to" for an upper one. The partner of "bilateral commerce" is read from the
# sentence before it (Kazakhstan and Russia), so check the sentence in `statistics_all` before
# quoting the chart.

# %% [markdown]
# ## The same statistic in several sources

# %%
across = compare_statistics(stats, min_similarity=MIN_SIMILARITY, tolerance=TOLERANCE)
kz.save_table(across, "statistics_across_sources", out_dir=OUTPUT_DIR)
if across.empty:
    print("No statistic is stated by more than one source in this corpus: nothing to cross-check.")
else:
    print(across["verdict"].value_counts().to_string())
across

# %% [markdown]
# No figure of the bundled corpus is stated by two sources: each article brings its own numbers,
# so none can be confirmed or contradicted from within the corpus. With a larger corpus this table
# groups figures that share category, unit and period and whose subjects share most of their
# words, and marks a group "conflict" when the stated values cannot all be true (a "more than"
# figure is open upwards, an "about" figure allows twice the tolerance). Grouping by subject words
# is approximate: read the `surfaces` column before reporting a conflict.
