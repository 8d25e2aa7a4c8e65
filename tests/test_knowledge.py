"""Edited knowledge files reach a running process, and its cache entries."""

from __future__ import annotations

import shutil
import sys

import pandas as pd
import pytest

import kzanalysis as kz
from kzanalysis import cache as kc
from kzanalysis import config
from kzanalysis import pipeline as pl
from kzanalysis.knowledge import knowledge_loaders, reload_knowledge

NEW_ACTOR_ROW = "Zorbania,country,,Zorbania,yes,name\n"
SENTENCES = pd.DataFrame(
    {
        "doc_id": ["d1", "d1"],
        "sentence_id": [0, 1],
        "sentence": ["Tokayev met envoys from Zorbania in Astana.", "Russia said nothing."],
    }
)


@pytest.fixture()
def knowledge_copy(tmp_path):
    """A copy of the package's knowledge files that every module reads instead."""
    real = config.PACKAGE_DATA_DIR
    copy = tmp_path / "data"
    shutil.copytree(real, copy)
    with pytest.MonkeyPatch.context() as patch:
        for name, module in list(sys.modules.items()):
            if name.split(".")[0] == "kzanalysis" and getattr(module, "PACKAGE_DATA_DIR", None) == real:
                patch.setattr(module, "PACKAGE_DATA_DIR", copy)
        yield copy
    reload_knowledge()  # the rest of the session reads the package's own files again


def _actors(table: pd.DataFrame) -> set[str]:
    return set(table["actor"])


def test_reload_knowledge_empties_every_loader(corpus_sentences):
    kz.mentions(corpus_sentences.head(50))
    kz.clean_text("Title\n\nBody text.\n\nSource link")
    loaders = knowledge_loaders()
    for name in ("kzanalysis.entities.load_gazetteer", "kzanalysis.clean.boilerplate_rules", "kzanalysis.segment.abbreviations"):
        assert name in loaders
    assert loaders["kzanalysis.entities.load_gazetteer"].cache_info().currsize > 0
    cleared = reload_knowledge()
    assert cleared == list(loaders)
    assert all(loader.cache_info().currsize == 0 for loader in loaders.values())


def test_cached_table_follows_an_edited_gazetteer(knowledge_copy, tmp_path):
    store = kc.TableCache(tmp_path / "cache")
    before = kc.cached("mentions", kz.mentions, SENTENCES, cache=store)
    assert before.attrs["cache"] == "miss"
    assert "Zorbania" not in _actors(before)

    with open(knowledge_copy / "gazetteer.csv", "a", encoding="utf-8") as handle:
        handle.write(NEW_ACTOR_ROW)
    after = kc.cached("mentions", kz.mentions, SENTENCES, cache=store)
    assert after.attrs["cache"] == "miss"
    assert "Zorbania" in _actors(after)
    assert _actors(after) - _actors(before) == {"Zorbania"}

    key, components = kc.cache_key("mentions", SENTENCES, params={"function": "kzanalysis.entities.mentions"})
    stored = store.get(key, components)
    assert stored is not None
    assert "Zorbania" in _actors(stored["table"])


def test_cached_pipeline_follows_an_edited_gazetteer(knowledge_copy, tmp_path):
    table = pd.DataFrame({"id": ["d1"], "text": ["Tokayev met envoys from Zorbania in Astana. Russia said nothing."]})
    run = {"columns": {"doc_id": "id"}, "stages": ["mentions"], "workers": 1, "cache": tmp_path, "progress": False}
    first = pl.run_pipeline(table, **run)
    assert "Zorbania" not in _actors(first.mentions)

    with open(knowledge_copy / "gazetteer.csv", "a", encoding="utf-8") as handle:
        handle.write(NEW_ACTOR_ROW)
    second = pl.run_pipeline(table, **run)
    assert second.cache_hits == 0
    assert "Zorbania" in _actors(second.mentions)
    third = pl.run_pipeline(table, **run)
    assert third.cache_hits == 1
    assert "Zorbania" in _actors(third.mentions)  # the entry under the new key holds the new actor


def test_sync_reloads_only_after_a_change(knowledge_copy):
    kc.sync_knowledge()
    assert kc.sync_knowledge() is False
    with open(knowledge_copy / "abbreviations.txt", "a", encoding="utf-8") as handle:
        handle.write("zorb\n")
    assert kc.sync_knowledge() is True
    assert "zorb" in kz.segment.abbreviations()
