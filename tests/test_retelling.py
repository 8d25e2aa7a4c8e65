"""Which articles retell the same story."""

from __future__ import annotations

import pandas as pd

from kzanalysis.clean import clean_corpus
from kzanalysis.retelling import (
    PAIR_COLUMNS, PASSAGE_COLUMNS, QUOTE_COLUMNS, canonical_text, quotes, retellings, shared_quotes, similar_passages,
)


def make_corpus(texts: dict[str, str]) -> pd.DataFrame:
    return clean_corpus(pd.DataFrame({"doc_id": list(texts), "raw_text": list(texts.values()), "headline": ""}))


def test_the_two_tazhutov_reports_retell_the_same_story(corpus):
    pairs = retellings(corpus)
    assert list(pairs.columns) == PAIR_COLUMNS
    same = pairs[pairs["same_story"]]
    assert list(zip(same["doc_id_a"], same["doc_id_b"])) == [("000", "001")]
    row = same.iloc[0]
    assert row["n_similar_passages"] >= 3 and row["n_shared_quotes"] >= 1
    assert "Tazhutov" in row["shared_people"] and "Tasmagambetov" in row["shared_people"]


def test_similar_passages_align_the_two_translations(corpus):
    table = similar_passages(corpus)
    assert list(table.columns) == PASSAGE_COLUMNS
    top = table.iloc[0]
    assert (top["doc_id_a"], top["doc_id_b"]) == ("000", "001")
    assert "Akhas Tazhutov" in top["sentence_a"] and "Ahas Tazhutov" in top["sentence_b"]
    assert (table["doc_id_a"] < table["doc_id_b"]).all()
    assert table["similarity"].is_monotonic_decreasing


def test_canonical_names_bridge_spelling_variants():
    assert canonical_text("Ahas Tazhutov said") == canonical_text("Akhas Tazhutov said") == "tazhutov said"
    assert canonical_text("Tokaev left").split()[0] == canonical_text("Tokayev left").split()[0] == "tokayev"


def test_retellings_and_topics_share_one_canonical_text():
    from kzanalysis import entities, retelling, topics

    assert retelling.canonical_text is entities.canonical_text
    assert topics.tag_entities is entities.canonical_text


def test_shared_quotes_find_two_translations_of_one_quote(corpus):
    table = shared_quotes(corpus)
    assert list(table.columns) == QUOTE_COLUMNS
    heir = table[table["quote_a"].str.contains("heir to Nazarbaev")]
    assert len(heir) == 1 and "western regions" in heir["quote_b"].iloc[0]


def test_quotes_spanning_sentences_are_kept_whole(corpus):
    table = quotes(corpus)
    blank = table[table["quote"].str.startswith("This is directly related to the Russian invasion")]
    assert len(blank) == 1 and blank["quote"].iloc[0].endswith("harbinger of bad news,")


def test_unrelated_articles_are_not_the_same_story():
    corpus = make_corpus({
        "a": "Grain exports rise\n\nKazakhstan exported record volumes of wheat to Uzbekistan and Afghanistan this season, farmers said.",
        "b": "Football final\n\nThe Astana club won the national cup final on Sunday after a penalty shoot-out in front of thirty thousand fans.",
    })
    assert not retellings(corpus)["same_story"].any()
    assert similar_passages(corpus).empty


def test_a_retold_story_is_found_in_a_user_corpus():
    corpus = make_corpus({
        "wire": "Pipeline halted\n\nThe Caspian pipeline consortium halted oil loading at its Novorossiysk terminal on Tuesday, citing storm damage to two moorings. "
                "Kazakh officials said exports of crude would fall by a third this month. "
                "\"We expect repairs to take several weeks,\" the consortium's spokesman Ivan Petrov said.",
        "blog": "Storm stops Kazakh oil\n\nOil loading at the Novorossiysk terminal of the Caspian pipeline consortium was halted on Tuesday after storm damage to moorings. "
                "According to Kazakh officials, crude exports will fall by a third this month. "
                "\"Repairs are expected to take several weeks,\" said spokesman Ivan Petrov.",
    })
    pairs = retellings(corpus, min_passages=2)
    assert bool(pairs.iloc[0]["same_story"]) and pairs.iloc[0]["n_similar_passages"] >= 2


def test_single_article_gives_empty_tables():
    corpus = make_corpus({"only": "Just one\n\nTokayev met Putin in Moscow on Tuesday to discuss gas prices and trade."})
    assert similar_passages(corpus).empty and retellings(corpus).empty and shared_quotes(corpus).empty
