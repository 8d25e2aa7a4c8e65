"""The fast paths of the statistics stage give exactly what the plain paths give.

Each shortcut is checked on its own (tokens, pattern pre-checks, the column
pre-filter, number reading) and the whole stage is run once more with every
shortcut switched off (``slow_statistics``): both tables must be identical, on
the bundled corpus, on crafted documents and, when ../shared is present, on the
BBC corpus.
"""

from __future__ import annotations

import dataclasses
import math
import re

import pandas as pd
import pytest
from conftest import requires_shared
from hypothesis import given, settings
from hypothesis import strategies as st

import kzanalysis as kz
from kzanalysis import numbers
from kzanalysis import quantities as q
from kzanalysis.config import benchmarks_data_dir
from kzanalysis.literals import Haystack, LiteralCheck

CRAFTED_TEXTS = [
    "",
    "   ",
    "\tTabs\nand  double  spaces ",
    "Up 2.5% to\u00a0$1,500 bn; 1\u00a0500\u202f000 people, 19,5 and 1.5.2023.",
    "rock'n'roll, don't, o'clock, Kazakhstan's 5th-largest G20 partner, Soyuz-5.",
    "İstanbul ſurvey \u212aelvin ıs ΣΑΣ ΟΔΟΣ café naïve Ⅻ ² ٤٢ _x_",
    "A million people, a half of them migrants, and a century of history.",
    "Tens of thousands protested; ONE HUNDRED were detained in March 2022.",
]


def reference_tokens(text: str) -> list[tuple[str, str, int, int]]:
    """Tokens as one ``finditer`` over the token pattern gives them."""
    return [(m.group(), m.group().lower(), m.start(), m.end()) for m in numbers._TOKEN.finditer(text)]


def reference_tokenize(text: str) -> list[numbers.Token]:
    return [numbers.Token(*fields) for fields in reference_tokens(text)]


def bbc_sentences(limit: int | None = None) -> pd.DataFrame:
    """Sentence table of the BBC corpus (``limit`` articles), as the pipeline segments it."""
    bbc = pd.read_csv(benchmarks_data_dir() / "bbc" / "bbc_news.csv", dtype=str, keep_default_na=False)
    rows = [
        (str(doc_id), number, sentence)
        for doc_id, text in zip(bbc["id"], bbc["text"].head(limit) if limit else bbc["text"])
        for number, sentence in enumerate(kz.split_sentences(text))
    ]
    return pd.DataFrame(rows, columns=["doc_id", "sentence_id", "sentence"])


# --- tokens ---------------------------------------------------------------------------

def test_tokenize_gives_the_tokens_of_the_token_pattern(corpus_sentences):
    texts = corpus_sentences["sentence"].tolist() + CRAFTED_TEXTS
    assert [[tuple(t) for t in numbers.tokenize(s)] for s in texts] == [reference_tokens(s) for s in texts]
    assert numbers.tokenize("İstanbul ſurvey")[0].lower == "i\u0307stanbul"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ09 .,'-$£%\u00a0\u202f\t\nİſ\u212aéΣ_²٤")), max_size=40))
def test_tokenize_matches_the_token_pattern_on_any_text(text):
    assert [tuple(t) for t in numbers.tokenize(text)] == reference_tokens(text)


@requires_shared
def test_tokenize_gives_the_tokens_of_the_token_pattern_on_bbc():
    texts = bbc_sentences(600)["sentence"].tolist()
    assert [[tuple(t) for t in numbers.tokenize(s)] for s in texts] == [reference_tokens(s) for s in texts]


def test_parse_digits_reads_plain_digits_as_the_general_path(corpus_sentences):
    plain = {t.text for s in corpus_sentences["sentence"] for t in numbers.tokenize(s) if t.text.isdigit()}
    assert len(plain) > 20
    assert all(numbers.parse_digits(t) == float(t) for t in plain)
    assert numbers.parse_digits("0042") == 42.0
    # digits that are not ASCII stay with the general path, which does not read them
    assert numbers.parse_digits("\u0664\u0662") is None and numbers.parse_digits("\u00b2") is None


# --- pattern pre-checks -----------------------------------------------------------------

def every_rule_pattern() -> list[re.Pattern[str]]:
    rules = q.load_rules()
    return (
        [r.pattern for r in rules.categories]
        + [p for p, _ in rules.exclusions]
        + [q._BETWEEN_BEFORE, q._MONTH_BEFORE, q._MONTH_ALONE]
    )


