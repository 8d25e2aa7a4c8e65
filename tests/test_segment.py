"""Sentence and paragraph segmentation on the corpus' hard cases."""

from __future__ import annotations

import pandas as pd
import pytest

import kzanalysis as kz
from kzanalysis.segment import SENTENCE_COLUMNS, sentence_spans, split_sentences


def sentences_of(corpus_sentences, doc_id):
    return list(corpus_sentences.loc[corpus_sentences["doc_id"] == doc_id, "sentence"])


def test_st_petersburg_is_not_a_sentence_end(corpus_sentences):
    found = [s for s in sentences_of(corpus_sentences, "003") if "St. Petersburg" in s]
    assert found == [
        "The most recent sign of tensions came at an economic forum in Russia's second city, "
        "St. Petersburg, last week, as Kazakh President Kassym-Jomart Tokayev discussed global "
        "politics with his Russian counterpart Vladimir Putin."
    ]
    assert any(s.startswith("The world was caught off-guard when, in St. Petersburg economic forum")
               for s in sentences_of(corpus_sentences, "002"))


def test_editor_note_stays_inside_its_sentence(corpus_sentences):
    assert "And this can lead to conflicts between Tokyo and the two powers (Russia and China. – Ed .)." in sentences_of(corpus_sentences, "001")


def test_quote_spanning_sentences_keeps_its_marks_with_the_right_sentences(corpus_sentences):
    doc = sentences_of(corpus_sentences, "001")
    start = doc.index('"This is directly related to the Russian invasion of Ukraine and reflects the international consequences of the war, going far beyond Europe.')
    assert doc[start + 1].startswith("Obviously, the future security structure of Central Asia")
    assert doc[start + 2] == 'While no one is certain that this will bring about change, such fragility is often a harbinger of bad news," Blank concludes.'


def test_closing_quote_stays_with_its_sentence(corpus_sentences):
    doc = sentences_of(corpus_sentences, "003")
    assert '"Tokayev is the type of character that we are not used to seeing anymore (in Russia).' in doc
    assert 'He did not falter, he looked Putin directly in the eye," Dubnov said in an interview with the media on Wednesday.' in doc


def test_headlines_without_full_stop_are_their_own_sentence(corpus_sentences):
    doc = corpus_sentences[corpus_sentences["doc_id"] == "002"]
    row = doc[doc["sentence"] == "Kassym-Jomart Tokayev challenging Russia!"]
    assert len(row) == 1 and bool(row["is_heading"].iloc[0])
    row = doc[doc["sentence"] == "Blue-eyed boy for the West!"]
    assert len(row) == 1 and bool(row["is_heading"].iloc[0])
    doc4 = corpus_sentences[corpus_sentences["doc_id"] == "004"]
    assert "Understanding the complicated Astana-Moscow relationship" in set(doc4["sentence"])
    cap = corpus_sentences[corpus_sentences["sentence"] == "THE GROWING INFLUENCE OF JAPAN IN CENTRAL ASIA"]
    assert len(cap) == 1 and bool(cap["is_heading"].iloc[0])


def test_us_and_initials_do_not_split():
    assert split_sentences("The U.S. Treasury warned Astana. Russia objected.") == [
        "The U.S. Treasury warned Astana.", "Russia objected."]
    assert split_sentences("U.S. officials met J. Smith and Dr. Ivanova in Washington. Talks went on.") == [
        "U.S. officials met J. Smith and Dr. Ivanova in Washington.", "Talks went on."]


def test_space_before_full_stop_and_lower_case_continuation():
    text = 'the Russian website Lenta.ru wrote in 2021 . "Now the information environment is friendly." It ended.'
    assert split_sentences(text) == [
        "the Russian website Lenta.ru wrote in 2021 .", '"Now the information environment is friendly."', "It ended."]
    assert split_sentences("his departure won't be amicable. if he keeps moving") == [
        "his departure won't be amicable. if he keeps moving"]


def test_numbers_and_amounts_do_not_split():
    assert split_sentences("Trade reached $24.2 billion in 2021. It grew 1.5 times.") == [
        "Trade reached $24.2 billion in 2021.", "It grew 1.5 times."]


def test_spans_cover_each_paragraph_without_gaps():
    text = 'First one. "Second one?" Third (in brackets).\nNew line here'
    spans = sentence_spans(text, 0, text.index("\n"))
    assert [text[s:e] for s, e in spans] == ["First one.", '"Second one?"', "Third (in brackets)."]
    pieces = " ".join(text[s:e] for s, e in spans)
    assert pieces == text[: text.index("\n")]


def test_sentence_table_offsets_point_into_the_body(corpus, corpus_sentences):
    assert list(corpus_sentences.columns) == SENTENCE_COLUMNS
    bodies = corpus.set_index("doc_id")["body"]
    for row in corpus_sentences.itertuples():
        assert bodies[row.doc_id][row.start:row.end] == row.sentence
    counts = corpus_sentences.groupby("doc_id")["sentence_id"].agg(["min", "max", "count"])
    assert (counts["min"] == 0).all() and (counts["max"] + 1 == counts["count"]).all()


def test_paragraph_table_matches_the_corpus(corpus):
    table = kz.paragraphs(corpus)
    assert list(table.columns) == ["doc_id", "paragraph_id", "paragraph", "start", "end", "is_heading"]
    assert table.groupby("doc_id").size().to_dict() == dict(zip(corpus["doc_id"], corpus["n_paragraphs"]))


def test_empty_corpus_gives_empty_tables():
    empty = pd.DataFrame({"doc_id": pd.Series([], dtype=str), "body": pd.Series([], dtype=str)})
    assert kz.sentences(empty).empty and list(kz.sentences(empty).columns) == SENTENCE_COLUMNS
    assert kz.paragraphs(empty).empty


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_blank_text_has_no_sentences(text):
    assert split_sentences(text) == []
