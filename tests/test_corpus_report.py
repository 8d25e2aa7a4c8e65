"""Corpus notebook helpers: lengths, removals, flag lines, mentions by source, retellings, figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import kzanalysis as kz  # noqa: E402
from kzanalysis import corpus_figures, corpus_report  # noqa: E402
from kzanalysis.retelling import retellings  # noqa: E402


def _mention(doc_id, sentence_id, actor, group, start):
    return {"doc_id": doc_id, "sentence_id": sentence_id, "actor": actor, "type": "", "group": group,
            "surface": actor, "start": start, "end": start + len(actor), "kind": ""}


@pytest.fixture()
def crafted_mentions() -> pd.DataFrame:
    rows = [
        # one mention of the CSTO that belongs to two groups: counted once, groups joined
        _mention("a", 0, "CSTO", "west", 10), _mention("a", 0, "CSTO", "russia", 10),
        _mention("a", 1, "Putin", "russia", 0), _mention("a", 2, "Putin", "russia", 4),
        _mention("b", 0, "Putin", "russia", 0),
        _mention("b", 1, "Astana", "", 3),
    ]
    return pd.DataFrame(rows)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_corpus_lengths_counts_sentences_per_article(corpus, corpus_sentences):
    lengths = corpus_report.corpus_lengths(corpus, corpus_sentences)
    assert list(lengths.columns) == corpus_report.LENGTH_COLUMNS
    assert lengths["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert lengths["n_sentences"].sum() == len(corpus_sentences)
    assert lengths.set_index("doc_id")["n_sentences"].to_dict() == corpus_sentences.groupby("doc_id").size().to_dict()
    assert lengths["n_words"].sum() == corpus["n_words"].sum()


def test_corpus_lengths_gives_zero_sentences_to_an_article_without_any(corpus, corpus_sentences):
    without_first = corpus_sentences[corpus_sentences["doc_id"] != corpus["doc_id"].iloc[0]]
    lengths = corpus_report.corpus_lengths(corpus, without_first)
    assert lengths["n_sentences"].iloc[0] == 0 and lengths["n_sentences"].dtype == int


def test_corpus_lengths_names_a_missing_column(corpus, corpus_sentences):
    with pytest.raises(ValueError, match="n_removed"):
        corpus_report.corpus_lengths(corpus.drop(columns="n_removed"), corpus_sentences)


def test_removals_by_rule_adds_up_to_every_removal(corpus):
    removed = kz.removals(corpus)
    by_rule = corpus_report.removals_by_rule(removed)
    assert list(by_rule.columns) == ["rule", "n_removed", "n_articles"]
    assert by_rule["n_removed"].sum() == len(removed)
    assert by_rule["rule"].tolist() == sorted(removed["rule"].unique())
    assert (by_rule["n_articles"] <= by_rule["n_removed"]).all()


def test_removals_by_rule_counts_articles_once():
    removed = pd.DataFrame({"doc_id": ["a", "a", "b"], "rule": ["r1", "r1", "r2"], "text": ["x", "y", "z"]})
    table = corpus_report.removals_by_rule(removed)
    assert table.values.tolist() == [["r1", 2, 1], ["r2", 1, 1]]


def test_quality_flag_lines_on_the_bundled_corpus(corpus):
    flags = kz.quality_flags(corpus)
    lines = corpus_report.quality_flag_lines(flags)
    headers = [line for line in lines if not line.startswith("   ")]
    assert len(headers) == len(flags)
    for header, (doc_id, raised) in zip(headers, zip(flags["doc_id"], flags["flags"])):
        assert header == f"{doc_id}: flags = {raised or 'none'}"
    spun = [line for line in lines if line.startswith("   spun (")]
    assert len(spun) == int((flags["spun_evidence"] != "").sum())
    assert any("→ year" in line for line in spun)  # the spun copy's "yr"


def test_quality_flag_lines_cut_long_evidence():
    row = {"doc_id": "x", "flags": "spun", "spun_score": 3.5, "spun_evidence": "'yr' → year; " * 10,
           "mt_score": 0.0, "mt_evidence": ""}
    lines = corpus_report.quality_flag_lines(pd.DataFrame([row]), width=20)
    assert lines == ["x: flags = spun", "   spun (3.5): " + ("'yr' → year; " * 10)[:20] + "…"]


def test_mentions_by_source_counts_a_multi_group_mention_once(crafted_mentions):
    table = corpus_report.mentions_by_source(crafted_mentions)
    assert list(table.columns) == ["actor", "group", "doc_id", "mentions"]
    assert table.values.tolist() == [
        ["Astana", "other", "b", 1],
        ["CSTO", "russia+west", "a", 1],
        ["Putin", "russia", "a", 2],
        ["Putin", "russia", "b", 1],
    ]


def test_mentions_by_source_on_the_bundled_corpus(corpus_sentences):
    mentions = kz.mentions(corpus_sentences)
    table = corpus_report.mentions_by_source(mentions)
    distinct = mentions.drop_duplicates(["doc_id", "sentence_id", "actor", "start"])
    assert table["mentions"].sum() == len(distinct)
    tokayev = table[table["actor"] == "Tokayev"]
    assert set(tokayev["group"]) == {"tokayev"} and len(tokayev) >= 1


def test_mentions_per_group_and_empty_input(crafted_mentions):
    assert corpus_report.mentions_per_group(crafted_mentions) == {"russia": 4, "west": 1}
    assert corpus_report.mentions_per_group(crafted_mentions.iloc[0:0]) == {}
    assert corpus_report.mentions_by_source(crafted_mentions.iloc[0:0]).empty


def test_top_actor_mentions_keeps_the_most_mentioned(crafted_mentions):
    by_source = corpus_report.mentions_by_source(crafted_mentions)
    top = corpus_report.top_actor_mentions(by_source, 1)
    assert top["actor"].unique().tolist() == ["Putin"] and top["mentions"].sum() == 3
    assert len(corpus_report.top_actor_mentions(by_source, 10)) == len(by_source)
    with pytest.raises(ValueError, match="at least 1"):
        corpus_report.top_actor_mentions(by_source, 0)


def test_retelling_lines_name_the_pair_of_the_bundled_corpus(corpus):
    lines = corpus_report.retelling_lines(retellings(corpus))
    assert lines[0].startswith("000 and 001 retell the same story: ")
    assert "Tazhutov" in lines[0]


def test_retelling_lines_when_no_pair_retells():
    pairs = pd.DataFrame({"doc_id_a": ["a"], "doc_id_b": ["b"], "same_story": [False], "evidence": [""]})
    assert corpus_report.retelling_lines(pairs) == ["No two articles retell the same story at this threshold."]


def test_plot_lengths_draws_one_labelled_bar_per_article():
    lengths = pd.DataFrame({"doc_id": ["001", "002"], "outlet": ["AFP", ""], "n_words": [300, 120]})
    fig = corpus_figures.plot_lengths(lengths)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["001 · AFP", "002 · (outlet unknown)"]
    assert [p.get_width() for p in ax.patches] == [300, 120]
    assert ax.yaxis_inverted() and ax.get_title() == "Article lengths"


def test_plot_mentions_heatmap_orders_actors_and_annotates_counts(crafted_mentions):
    top = corpus_report.mentions_by_source(crafted_mentions)
    fig = corpus_figures.plot_mentions_heatmap(top)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "Putin (russia)"
    assert {t.get_text() for t in ax.get_yticklabels()} == {"Putin (russia)", "CSTO (russia+west)", "Astana (other)"}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    image = ax.get_images()[0].get_array()
    assert image.sum() == top["mentions"].sum() and image[0].tolist() == [2, 1]
    assert sorted(t.get_text() for t in ax.texts) == ["1", "1", "1", "2"]  # zero cells stay blank
    assert ax.get_title() == "Mentions per actor and article (top 3 actors)"


def test_plot_mentions_heatmap_refuses_an_empty_table(crafted_mentions):
    with pytest.raises(ValueError, match="not empty"):
        corpus_figures.plot_mentions_heatmap(corpus_report.mentions_by_source(crafted_mentions.iloc[0:0]))