def pattern_texts(sentences: list[str]) -> list[str]:
    """Sentences, their lower and upper case, windows of them, and texts with case traps."""
    texts = []
    for sentence in sentences:
        texts += [sentence, sentence.lower(), sentence.upper(), sentence[len(sentence) // 3:]]
    return texts + CRAFTED_TEXTS + ["Opinion polls", "TRADE", "ONE of", "ſurvey", "\u212ailled", "İMPORTS"]


def test_prechecks_never_rule_out_a_match(corpus_sentences):
    texts = pattern_texts(corpus_sentences["sentence"].tolist())
    ruled_out = 0
    for pattern in every_rule_pattern():
        precheck = LiteralCheck.of(pattern)
        for text in texts:
            if precheck.rules_out(text):
                ruled_out += 1
                assert pattern.search(text) is None, (pattern.pattern, text)
            assert precheck.rules_out(Haystack(text)) == precheck.rules_out(text)  # as _categorise asks
    assert ruled_out > 1000, "the pre-checks skip most searches"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(
    ["trade", "TRADE", "Trade", "ſ", "\u212a", "İ", "ı", "one ", "one", "of", "survey", "polls", " ", ",",
     "-", "killed", "KILLED", "between", "March", "in", "2021", "x", "é", "e spending", "defence"]), max_size=8))
def test_prechecks_never_rule_out_a_match_on_any_text(parts):
    text = "".join(parts)
    for pattern in every_rule_pattern():
        if LiteralCheck.of(pattern).rules_out(text):
            assert pattern.search(text) is None, (pattern.pattern, text)


def test_year_digits_are_in_every_year_match(corpus_sentences):
    texts = corpus_sentences["sentence"].tolist() + CRAFTED_TEXTS
    with_year = [s for s in texts if q._YEAR.search(s)]
    assert with_year
    assert all(q._YEAR_DIGITS.search(s) for s in with_year)


# --- the column pre-filter ------------------------------------------------------------------

TRICKY_SENTENCES = [
    "x\none", "one\nx", "ſone", "twoſ", "İone", "x\u212aone", "ONE", "Someone", "one-off", "bone",
    "no number", "Tens of", "mil.", "\u00a0five\u00a0", "", "£", "¥ and ₽", "the 3rd", "half-hearted",
]


def test_candidate_flags_are_those_of_has_candidates(corpus_sentences):
    column = corpus_sentences["sentence"]
    expected = [q._has_candidates(s) for s in column]
    assert q._candidate_flags(column) == expected
    assert 0 < sum(expected) < len(expected)
    tricky = pd.Series(TRICKY_SENTENCES + [None], dtype="str")
    assert q._candidate_flags(tricky) == [q._has_candidates(s) for s in TRICKY_SENTENCES] + [False]


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(["5 people", None, math.nan, "no figure", 3], dtype=object),  # not all strings
        pd.Series(["5 people", None, "no figure"], dtype=pd.StringDtype("python")),
        pd.Series([], dtype="str"),
    ],
)
def test_candidate_flags_of_other_columns(column):
    values = column.tolist()
    assert q._candidate_flags(column) == [isinstance(s, str) and q._has_candidates(s) for s in values]


@requires_shared
def test_candidate_flags_are_those_of_has_candidates_on_bbc():
    column = bbc_sentences()["sentence"]
    assert q._candidate_flags(column) == [q._has_candidates(s) for s in column]


# --- the whole stage with every shortcut switched off ------------------------------------------

