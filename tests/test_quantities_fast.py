"""The statistics pre-filters skip only what could never give a figure."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import requires_shared

import kzanalysis as kz
from kzanalysis import quantities as q
from kzanalysis.config import benchmarks_data_dir
from kzanalysis.numbers import tokenize, trigger_words

CRAFTED = [
    "Bilateral trade reached $24.2 billion in 2021, up from US$ 19,5 bn.",
    "A million people, a half of them migrants, and a century of history.",
    "An hundred things; an estimate of a dozen; a third of voters; a decade.",
    "KZT 500 and USD or EUR without numbers; US$ and £ and ¥ and ₸ 30.",
    "Tens of thousands protested; hundreds of them were detained.",
    "One of the two countries said the other one was wrong.",
    "Nothing to count here, no figures at all.",
    "Ｓome ｗide letters and İstanbul with 5 ministers.",
    "a",
    "",
]


def every_token_figures(text: str) -> list[tuple[int, int, float, str]]:
    """The figure reader tried at every token, as before the candidate filter."""
    rules = q.load_rules()
    tokens = tokenize(text)
    lower_text = text.lower()
    excluded = [m.span() for pattern, _ in rules.exclusions for m in pattern.finditer(lower_text)]
    found, index = [], 0
    while index < len(tokens):
        figure = q._read_figure(text, lower_text, tokens, index, rules)
        if figure is None:
            index += 1
            continue
        index = max(figure.stop_token, index + 1)
        span = (tokens[figure.number.first].start, tokens[figure.number.stop - 1].end)
        if not any(s <= span[0] and span[1] <= e for s, e in excluded):
            found.append((figure.start, figure.end, figure.value, figure.unit))
    return found


def candidate_figures(text: str) -> list[tuple[int, int, float, str]]:
    return [(f.start, f.end, f.value, f.unit) for f in q._find_figures(text, tokenize(text), q.load_rules())]


def words_prefilter(sentence: str) -> bool:
    """The sentence pre-filter as first written: a sign, or a number word among the words."""
    return bool(re.search(r"[0-9%$€£₽₸¥]", sentence)) or any(
        w in trigger_words() for w in re.findall(r"[a-z]+", sentence.lower())
    )


@pytest.mark.parametrize("sentence", CRAFTED)
def test_candidate_tokens_give_the_figures_of_every_token(sentence):
    assert candidate_figures(sentence) == every_token_figures(sentence)


def test_candidate_tokens_give_the_figures_of_every_token_on_the_corpus(corpus_sentences):
    sentences = corpus_sentences["sentence"].tolist()
    found = [candidate_figures(s) for s in sentences]
    assert found == [every_token_figures(s) for s in sentences]
    assert sum(map(len, found)) > 20
    assert [q._has_candidates(s) for s in sentences] == [words_prefilter(s) for s in sentences]


def test_a_sentence_without_candidates_gives_no_figure(corpus_sentences):
    skipped = [s for s in corpus_sentences["sentence"] if not q._has_candidates(s)]
    assert skipped, "some corpus sentences hold no number"
    assert all(every_token_figures(s) == [] for s in skipped)


@requires_shared
def test_candidate_tokens_give_the_figures_of_every_token_on_bbc():
    bbc = pd.read_csv(benchmarks_data_dir() / "bbc" / "bbc_news.csv", dtype=str).head(300)
    sentences = [s for text in bbc["text"] for s in kz.split_sentences(text)]
    assert [candidate_figures(s) for s in sentences] == [every_token_figures(s) for s in sentences]
    assert [q._has_candidates(s) for s in sentences] == [words_prefilter(s) for s in sentences]
