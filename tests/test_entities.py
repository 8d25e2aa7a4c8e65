"""Gazetteer, target groups, false friends and spun variants."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import requires_shared

import kzanalysis as kz
from kzanalysis.entities import GazetteerError, load_gazetteer, read_gazetteer


def actors_in(sentence: str) -> list[str]:
    return [m["actor"] for m in kz.find_mentions(sentence)]


def groups_in(sentence: str) -> set[str]:
    return {g for m in kz.find_mentions(sentence) for g in m["groups"]}


def sentence_with(corpus_sentences, doc_id: str, fragment: str) -> str:
    hits = corpus_sentences[(corpus_sentences["doc_id"] == doc_id) & corpus_sentences["sentence"].str.contains(fragment, regex=False)]
    assert len(hits) == 1, f"{fragment!r} should be in exactly one sentence of {doc_id}"
    return hits["sentence"].iloc[0]


def test_target_groups_are_the_three_targets():
    assert kz.target_groups() == ["russia", "tokayev", "west"]


def test_check_group_names_valid_groups():
    assert kz.check_group("Russia") == "russia"
    with pytest.raises(ValueError, match=r"unknown target group 'China'; valid groups are \['russia', 'tokayev', 'west'\]"):
        kz.check_group("China")


# ----------------------------------------------------------------- false friends
def test_russian_speaking_citizens_are_not_russia(corpus_sentences):
    s = sentence_with(corpus_sentences, "003", "Russian-speaking")
    assert "Russia" not in [m["actor"] for m in kz.find_mentions(s) if "Russian-speaking" in m["surface"]]
    surfaces = [m["surface"] for m in kz.find_mentions(s)]
    assert not any(x.startswith("Russian") for x in surfaces), surfaces
    # "Moscow's hyper-aggressive foreign policy" in the same sentence is a true positive
    assert "russia" in groups_in(s)


def test_ethnic_russians_living_in_kazakhstan_are_not_russia(corpus_sentences):
    s = sentence_with(corpus_sentences, "004", "ethnic Russians")
    assert [m["surface"] for m in kz.find_mentions(s) if m["actor"] == "Russia"] == ["Moscow"]
    assert actors_in("Ethnic Russians living in northern Kazakhstan voted.") == ["Kazakhstan"]


def test_excluded_spans_are_the_false_friends_of_a_sentence(corpus_sentences):
    from kzanalysis.entities import excluded_spans

    s = sentence_with(corpus_sentences, "003", "Russian-speaking")
    assert [s[a:b] for a, b in excluded_spans(s)] == ["Russian-speaking", "ethnic Russian"]
    assert excluded_spans("Russian media lead in Kazakhstan.") == [(0, 13)]  # context applies
    assert excluded_spans("Russian media lead in Europe.") == []
    assert excluded_spans("Nothing here.") == []


def test_western_regions_of_kazakhstan_are_not_the_west(corpus_sentences):
    s = sentence_with(corpus_sentences, "000", "western regions")
    assert "west" not in groups_in(s)
    s = sentence_with(corpus_sentences, "001", "oil-rich western regions")
    assert "west" not in groups_in(s)
    assert "west" not in groups_in("Protests broke out in the Western regions of Kazakhstan.")


def test_russian_media_in_kazakhstan_is_not_the_russian_state(corpus_sentences):
    s = sentence_with(corpus_sentences, "001", "Russian TV channels")
    assert [m["surface"] for m in kz.find_mentions(s) if m["actor"] == "Russia"] == ["Kremlin"]
    s = sentence_with(corpus_sentences, "001", "the Russian website Lenta.ru")
    assert "Russia" not in actors_in(s)
    # outside a Kazakh context, Russian media are still counted
    assert "russia" in groups_in("Russian media attacked the Ukrainian government again.")


def test_russian_language_and_citizens_are_not_the_state(corpus_sentences):
    s = sentence_with(corpus_sentences, "004", "the yr of the Russian language")
    assert "Russia" not in actors_in(s)
    s = sentence_with(corpus_sentences, "004", "Russian citizens have moved")
    assert "Russia" not in actors_in(s)


# ---------------------------------------------------------------- true positives
@pytest.mark.parametrize(
    ("sentence", "actor", "surface"),
    [
        ("The unexpected presence of Kazakh President Kasym-Žomart Tokaev at the parade.", "Tokayev", "Kazakh President Kasym-Žomart Tokaev"),
        ("The change of plans of the head of the Akorda suggested a need.", "Tokayev", "the head of the Akorda"),
        ("The Kazakh president also criticized Russian politicians.", "Tokayev", "The Kazakh president"),
        ("The Kazakh president also criticized Russian politicians.", "Russia", "Russian politicians"),
        ("THE KREMLIN WANTS TO DRIVE THE CHORUS TO ITS SIDE.", "Russia", "KREMLIN"),
        ("Kazakh political scientist Ahas Tazhutov wrote last week.", "Tazhutov", "Ahas Tazhutov"),
        ("Kazakh political scientist Akhas Tazhutov published an article.", "Tazhutov", "Akhas Tazhutov"),
        ("the most loyal CTSO secretary, Tasmagambetov, to replace him", "CSTO", "CTSO"),
        ("the best possible heir to Nazarbaev", "Nazarbayev", "Nazarbaev"),
        ("US Secretary of State Antony Blinken arrived in Kazakhstan.", "Blinken", "Antony Blinken"),
        ("Cleverly stated that London respected Astana's stance.", "United Kingdom", "London"),
        ("The EU wants to import gas from Kazakhstan instead of Russia.", "European Union", "EU"),
        ("notably non-NATO members like Kazakhstan", "NATO", "NATO"),
        ("sit side by side with Moscow and Minsk in anti-Western trenches", "West", "anti-Western"),
        ("the Shanghai Cooperation Organization, which brings together Russia and China", "SCO", "Shanghai Cooperation Organization"),
    ],
)
def test_true_positives(sentence, actor, surface):
    found = [(m["actor"], m["surface"]) for m in kz.find_mentions(sentence)]
    assert (actor, surface) in found, found


def test_group_membership_of_people():
    assert groups_in("Putin met Tokayev and Blinken.") == {"russia", "tokayev", "west"}
    assert groups_in("Ablyazov criticized Nazarbayev.") == set()


# ---------------------------------------------------------------- spun variants
def test_spun_article_still_yields_csto_and_eaeu(corpus_sentences):
    table = kz.mentions(corpus_sentences[corpus_sentences["doc_id"] == "004"])
    spun = table[table["kind"] == "spun"]
    assert {("CSTO", "Collective Safety Treaty Group"), ("EAEU", "Eurasian Financial Union")} <= set(zip(spun["actor"], spun["surface"]))
    assert {"CSTO", "EAEU", "OTS", "CICA"} <= set(table["actor"])
    assert (table["actor"] == "EAEU").sum() >= 2


def test_mentions_table_columns_and_offsets(corpus_sentences):
    table = kz.mentions(corpus_sentences)
    assert list(table.columns) == ["doc_id", "sentence_id", "actor", "type", "group", "surface", "start", "end", "kind"]
    lookup = corpus_sentences.set_index(["doc_id", "sentence_id"])["sentence"]
    for row in table.head(200).itertuples():
        assert lookup[(row.doc_id, row.sentence_id)][row.start:row.end] == row.surface
    per_group = table[table["group"] != ""].groupby("group").size()
    assert set(per_group.index) == {"russia", "tokayev", "west"}


# ------------------------------------------------------------------ user edits
def test_a_new_group_and_variant_need_no_code(tmp_path):
    from kzanalysis.config import PACKAGE_DATA_DIR

    table = pd.read_csv(PACKAGE_DATA_DIR / "gazetteer.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame([
        {"actor": "China", "type": "country", "group": "china", "variant": "the PRC", "case_sensitive": "no", "kind": "name"},
        {"actor": "Xi Jinping", "type": "person", "group": "china", "variant": "Xi Jinping", "case_sensitive": "no", "kind": "name"},
    ])
    edited = pd.concat([table, extra], ignore_index=True)
    edited.loc[edited["actor"] == "China", "group"] = "china"
    path = tmp_path / "gazetteer.csv"
    edited.to_csv(path, index=False)
    gaz = load_gazetteer(str(path))
    assert kz.target_groups(gaz) == ["china", "russia", "tokayev", "west"]
    found = kz.find_mentions("Xi Jinping said the PRC and Beijing agree.", gaz)
    assert [(m["actor"], m["groups"]) for m in found] == [("Xi Jinping", ("china",)), ("China", ("china",)), ("China", ("china",))]


def test_gazetteer_errors_name_the_problem(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("actor,type,group,variant,case_sensitive,kind\nX,planet,,Xland,no,name\n")
    with pytest.raises(GazetteerError, match="unknown types"):
        read_gazetteer(path)
    path.write_text("actor,type,group,variant,case_sensitive,kind\nX,country,,Same,no,name\nY,country,,Same,no,name\n")
    with pytest.raises(GazetteerError, match="variants given to several actors"):
        read_gazetteer(path)
    path.write_text("actor,variant\nX,Xland\n")
    with pytest.raises(GazetteerError, match="lacks columns"):
        read_gazetteer(path)


# ------------------------------------------------------------ the fast mention path
MENTION_CASES = [
    "The U.S. and the United States are the same actor; the US is too.",
    "Russian-speaking citizens live in western regions of Kazakhstan.",
    "Kazakh President Kassym-Jomart Tokayev met Putin in Moscow.",
    "MOSCOW-LED blocs and the Moscow-sponsored summit; moscow again.",
    "Путин и Токаев обсудили ОДКБ.",
    "Tokaev's speech, Tokayev’s reply and anti-Western rhetoric in Kiev.",
    "us, Us and US differ: only the capitals name America.",
    "Washington, DC is an address; Washington is an actor.",
    "the west wind blew while THE WEST watched and the West waited.",
    "Kasym-Žomart Tokaev and KASSYM-JOMART TOKAYEV, then Ñoño Moscow.",
    "Nothing here names any actor at all.",
    "PUTİN met Tokayev; Ruſsia and KAZAKHſTAN signed.",
    "",
]


@pytest.mark.parametrize("sentence, actors, surfaces", [
    ("PUTİN met Tokayev.", ["Putin", "Tokayev"], ["PUTİN", "Tokayev"]),  # Turkish dotted capital I
    ("Ruſsia", ["Russia"], ["Ruſsia"]),  # long s
    ("The Kazakh president and KAZAKHſTAN.", ["Tokayev", "Kazakhstan"], ["The Kazakh president", "KAZAKHſTAN"]),
])
def test_letters_whose_lower_case_is_not_the_pattern_case_fold(sentence, actors, surfaces):
    found = kz.find_mentions(sentence)
    assert [m["actor"] for m in found] == actors
    assert [m["surface"] for m in found] == surfaces
    assert all(sentence[m["start"]:m["end"]] == m["surface"] for m in found)


def test_canonical_text_replaces_mentions_sentence_by_sentence(corpus_sentences):
    from kzanalysis.entities import canonical_text, canonical_token

    assert canonical_token("United States") == "united_states"
    assert canonical_text("Akhas Tazhutov met Tokaev. The Kazakh president left.") == (
        "tazhutov met tokayev. tokayev left."
    )
    # a false friend's context counts within its own sentence only
    assert canonical_text("Russian media lead in Kazakhstan. Russian media lead.") == (
        "Russian media lead in kazakhstan. russia media lead."
    )
    s = sentence_with(corpus_sentences, "003", "Russian-speaking")
    tagged = canonical_text(s)
    assert "Russian-speaking and ethnic Russian parts, russia's hyper-aggressive" in tagged


def scanned_mentions(sentence: str, gazetteer) -> list[dict]:
    """find_mentions with the full pattern scan (no index): the reference."""
    import dataclasses

    return kz.find_mentions(sentence, dataclasses.replace(gazetteer, index=None))


def test_the_package_gazetteer_uses_the_index():
    assert load_gazetteer().index is not None


@pytest.mark.parametrize("sentence", MENTION_CASES)
def test_indexed_mentions_equal_the_full_scan(sentence):
    gazetteer = load_gazetteer()
    assert kz.find_mentions(sentence, gazetteer) == scanned_mentions(sentence, gazetteer)


def test_indexed_mentions_equal_the_full_scan_on_every_corpus_sentence(corpus_sentences):
    gazetteer = load_gazetteer()
    sentences = corpus_sentences["sentence"].tolist()
    found = [kz.find_mentions(s, gazetteer) for s in sentences]
    assert found == [scanned_mentions(s, gazetteer) for s in sentences]
    assert sum(map(len, found)) > 100


def test_index_matches_are_the_pattern_matches():
    gazetteer = load_gazetteer()
    text = " ".join(MENTION_CASES)
    for pattern, fold in ((gazetteer.sensitive, False), (gazetteer.insensitive, True)):
        quick = [m.span() for m in gazetteer.index.finditer(pattern, text, fold)]
        assert quick == [m.span() for m in pattern.finditer(text)]
        assert quick, "the crafted text holds mentions"


def test_a_variant_without_a_leading_word_falls_back_to_the_full_scan(tmp_path):
    from kzanalysis.config import PACKAGE_DATA_DIR

    table = pd.read_csv(PACKAGE_DATA_DIR / "gazetteer.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame([{"actor": "X", "type": "person", "group": "", "variant": "+X+", "case_sensitive": "no", "kind": "name"}])
    path = tmp_path / "gazetteer.csv"
    pd.concat([table, extra], ignore_index=True).to_csv(path, index=False)
    odd = load_gazetteer(str(path))
    assert odd.index is None
    sentence = "The +X+ sign and Moscow."
    assert [m["actor"] for m in kz.find_mentions(sentence, odd)] == ["X", "Russia"]


@requires_shared
def test_indexed_mentions_equal_the_full_scan_on_bbc():
    from kzanalysis.config import benchmarks_data_dir

    bbc = pd.read_csv(benchmarks_data_dir() / "bbc" / "bbc_news.csv", dtype=str).head(400)
    gazetteer = load_gazetteer()
    sentences = [s for text in bbc["text"] for s in kz.split_sentences(text)]
    assert [kz.find_mentions(s, gazetteer) for s in sentences] == [scanned_mentions(s, gazetteer) for s in sentences]
