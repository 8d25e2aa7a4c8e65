"""Cleaning: every boilerplate rule, normalisation, headline, idempotence, nothing lost silently."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzanalysis as kz
from kzanalysis.clean import boilerplate_rules, clean_text, normalise_text, remove_boilerplate

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
