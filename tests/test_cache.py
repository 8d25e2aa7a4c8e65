"""The on-disk table cache: hits on the same content, never a stale table."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import kzanalysis as kz
from kzanalysis import cache as kc
from kzanalysis import pipeline as pl


@pytest.fixture()
def store(tmp_path):
    return kc.TableCache(tmp_path / "cache")


def test_sentences_are_served_from_disk_on_rerun(store, corpus, corpus_sentences):
    calls = []

    def split(table):
        calls.append(1)
        return kz.sentences(table)

    first = kc.cached("sentences", split, corpus[["doc_id", "body"]], cache=store)
    second = kc.cached("sentences", split, corpus[["doc_id", "body"]], cache=store)
    assert len(calls) == 1
    assert (first.attrs["cache"], second.attrs["cache"]) == ("miss", "hit")
    pd.testing.assert_frame_equal(second, corpus_sentences)


def test_nested_cells_round_trip_exactly(store, corpus):
    table = corpus[["doc_id", "removed", "n_removed"]]
    kc.cached("removed", lambda t: t.copy(), table, cache=store)
    again = kc.cached("removed", lambda t: t.copy(), table, cache=store)
    assert again.attrs["cache"] == "hit"
    pd.testing.assert_frame_equal(again, table)
    assert again["removed"].map(type).eq(list).all()


def test_changed_content_is_never_served_stale(store, corpus):
    bodies = corpus[["doc_id", "body"]]
    kc.cached("sentences", kz.sentences, bodies, cache=store)
    edited = bodies.copy()
    edited.loc[0, "body"] = edited.loc[0, "body"] + " One more sentence here."
    fresh = kc.cached("sentences", kz.sentences, edited, cache=store)
    assert fresh.attrs["cache"] == "miss"
    assert fresh["sentence"].tolist()[-1 - (fresh["doc_id"] != bodies.loc[0, "doc_id"]).sum()] == "One more sentence here."


def test_parameters_and_function_are_part_of_the_key(store):
    table = pd.DataFrame({"x": [1, 2, 3]})
    a = kc.cached("t", lambda t, k=1: t * k, table, cache=store, k=2)
    b = kc.cached("t", lambda t, k=1: t * k, table, cache=store, k=3)
    assert (a.attrs["cache"], b.attrs["cache"]) == ("miss", "miss")
    assert b["x"].tolist() == [3, 6, 9]


def test_a_code_or_data_change_invalidates(store, monkeypatch):
    table = pd.DataFrame({"x": ["a"]})
    kc.cached("t", lambda t: t.copy(), table, cache=store)
    monkeypatch.setattr(kc, "code_fingerprint", lambda: "an edited gazetteer")
    assert kc.cached("t", lambda t: t.copy(), table, cache=store).attrs["cache"] == "miss"


def test_code_fingerprint_follows_a_knowledge_file(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    (package / "data").mkdir(parents=True)
    rules = package / "data" / "rules.csv"
    rules.write_text("a\n", encoding="utf-8")
    monkeypatch.setattr(kc, "PACKAGE_DIR", package)
    before = kc.code_fingerprint()
    rules.write_text("ab\n", encoding="utf-8")
    assert kc.code_fingerprint() != before


def test_an_entry_whose_components_differ_is_ignored(store):
    table = pd.DataFrame({"x": [1]})
    key, components = kc.cache_key("t", table)
    store.put(key, components, {"table": table})
    meta = store.path(key) / "meta.json"
    data = json.loads(meta.read_text())
    data["components"]["inputs"] = "0" * 64
    meta.write_text(json.dumps(data))
    assert store.get(key, components) is None


def test_a_damaged_entry_is_recomputed(store):
    table = pd.DataFrame({"x": [1.5]})
    kc.cached("t", lambda t: t.copy(), table, cache=store)
    for file in store.root.rglob("*.parquet"):
        file.write_bytes(b"not parquet")
    again = kc.cached("t", lambda t: t.copy(), table, cache=store)
    assert again.attrs["cache"] == "miss"
    pd.testing.assert_frame_equal(again, table)


def test_content_hash_is_about_content(tmp_path):
    a = pd.DataFrame({"x": ["Russia", "West"]})
    assert kc.content_hash(a) == kc.content_hash(a.copy())
    assert kc.content_hash(a) != kc.content_hash(a.iloc[::-1].reset_index(drop=True))
    assert kc.content_hash(a) != kc.content_hash(a.rename(columns={"x": "y"}))
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("same", encoding="utf-8")
    two.write_text("same", encoding="utf-8")
    assert kc.content_hash(one) == kc.content_hash(two)
    with pytest.raises(kc.CacheError, match="cannot key a cache on a object"):
        kc.content_hash(object())


def test_pipeline_chunks_are_cached_and_equal(tmp_path):
    first = pl.run_pipeline(chunk_size=2, workers=1, cache=tmp_path, keep_sentences=True, progress=False)
    second = pl.run_pipeline(chunk_size=2, workers=2, cache=tmp_path, keep_sentences=True, progress=False)
    assert (first.cache_hits, second.cache_hits) == (0, 3)
    for name in ("articles", "mentions", "sentiment", "statistics", "sentences", "summary"):
        pd.testing.assert_frame_equal(getattr(second, name), getattr(first, name), obj=name)
    other_engine = pl.run_pipeline(chunk_size=2, workers=1, cache=tmp_path, engines=["vader"], progress=False)
    assert other_engine.cache_hits == 0
