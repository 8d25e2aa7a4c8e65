"""The chunked large-corpus pipeline gives exactly the foundation's tables."""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import re
import sys
import time

import numpy as np
import pandas as pd
import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import kzanalysis as kz
from kzanalysis import pipeline as pl
from kzanalysis.config import project_root
from kzanalysis.corpus import CorpusWarning, ManifestError

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


def test_articles_count_mentions_target_mentions_and_statistics(run, corpus, corpus_sentences):
    mentions = kz.mentions(corpus_sentences)
    expected = {
        "n_mentions": mentions.drop_duplicates(["doc_id", "sentence_id", "start"]).groupby("doc_id").size(),
        "n_target_mentions": mentions[mentions["group"] != ""].groupby("doc_id").size(),
        "n_statistics": kz.corpus_statistics(corpus_sentences, corpus).groupby("doc_id").size(),
    }
    articles = run.articles.set_index("doc_id")
    for column, counts in expected.items():
        assert articles[column].tolist() == counts.reindex(articles.index, fill_value=0).tolist(), column
    assert (articles["n_target_mentions"] < articles["n_mentions"]).any()
    assert articles["n_statistics"].sum() > 0


def test_several_processes_give_the_same_tables(run, monkeypatch):
    analyse = pl.analyse_chunk

    def noting_the_process(records, **params):
        result = analyse(records, **params)
        result.notes.append(f"analysed in process {os.getpid()}")
        return result

    monkeypatch.setattr(pl, "analyse_chunk", noting_the_process)  # forked helpers inherit the swap
    pooled = pl.run_pipeline(workers=3, chunk_size=1, keep_sentences=True, progress=False)
    for name in ("articles", "mentions", "sentiment", "statistics", "sentences", "summary"):
        pd.testing.assert_frame_equal(getattr(pooled, name), getattr(run, name), obj=name)
    assert pooled.n_chunks == 5
    assert len([note for note in pooled.notes if note.startswith("analysed in process")]) >= 2


def test_a_fully_cached_rerun_on_several_processes_gives_the_same_tables(corpus, tmp_path):
    table = corpus.head(4).reset_index(drop=True)  # 4 chunks of one: the read-ahead window of two processes
    first = pl.run_pipeline(table, workers=2, chunk_size=1, cache=tmp_path, progress=False)
    again = pl.run_pipeline(table, workers=2, chunk_size=1, cache=tmp_path, progress=False)
    assert (first.cache_hits, again.cache_hits, again.n_chunks) == (0, 4, 4)
    for name in ("articles", "mentions", "sentiment", "statistics", "summary"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(first, name), obj=name)


def test_an_error_in_a_helper_process_stops_the_run_and_says_where(monkeypatch):
    parent = os.getpid()
    analyse = pl.analyse_chunk

    def fails_in_a_helper(records, **params):
        time.sleep(0.05)  # long enough for the helper to take a chunk
        if os.getpid() != parent:
            raise pl.PipelineError(f"cannot analyse {records['doc_id'].iloc[0]}")
        return analyse(records, **params)

    monkeypatch.setattr(pl, "analyse_chunk", fails_in_a_helper)  # forked helpers inherit the swap
    with pytest.raises(pl.PipelineError, match="cannot analyse") as raised:
        pl.run_pipeline(workers=2, chunk_size=1, progress=False)
    assert any("worker process" in note for note in raised.value.__notes__)
    assert multiprocessing.active_children() == []  # stopped, not left to finish


