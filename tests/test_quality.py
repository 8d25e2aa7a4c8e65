"""Quality flags: spun text (on an unseen crafted article), machine-translation traces, boilerplate."""

from __future__ import annotations

import pandas as pd
import pytest

import kzanalysis as kz
from kzanalysis.clean import clean_corpus
from kzanalysis.entities import load_gazetteer
from kzanalysis.quality import FLAG_COLUMNS, load_quality_rules, quality_evidence, read_spinner_phrases

# A spun report about a summit, never seen by the detector's authors' data: it
# shares the spinner's vocabulary, not the seed article's sentences.
SPUN_SUMMIT = """Leaders gather in Samarkand for regional summit

Heads of state from 9 international locations gathered in Samarkand this week for the annual summit of the Shanghai Cooperation Organisation, the largest such assembly of the yr.
Delegates from the Collective Safety Treaty Group and the Eurasian Financial Union attended as observers, and officers unveiled a brand spanking new transport hall linking Jap Europe with China.
Kazakh President Kassym-Jomart Tokayev warned that sanctions in opposition to neighbours had harm commerce, and that thousands and thousands of individuals had been affected attributable to greater meals costs.
The hosts additionally promised to deepen cooperation between legislation enforcement businesses, whereas one minister posted on his Fb web page that sure pink strains should not be crossed.
"""

# Ordinary English that happens to use a few phrases spinners also produce.
PLAIN_REPORT = """Parliament debates the budget

Thousands and thousands of people marched in Almaty, and the opposition voted in opposition to the budget.
Delays were attributable to the weather, officials said, and the financial institution that funds the road project declined to comment.
Ministers said the new road will open next year and that trade with Russia and China keeps growing.
"""


def make_corpus(texts: dict[str, str]) -> pd.DataFrame:
    raw = pd.DataFrame({"doc_id": list(texts), "raw_text": list(texts.values()), "headline": ""})
    return clean_corpus(raw)


def test_quality_flags_table_shape(corpus):
    flags = kz.quality_flags(corpus)
    assert list(flags.columns) == FLAG_COLUMNS
    assert list(flags["doc_id"]) == list(corpus["doc_id"])


def test_spun_seed_article_is_flagged_and_the_others_are_not(corpus):
    flags = kz.quality_flags(corpus).set_index("doc_id")
    assert flags.loc["004", "spun_flag"]
    assert "'Collective Safety Treaty Group' → Collective Security Treaty Organization" in flags.loc["004", "spun_evidence"]
    assert "'brand spanking new' → new" in flags.loc["004", "spun_evidence"]
    for doc_id in ("000", "001", "002", "003"):
        assert not flags.loc[doc_id, "spun_flag"], (doc_id, flags.loc[doc_id, "spun_evidence"])
        assert flags.loc[doc_id, "spun_score"] < load_quality_rules().spun_min_score


def test_unseen_spun_article_is_flagged_with_evidence():
    flags = kz.quality_flags(make_corpus({"summit": SPUN_SUMMIT, "plain": PLAIN_REPORT})).set_index("doc_id")
    assert flags.loc["summit", "spun_flag"]
    evidence = flags.loc["summit", "spun_evidence"]
    for expected in ("'the yr'", "'brand spanking new' → new", "'international locations' → countries",
                     "'Jap Europe' → Eastern Europe", "'pink strains' → red lines", "'Eurasian Financial Union' → Eurasian Economic Union"):
        assert expected.replace("'the yr'", "'yr' → year") in evidence
    assert "spun" in flags.loc["summit", "flags"].split(";")


def test_ordinary_english_with_a_few_spinner_phrases_is_not_flagged():
    flags = kz.quality_flags(make_corpus({"plain": PLAIN_REPORT})).set_index("doc_id")
    assert 0 < flags.loc["plain", "spun_score"] < load_quality_rules().spun_min_score
    assert not flags.loc["plain", "spun_flag"]


def test_spun_article_mentions_csto_and_eaeu():
    corpus = make_corpus({"summit": SPUN_SUMMIT})
    table = kz.mentions(kz.sentences(corpus))
    assert {"CSTO", "EAEU", "SCO", "Tokayev"} <= set(table["actor"])
    assert set(table.loc[table["kind"] == "spun", "surface"]) == {"Collective Safety Treaty Group", "Eurasian Financial Union"}


