"""Cleaning: every boilerplate rule, normalisation, headline, idempotence, nothing lost silently."""

from __future__ import annotations

import re
import string
import unicodedata

import pandas as pd
import pytest
from conftest import requires_shared
from hypothesis import given, settings
from hypothesis import strategies as st

import kzanalysis as kz
from kzanalysis.clean import (
    _TRANSLATION,
    WIDE_SPACES,
    _prefilter,
    _remove_boilerplate,
    _rule_plan,
    boilerplate_rules,
    clean_text,
    count_words,
    normalise_text,
    remove_boilerplate,
)
from kzanalysis.config import benchmarks_data_dir
from kzanalysis.literals import FOLDS_ONTO_ASCII, required_literals

BODY = [
    "Kazakhstan has long balanced its ties with Moscow and the West.",
    "The Kazakh president also criticized Russian politicians and commentators.",
    "Tokayev reiterated his country's refusal to recognize the quasi-state entities.",
    "Analysts said the pipeline shutdowns smacked of politics.",
]

# Where the bundled corpus has an example: (doc_id, removed text) -- the real thing.
REAL_EXAMPLES = {
    "source_link": ("000", "Source link"),
    "tags": ("000", "Tags"),
    "exit_mobile_version": ("002", "Exit mobile version"),
    "back_to_top": ("003", "Back to top button"),
    "read_more": ("002", "Read More: Putin has ordered a new President for Kazakhstan"),
    "photo_credit": ("002", "(Source: DW)"),
    "photo_caption": ("002", "Kassym-Jomart Tokayev"),
    "source_attribution": ("001", "Source: azattyq"),
    "views_expressed": ("004", "The views expressed on this article belong to the authors alone and don't essentially replicate these of Geopoliticalmonitor.com"),
    "aggregator_disclaimer": ("003", "Not all news on the site expresses the point of view of the site, but we transmit this news automatically and translate it through programmatic technology on the site and not from a human editor."),
    "site_section_label": ("003", "Russia news"),
    "author_bio": ("004", "Wilder Alejandro Sánchez is president of Second Floor Strategies, a consulting agency in Washington, DC. He's an analyst that screens protection, geopolitical, and commerce points within the Western Hemisphere, Jap Europe, and Central Asia."),
    "section_label": ("000", "Asia"),
    "dateline_stub": ("000", "Moscow () –"),
}

# Every rule, crafted: (text to clean, the removed text).  Real-world shapes.
HEAD = "Astana weighs its options\n\n"
CRAFTED = {
    "source_link": (HEAD + BODY[0] + "\n\nSource link", "Source link"),
    "tags": (HEAD + BODY[0] + "\n\nTags:", "Tags:"),
    "exit_mobile_version": (HEAD + BODY[0] + "\n\nExit mobile version", "Exit mobile version"),
    "back_to_top": (HEAD + BODY[0] + "\n\nBack to top", "Back to top"),
    "read_more": (HEAD + BODY[0] + "\n\nRead also: Astana and Moscow sign a gas deal\n\n" + BODY[1], "Read also: Astana and Moscow sign a gas deal"),
    "share_prompt": (HEAD + BODY[0] + "\n\nShare this article\n\n" + BODY[1], "Share this article"),
    "photo_credit": (HEAD + BODY[0] + "\n\n(Photo: Reuters)\n\n" + BODY[1], "(Photo: Reuters)"),
    "photo_credit_inline": (HEAD + "Tokayev arrives in Moscow (Photo: Akorda press service) for talks with Putin.", "(Photo: Akorda press service)"),
    "photo_caption": (HEAD + BODY[0] + "\n\nVladimir Putin and Kassym-Jomart Tokayev in Moscow\n(Image: Kremlin pool)\n\n" + BODY[1], "Vladimir Putin and Kassym-Jomart Tokayev in Moscow"),
    "source_attribution": (HEAD + BODY[0] + "\n\nOriginally published at: The Diplomat", "Originally published at: The Diplomat"),
    "views_expressed": (HEAD + BODY[0] + "\n\nThe views expressed in this op-ed are the author's own.", "The views expressed in this op-ed are the author's own."),
    "aggregator_disclaimer": (HEAD + BODY[0] + "\n\nThis article was automatically translated from Russian.", "This article was automatically translated from Russian."),
    "site_section_label": (HEAD + BODY[0] + "\n\nKazakhstan news", "Kazakhstan news"),
    "author_bio": (HEAD + BODY[0] + "\n\nAigerim Sadykova is a senior analyst at the Almaty Policy Centre.", "Aigerim Sadykova is a senior analyst at the Almaty Policy Centre."),
    "copyright": (HEAD + BODY[0] + "\n\n© 2023 Steppe Wire. All rights reserved.", "© 2023 Steppe Wire. All rights reserved."),
    "section_label": ("Central Asia\n\n" + HEAD + BODY[0], "Central Asia"),
    "dateline_stub": (HEAD + "Almaty () – " + BODY[0], "Almaty () –"),
}