@pytest.mark.parametrize("total", [1, 2, 5, 99, 250, 251, 2225, 10_001])
@pytest.mark.parametrize("workers", [1, 2, 3, 8])
def test_balanced_chunk_size_gives_every_worker_as_many_chunks(total, workers):
    size = pl.balanced_chunk_size(total, workers)
    assert 1 <= size <= pl.DEFAULT_CHUNK_SIZE
    n_chunks = -(-total // size)
    if workers == 1:
        assert size == pl.DEFAULT_CHUNK_SIZE
    elif total >= workers:
        # the fewest chunks of at most 250 articles that every worker can share equally
        fewest = -(-total // pl.DEFAULT_CHUNK_SIZE)
        assert n_chunks == -(-fewest // workers) * workers, (size, n_chunks)


def test_default_chunks_are_balanced_and_change_no_table(run):
    records = pd.concat(list(pl.iter_article_chunks(None)), ignore_index=True)
    balanced = pl.run_pipeline(records, workers=2, keep_sentences=True, progress=False)
    assert balanced.n_chunks == 2  # 5 articles, a known number: chunks of 3 and 2, one per worker
    for name in ("articles", "mentions", "sentiment", "statistics", "sentences", "summary"):
        pd.testing.assert_frame_equal(getattr(balanced, name), getattr(run, name), obj=name)


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


def test_whole_sentence_rows_come_in_the_order_of_the_general_path():
    # engines that score whole sentences are tabled directly in their final order;
    # with a target-dependent engine among them the rows are sorted into it instead
    mixed = pl.run_pipeline(engines=["vader", "kz", "textblob"], stages=["sentiment"], workers=1, progress=False).sentiment
    direct = pl.run_pipeline(engines=["vader", "textblob"], stages=["sentiment"], workers=1, progress=False).sentiment
    assert direct["engine"].tolist()[:4] == ["vader", "textblob", "vader", "textblob"]
    pd.testing.assert_frame_equal(mixed[mixed["engine"] != "kz"].reset_index(drop=True), direct)


@pytest.mark.parametrize("engine", ["textblob", "kz"])
def test_polarity_equals_score_targets(run, corpus_sentences, engine):
    scored = kz.score_targets(corpus_sentences, engine=engine)
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
        ({"engines": ["vader", "textblob", "VADER"]}, "engines name \\['vader'\\] more than once"),
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
    assert streamed.n_articles == run.n_articles == 5
    pd.testing.assert_frame_equal(streamed.summary, run.summary)
    parts = sorted((tmp_path / "mentions").glob("part-*.parquet"))
    assert len(parts) == 3
    mentions = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(mentions, run.mentions, check_dtype=False)


def test_read_parts_gives_back_the_tables_of_the_last_run_only(tmp_path, run):
    (tmp_path / "articles").mkdir()
    own_file = tmp_path / "articles" / "notes.txt"
    own_file.write_text("not a part", encoding="utf-8")
    pl.run_pipeline(chunk_size=1, workers=1, keep=False, output_dir=tmp_path, progress=False)  # 5 parts
    pl.run_pipeline(chunk_size=2, workers=1, keep=False, output_dir=tmp_path, progress=False)  # 3 parts
    assert len(list((tmp_path / "articles").glob("part-*.parquet"))) == 3 and own_file.is_file()
    for name in ("articles", "statistics"):
        pd.testing.assert_frame_equal(pl.read_parts(tmp_path, name), getattr(run, name), check_dtype=False)
    assert list(pl.read_parts(tmp_path, "statistics", columns=["doc_id", "category"]).columns) == ["doc_id", "category"]
    with pytest.raises(pl.PipelineError, match="no parts of 'sentences'.*keep_sentences=True"):
        pl.read_parts(tmp_path, "sentences")
    with pytest.raises(pl.PipelineError, match="unknown table 'topics'"):
        pl.read_parts(tmp_path, "topics")


def test_summary_does_not_depend_on_chunking(run):
    assert list(run.summary.columns) == pl.SUMMARY_COLUMNS
    pd.testing.assert_frame_equal(pl.summarise_pipeline(run.sentiment), run.summary)
    cell = run.sentiment[(run.sentiment["outlet"] == "AFP") & (run.sentiment["target"] == "russia") & (run.sentiment["engine"] == "vader")]
    row = run.summary.set_index(["outlet", "target", "engine"]).loc[("AFP", "russia", "vader")]
    assert row["n"] == len(cell)
    assert row["mean_polarity"] == pytest.approx(cell["polarity"].mean(), abs=1e-12)
    assert row["share_below_zero"] == pytest.approx((cell["polarity"] < 0).mean())
    assert row["share_zero"] == pytest.approx((cell["polarity"] == 0).mean())
    assert row["share_above_zero"] == pytest.approx((cell["polarity"] > 0).mean())


def _grouped_sums(sentiment: pd.DataFrame) -> pd.DataFrame:
    """The per-cell sums as pandas groups and sums them: the rows below are out of cell order, so compensated sums."""
    polarity = sentiment["polarity"].astype(float)
    frame = pd.DataFrame(
        {
            "outlet": sentiment["outlet"].astype(str),
            "target": sentiment["target"].astype(str),
            "engine": sentiment["engine"].astype(str),
            "n": 1.0,
            "polarity_sum": polarity,
            "polarity_sq_sum": polarity * polarity,
            "n_below_zero": (polarity < 0).astype(float),
            "n_zero": (polarity == 0).astype(float),
            "n_above_zero": (polarity > 0).astype(float),
        }
    )
    return frame.groupby(["outlet", "target", "engine"], as_index=False, sort=True).sum()


def _pandas_summary(partials: pd.DataFrame) -> pd.DataFrame:
    """The summary from partial sums, computed with pandas' grouped sum and Series arithmetic."""
    sums = partials.groupby(["outlet", "target", "engine"], as_index=False, sort=True)[pl.PARTIAL_COLUMNS[3:]].sum()
    n = sums["n"]
    mean = sums["polarity_sum"] / n
    variance = (sums["polarity_sq_sum"] / n - mean * mean).clip(lower=0.0)
    half_width = pl._t_half_width(n.to_numpy(dtype=float), variance.to_numpy(dtype=float))
    return pd.DataFrame(
        {
            "outlet": sums["outlet"], "target": sums["target"], "engine": sums["engine"],
            "n": n.round().astype("int64"),
            "mean_polarity": mean.round(12),
            "ci_low": (mean - half_width).clip(lower=-1.0).round(12),
            "ci_high": (mean + half_width).clip(upper=1.0).round(12),
            "sd_polarity": np.sqrt(variance).round(12),
            "share_below_zero": (sums["n_below_zero"] / n).round(12),
            "share_zero": (sums["n_zero"] / n).round(12),
            "share_above_zero": (sums["n_above_zero"] / n).round(12),
        }
    )[pl.SUMMARY_COLUMNS]


def _random_sentiment(rng: np.random.Generator, rows: int) -> pd.DataFrame:
    """A sentiment table with rounded and unrounded polarities, zeros, NaN, infinities and missing outlets."""
    polarity = rng.normal(0, 0.4, rows)
    polarity[rng.random(rows) < 0.2] = 0.0
    rounded = rng.random(rows) < 0.3
    polarity[rounded] = np.round(polarity[rounded], 2)
    polarity[rng.random(rows) < 0.05] = np.nan
    if rows > 50:
        polarity[3] = np.inf
    outlets = pd.Series(rng.choice(["AFP", "TASS", "Reuters", "doc 7"], rows), dtype="str")
    outlets[rng.random(rows) < 0.03] = np.nan
    return pd.DataFrame(
        {
            "outlet": outlets,
            "target": pd.Series(rng.choice(["russia", "west", "tokayev"], rows), dtype="str"),
            "engine": pd.Series(rng.choice(["textblob", "vader"], rows), dtype="str"),
            "polarity": polarity,
        }
    )


@pytest.mark.parametrize("seed", range(6))
def test_partial_sums_are_the_bits_of_pandas_grouped_sums(seed):
    rng = np.random.default_rng(seed)
    chunks = [_random_sentiment(rng, int(rng.integers(1, 400))) for _ in range(5)]
    for chunk in chunks:
        pd.testing.assert_frame_equal(pl._partial_summary(chunk), _grouped_sums(chunk), check_exact=True)
    partials = pd.concat([_grouped_sums(chunk) for chunk in chunks], ignore_index=True)
    pd.testing.assert_frame_equal(pl.finish_summary(partials), _pandas_summary(partials), check_exact=True)
    whole = pd.concat(chunks, ignore_index=True)
    pd.testing.assert_frame_equal(pl.summarise_pipeline(whole), _pandas_summary(_grouped_sums(whole)), check_exact=True)


def test_summary_of_the_run_is_the_pandas_summary_of_its_chunks(run):
    parts = [run.sentiment.iloc[i:i + 7] for i in range(0, len(run.sentiment), 7)]
    partials = pd.concat([_grouped_sums(part) for part in parts], ignore_index=True)
    pd.testing.assert_frame_equal(pl.finish_summary(partials), _pandas_summary(partials), check_exact=True)
    pd.testing.assert_frame_equal(run.summary, _pandas_summary(_grouped_sums(run.sentiment)), check_exact=True)


def test_summary_interval_is_the_t_interval_of_each_cell(run):
    from scipy import stats

    summary = run.summary.set_index(["outlet", "target", "engine"])
    checked = 0
    for key, cell in run.sentiment.groupby(["outlet", "target", "engine"]):
        row = summary.loc[key]
        values = cell["polarity"].to_numpy(dtype=float)
        if len(values) < 2:
            assert pd.isna(row["ci_low"]) and pd.isna(row["ci_high"])
            continue
        low, high = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
        low, high = max(low, -1.0), min(high, 1.0)  # a mean polarity lies in [-1, 1]
        assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
        assert row["ci_low"] <= row["mean_polarity"] <= row["ci_high"]
        checked += 1
    assert checked >= 10


def test_summary_shares_are_sign_based_and_named_so(run):
    """Not the label shares of kz.summarise_sentiment (thresholds): the names say so."""
    shares = ["share_below_zero", "share_zero", "share_above_zero"]
    assert pl.SUMMARY_COLUMNS[-3:] == shares
    assert not {"share_negative", "share_neutral", "share_positive"} & set(run.summary.columns)
    assert run.summary[shares].sum(axis=1).round(9).eq(1).all()


def test_empty_and_actorless_articles_do_not_crash():
    table = pd.DataFrame({"text": ["No actors are named here. Nothing at all.", "Only 5 words in this."]})
    result = pl.run_pipeline(table, workers=1, progress=False)
    assert result.mentions.empty and result.sentiment.empty and result.summary.empty
    assert result.articles["n_sentences"].tolist() == [2, 1]
    assert re.fullmatch(r"\d{8}", result.articles["doc_id"][0])


# ------------------------------------------------------------------ ids
_COLUMNS = {"doc_id": "id", "raw_text": "body", "outlet": "source"}


def test_analyse_chunk_names_an_id_that_is_not_text():
    records = pl.records_from_table(_table(), _COLUMNS).assign(doc_id=[1, 2, 3])
    with pytest.raises(pl.PipelineError, match=r"doc_id must be text, not int \(1\)"):
        pl.analyse_chunk(records)


@pytest.mark.parametrize("chunk_size", [10, 1])
def test_duplicate_ids_are_named_whatever_the_source_and_chunking(tmp_path, chunk_size):
    table = _table().assign(id=["a", "b", "a"])
    table.to_csv(tmp_path / "a.csv", index=False)
    table.to_parquet(tmp_path / "a.parquet", index=False)
    for source in (table, tmp_path / "a.csv", tmp_path / "a.parquet", table.to_dict("records")):
        with pytest.raises(pl.PipelineError, match=r"duplicate doc_id values \['a'\]"):
            pl.run_pipeline(source, columns=_COLUMNS, chunk_size=chunk_size, workers=1, progress=False)


def test_analyse_chunk_names_duplicate_ids():
    records = pl.records_from_table(_table(), _COLUMNS)
    records.loc[2, "doc_id"] = "b"
    with pytest.raises(pl.PipelineError, match=r"duplicate doc_id values \['b'\]"):
        pl.analyse_chunk(records)


# ------------------------------------------------------------- folder source
_ARTICLE = "Talks in Astana\n\nTokayev met Putin in Astana on Monday.\n\nRussia and the West watched the talks closely."


def test_folder_source_keeps_the_loader_checks(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.txt").write_text(_ARTICLE, encoding="utf-8")
    (folder / "two.txt").write_text(_ARTICLE.replace("Monday", "Friday"), encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    (folder / "articles.csv").write_text("doc_id,file,outlet\nd1,one.txt,Kursiv\nd3,gone.txt,AFP\n", encoding="utf-8")
    with pytest.warns(CorpusWarning) as caught:
        records = pd.concat(list(pl.iter_article_chunks(folder, chunk_size=1)), ignore_index=True)
    messages = " | ".join(str(w.message) for w in caught)
    assert "gone.txt: listed in the manifest but missing" in messages
    assert "two.txt: not in the manifest articles.csv" in messages
    assert "notes.json: ignored" in messages
    with pytest.warns(CorpusWarning):
        corpus = kz.load_corpus(folder, clean=False)
    assert records["doc_id"].tolist() == corpus["doc_id"].tolist() == ["d1", "two"]
    assert records["raw_text"].tolist() == corpus["raw_text"].tolist()
    assert records["outlet"].tolist() == ["Kursiv", ""]
    with pytest.warns(CorpusWarning):
        run = pl.run_pipeline(folder, stages=["clean"], workers=1, progress=False)
    assert any(note.startswith("gone.txt: listed in the manifest but missing") for note in run.notes)
    with pytest.warns(CorpusWarning), pytest.raises(ManifestError, match="gone.txt: listed in the manifest but missing"):
        list(pl.iter_article_chunks(folder, errors="raise"))


def test_folder_files_sharing_an_id_raise(tmp_path):
    (tmp_path / "x.txt").write_text(_ARTICLE, encoding="utf-8")
    (tmp_path / "x.md").write_text(_ARTICLE, encoding="utf-8")
    with pytest.raises(ManifestError, match=r"x.md', 'x.txt'\] would share the doc_id\(s\) \['x'\]"):
        list(pl.iter_article_chunks(tmp_path))


# -------------------------------------------------- one implementation each
def test_mentions_come_from_the_entities_module(monkeypatch):
    from kzanalysis import entities

    calls = []
    original = entities.mention_rows

    def spy(doc_ids, sentence_ids, sentences, *args, **kwargs):
        calls.append(len(sentences))
        return original(doc_ids, sentence_ids, sentences, *args, **kwargs)

    monkeypatch.setattr(entities, "mention_rows", spy)
    result = pl.analyse_chunk(pl.records_from_table(_table(), _COLUMNS), stages=["mentions"], keep_sentences=True)
    assert calls == [len(result.sentences)]
    assert set(result.mentions["actor"]) >= {"Russia", "Tokayev", "Putin"}


def test_boilerplate_share_has_one_definition(run, corpus):
    from kzanalysis.clean import boilerplate_share, clean_text

    raw = "Talks in Astana\n\nTokayev met Putin.\n\nSource link"
    assert boilerplate_share(raw, clean_text(raw).removed) == round(len("Source link") / len(raw), 4)
    assert run.articles["boilerplate_share"].tolist() == corpus["boilerplate_share"].tolist()
    assert corpus["boilerplate_share"].gt(0).any()


def test_unknown_outlet_is_labelled_like_the_rest_of_the_package():
    table = pd.DataFrame(
        {
            "id": ["x1", "x2"],
            "body": ["Russia is a neighbour. Russia helps.", "Russia is a great partner."],
            "source": ["", "AFP"],
        }
    )
    result = pl.run_pipeline(table, columns=_COLUMNS, workers=1, progress=False)
    labels = kz.source_label(table.rename(columns={"id": "doc_id", "source": "outlet"})).tolist()
    assert labels == ["doc x1", "AFP"]
    assert sorted(set(result.sentiment["outlet"])) == sorted(set(result.summary["outlet"])) == sorted(labels)
    assert result.articles["outlet"].tolist() == ["", "AFP"]  # the article metadata stay as given


@pytest.mark.parametrize("outlet", ["AFP", " AFP", "AFP\u00a0", "", "«TASS»", "Reuters 2", "\u00e9lan"])
def test_chunk_source_labels_are_those_of_source_label(outlet):
    records = pl.records_from_table(pd.DataFrame({"doc_id": ["a", "b"], "outlet": [outlet, "BBC"], "raw_text": ["x", "y"]}))
    expected = dict(zip(["a", "b"], kz.source_label(records).tolist()))
    assert pl._source_labels(records, ["a", "b"], records["outlet"].tolist()) == expected


def test_a_failing_statistics_extractor_is_not_skipped(monkeypatch):
    from kzanalysis import quantities

    def unfinished(*args, **kwargs):
        raise NotImplementedError("extractor unfinished")

    monkeypatch.setattr(quantities, "_statistics_of_sentences", unfinished)
    with pytest.raises(NotImplementedError, match="extractor unfinished"):
        pl.analyse_chunk(pl.records_from_table(_table(), _COLUMNS), stages=["statistics"])


# ---------------------------------------------------------------- benchmark
def test_pipeline_benchmark_loads_its_generator_by_path():
    bench_file = project_root() / "benchmarks" / "bench_pipeline.py"
    spec = importlib.util.spec_from_file_location("bench_pipeline_under_test", bench_file)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path_before = list(sys.path)
    generator = bench.load_generate_corpus()
    assert sys.path == path_before
    assert callable(generator.write_corpus)
    assert "sys.path" not in bench_file.read_text(encoding="utf-8")


def test_a_run_freezes_the_heap_only_while_it_runs_and_leaves_a_caller_freeze_alone():
    import gc

    table = pl.records_from_table(_table(), _COLUMNS)
    seen: list[int] = []
    original = pl.analyse_chunk

    def spy(records, **kwargs):
        seen.append(gc.get_freeze_count())
        return original(records, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pl, "analyse_chunk", spy)
        assert gc.get_freeze_count() == 0
        pl.run_pipeline(table, workers=1, progress=False)
        assert seen and seen[0] > 0  # the caller's objects were out of the collector's reach during the run
        assert gc.get_freeze_count() == 0
        gc.freeze()
        try:
            pl.run_pipeline(table, workers=1, progress=False)
            assert gc.get_freeze_count() > 0  # still the caller's to unfreeze
        finally:
            gc.unfreeze()


def test_the_progress_bar_knows_how_many_articles_a_folder_holds(tmp_path):
    from kzanalysis.config import raw_dir

    assert pl._count_articles(None) == len(kz.load_corpus()) == 5
    for name, text in {"a.txt": "Astana, 2024. Trade grew 5%.", "b.md": "# B\\n\\nRussia and Kazakhstan.", "c.pdf": "%PDF"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert pl._count_articles(tmp_path) == 2
    with pytest.warns(Warning):
        result = pl.run_pipeline(tmp_path, workers=1, progress=False)
    assert result.n_articles == pl._count_articles(tmp_path)
    assert pl._count_articles(raw_dir() / "missing") is None