def slow_statistics(monkeypatch, sentences_df: pd.DataFrame, corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    """``corpus_statistics`` as first written: every sentence read, no pre-check, no index.

    Every sentence goes through ``_sentence_statistics``; the years of a
    sentence without figures are applied right away; tokens come from
    ``finditer``; no pattern search is skipped; qualifiers and category rules
    are scanned in full.
    """
    rules = dataclasses.replace(q.load_rules(), qualifiers_by_end={}, categories_by_kind={}, exclusion_prechecks=())
    with monkeypatch.context() as patch:
        patch.setattr(q, "tokenize", reference_tokenize)
        patch.setattr(LiteralCheck, "rules_out", lambda self, text: False)
        patch.setattr(q, "_YEAR_DIGITS", re.compile(""))
        sources, dates = q.document_sources(corpus), q._document_dates(corpus)
        rows, contexts = [], {}
        for doc_id, sentence_id, sentence in zip(
            sentences_df["doc_id"].astype(str), sentences_df["sentence_id"], sentences_df["sentence"]
        ):
            if not isinstance(sentence, str):
                continue
            if doc_id not in contexts:
                year, month = dates.get(doc_id, (None, None))
                contexts[doc_id] = q._Context(doc_year=year, doc_month=month)
            context = contexts[doc_id]
            figures = q._sentence_statistics(sentence, context, rules)
            for unread in context.unread_years:  # at once, as every sentence was read before
                q._resolve_periods(q._find_periods(unread, [], rules), context)
            context.unread_years.clear()
            for row in q._rows(figures, sentence, 0):
                row.update(doc_id=doc_id, sentence_id=sentence_id, source=sources.get(doc_id, ""))
                rows.append(row)
        frame = q._frame(rows, q.CORPUS_STATISTIC_COLUMNS)
        frame["sentence_id"] = frame["sentence_id"].astype("int64")
        return frame


def test_the_stage_equals_the_slow_path_on_the_corpus(monkeypatch, corpus, corpus_sentences):
    fast = kz.corpus_statistics(corpus_sentences, corpus)
    assert len(fast) > 20
    pd.testing.assert_frame_equal(fast, slow_statistics(monkeypatch, corpus_sentences, corpus), check_exact=True)


CRAFTED_DOCUMENTS = [
    ("a", "The pipeline opened in 2019."),  # a year, no figure
    ("b", "Nothing to count here."),
    ("a", "Kazakhstan and China signed a deal."),  # no candidate, but the previous sentence of the next
    ("a", "That year bilateral trade reached $3 billion."),  # "that year" reads 2019
    ("b", None),
    ("a", "In March 2020 output fell by 5%, the same year as the census."),
    ("b", "Russia and Kazakhstan talked."),
    ("b", "Bilateral trade was $2 billion in January."),  # month only: the document date
    ("c", "Polls in 2021 showed 60% support closer ties, while 30% do not."),
]


def test_the_stage_equals_the_slow_path_on_crafted_documents(monkeypatch):
    sentences = pd.DataFrame(
        [(doc, number, text) for number, (doc, text) in enumerate(CRAFTED_DOCUMENTS)],
        columns=["doc_id", "sentence_id", "sentence"],
    )
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["A", "B", ""], "date": ["", "2022-03-01", ""]})
    fast = kz.corpus_statistics(sentences, corpus)
    pd.testing.assert_frame_equal(fast, slow_statistics(monkeypatch, sentences, corpus), check_exact=True)
    trade = fast[fast["category"] == "trade"].set_index("doc_id")
    assert trade.loc["a", "period"] == "2019" and trade.loc["a", "partner"] == "China"
    assert trade.loc["b", "year_start"] == 2022 and trade.loc["b", "partner"] == "Russia"


def test_extract_statistics_equals_the_slow_path_on_the_corpus(monkeypatch, corpus):
    texts = corpus["text"].tolist()
    fast = [kz.extract_statistics(text) for text in texts]
    for text, table in zip(texts, fast):
        sentences = pd.DataFrame(
            [("d", n, text[s:e]) for n, (s, e) in enumerate(q.iter_sentence_spans(text))],
            columns=["doc_id", "sentence_id", "sentence"],
        )
        slow = slow_statistics(monkeypatch, sentences)[q.STATISTIC_COLUMNS]
        assert table["value"].tolist() == slow["value"].tolist()
        assert table["subject"].tolist() == slow["subject"].tolist()
        assert table["period"].tolist() == slow["period"].tolist()
    assert sum(map(len, fast)) > 20


@requires_shared
def test_the_stage_equals_the_slow_path_on_bbc(monkeypatch):
    sentences = bbc_sentences()
    fast = kz.corpus_statistics(sentences)
    assert len(fast) > 5000
    pd.testing.assert_frame_equal(fast, slow_statistics(monkeypatch, sentences), check_exact=True)


def test_frame_from_columns_equals_the_frame_from_rows(corpus_sentences):
    rows = []
    for sentence in corpus_sentences["sentence"]:
        rows += q._rows(q._sentence_statistics(sentence, q._Context(), q.load_rules()), sentence, 0)
    assert rows
    for table_rows in (rows, []):
        by_rows = pd.DataFrame(table_rows, columns=q.STATISTIC_COLUMNS)
        for column in ("value", "value_high"):
            by_rows[column] = by_rows[column].astype("float64")
        for column in ("start", "end"):
            by_rows[column] = by_rows[column].astype("int64")
        for column in ("year_start", "year_end"):
            by_rows[column] = pd.array(
                [None if v is None or (isinstance(v, float) and math.isnan(v)) else int(v) for v in by_rows[column]],
                dtype="Int64",
            )
        pd.testing.assert_frame_equal(q._frame(table_rows, q.STATISTIC_COLUMNS), by_rows, check_exact=True)
