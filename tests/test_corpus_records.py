"""iter_article_records: the loader's reading, one article at a time."""

from __future__ import annotations

import pandas as pd
import pytest

import kzanalysis as kz
from kzanalysis.corpus import CorpusWarning, iter_article_records

ARTICLE = "Talks in Astana\n\nTokayev met Putin in Astana on Monday.\n\nRussia and the West watched closely."


def test_records_are_the_rows_load_corpus_builds_its_table_from():
    report: list[dict] = []
    records = pd.DataFrame(list(iter_article_records(report=report)))
    corpus = kz.load_corpus(clean=False)
    records = records.sort_values("doc_id", ignore_index=True)
    for column in ("doc_id", "file", "sha256", "outlet", "headline", "date", "raw_text", "encoding", "format"):
        assert records[column].tolist() == corpus[column].astype(str).tolist(), column
    assert report == corpus.attrs["load_report"]


def _folder(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("Monday", "Friday"), encoding="utf-8")
    (folder / "articles.csv").write_text("doc_id,file,outlet\nA,a.txt,Kursiv\nB,b.txt,AFP\n", encoding="utf-8")
    return folder


def test_records_stream_one_file_at_a_time(tmp_path):
    folder = _folder(tmp_path)
    records = iter_article_records(folder)
    first = next(records)
    assert (first["doc_id"], first["outlet"], first["raw_text"]) == ("A", "Kursiv", ARTICLE)
    (folder / "b.txt").unlink()  # not read yet: its absence is found when the stream gets there
    with pytest.warns(CorpusWarning, match="b.txt: listed in the manifest but missing"):
        assert list(records) == []


def test_size_limit_and_report_reach_the_caller(tmp_path):
    folder = _folder(tmp_path)
    report: list[dict] = []
    with pytest.warns(CorpusWarning, match="over the 60-byte limit"):
        records = list(iter_article_records(folder, max_bytes=60, report=report))
    assert records == []
    assert [item["file"] for item in report] == ["a.txt", "b.txt"]
    with pytest.raises(ValueError, match="errors must be 'warn' or 'raise'"):
        next(iter_article_records(folder, errors="ignore"))
