"""Sentiment notebook helpers: interval findings and the "how far to trust this" lines."""

from __future__ import annotations

import pandas as pd
import pytest

from kzanalysis.sentiment_report import TRAINING_DATA_NOTE, interval_findings, trust_notes


def _summary(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["outlet", "target", "n", "mean_polarity", "ci_low", "ci_high"])


@pytest.fixture()
def summary() -> pd.DataFrame:
    return _summary([
        ("AFP", "russia", 12, -0.30, -0.45, -0.10),
        ("Steppe", "russia", 4, 0.10, -0.20, 0.40),
        ("AFP", "west", 3, 0.20, 0.05, 0.35),
        ("Steppe", "west", 11, -0.05, -0.10, 0.01),
    ])


@pytest.fixture()
def scored() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["1", "1", "2", "2"],
        "target": ["russia", "russia", "west", "west"],
        "polarity": [-0.5, 0.1, 0.4, -0.1],
        "label": ["negative", "neutral", "positive", "negative"],
        "voice": ["author", "quote", "author", "author"],
    })


@pytest.fixture()
def corpus() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["AFP", ""],
                         "translated": ["yes", "no"], "synonym_spun": ["", "True"]})


def test_interval_findings_name_clearly_negative_and_positive_sources(summary, scored):
    assert interval_findings(summary, scored) == [
        "russia: 2 source(s); clearly negative in ['AFP']; clearly positive in none; mean over all mentions -0.20",
        "west: 2 source(s); clearly negative in none; clearly positive in ['AFP']; mean over all mentions +0.15",
    ]


def test_interval_findings_on_an_empty_summary(scored):
    assert interval_findings(_summary([]), scored.iloc[0:0]) == ["No cells to compare."]


def test_interval_findings_names_a_missing_column(summary, scored):
    with pytest.raises(ValueError, match="ci_high"):
        interval_findings(summary.drop(columns="ci_high"), scored)


def test_trust_notes_compute_every_line_from_the_tables(summary, scored, corpus):
    benchmarks = pd.DataFrame({
        "benchmark": ["NewsMTSC"] * 4 + ["VADER NYT editorials"] * 2,
        "dataset": ["newsmtsc-rw test"] * 4 + ["nyt editorial sentences"] * 2,
        "engine": ["kz (trained target model)", "vader (whole sentence)", "textblob (whole sentence)",
                   "published: some neural model", "vader (whole sentence)", "textblob (whole sentence)"],
        "macro_f1": [0.70, 0.50, 0.40, 0.80, None, None],
        "accuracy": [0.75, 0.5, 0.4, 0.8, None, None],
        "pearson_r": [None, None, None, None, 0.5, 0.25],
        "n": [100] * 6,
    })
    assert trust_notes(benchmarks, corpus, scored, summary) == [
        "- newsmtsc-rw test: the target model reaches macro-F1 0.70, against 0.50 for whole-sentence VADER, "
        "0.40 for TextBlob and 0.80 for the best published neural model. Roughly one label in 4 is wrong.",
        "- On NYT editorial sentences the whole-sentence scores correlate with human ratings at r = 0.50 (VADER) "
        "and 0.25 (TextBlob): news prose is hard for lexicons.",
        "- The corpus has 2 article(s) from 2 source(s); a source here is usually one article, so a cell "
        "describes one text, not an outlet's line.",
        "- 2 of 4 cells rest on fewer than 10 mentions and 2 have an interval that includes zero.",
        "- 2 of 4 cells have a negative mean and 50% of mentions are labelled negative. The model learned its "
        "sense of 'neutral' from US political news; compare cells with each other rather than reading the level "
        "against zero.",
        "- 25% of the scored mentions are in quoted or reported speech: the tone there is the source's, not "
        "necessarily the outlet's.",
        "- 50% of the scored mentions come from machine- or human-translated articles, whose altered wording "
        "shifts lexicon scores.",
        "- 50% of the scored mentions come from synonym-spun articles, whose altered wording shifts lexicon scores.",
        TRAINING_DATA_NOTE,
    ]


def test_trust_notes_without_benchmarks_or_targets(corpus, scored):
    empty_benchmarks = pd.DataFrame(columns=["benchmark", "dataset", "engine", "macro_f1", "accuracy", "pearson_r"])
    lines = trust_notes(empty_benchmarks, corpus.drop(columns=["translated", "synonym_spun"]),
                        scored.iloc[0:0], _summary([]))
    assert lines == [
        "- The corpus has 2 article(s) from 2 source(s); a source here is usually one article, so a cell "
        "describes one text, not an outlet's line.",
        TRAINING_DATA_NOTE,
    ]


def test_trust_notes_mark_a_missing_benchmark_figure(summary, scored, corpus):
    benchmarks = pd.DataFrame({"benchmark": ["NewsMTSC"], "dataset": ["newsmtsc-mt test"],
                               "engine": ["vader (whole sentence)"], "macro_f1": [0.5], "accuracy": [0.5],
                               "pearson_r": [None]})
    first = trust_notes(benchmarks, corpus, scored, summary)[0]
    assert first.startswith("- newsmtsc-mt test: the target model reaches macro-F1 n/a, against 0.50")
    assert "one label in" not in first


def test_heatmap_annotates_each_cell_and_leaves_out_a_missing_interval(summary):
    import matplotlib.pyplot as plt

    from kzanalysis.sentiment_report import heatmap_figure

    one_mention = _summary([("Solo", "russia", 1, -0.25, float("nan"), float("nan"))])
    fig = heatmap_figure(pd.concat([summary, one_mention], ignore_index=True), title="Whole-sentence polarity")
    try:
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.texts]
        assert "Whole-sentence polarity" in [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
        assert "-0.30\nn=12\n[-0.45, -0.10]" in labels
        assert "-0.25\nn=1" in labels
        assert not any("nan" in label for label in labels)
    finally:
        plt.close(fig)


def test_heatmap_names_a_summary_with_several_engines(summary):
    from kzanalysis.sentiment_report import heatmap_figure

    two_engines = pd.concat([summary.assign(engine="vader"), summary.assign(engine="textblob")], ignore_index=True)
    with pytest.raises(ValueError, match="several; pick one engine"):
        heatmap_figure(two_engines)


def test_engine_means_puts_engines_side_by_side_with_sign_and_zero_checks(summary):
    from kzanalysis.sentiment_report import engine_means

    vader = summary.assign(engine="vader")
    textblob = summary.assign(engine="textblob", mean_polarity=[-0.2, -0.1, 0.3, 0.02],
                              ci_low=[-0.3, -0.4, float("nan"), -0.05], ci_high=[-0.1, 0.2, float("nan"), 0.09])
    table = engine_means(pd.concat([vader, textblob], ignore_index=True)).set_index(["outlet", "target"])
    assert table.loc[("AFP", "russia"), ["textblob", "vader"]].tolist() == [-0.2, -0.30]
    assert table["same_sign"].to_dict() == {
        ("AFP", "russia"): True, ("AFP", "west"): True, ("Steppe", "russia"): False, ("Steppe", "west"): False,
    }
    assert table["vader_zero_inside"].tolist() == [False, False, True, True]
    assert pd.isna(table.loc[("AFP", "west"), "textblob_zero_inside"])
    with pytest.raises(ValueError, match="engine"):
        engine_means(summary)
