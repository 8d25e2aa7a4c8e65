"""Topic models: entity tokens, stop words, determinism, k choice, prevalence."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import requires_shared

import kzanalysis as kz
from kzanalysis import topics
from kzanalysis.coherence import average_jaccard, npmi_coherence, topic_agreement
from kzanalysis.config import benchmarks_data_dir

SPORT = [
    "The striker scored a late goal and the football club won the league match.",
    "The goalkeeper saved a penalty as the football club drew the league match.",
    "Fans cheered the striker after his goal in the cup match at the stadium.",
    "The coach praised the goalkeeper and the striker after the cup match.",
    "The stadium was full for the league match and the club scored twice.",
    "A late penalty goal gave the club victory in the cup at the stadium.",
]
MARKETS = [
    "Bank shares fell as investors sold bonds and the currency weakened on markets.",
    "The central bank raised interest rates and bond yields rose on the markets.",
    "Investors bought shares after the bank cut interest rates and the currency rose.",
    "Inflation data pushed bond yields higher and bank shares slipped on markets.",
    "The currency fell as investors feared higher interest rates and inflation.",
    "Markets rallied when inflation eased and the bank held interest rates.",
]
WEATHER = [
    "Heavy rain and strong wind brought floods to the coast overnight.",
    "Snow and ice closed roads as the storm brought freezing wind.",
    "Forecasters warned of more rain, floods and storm winds on the coast.",
    "The storm left snow on the hills and rain flooded the valley roads.",
    "Freezing fog and ice followed the storm, with snow expected on hills.",
    "Rain and wind eased after the storm but floods remained on the coast.",
]


@pytest.fixture(scope="module")
def units(corpus):
    return topics.topic_units(corpus)


@pytest.fixture(scope="module")
def nmf_model(units):
    return kz.fit_topics(units["text"], 4, method="nmf", random_state=0, ids=units["unit_id"])


def test_unit_topics_table_joins_units_dominant_topic_and_shares(units, nmf_model):
    table = nmf_model.unit_topics(units)
    assert list(table.columns) == (
        ["unit_id", "doc_id", "paragraph_id", "source", "topic", "label", "weight"]
        + [f"topic_{t}" for t in range(4)]
    )
    assert table["unit_id"].tolist() == units["unit_id"].tolist()
    shares = table[[f"topic_{t}" for t in range(4)]].to_numpy()
    assert np.allclose(shares.sum(axis=1), 1.0)
    assert (shares.argmax(axis=1) == table["topic"].to_numpy()).all()
    assert np.allclose(shares.max(axis=1), table["weight"])
    assert set(table["source"]) == set(units["source"])
    first = table.iloc[0]
    assert first["label"] == nmf_model.labels[int(first["topic"])]
    with pytest.raises(ValueError, match="unit_id"):
        nmf_model.unit_topics(units.drop(columns="unit_id"))


# ---------------------------------------------------------------- entity tokens


@pytest.mark.parametrize(
    "sentence",
    [
        "Kassym-Jomart Tokayev spoke in Astana.",
        "Tokaev spoke in Astana.",
        "the Kazakh president spoke in Astana.",
    ],
)
def test_name_variants_become_one_token(sentence):
    assert topics.tag_entities(sentence) == "tokayev spoke in kazakhstan."


def test_multiword_actor_token_and_false_friend_kept():
    tagged = topics.tag_entities("The United States criticised Russian-speaking media.")
    assert "united_states" in tagged
    assert "Russian-speaking" in tagged  # a false friend, not Russia


def test_vocabulary_has_canonical_names_not_variants(nmf_model):
    terms = set(nmf_model.terms)
    assert "tokayev" in terms
    assert not {"tokaev", "kassym", "jomart", "akorda"} & terms


def test_domain_stop_words_come_from_data_file(nmf_model):
    domain = topics.domain_stop_words()
    assert {"said", "according", "also"} <= domain
    assert not domain & set(nmf_model.terms)
    assert "the" in topics.stop_words()  # scikit-learn's English list is kept


# ---------------------------------------------------------------- units


def test_paragraph_units_have_sources_and_unique_ids(corpus, units):
    assert list(units.columns) == topics.UNIT_COLUMNS
    assert units["unit_id"].is_unique
    outlet_of = dict(zip(corpus["doc_id"], corpus["outlet"]))
    for doc_id, source in zip(units["doc_id"], units["source"]):
        assert source == (outlet_of[doc_id] or f"doc {doc_id}")  # empty outlet: kz.source_label
    assert "doc 002" in set(units["source"])


def test_article_units_one_per_article(corpus):
    articles = topics.topic_units(corpus, unit="article")
    assert len(articles) == len(corpus)
    assert (articles["paragraph_id"] == -1).all()


def test_unknown_unit_names_the_choices(corpus):
    with pytest.raises(ValueError, match="paragraph"):
        topics.topic_units(corpus, unit="sentence")


# ---------------------------------------------------------------- model


def test_doc_topic_rows_are_shares(nmf_model, units):
    values = nmf_model.doc_topic.to_numpy()
    assert values.shape == (len(units), 4)
    sums = values.sum(axis=1)
    assert np.allclose(sums[sums > 0], 1.0)
    assert list(nmf_model.doc_topic.index) == list(units["unit_id"])


def test_topics_ordered_by_prevalence(nmf_model):
    prevalence = nmf_model.summary()["prevalence"].to_numpy()
    assert (np.diff(prevalence) <= 1e-12).all()


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_same_seed_same_results(units, method):
    first = kz.fit_topics(units["text"], 3, method=method, random_state=7)
    second = kz.fit_topics(units["text"], 3, method=method, random_state=7)
    pd.testing.assert_frame_equal(first.doc_topic, second.doc_topic)
    pd.testing.assert_frame_equal(first.top_terms(), second.top_terms())
    sources = list(units["source"])
    pd.testing.assert_frame_equal(
        topics.topic_prevalence(first, sources, n_boot=200),
        topics.topic_prevalence(second, sources, n_boot=200),
    )


def test_lda_seed_matters(units):
    first = kz.fit_topics(units["text"], 3, method="lda", random_state=0)
    other = kz.fit_topics(units["text"], 3, method="lda", random_state=1)
    assert not np.allclose(first.doc_topic.to_numpy(), other.doc_topic.to_numpy())


@pytest.mark.parametrize("method, params", [("nmf", {}), ("lda", {"n_restarts": 8})])
def test_crafted_themes_are_recovered(method, params):
    texts = SPORT + MARKETS + WEATHER
    truth = [0] * 6 + [1] * 6 + [2] * 6
    for seed in (0, 1):
        model = kz.fit_topics(texts, 3, method=method, random_state=seed, model_params=params)
        found = model.dominant_topics()["topic"].to_numpy()
        table = pd.crosstab(np.array(truth), found)
        assert (table.max(axis=1) == 6).all(), (method, seed, table)
        assert table.shape == (3, 3)


def test_lda_keeps_the_start_with_the_highest_bound():
    texts = SPORT + MARKETS + WEATHER
    model = kz.fit_topics(texts, 3, method="lda", random_state=0, model_params={"n_restarts": 6})
    starts = np.random.default_rng(0).integers(0, 2**31 - 1, size=6)
    bounds = []
    for start in starts:
        single = kz.fit_topics(
            texts, 3, method="lda", random_state=0, model_params={"n_restarts": 1}
        ).estimator.set_params(random_state=int(start)).fit(model.doc_term)
        bounds.append(single.score(model.doc_term))
    assert model.estimator.score(model.doc_term) == pytest.approx(max(bounds))
    assert max(bounds) > min(bounds)  # the starts really differ


def test_auto_k_finds_three_crafted_themes():
    model = kz.fit_topics(SPORT + MARKETS + WEATHER, "auto", random_state=0, k_range=range(2, 7))
    assert model.k == 3
    selection = model.k_selection
    assert list(selection.columns) == topics.K_SELECTION_COLUMNS
    assert selection["chosen"].sum() == 1
    assert selection["stability"].between(0, 1).all()


def test_top_terms_and_labels_are_editable(nmf_model):
    top = nmf_model.top_terms(5)
    assert list(top.columns) == topics.TOP_TERM_COLUMNS
    assert len(top) == 4 * 5
    first_terms = top[top["topic"] == 0]["term"].tolist()[:3]
    assert nmf_model.labels[0] == "0: " + ", ".join(first_terms)
    nmf_model.set_labels({0: "Kremlin and Akorda"})
    try:
        assert set(nmf_model.top_terms()[lambda d: d["topic"] == 0]["label"]) == {"Kremlin and Akorda"}
        assert nmf_model.summary().loc[0, "label"] == "Kremlin and Akorda"
        with pytest.raises(ValueError, match="0..3"):
            nmf_model.set_labels({9: "nothing"})
    finally:
        nmf_model.reset_labels()


def test_representative_passages_are_the_strongest_units(nmf_model):
    passages = nmf_model.representative_passages(2)
    assert list(passages.columns) == topics.PASSAGE_COLUMNS
    for topic, group in passages.groupby("topic"):
        best = nmf_model.doc_topic[topic].max()
        assert group.iloc[0]["weight"] == pytest.approx(best)
        unit = group.iloc[0]["unit_id"]
        assert group.iloc[0]["text"] == nmf_model.texts[nmf_model.ids.index(unit)]


def test_transform_agrees_with_fit(nmf_model):
    again = nmf_model.transform(pd.Series(nmf_model.texts[:5], index=nmf_model.ids[:5]))
    assert again.to_numpy().argmax(axis=1).tolist() == (
        nmf_model.doc_topic.iloc[:5].to_numpy().argmax(axis=1).tolist()
    )


# ---------------------------------------------------------------- small and bad input


def test_tiny_corpus_clamps_k_with_warning():
    texts = ["Tokayev met Putin.", "Sanctions hit trade.", "Oil exports rose."]
    with pytest.warns(topics.TopicWarning, match="using k=3"):
        model = kz.fit_topics(texts, 10)
    assert model.k == 3
    auto = kz.fit_topics(texts, "auto")
    assert 1 <= auto.k <= 3


def test_texts_without_words_raise_clear_error():
    with pytest.raises(topics.TopicModelError, match="no usable words"):
        kz.fit_topics(["the and of", "it is"], 2)
    with pytest.raises(topics.TopicModelError, match="no texts"):
        kz.fit_topics([], 2)


def test_bad_arguments_name_the_mistake():
    with pytest.raises(ValueError, match="nmf"):
        kz.fit_topics(SPORT, 2, method="kmeans")
    with pytest.raises(TypeError, match="positions \\[1\\]"):
        kz.fit_topics(["a text here", None], 2)
    with pytest.raises(TypeError, match="not one string"):
        kz.fit_topics("one string", 2)
    with pytest.raises(topics.TopicModelError, match="auto"):
        kz.fit_topics(SPORT, 0)


def test_empty_units_get_no_topic():
    texts = SPORT + ["the of and"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = kz.fit_topics(texts, 2)
    dominant = model.dominant_topics()
    assert dominant["topic"].iloc[-1] == -1
    assert (dominant["topic"].iloc[:-1] >= 0).all()


# ---------------------------------------------------------------- prevalence


def test_prevalence_shares_and_intervals(nmf_model, units):
    table = topics.topic_prevalence(nmf_model, units["source"], n_boot=300)
    assert list(table.columns) == topics.PREVALENCE_COLUMNS
    assert set(table["source"]) == set(units["source"])
    assert np.allclose(table.groupby("source")["share"].sum(), 1.0)
    assert (table["low"] <= table["share"] + 1e-12).all()
    assert (table["share"] <= table["high"] + 1e-12).all()
    counts = units["source"].value_counts()
    for source, n in table.groupby("source")["n_units"].first().items():
        assert n <= counts[source]
    other = topics.topic_prevalence(nmf_model, units["source"], n_boot=300, random_state=1)
    assert not np.allclose(table["low"], other["low"])


def test_prevalence_checks_lengths(nmf_model):
    with pytest.raises(ValueError, match="sources for"):
        topics.topic_prevalence(nmf_model, ["a", "b"])


# ---------------------------------------------------------------- coherence


def test_npmi_extremes():
    docs = np.array(
        [[1, 1, 0, 1], [1, 1, 1, 0], [0, 0, 1, 1], [0, 0, 0, 0]]
    )
    together, apart = npmi_coherence([[0, 1], [0, 2]], docs)
    assert together == pytest.approx(1.0)  # terms 0 and 1 always appear together
    assert apart < together
    never = npmi_coherence([[0, 1]], np.array([[1, 0], [0, 1]]))[0]
    assert never == -1.0
    independent = npmi_coherence([[0, 1]], np.array([[1, 1], [1, 0], [0, 1], [0, 0]]))[0]
    assert independent == pytest.approx(0.0)


def test_topic_agreement_matches_permuted_topics():
    reference = [["a", "b", "c"], ["x", "y", "z"]]
    assert topic_agreement(reference, reference[::-1]) == 1.0
    assert average_jaccard(["a", "b"], ["c", "d"]) == 0.0
    with pytest.raises(ValueError, match="counts differ"):
        topic_agreement(reference, reference[:1])


# ---------------------------------------------------------------- BBC (reduced)


@requires_shared
def test_bbc_sample_dominant_topic_matches_category():
    from sklearn.metrics import normalized_mutual_info_score

    path = benchmarks_data_dir() / "bbc" / "bbc_news.csv"
    if not path.is_file():
        pytest.skip(f"{path.name} is absent from the shared benchmarks")
    bbc = pd.read_csv(path, keep_default_na=False)
    sample = bbc.groupby("category").head(80)
    texts = (sample["title"] + "\n\n" + sample["text"]).tolist()
    model = kz.fit_topics(texts, 5, method="nmf", random_state=0)
    score = normalized_mutual_info_score(sample["category"], model.dominant_topics()["topic"])
    assert score > 0.7


def test_distinctive_topics_names_each_sources_lean():
    texts = SPORT + MARKETS
    model = kz.fit_topics(texts, 2, random_state=0)
    prevalence = topics.topic_prevalence(model, ["sport"] * 6 + ["markets"] * 6, n_boot=100)
    table = topics.distinctive_topics(prevalence).set_index("source")
    assert table.loc["sport", "top_topic"] != table.loc["markets", "top_topic"]
    assert (table["lift"] > 1).all() and np.isfinite(table["lift"]).all()
    sport_label = table.loc["sport", "top_label"]
    assert any(word in sport_label for word in ("match", "club", "goal", "striker", "league"))


def test_tiny_texts_top_terms_have_positive_weights():
    model = kz.fit_topics(["Wheat prices rose.", "The team won the cup."], 2)
    assert (model.top_terms()["weight"] > 0).all()


def test_auto_k_keeps_several_units_per_topic():
    texts = SPORT[:3] + MARKETS[:3] + WEATHER[:4]  # ten units: at most two topics
    model = kz.fit_topics(texts, "auto", k_range=range(2, 9))
    assert model.k_selection["k"].tolist() == [2]
    assert model.k == 2