def test_spinner_names_with_a_canonical_actor_are_in_the_gazetteer():
    """Every spun organisation name maps to the actor of its canonical form."""
    gaz = load_gazetteer()
    variants = {k.lower(): v[0] for k, v in gaz.lookup.items()}
    checked = 0
    for row in read_spinner_phrases().itertuples():
        canonical_actor = variants.get(row.canonical.lower())
        if canonical_actor is None:
            continue
        checked += 1
        assert variants.get(row.phrase.lower()) == canonical_actor, f"add {row.phrase!r} to the gazetteer as {canonical_actor}"
    assert checked >= 4


# -------------------------------------------------------- machine translation
def test_translation_traces_in_the_seed_corpus(corpus):
    flags = kz.quality_flags(corpus).set_index("doc_id")
    assert flags.loc["003", "mt_flag"] and flags.loc["001", "mt_flag"]
    assert "lowercase_fragment: 'experts.'" in flags.loc["003", "mt_evidence"]
    assert "'Harvard University.'" in flags.loc["003", "mt_evidence"]
    assert "space_before_punctuation: 'theme ,'" in flags.loc["001", "mt_evidence"]
    assert "'– Ed .'" in flags.loc["001", "mt_evidence"]
    for doc_id in ("000", "002", "004"):
        assert not flags.loc[doc_id, "mt_flag"], (doc_id, flags.loc[doc_id, "mt_evidence"])


def test_removed_translation_disclaimer_counts_as_evidence(corpus):
    evidence = quality_evidence(corpus)
    hit = evidence[(evidence["rule"] == "translation_disclaimer")]
    assert list(hit["doc_id"]) == ["003"] and list(hit["source"]) == ["removed"]
    assert "programmatic" in hit["text"].iloc[0]
    # the disclaimer is no longer in the body: it was found in the `removed` column
    assert "programmatic" not in corpus.set_index("doc_id").loc["003", "body"]


def test_crafted_translation_traces_are_found():
    text = ("Talks in Astana\n\nThe ministers met on Monday , officials said. experts.\n"
            "The deal was signed by the Ministry of Energy. Reuters Agency.\n"
            "The president left. .\n"
            "This news was translated automatically by our software.")
    flags = kz.quality_flags(make_corpus({"mt": text})).set_index("doc_id")
    assert flags.loc["mt", "mt_flag"]
    for rule in ("space_before_punctuation", "lowercase_fragment", "capitalised_fragment", "doubled_full_stop", "translation_disclaimer"):
        assert rule in flags.loc["mt", "mt_evidence"]


# ------------------------------------------------------------------ boilerplate
def test_boilerplate_share_flag_with_its_rules():
    text = "Short news\n\nTokayev spoke.\n\nRead More: a\n\nRead More: b\n\nShare this article\n\nSource link\n\nExit mobile version"
    flags = kz.quality_flags(make_corpus({"bp": text})).set_index("doc_id")
    assert flags.loc["bp", "boilerplate_flag"]
    assert flags.loc["bp", "boilerplate_evidence"] == "read_more ×2; share_prompt; source_link; exit_mobile_version"


def test_seed_corpus_boilerplate_is_below_the_threshold(corpus):
    flags = kz.quality_flags(corpus)
    assert not flags["boilerplate_flag"].any()
    assert flags.set_index("doc_id").loc["002", "boilerplate_evidence"] == "photo_caption; photo_credit ×3; read_more ×3; exit_mobile_version"


def test_no_document_ids_in_the_quality_code():
    from pathlib import Path

    import kzanalysis.quality as quality

    source = Path(quality.__file__).read_text(encoding="utf-8")
    for doc_id in ("\"000\"", "\"001\"", "\"002\"", "\"003\"", "\"004\"", "Geopolitical"):
        assert doc_id not in source


def test_bad_spinner_file_is_a_clear_error(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("phrase,canonical,weight\nthe yr,year,heavy\n")
    with pytest.raises(ValueError, match="weight must be a positive number"):
        read_spinner_phrases(path)
