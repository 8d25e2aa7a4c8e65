"""Sentence and paragraph segmentation on the corpus' hard cases."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import requires_shared
from hypothesis import given, settings
from hypothesis import strategies as st

import kzanalysis as kz
from kzanalysis.config import benchmarks_data_dir
from kzanalysis.segment import (
    _BOUNDARY,
    _FULL_STOP_BOUNDARY,
    _OPENERS,
    SENTENCE_COLUMNS,
    _is_abbreviation,
    _is_heading,
    abbreviations,
    iter_sentence_spans,
    paragraph_spans,
    sentence_spans,
    split_sentences,
)


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


# ------------------------------------------- the fast splitter equals the plain one
# The plain splitter, written the straightforward way: one search per paragraph,
# the token before a full stop read character by character, rows of tuples.
# The package's splitter takes shortcuts; these tests pin that they change nothing.
PLAIN_BOUNDARY = re.compile(r"""[.!?]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])""")


def plain_is_abbreviation(text, dot):
    if text[dot] != ".":
        return False
    begin = dot
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    token = text[begin:dot].lstrip(_OPENERS).lower()
    return bool(token) and ((len(token) == 1 and token.isalpha()) or token in abbreviations())


def plain_sentence_spans(text, start=0, end=None):
    end = len(text) if end is None else end
    spans, cursor = [], start
    for match in PLAIN_BOUNDARY.finditer(text, start, end):
        if not plain_is_abbreviation(text, match.start()):
            spans.append((cursor, match.end()))
            cursor = match.end()
    spans.append((cursor, end))
    stripped = []
    for s, e in spans:
        left, right = len(text[s:e]) - len(text[s:e].lstrip()), len(text[s:e].rstrip())
        if right > left:
            stripped.append((s + left, s + right))
    return stripped


def plain_paragraph_spans(text):
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if line.strip():
            spans.append((match.start() + len(line) - len(line.lstrip()), match.start() + len(line.rstrip())))
    return spans


def plain_is_heading(paragraph):
    words = paragraph.split()
    return (len(words) <= 15 and not paragraph.rstrip().endswith((".", '"', "'", ")"))) or (
        paragraph.isupper() and len(words) > 1
    )


def plain_sentences(corpus):
    rows = []
    for doc_id, body in zip(corpus["doc_id"], corpus["body"]):
        s_id = 0
        for p_id, (p_start, p_end) in enumerate(plain_paragraph_spans(body)):
            heading = plain_is_heading(body[p_start:p_end])
            for start, end in plain_sentence_spans(body, p_start, p_end):
                rows.append((doc_id, p_id, s_id, body[start:end], start, end, heading))
                s_id += 1
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def assert_same_segmentation(text):
    assert paragraph_spans(text) == plain_paragraph_spans(text)
    assert iter_sentence_spans(text) == [s for p in plain_paragraph_spans(text) for s in plain_sentence_spans(text, *p)]
    assert sentence_spans(text) == plain_sentence_spans(text)
    for dot in (m.start() for m in re.finditer(r"\.", text)):
        assert _is_abbreviation(text, dot) == plain_is_abbreviation(text, dot), (text, dot)


TRICKY_TEXTS = [
    'He visited St. Petersburg. Then ("St. Louis") and (J. Smith). U.S.-led. Talks began.',
    "Mr.\tSmith met Dr.\u2003Ivanova. St.\u00a0Louis. x\u2003St. Peter. Next one.",
    "Hello.\nWorld. Hello. \nWorld \u2003\n\n  \t\nLast line.",
    ". A start. a. B c.. D e?! F g... H. «Quoted.» Then. [Bracket.] Done.",
    'He said "no." Then left. \u201cYes.\u201d Then. (Fin.) Over.',
    "ΑΣ. Next. ΚΑΣ.Σ. Next. İST. Next. ıst. Next. ſt. Next. KG. Next.",
    "\u2028x.\u2028 Y. a b\rc. D.\x1c E.",
    "Trade reached $24.2 billion in 2021. It grew 1.5 times. No. 5 is next. Sept. 4 came.",
    "A. B. C. the e.g. case. I.E. Next. u.s.s.r. Then",
    '"St. Petersburg." "J." Then. --Dr. Who. –Mr. X. Then.',
    "U.\u212a. Next. The U.\u212a. Then \u212a. Then.",  # Kelvin sign: lower-cases to k
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_fast_splitter_on_crafted_text(text):
    assert_same_segmentation(text)
    for start in range(0, len(text), 7):
        for end in (start, start + 9, len(text)):
            assert sentence_spans(text, start, end) == plain_sentence_spans(text, start, end)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aAbsStTuU.!?\"'“‘«()[]–- \n\t\u2003\u00a0ΣİıſK0", max_size=80))
def test_fast_splitter_on_any_text(text):
    assert_same_segmentation(text)
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in PLAIN_BOUNDARY.finditer(text)]
    plain = text.replace("!", ".").replace("?", ".")
    assert [m.span() for m in _FULL_STOP_BOUNDARY.finditer(plain)] == [m.span() for m in PLAIN_BOUNDARY.finditer(plain)]


def test_fast_splitter_on_the_bundled_corpus(corpus):
    for body in corpus["body"]:
        assert_same_segmentation(body)
    pd.testing.assert_frame_equal(kz.sentences(corpus), plain_sentences(corpus), check_exact=True)


def test_sentence_table_keeps_the_types_of_any_doc_id():
    for doc_ids in (["a", "b"], [7, 8], [1.5, 2.5], ["a", 3]):
        corpus = pd.DataFrame({"doc_id": doc_ids, "body": [TRICKY_TEXTS[0], "Title\n" + TRICKY_TEXTS[2]]})
        pd.testing.assert_frame_equal(kz.sentences(corpus), plain_sentences(corpus), check_exact=True)
    blank = pd.DataFrame({"doc_id": ["a"], "body": [" \n "]})
    pd.testing.assert_frame_equal(kz.sentences(blank), plain_sentences(blank), check_exact=True)


def test_heading_word_count_stops_early_but_agrees():
    for words in range(0, 20):
        for word in ("Word", "WORD", "word\t"):
            for end in ("", ".", " )"):
                line = " ".join([word] * words) + end
                assert _is_heading(line) == plain_is_heading(line), line


def test_spans_beyond_the_text_and_negative_offsets():
    text = "First one. Second one."
    assert sentence_spans(text, 0, 100) == sentence_spans(text) == [(0, 10), (11, 22)]
    with pytest.raises(ValueError, match="offsets from 0"):
        sentence_spans(text, -1)


@requires_shared
def test_fast_splitter_on_the_bbc_corpus():
    bbc = pd.read_csv(benchmarks_data_dir() / "bbc" / "bbc_news.csv", dtype=str, keep_default_na=False)
    corpus = pd.DataFrame({"doc_id": bbc["id"], "body": bbc["text"]})
    pd.testing.assert_frame_equal(kz.sentences(corpus), plain_sentences(corpus), check_exact=True)
