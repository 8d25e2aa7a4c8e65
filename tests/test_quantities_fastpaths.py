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
import sys

import pandas as pd
import pytest
from conftest import requires_shared
from hypothesis import given, settings
from hypothesis import strategies as st

import kzanalysis as kz
from kzanalysis import numbers
from kzanalysis import quantities as q
from kzanalysis.config import benchmarks_data_dir
from kzanalysis.literals import FOLDS_ONTO_ASCII, Haystack, LiteralCheck, shared_literals

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


def reference_tokens_and_lowers(text: str) -> tuple[list[numbers.Token], list[str]]:
    tokens = reference_tokenize(text)
    return tokens, [t.lower for t in tokens]


def plain_candidate_tokens(tokens: list[numbers.Token], lowers: list[str] | None = None) -> list[int]:
    """The candidate tokens as first found: every token tested in a Python loop."""
    words, texts, after_article = q._figure_starts()
    last = len(tokens) - 1
    out = []
    for index, token in enumerate(tokens):
        lower = token.lower
        if "0" <= lower[:1] <= "9" or lower in words or token.text in texts:
            out.append(index)
        elif (lower == "a" or lower == "an") and index < last and tokens[index + 1].lower in after_article:
            out.append(index)
    return out


def plain_token_at(tokens: list[numbers.Token], char: int) -> int:
    for position, token in enumerate(tokens):
        if token.start >= char:
            return position
    return len(tokens)


def plain_nullable_years(values: list) -> pd.api.extensions.ExtensionArray:
    return pd.array(
        [None if v is None or (isinstance(v, float) and math.isnan(v)) else int(v) for v in values], dtype="Int64"
    )