def rule_names() -> set[str]:
    return {rule.name for rule in boilerplate_rules()}


def test_every_rule_has_a_crafted_test():
    assert set(CRAFTED) == rule_names(), "add a crafted example for each new boilerplate rule"


def test_real_examples_name_existing_rules():
    assert set(REAL_EXAMPLES) <= rule_names()


@pytest.mark.parametrize("rule", sorted(REAL_EXAMPLES))
def test_rule_removes_its_real_corpus_example(corpus, rule):
    doc_id, text = REAL_EXAMPLES[rule]
    removed = kz.removals(corpus)
    hits = removed[(removed["doc_id"] == doc_id) & (removed["rule"] == rule)]
    assert text in set(hits["text"]), f"{rule} did not remove {text!r} from {doc_id}"
    body = corpus.set_index("doc_id").loc[doc_id, "body"]
    assert text not in body.split("\n")  # the whole line is gone
    if rule == "dateline_stub":
        assert text not in body


@pytest.mark.parametrize("rule", sorted(CRAFTED))
def test_rule_removes_its_crafted_example(rule):
    text, removed_text = CRAFTED[rule]
    result = clean_text(text)
    assert {"rule": rule, "text": removed_text} in [{"rule": r["rule"], "text": r["text"]} for r in result.removed]
    assert removed_text not in result.body
    for sentence in BODY:  # real content survives
        if sentence in text:
            assert sentence in result.body


def test_removals_of_the_bundled_corpus():
    corpus = kz.load_corpus()
    table = kz.removals(corpus)
    assert list(table.columns) == ["doc_id", "rule", "line", "text"]
    assert table.groupby("doc_id").size().to_dict() == {"000": 4, "001": 1, "002": 8, "003": 3, "004": 2}


# --------------------------------------------------------- rules stay in place
def test_source_line_inside_the_body_is_kept():
    text = HEAD + "Source: official statistics show trade grew.\n\n" + "\n\n".join(BODY)
    assert clean_text(text).removed == []


def test_section_word_is_only_a_label_at_the_top():
    text = HEAD + BODY[0] + "\n\nRussia\n\n" + BODY[1] + "\n\n" + BODY[2] + "\n\n" + BODY[3] + "\n\nfive\n\nsix"
    assert "Russia" in clean_text(text).body


def test_a_headline_above_a_credit_is_not_a_caption():
    result = clean_text("Tokayev meets Putin\n\n(Source: DW)\n\n" + BODY[0])
    assert result.headline == "Tokayev meets Putin"
    assert [r["rule"] for r in result.removed] == ["photo_credit"]


def test_closing_sentence_about_a_politician_is_not_an_author_bio():
    text = HEAD + BODY[0] + "\n\nVladimir Putin was the president of Russia when the deal was signed."
    assert clean_text(text).removed == []
    text = HEAD + BODY[0] + "\n\nTokayev is the president who must now decide."
    assert clean_text(text).removed == []  # one capitalised word is not a byline


def test_dateline_only_at_the_start_of_a_line():
    text = HEAD + "He said that Moscow () – was the word used."
    assert clean_text(text).removed == []


def test_tags_word_in_a_sentence_is_kept():
    text = HEAD + "Tags on the crates showed Russian origin.\n\nTags"
    result = clean_text(text)
    assert "Tags on the crates" in result.body and [r["text"] for r in result.removed] == ["Tags"]


def test_footer_stack_is_removed_together():
    text = HEAD + BODY[0] + "\n\nRussia news\n\nNot all news on the site expresses the point of view of the site, but we transmit this news automatically.\nBack to top button"
    result = clean_text(text)
    assert result.body == BODY[0]
    assert [r["rule"] for r in result.removed] == ["site_section_label", "aggregator_disclaimer", "back_to_top"]


# ------------------------------------------------------------- normalisation
def test_normalise_folds_quotes_dashes_and_spaces():
    raw = "\u201cTokayev\u201d \u2014 the \u00ableader\u00bb\u2019s\u00a0term\u2009\u2026\r\nnext\u00ad line\u2028third"
    assert normalise_text(raw) == "\"Tokayev\" – the \"leader\"'s term ...\nnext line\nthird"


def test_normalise_is_idempotent_on_the_corpus(corpus):
    for raw in corpus["raw_text"]:
        once = normalise_text(raw)
        assert normalise_text(once) == once


