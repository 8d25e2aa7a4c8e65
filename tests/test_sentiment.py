"""Target sentiment: crafted sentences, engine equality, summaries and NewsMTSC."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import requires_shared

import kzanalysis as kz
from kzanalysis.sentence_sentiment import sentence_polarity, sentence_subjectivity
from kzanalysis.sentiment import (
    SCORED_COLUMNS,
    SUMMARY_COLUMNS,
    label_thresholds,
    source_label,
    target_sentiment,
    target_spans,
)
from kzanalysis.sentiment_model import MODEL_PATH, load_model
from kzanalysis.voice import quote_spans, speech_voice

TWO_TARGETS = "The EU offered Kazakhstan generous support, while the Kremlin threatened Astana with punishment."
HARDER_PAIRS = [  # the model leans toward the sentence's overall tone, but keeps the order
    "Washington has been a reliable and generous partner, but Moscow has bullied and threatened its neighbours.",
    "Analysts praised Washington for its generous aid, but they condemned Moscow for its brutal war.",
]
QUOTED_CRITIC = '"Moscow is behaving like an aggressive bully towards its neighbours," said analyst Daniyar Ashimbayev.'


# --- targets -------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["kz", "kz-rules"])
def test_two_targets_of_opposite_stance_are_scored_apart(engine):
    west = kz.target_polarity(TWO_TARGETS, "west", engine=engine)
    russia = kz.target_polarity(TWO_TARGETS, "russia", engine=engine)
    assert west > 0 > russia
    # the whole-sentence engines cannot tell them apart
    assert kz.target_polarity(TWO_TARGETS, "west", engine="vader") == kz.target_polarity(
        TWO_TARGETS, "russia", engine="vader"
    )


@pytest.mark.parametrize("sentence", HARDER_PAIRS)
def test_praised_target_scores_above_condemned_target(sentence):
    assert kz.target_polarity(sentence, "west") > kz.target_polarity(sentence, "russia") + 0.2


@pytest.mark.parametrize("engine", ["kz", "kz-rules"])
def test_negation_flips_the_target_polarity(engine):
    plain = kz.target_polarity("Russia is a threat to the security of Kazakhstan.", "russia", engine=engine)
    negated = kz.target_polarity("Russia is not a threat to the security of Kazakhstan.", "russia", engine=engine)
    assert plain < 0
    assert negated > plain


def test_contrast_clause_moves_the_score():
    before = "Moscow offered generous loans, but Astana rejected them as a dangerous trap."
    assert kz.target_polarity(before, "Moscow", engine="kz-rules") > kz.target_polarity(
        before, "Astana", engine="kz-rules"
    )


def test_quoted_critic_is_a_quoted_voice_with_the_speaker_named():
    assert speech_voice(QUOTED_CRITIC, 1, 7) == ("quoted", "Daniyar Ashimbayev")
    scored = kz.score_targets(pd.DataFrame({"doc_id": ["x"], "sentence_id": [0], "sentence": [QUOTED_CRITIC]}))
    row = scored.set_index("target").loc["russia"]
    assert row["voice"] == "quoted"
    assert row["speaker"] == "Daniyar Ashimbayev"
    assert row["polarity"] < 0
    assert row["label"] == "negative"
    assert "aggressive" in row["drivers"] or "bully" in row["drivers"]


def test_scare_quotes_and_reported_speech():
    assert quote_spans('Tokaev\'s "big reforms" are a smokescreen.') == []
    voice, speaker = speech_voice("According to Tazhutov, Moscow wants a loyal ally.", 23, 29)
    assert (voice, speaker) == ("reported", "Tazhutov")
    assert speech_voice("Moscow wants a loyal ally.", 0, 6) == ("author", "")


def test_false_friend_is_not_the_target():
    sentence = "The Russian-speaking population of Kazakhstan welcomed the reforms warmly."
    assert kz.target_polarity(sentence, "russia") is None
    scored = kz.score_targets(pd.DataFrame({"doc_id": ["x"], "sentence_id": [0], "sentence": [sentence]}))
    assert "russia" not in set(scored["target"])


def test_a_literal_target_inside_a_false_friend_is_not_the_target(corpus_sentences):
    sentence = "The Russian-speaking population of Kazakhstan welcomed the reforms warmly."
    assert target_spans(sentence, "Russian") == []
    assert kz.target_polarity(sentence, "Russian") is None
    mixed = "The Russian-speaking population welcomed the Russian troops."
    assert target_spans(mixed, "Russian") == [(45, 52)]
    # corpus: "... large Russian-speaking and ethnic Russian parts, Moscow's hyper-aggressive ..."
    hits = corpus_sentences[corpus_sentences["sentence"].str.contains("Russian-speaking and ethnic", regex=False)]
    real = hits["sentence"].iloc[0]
    assert target_spans(real, "Russian") == []
    assert kz.target_polarity(real, "Russian") is None
    assert target_spans(real, "Moscow") != []


def test_rules_polarity_squares_back_each_side_and_squashes_the_sum():
    from kzanalysis.sentiment_model import rules_polarity, score_target
    from kzanalysis.target_features import target_features

    # signed square roots of the weighted sums: 2 -> 4, -1 -> -1; s = 3
    assert rules_polarity({"lex:dist_pos": 2.0, "lex:dist_neg": -1.0}) == pytest.approx(3 / math.sqrt(10))
    assert rules_polarity({}) == 0.0
    sentence = "Moscow welcomed the deal, but Washington criticised it harshly."
    features, _ = target_features(sentence, 0, 6)
    total = sum(math.copysign(features.get(k, 0.0) ** 2, features.get(k, 0.0)) for k in ("lex:dist_pos", "lex:dist_neg"))
    assert total != 0
    assert score_target(sentence, 0, 6, "kz-rules")[0] == pytest.approx(total / math.sqrt(total * total + 1))


def test_unknown_group_raises_listing_valid_groups():
    with pytest.raises(ValueError, match=r"unknown target group 'china'.*russia.*tokayev.*west"):
        kz.target_polarity("China and Russia signed a deal.", "china")
    with pytest.raises(ValueError, match="valid groups"):
        kz.score_targets(pd.DataFrame({"doc_id": ["x"], "sentence_id": [0], "sentence": ["Russia."]}), targets=["nato"])
    with pytest.raises(ValueError, match="valid engines"):
        kz.target_polarity("Russia signed a deal.", "russia", engine="bert")


def test_literal_and_span_targets():
    sentence = "Moscow welcomed the deal, but Washington criticised it harshly."
    assert target_spans(sentence, "Moscow") == [(0, 6)]
    with pytest.raises(ValueError, match="unknown target group 'moscow'"):
        target_spans(sentence, "moscow")  # a lower-case word is read as a group name ...
    assert kz.target_polarity(sentence, "Beijing") is None  # ... an absent literal gives None
    assert kz.target_polarity(sentence, (0, 6)) == kz.target_polarity(sentence, "Moscow")
    with pytest.raises(ValueError, match="outside the sentence"):
        kz.target_polarity(sentence, (50, 500))


def test_label_polarity_uses_documented_thresholds():
    low, high = label_thresholds().loc["kz", ["negative_below", "positive_above"]]
    assert kz.label_polarity(low - 0.01) == "negative"
    assert kz.label_polarity(high + 0.01) == "positive"
    assert kz.label_polarity((low + high) / 2) == "neutral"
    assert kz.label_polarity(None) is None
    with pytest.raises(TypeError):
        kz.label_polarity("very bad")


# --- whole-sentence engines -------------------------------------------------------------
def test_sentence_scorers_equal_textblob_and_vader(corpus_sentences):
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = list(corpus_sentences["sentence"])
    fresh = SentimentIntensityAnalyzer()
    assert list(sentence_polarity(texts, "textblob")) == [TextBlob(t).sentiment.polarity for t in texts]
    assert list(sentence_subjectivity(texts)) == [TextBlob(t).sentiment.subjectivity for t in texts]
    assert list(sentence_polarity(texts, "vader")) == [fresh.polarity_scores(t)["compound"] for t in texts]
    assert sentence_polarity(texts[0], "vader") == fresh.polarity_scores(texts[0])["compound"]
    assert len({round(v, 6) for v in sentence_polarity(texts, "vader")}) > 20  # real, varied scores


# --- tables ----------------------------------------------------------------------------
def test_score_targets_on_the_corpus(corpus, corpus_sentences):
    scored = kz.score_targets(corpus_sentences, corpus=corpus)
    assert list(scored.columns) == [*SCORED_COLUMNS, "outlet"]
    assert set(scored["target"]) == {"russia", "west", "tokayev"}
    assert scored["polarity"].between(-1, 1).all()
    assert set(scored["label"]) <= {"negative", "neutral", "positive"}
    assert set(scored["voice"]) <= {"author", "quoted", "reported"}
    assert (scored["voice"] != "author").any()
    assert "doc 002" in set(scored["outlet"])  # the article without an outlet falls back to its id
    assert "AsiaNews" in set(scored["outlet"])
    assert not scored.duplicated(["doc_id", "sentence_id", "target"]).any()
    assert (scored["drivers"] != "").mean() > 0.5


def test_source_label_falls_back_to_doc_id():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["AFP", ""]})
    assert list(source_label(corpus)) == ["AFP", "doc b"]


def test_summary_bootstrap_is_reproducible(corpus, corpus_sentences):
    scored = kz.score_targets(corpus_sentences, corpus=corpus)
    first = kz.summarise_sentiment(scored, seed=7)
    again = kz.summarise_sentiment(scored, seed=7)
    other = kz.summarise_sentiment(scored, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first["ci_low"], other["ci_low"])
    assert list(first.columns) == ["outlet", "target", *SUMMARY_COLUMNS]
    assert first["n"].sum() == len(scored)
    many = first[first["n"] > 1]
    assert ((many["ci_low"] <= many["mean_polarity"]) & (many["mean_polarity"] <= many["ci_high"])).all()
    shares = first[["share_negative", "share_neutral", "share_positive"]].sum(axis=1)
    assert np.allclose(shares, 1.0)


def test_no_targets_gives_empty_tables_not_errors():
    sentences = pd.DataFrame({"doc_id": ["u"], "sentence_id": [0], "sentence": ["The weather in Paris was mild."]})
    scored = kz.score_targets(sentences, corpus=pd.DataFrame({"doc_id": ["u"], "outlet": [""]}))
    assert scored.empty and "outlet" in scored.columns
    summary = kz.summarise_sentiment(scored)
    assert summary.empty and list(summary.columns) == ["outlet", "target", *SUMMARY_COLUMNS]


def test_summary_without_outlet_says_how_to_get_it(corpus_sentences):
    scored = kz.score_targets(corpus_sentences.head(30))
    with pytest.raises(ValueError, match="corpus=corpus"):
        kz.summarise_sentiment(scored)


def test_model_artefact_is_small_and_not_a_pickle():
    assert MODEL_PATH.stat().st_size < 2_000_000
    assert MODEL_PATH.read_bytes()[:2] == b"\x1f\x8b"  # gzip of JSON
    model = load_model()
    assert model.coef_.shape == (3, len(model.features_))
    assert math.isfinite(float(model.coef_.sum()))


# --- human labels ------------------------------------------------------------------------
@requires_shared
@pytest.mark.shared
@pytest.mark.parametrize("split", ["rw-test", "mt-test"])
def test_target_model_beats_whole_sentence_baselines_on_newsmtsc(split):
    from sklearn.metrics import f1_score

    from kzanalysis.sentiment_benchmarks import load_newsmtsc

    frame = load_newsmtsc(split).iloc[::3]  # every third target keeps the suite fast
    gold = frame["label"].to_numpy()
    scores = {}
    for engine in ("textblob", "vader", "kz"):
        labels = [
            target_sentiment(s, (a, b), engine=engine)["label"]
            for s, a, b in zip(frame["sentence"], frame["start"], frame["end"])
        ]
        scores[engine] = f1_score(gold, labels, average="macro")
    assert scores["kz"] > scores["vader"] + 0.05
    assert scores["kz"] > scores["textblob"] + 0.05