def plain_rules() -> q.Rules:
    """The rules with every derived look-up switched off (what the plain path reads)."""
    rules = q.load_rules()
    return dataclasses.replace(
        rules,
        qualifiers_by_end={}, categories_by_kind={}, exclusion_prechecks=(), exclusion_words=None,
        same_year_keys=None, continuers=None,
        measure_verbs=q._PhraseTable(rules.measure_verbs.by_first),
    )


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

    It swaps functions inside ``kzanalysis.quantities``; a compiled module
    calls its own functions directly, past the swap, so the tests that use it
    are marked ``pure_python`` and run on the Python source (see conftest).

    Every sentence goes through ``_sentence_statistics``; the years of a
    sentence without figures are applied right away; tokens come from
    ``finditer`` and every token is tested as a candidate; no pattern search
    is skipped; years are searched everywhere; qualifiers, category rules and
    phrase tables are scanned in full; no number is settled early; the table
    is built from rows.
    """
    rules = plain_rules()
    with monkeypatch.context() as patch:
        patch.setattr(q, "tokenize", reference_tokenize)
        patch.setattr(q, "tokens_and_lowers", reference_tokens_and_lowers)
        patch.setattr(q, "_candidate_tokens", plain_candidate_tokens)
        patch.setattr(q, "_token_at", plain_token_at)
        patch.setattr(LiteralCheck, "rules_out", lambda self, text: False)
        patch.setattr(q, "_ruled_out", lambda precheck, text: False)
        patch.setattr(q, "_YEAR_DIGITS", re.compile(""))
        patch.setattr(q, "_year_matches", lambda text: q._YEAR.finditer(text))
        patch.setattr(q, "_nullable_years", plain_nullable_years)
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


@pytest.mark.pure_python
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


@pytest.mark.pure_python
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


@pytest.mark.pure_python
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
@pytest.mark.pure_python
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


# --- shortcuts of the second speed round, each against its plain path ------------------------

FIGURE_WORDS = [
    "5", "2004", "1,500", "19,5", "2.5", "31", "-", "–", "\u2212", "to", "and", "between", "from", "$", "£", "US",
    "USD", "KZT", "a", "an", "A", "one", "One", "two", "half", "third", "tens", "thousands", "of", "million",
    "bn", "m", "k", "century", "decade", "%", "percent", "people", "tonnes", "years", "ago", "March", "May",
    "the", "these", "firms", "workers", "reached", "(", ")", ",", ".", "th", "G", "Soyuz", "s", "'s", "İ", "ſ",
    "trade", "killed", "survey", "poll", "that", "year", "same", "in", "2021", "respondents", "said", "oil",
]


FIGURE_SENTENCES = [
    "Growth was 0.7-0.8%, 10 to 20 people left, between 5 and 7 bn tenge, from -2 to -1% and 3 – 4 years.",
    "In 2004 sales hit $5m; 2004 tonnes; 6 February; 12 March 2020 and 31 km; the 15th, G20 and Soyuz-5.",
    "Two firms, a million people, a century, an m, one of them, half of voters, tens of thousands of migrants.",
    "KZT 500, USD 3, US$ 4, US $ 5, 5 USD, 6 kzt, 7 US dollars, £3bn, 1,500,000 and 19,5 rubles.",
    "Some 40 per cent, 2 weeks ago, 3 years later, 4 ways, the 2 countries, these 3 things, 5 - 6 %.",
]


def figure_texts(sentences: list[str]) -> list[str]:
    return sentences + CRAFTED_TEXTS + TRICKY_SENTENCES + FIGURE_SENTENCES + [d for _, d in CRAFTED_DOCUMENTS if d]


def test_tokens_and_lowers_are_the_tokens_and_their_lower_case(corpus_sentences):
    for text in figure_texts(corpus_sentences["sentence"].tolist()):
        tokens, lowers = numbers.tokens_and_lowers(text)
        assert [tuple(t) for t in tokens] == reference_tokens(text)
        assert lowers == [t.lower for t in tokens]


def test_white_space_of_the_token_pattern_is_what_lstrip_strips():
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (re.fullmatch(r"\s", char) is not None) == char.isspace() == (char.lstrip() == ""), hex(code)


def test_candidate_tokens_are_those_of_the_plain_loop(corpus_sentences):
    texts = figure_texts(corpus_sentences["sentence"].tolist()) + ["a m", "an k of a b", "A M a", "a a a", "a"]
    found = 0
    for text in texts:
        tokens, lowers = numbers.tokens_and_lowers(text)
        assert q._candidate_tokens(tokens, lowers) == plain_candidate_tokens(tokens), text
        assert q._candidate_tokens(tokens) == plain_candidate_tokens(tokens)
        found += len(plain_candidate_tokens(tokens))
    assert found > 100


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FIGURE_WORDS), max_size=14), st.lists(st.sampled_from(["", " ", "  "]), max_size=14))
def test_candidate_tokens_are_those_of_the_plain_loop_on_any_text(words, gaps):
    text = "".join(w + (gaps[i] if i < len(gaps) else " ") for i, w in enumerate(words))
    tokens, lowers = numbers.tokens_and_lowers(text)
    assert q._candidate_tokens(tokens, lowers) == plain_candidate_tokens(tokens)


def test_year_matches_are_those_of_finditer(corpus_sentences):
    texts = figure_texts(corpus_sentences["sentence"].tolist()) + [
        "19201 2021-22 1990s 2017/2019 x2020 $2020 2020% 1800 until 2099 201 20200", "2020", "in 1999,2000",
    ]
    for text in texts:
        assert [m.span() for m in q._year_matches(text)] == [m.span() for m in q._YEAR.finditer(text)], text
    assert q._YEAR.match("someone 2021", 8) and not q._YEAR.match("x2021", 1)  # look-behind sees the whole text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 -–/s%$.,ato12")), max_size=30))
def test_year_matches_are_those_of_finditer_on_any_text(text):
    assert [m.groups() + (m.span(),) for m in q._year_matches(text)] == [
        m.groups() + (m.span(),) for m in q._YEAR.finditer(text)
    ]


def test_exclusion_words_find_what_every_exclusion_precheck_finds(corpus_sentences):
    rules = q.load_rules()
    assert rules.exclusion_words is not None
    assert rules.exclusion_words == shared_literals(rules.exclusion_prechecks)
    held = 0
    for text in pattern_texts(corpus_sentences["sentence"].tolist()):
        lower = text.lower()  # the exclusions are searched in the lower-cased sentence
        if not q._may_hold_any(lower, rules.exclusion_words):
            assert all(p.rules_out(lower) for p in rules.exclusion_prechecks), text
            assert q._excluded_spans(lower, rules) == q._excluded_spans(lower, plain_rules()) == []
        else:
            held += 1
            assert q._excluded_spans(lower, rules) == q._excluded_spans(lower, plain_rules())
    assert held > 0


def test_same_year_keys_are_in_every_phrase(corpus_sentences):
    rules = q.load_rules()
    assert rules.same_year_keys and all(any(k in p for k in rules.same_year_keys) for p in rules.same_year)
    for text in pattern_texts(corpus_sentences["sentence"].tolist()) + ["in that same year", "The Same Yr"]:
        lower = text.lower()
        if any(phrase in lower for phrase in rules.same_year):
            assert q._may_hold_any(lower, rules.same_year_keys)
    assert q._phrase_keys(("the same year", "that year", "the yr")) == ("year", "yr")
    assert q._phrase_keys(("x", " ")) is None


def test_ruled_out_is_the_precheck(corpus_sentences):
    prechecks = [LiteralCheck.of(p) for p in every_rule_pattern()] + [
        LiteralCheck(), LiteralCheck((("a+b",),)), LiteralCheck((("a+b", "c"), ("x",))),
    ]
    for text in pattern_texts(corpus_sentences["sentence"].tolist()) + ["a+b", "ab", "a+b x", "c", "cx"]:
        for precheck in prechecks:
            assert q._ruled_out(precheck, text) == precheck.rules_out(text)


def plain_read_unit(tokens, index, rules):
    """``_read_unit`` as first written: both phrase tables asked at every token."""
    if index >= len(tokens):
        return None
    found = rules.currency_words.match(tokens, index)
    if found:
        return found[0][0], 1.0, "money", found[1]
    token = tokens[index]
    if token.text.isupper() and token.text.upper() in rules.currency_codes:
        return rules.currency_codes[token.text.upper()], 1.0, "money", index + 1
    found = rules.units.match(tokens, index)
    if found:
        unit, factor, kind = found[0]
        return unit, factor, kind, found[1]
    return None


def plain_match(table, tokens, index):
    if index >= len(tokens):
        return None
    for words, payload in table.by_first.get(tokens[index].lower, ()):
        stop = index + len(words)
        if stop <= len(tokens) and all(tokens[index + k].lower == w for k, w in enumerate(words)):
            return payload, stop
    return None


def test_token_look_ups_are_those_of_the_plain_path(corpus_sentences):
    rules = q.load_rules()
    prefix_texts = q._figure_starts()[1]
    texts = figure_texts(corpus_sentences["sentence"].tolist()) + [
        "5 cubic metres, 3 metric tons, 2 US dollars, 4 USD, 7 Tengue's, US$ 5, KZT 5, US $", "reached 5 amounted to 6",
    ]
    checked = 0
    for text in texts:
        tokens = numbers.tokenize(text)
        for index in range(len(tokens) + 1):
            assert q._read_unit(tokens, index, rules) == plain_read_unit(tokens, index, rules)
            for table in (rules.currency_words, rules.units, rules.measure_verbs):
                assert table.match(tokens, index) == plain_match(table, tokens, index)
            if index < len(tokens):
                if tokens[index].text not in prefix_texts:
                    assert q._read_currency_prefix(tokens, index, rules) is None
                if not rules.measure_verbs.may_end_with(tokens[index].lower):
                    for start in range(max(0, index - 2), index + 1):
                        found = rules.measure_verbs.match(tokens, start)
                        assert not (found and found[1] == index + 1)
            checked += 1
        for char in range(len(text) + 2):
            assert q._token_at(tokens, char) == plain_token_at(tokens, char)
    assert checked > 1000


def figure_fields(figure):
    """The fields of a figure, NaN as a marker: a compiled float field gives a new NaN object on each read."""
    if figure is None:
        return None
    values = (getattr(figure, f.name) for f in dataclasses.fields(figure))
    return tuple("NaN" if isinstance(v, float) and math.isnan(v) else v for v in values)


def assert_numbers_settled_as_in_full(text: str) -> int:
    """``_read_figure`` at every token, with and without settling numbers early: the same figures."""
    rules, plain = q.load_rules(), dataclasses.replace(q.load_rules(), continuers=None)
    tokens, lower_text = numbers.tokenize(text), text.lower()
    for index in range(len(tokens)):
        fast = q._read_figure(text, lower_text, tokens, index, rules)
        assert figure_fields(fast) == figure_fields(q._read_figure(text, lower_text, tokens, index, plain)), (
            text, index)
    return len(tokens)


def test_numbers_settled_early_as_in_full(corpus_sentences):
    assert sum(map(assert_numbers_settled_as_in_full, figure_texts(corpus_sentences["sentence"].tolist()))) > 1000


NUMBER_CONTEXT_WORDS = ["5", "2004", "12", "one", "two", "-", "to", "and", "%", "percent", "bn", "m", "$", "KZT",
                        "tonnes", "people", "firms", "of", "ago", "March", "th", ",", "the", "a", "century"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_CONTEXT_WORDS), max_size=8), st.sampled_from(["", " "]))
def test_numbers_settled_early_as_in_full_on_any_text(words, gap):
    assert_numbers_settled_as_in_full(gap.join(words))


@requires_shared
def test_numbers_settled_early_as_in_full_on_bbc():
    assert sum(map(assert_numbers_settled_as_in_full, bbc_sentences(300)["sentence"])) > 10000


def plain_previous_sentences(positions, doc_ids, sentences):
    last, found, wanted = {}, [], set(positions)
    for position, (doc_id, sentence) in enumerate(zip(doc_ids, sentences)):
        if position in wanted:
            found.append(last.get(doc_id, ""))
        if isinstance(sentence, str):
            last[doc_id] = sentence
    return found


@pytest.mark.parametrize(
    ("doc_ids", "sentences"),
    [
        (["a", "a", "a", "b", "b", "c"], ["x", None, "y", "z", "w", "v"]),  # contiguous
        (["a", "b", "a", "b", "c", "a"], ["x", "y", math.nan, "z", "w", "v"]),  # interleaved
        (["a", "a", "b", "a"], [None, "x", "y", "z"]),  # "a" comes back: not contiguous
        ([], []),
    ],
)
def test_previous_sentences_are_those_of_one_pass(doc_ids, sentences):
    positions = list(range(len(doc_ids)))
    for chosen in (positions, positions[::2], positions[1:]):
        expected = plain_previous_sentences(chosen, doc_ids, sentences)
        assert q._previous_sentences(chosen, doc_ids, sentences) == expected


def test_nullable_years_are_those_of_int(corpus):
    values = [2021.0, math.nan, None, 1999, 2100.0, -0.0]
    pd.testing.assert_extension_array_equal(q._nullable_years(values), plain_nullable_years(values))
    assert (q._nullable_years(values)._data == plain_nullable_years(values)._data).all()
    pd.testing.assert_extension_array_equal(q._nullable_years([2020.5]), plain_nullable_years([2020.5]))
    pd.testing.assert_extension_array_equal(q._nullable_years([]), plain_nullable_years([]))


def test_folds_onto_ascii_are_every_character_that_lowers_to_or_matches_an_ascii_letter_in_re2():
    pc = pytest.importorskip("pyarrow.compute")
    pa = pytest.importorskip("pyarrow")
    others = [chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    lowered = {c for c in others if re.search("[a-z]", c.lower())}
    matched = pc.match_substring_regex(pa.array(others), "(?i)[a-z]").to_pylist()
    traps = set(FOLDS_ONTO_ASCII)
    assert lowered | {c for c, hit in zip(others, matched) if hit} <= traps


def test_candidate_flags_of_non_ascii_number_words():
    column = pd.Series(
        ["café one", "naïve Two", "Ⅻ three", "ſone", "\u212aone", "İone", "one\u0130", "Σ FIVE", "señor", "İ"],
        dtype="str",
    )
    assert q._candidate_flags(column) == [q._has_candidates(s) for s in column]
    assert q._candidate_flags(column)[:3] == [True, True, True]


@pytest.mark.pure_python
def test_the_stage_equals_the_slow_path_on_contiguous_documents(monkeypatch):
    documents = [
        ("a", None), ("a", "Kazakhstan and China talked."), ("a", "Bilateral trade reached $3 billion in 2019."),
        ("b", "Russia signed it."), ("b", None), ("b", "Bilateral trade was 5 bn tenge that year."),
        ("c", "In 2020 some 40% of respondents said yes; 30% did not."), ("c", "One of them, two firms, 2004."),
    ]
    sentences = pd.DataFrame(
        [(doc, number, text) for number, (doc, text) in enumerate(documents)],
        columns=["doc_id", "sentence_id", "sentence"],
    )
    fast = kz.corpus_statistics(sentences)
    pd.testing.assert_frame_equal(fast, slow_statistics(monkeypatch, sentences), check_exact=True)
    assert set(fast.loc[fast["category"] == "trade", "partner"]) == {"China", "Russia"}


@pytest.mark.pure_python
@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FIGURE_WORDS), min_size=1, max_size=12), min_size=1, max_size=4))
def test_the_stage_equals_the_slow_path_on_any_sentences(sentences):
    table = pd.DataFrame(
        [("d", number, " ".join(words) + ".") for number, words in enumerate(sentences)],
        columns=["doc_id", "sentence_id", "sentence"],
    )
    with pytest.MonkeyPatch.context() as patch:
        slow = slow_statistics(patch, table)
    pd.testing.assert_frame_equal(kz.corpus_statistics(table), slow, check_exact=True)