def test_raw_text_is_kept_and_removals_are_recorded_with_lines(corpus):
    row = corpus.set_index("doc_id").loc["000"]
    lines = normalise_text(row["raw_text"]).split("\n")
    for item in row["removed"]:
        assert item["text"] in lines[item["line"]]


def test_wide_spaces_are_every_white_space_character_beyond_ascii():
    import sys

    assert WIDE_SPACES == "".join(chr(c) for c in range(128, sys.maxunicode + 1) if chr(c).isspace())


def test_word_counts_are_those_of_split_on_the_corpus(corpus):
    bodies = corpus["body"].tolist()
    assert count_words(bodies) == [len(body.split()) for body in bodies]
    assert count_words([]) == []


_WORD_COUNT_ALPHABET = "ab1£–.\u00e9" + "".join(chr(c) for c in range(128) if chr(c).isspace()) + WIDE_SPACES


@given(st.lists(st.text(alphabet=_WORD_COUNT_ALPHABET, max_size=40), max_size=6))
@settings(max_examples=300, deadline=None)
def test_word_counts_are_those_of_split_for_any_white_space(texts):
    assert count_words(texts) == [len(text.split()) for text in texts]


def test_word_counts_keep_no_buffer_alive():
    """Counting many texts leaves nothing behind (the compiled build once kept each call's buffers)."""
    import tracemalloc

    texts = ["word\u00a0" * 400] * 200  # 1 MB of UTF-8 a call, with white space beyond ASCII
    count_words(texts)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(10):
            count_words(texts)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 200_000, f"{grown:,} bytes still held after ten calls"


def test_word_counts_of_edge_texts():
    texts = ["", " ", "\u3000x\u3000", "x\ud800y z", "\u2028", "a\x1cb", "\u180ex", "one\u00a0two\u2009three"]
    assert count_words(texts) == [len(text.split()) for text in texts] == [0, 0, 1, 2, 0, 2, 1, 3]


def test_boilerplate_share_counts_removed_characters(corpus):
    row = corpus.set_index("doc_id").loc["002"]
    expected = sum(len(r["text"]) for r in row["removed"]) / len(row["raw_text"])
    assert row["boilerplate_share"] == pytest.approx(expected, abs=1e-4)


# ----------------------------------------------------------------- idempotent
def test_cleaning_the_cleaned_corpus_changes_nothing(corpus):
    for text, headline in zip(corpus["text"], corpus["headline"]):
        again = clean_text(text, headline or None)
        assert again.removed == []
        assert (f"{again.headline}\n\n{again.body}" if again.headline else again.body) == text


BOILERPLATE_LINES = [example for example, _ in CRAFTED.values()] + [
    "Source link", "Tags", "Exit mobile version", "Back to top button", "(Source: DW)", "Russia news",
    "Read More: Putin has officially begun the Russification of Kazakhstan", "Asia", "Moscow () – Talks began.",
    "The views expressed in this article belong to the author.", "© 2024 Example",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(BODY + BOILERPLATE_LINES + ["", "Short caption line"]), min_size=1, max_size=12))
def test_cleaning_is_idempotent_on_any_mix_of_lines(lines):
    text = "\n".join(lines)
    once = clean_text(text)
    twice = clean_text(f"{once.headline}\n\n{once.body}" if once.headline else once.body)
    assert (twice.headline, twice.body) == (once.headline, once.body)
    assert twice.removed == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(BODY + BOILERPLATE_LINES), min_size=1, max_size=10))
def test_nothing_is_lost_silently(lines):
    """Every character of the normalised input is either kept or recorded as removed."""
    text = normalise_text("\n".join(lines))
    cleaned, removed = remove_boilerplate(text)
    kept = sum(len(w) for w in cleaned.split())
    gone = sum(len(w) for r in removed for w in r["text"].split())
    assert kept + gone == sum(len(w) for w in text.split())


def test_closing_line_about_a_person_the_article_discusses_is_not_an_author_bio():
    text = (
        "Tokayev and the Kremlin\n\n"
        "Kassym-Jomart Tokayev spoke on Monday about trade with Russia and China.\n"
        "Kassym-Jomart Tokayev is the president of Kazakhstan and has criticised the war in Ukraine."
    )
    result = clean_text(text)
    assert result.removed == []
    assert result.body.endswith("criticised the war in Ukraine.")
    # the same line about someone the article never mentions is a biography
    bio = text.replace("Kassym-Jomart Tokayev is the president", "Jane Alice Doe is the president")
    assert [r["rule"] for r in clean_text(bio).removed] == ["author_bio"]


# ------------------------------------------------- fast paths give the same result
# normalise_text skips steps that would change nothing, and remove_boilerplate
# skips a slow rule for an article that lacks a literal every match of the rule
# contains.  These tests compare both with the plain way on real and crafted text.

