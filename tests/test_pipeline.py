"""The chunked large-corpus pipeline gives exactly the foundation's tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import kzanalysis as kz
from kzanalysis import pipeline as pl

@pytest.fixture(scope="module")
def run(corpus):
    return pl.run_pipeline(workers=1, chunk_size=2, keep_sentences=True, progress=False)


def test_sentences_and_mentions_equal_the_foundation(run, corpus, corpus_sentences):
    pd.testing.assert_frame_equal(run.sentences, corpus_sentences)
    pd.testing.assert_frame_equal(run.mentions, kz.mentions(corpus_sentences))
    assert len(run.mentions) > 100


def test_articles_table_counts(run, corpus, corpus_sentences):
    assert list(run.articles.columns) == pl.ARTICLE_COLUMNS
    assert run.articles["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert run.articles["n_sentences"].tolist() == corpus_sentences.groupby("doc_id").size().tolist()
    assert run.articles["n_words"].tolist() == corpus["n_words"].tolist()
    assert run.articles["headline"].tolist() == corpus["headline"].tolist()


def test_process_pool_gives_the_same_tables(run):
    pooled = pl.run_pipeline(workers=2, chunk_size=1, keep_sentences=True, progress=False)
    for name in ("articles", "mentions", "sentiment", "statistics", "sentences", "summary"):
        pd.testing.assert_frame_equal(getattr(pooled, name), getattr(run, name), obj=name)
    assert pooled.n_chunks == 5


def test_whole_sentence_scores_equal_the_engines(run):
    analyser = SentimentIntensityAnalyzer()
    keyed = run.sentences.set_index(["doc_id", "sentence_id"])["sentence"]
    sample = run.sentiment.drop_duplicates(["doc_id", "sentence_id", "engine"])
    assert set(sample["engine"]) == {"textblob", "vader"}
    for row in sample.itertuples():
        sentence = keyed[(row.doc_id, row.sentence_id)]
        if row.engine == "textblob":
            expected = TextBlob(sentence).sentiment
            assert (row.polarity, row.subjectivity) == (expected.polarity, expected.subjectivity)
        else:
            assert row.polarity == analyser.polarity_scores(sentence)["compound"]
            assert pd.isna(row.subjectivity)


def test_sentiment_rows_are_the_target_mentions(run):
    targets = run.mentions.loc[run.mentions["group"] != "", ["doc_id", "sentence_id", "group"]].drop_duplicates()
    for engine in ("textblob", "vader"):
        scored = run.sentiment.loc[run.sentiment["engine"] == engine, ["doc_id", "sentence_id", "target"]]
        assert sorted(map(tuple, scored.to_numpy().tolist())) == sorted(map(tuple, targets.to_numpy().tolist()))
    assert set(run.sentiment["target"]) == {"russia", "tokayev", "west"}


@pytest.mark.parametrize("engine", ["textblob", "kz"])
def test_polarity_equals_score_targets(run, corpus_sentences, engine):
    try:
        scored = kz.score_targets(corpus_sentences, engine=engine)
    except FileNotFoundError as exc:  # the sentiment module's model or thresholds not built yet
        pytest.skip(f"score_targets cannot run here: {exc}")
    expected = scored.set_index(["doc_id", "sentence_id", "target"])["polarity"].sort_index()
    if engine == "textblob":
        table = run.sentiment[run.sentiment["engine"] == engine]
    else:
        table = pl.run_pipeline(engines=[engine], stages=["sentiment"], workers=1, progress=False).sentiment
        assert set(table["method"]) == {"target"}
    got = table.set_index(["doc_id", "sentence_id", "target"])["polarity"].sort_index()
    pd.testing.assert_series_equal(got, expected, check_names=False)


def test_statistics_equal_the_corpus_extractor(run, corpus, corpus_sentences):
    expected = kz.corpus_statistics(corpus_sentences, corpus[["doc_id", "outlet", "date"]])
    pd.testing.assert_frame_equal(run.statistics, expected)


# ------------------------------------------------------------------ sources
def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "body": ["Russia and the West.\n\nTokayev spoke.", "Putin visited Astana. Trade rose 5%.", "No actors."],
            "source": ["X", "Y", "X"],
        }
    )


def test_sources_give_the_same_records(tmp_path):
    table = _table()
    columns = {"doc_id": "id", "raw_text": "body", "outlet": "source"}
    table.to_csv(tmp_path / "a.csv", index=False)
    table.to_parquet(tmp_path / "a.parquet", index=False)
    expected = pl.records_from_table(table, columns)
    assert list(expected.columns) == pl.RECORD_COLUMNS
    for source in (table, tmp_path / "a.csv", tmp_path / "a.parquet", table.to_dict("records")):
        chunks = list(pl.iter_article_chunks(source, chunk_size=2, columns=columns))
        assert [len(c) for c in chunks] == [2, 1]
        pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), expected)


def test_folder_source_reads_the_bundled_corpus(corpus):
    records = pd.concat(list(pl.iter_article_chunks(None, chunk_size=3)), ignore_index=True)
    assert records["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert records["raw_text"].tolist() == corpus["raw_text"].tolist()
    assert records["outlet"].tolist() == corpus["outlet"].tolist()


def test_missing_ids_are_numbered_and_missing_text_is_named():
    records = pl.records_from_table(pd.DataFrame({"text": ["One.", "Two."]}))
    assert records["doc_id"].tolist() == ["00000000", "00000001"]
    with pytest.raises(pl.PipelineError, match="no text column 'raw_text'.*'body'"):
        pl.records_from_table(pd.DataFrame({"body": ["x"]}))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stages": ["clean", "parse"]}, "unknown stages \\['parse'\\]"),
        ({"engines": ["flair"]}, "unknown sentiment engine 'flair'"),
        ({"workers": 0}, "workers must be at least 1"),
        ({"chunk_size": 0}, "chunk_size must be a positive"),
    ],
)
def test_bad_arguments_name_the_mistake(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pl.run_pipeline(_table(), columns={"raw_text": "body"}, progress=False, **kwargs)


def test_unknown_file_type_is_named(tmp_path):
    path = tmp_path / "corpus.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(pl.PipelineError, match="corpus.json: use a folder, a .csv or a .parquet"):
        list(pl.iter_article_chunks(path))


# ------------------------------------------------------------------ outputs
def test_output_dir_streams_parts_and_keeps_the_summary(tmp_path, run):
    streamed = pl.run_pipeline(chunk_size=2, workers=1, keep=False, output_dir=tmp_path, progress=False)
    assert streamed.mentions.empty and streamed.articles.empty
    pd.testing.assert_frame_equal(streamed.summary, run.summary)
    parts = sorted((tmp_path / "mentions").glob("part-*.parquet"))
    assert len(parts) == 3
    mentions = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(mentions, run.mentions, check_dtype=False)


def test_summary_does_not_depend_on_chunking(run):
    assert list(run.summary.columns) == pl.SUMMARY_COLUMNS
    pd.testing.assert_frame_equal(pl.summarise_pipeline(run.sentiment), run.summary)
    cell = run.sentiment[(run.sentiment["outlet"] == "AFP") & (run.sentiment["target"] == "russia") & (run.sentiment["engine"] == "vader")]
    row = run.summary.set_index(["outlet", "target", "engine"]).loc[("AFP", "russia", "vader")]
    assert row["n"] == len(cell)
    assert row["mean_polarity"] == pytest.approx(cell["polarity"].mean(), abs=1e-12)
    assert row["share_negative"] == pytest.approx((cell["polarity"] < 0).mean())


def test_empty_and_actorless_articles_do_not_crash():
    table = pd.DataFrame({"text": ["No actors are named here. Nothing at all.", "Only 5 words in this."]})
    result = pl.run_pipeline(table, workers=1, progress=False)
    assert result.mentions.empty and result.sentiment.empty and result.summary.empty
    assert result.articles["n_sentences"].tolist() == [2, 1]
    assert re.fullmatch(r"\d{8}", result.articles["doc_id"][0])