def plain_normalise(text: str) -> str:
    """normalise_text without its shortcuts: every step on every text."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_TRANSLATION)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


PLAIN_PLAN = _rule_plan(boilerplate_rules(), prefilter=False)
TRICKY_CHARACTERS = "".join(map(chr, _TRANSLATION)) + "\r\n\t \u1680\x1c" + FOLDS_ONTO_ASCII + "£é"
# lines that a slow rule removes although their letters are not all ASCII:
# case-insensitive matching equates "ſ" with "s", "ı" and "İ" with "i", "K" with "k"
FOLDED_BOILERPLATE = [
    "The views expreſſed in this article are the author's own.",
    "This ſtory was machine-translated from Ruſſian.",
    "Tokayev arrives in Moscow (Photo: Akorda preſs ſervice) for talks.",
    "The vıews expressed ın thıs column are the author's own.",
    "NOT ALL NEWS ON THE SİTE expresses the view of the site.",
]


def assert_same_cleaning(text: str) -> None:
    assert normalise_text(text) == plain_normalise(text)
    normal = normalise_text(text)
    assert remove_boilerplate(normal) == _remove_boilerplate(normal, PLAIN_PLAN)


def test_slow_rules_have_a_prefilter_and_fast_ones_none():
    with_prefilter = {rule.name for rule in boilerplate_rules() if _prefilter(rule.pattern)}
    assert with_prefilter == {"views_expressed", "aggregator_disclaimer", "photo_credit_inline"}
    literals = {
        rule.name: [list(clause) for clause in required_literals(rule.pattern)]
        for rule in boilerplate_rules()
    }
    assert literals["views_expressed"][0] == [" expressed "]
    assert literals["aggregator_disclaimer"] == [["not all news on the site", "translated", "we transmit this news automatically"]]
    assert literals["photo_credit_inline"] == [["credit", "image", "photo", "picture"], ["("], [":"], [")"]]
    assert literals["dateline_stub"] == [[") – "], [" ("]]  # case-sensitive: as written
    assert literals["photo_caption"] == []  # nothing is required: always tried


@pytest.mark.parametrize("line", FOLDED_BOILERPLATE)
def test_slow_rules_still_match_text_with_folded_letters(line):
    text = HEAD + BODY[0] + "\n\n" + line
    result = clean_text(text)
    assert result.removed, line  # the prefilter did not hide the match
    assert_same_cleaning(text)


def test_fast_paths_on_the_bundled_corpus(corpus):
    for raw in corpus["raw_text"]:
        assert_same_cleaning(raw)


@pytest.mark.parametrize("example", sorted(CRAFTED))
def test_fast_paths_on_every_crafted_example(example):
    assert_same_cleaning(CRAFTED[example][0])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(BODY + BOILERPLATE_LINES + FOLDED_BOILERPLATE + ["", "  ", "Short caption line"]), min_size=1, max_size=12),
    st.text(alphabet=TRICKY_CHARACTERS + "ab. ", max_size=12),
)
def test_fast_paths_on_any_mix_of_lines(lines, noise):
    assert_same_cleaning("\n".join(lines) + noise)
    assert_same_cleaning(noise.join(lines))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=TRICKY_CHARACTERS + string.ascii_letters[:6] + ' .:()"', max_size=60))
def test_normalise_shortcuts_on_any_text(text):
    assert normalise_text(text) == plain_normalise(text)


def test_a_user_rule_is_prefiltered_by_its_own_pattern(tmp_path):
    rules_file = tmp_path / "boilerplate.toml"
    rules_file.write_text(
        "[[rule]]\nname = 'signup'\nscope = 'line'\npattern = '^.*sign up (for|to) our (daily )?newsletter.*$'\n",
        encoding="utf-8",
    )
    rules = boilerplate_rules(str(rules_file))
    assert _prefilter(rules[0].pattern).clauses == (("newsletter",), ("sign up ",), (" our ",), ("for", "to"))
    for text in ("Body text.\nPlease ſign up for our newsletter today", "Body text.\nSign up to our daily newsletter", "Body text."):
        assert remove_boilerplate(text, rules) == _remove_boilerplate(text, _rule_plan(rules, prefilter=False))
    assert remove_boilerplate("Body text.\nPlease ſign up for our newsletter today", rules)[0] == "Body text."


@requires_shared
def test_fast_paths_on_the_bbc_corpus():
    bbc = pd.read_csv(benchmarks_data_dir() / "bbc" / "bbc_news.csv", dtype=str, keep_default_na=False)
    for raw in bbc["text"]:
        assert_same_cleaning(raw)
