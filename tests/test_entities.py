"""Gazetteer, target groups, false friends and spun variants."""

from __future__ import annotations

import re
import pandas as pd
import pytest
from conftest import requires_shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzanalysis as kz
from kzanalysis.entities import GazetteerError, load_gazetteer, read_gazetteer



def gazetteer_with_variants(tmp_path, actor, variants, type_="place"):
    """The package gazetteer plus case-insensitive variants of one actor outside every group."""
    from kzanalysis.config import PACKAGE_DATA_DIR

    table = pd.read_csv(PACKAGE_DATA_DIR / "gazetteer.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame([
        {"actor": actor, "type": type_, "group": "", "variant": v, "case_sensitive": "no", "kind": "name"} for v in variants
    ])
    path = tmp_path / "gazetteer.csv"
    pd.concat([table, extra], ignore_index=True).to_csv(path, index=False)
    return load_gazetteer(str(path))

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
    odd = gazetteer_with_variants(tmp_path, "X", ["+X+"], type_="person")
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


# ------------------------------------------- mentions of many sentences at once
# kz.mentions joins the sentences of a table and scans them at once (MentionScanner);
# these tests pin that it gives exactly the sentence-by-sentence result of the plain patterns.
def plain_gazetteer(gazetteer):
    """The same gazetteer with every shortcut off: each sentence scanned with the full patterns."""
    import dataclasses

    return dataclasses.replace(gazetteer, index=None, scanner=None)


def sentence_table(sentences: list[str]) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [f"doc{i // 5:03d}" for i in range(len(sentences))],
        "sentence_id": [i % 5 for i in range(len(sentences))],
        "sentence": sentences,
    })


def assert_joined_equals_plain(table: pd.DataFrame, gazetteer=None) -> pd.DataFrame:
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    assert gaz.scanner is not None
    joined = kz.mentions(table, gaz)
    pd.testing.assert_frame_equal(joined, kz.mentions(table, plain_gazetteer(gaz)), check_exact=True)
    return joined


JOINED_CASES = MENTION_CASES + [
    "He said the",  # ... and the next sentence begins with the rest of a variant
    "United States troops left; the Kazakh",
    "President met them.",
    "Kazakh President\nKassym-Jomart Tokayev spoke.",  # a line break inside a sentence
    "The U.S. and U.K. and USA and US-based firms; the U.S.",
    "KAZAKHſTAN, Ruſsia, PUTİN, ıstanbul and \u212aremlin with \u212aazakh President",  # letters folding onto ASCII
    "Путин, Россия, Токаев и ОДКБ; Kasym-Žomart Tokaev; KASYM-ŽOMART TOKAEV.",
    "A £5m deal – Moscow’s “offer” – and €3 for Washington’s café.",
    "Ethnic Russians and ethnic Russian voters; Russian-speakers, Russian speaking.",
    "Russian media reported it in Kazakhstan; Russian websites too.",
    "Russian media reported it in Europe.",
    "The Western regions and western Kazakhstan; the Western Hemisphere; the West.",
    "American experts at the American Institute; American officials.",
    "Washington, DC and Washington; US-based and US.",
    "Russia's Far Eastern Federal University and the Far Eastern Federal University.",
    "Moscow-led, Moscow-sponsored, moscow-led, anti-Western, Anti-Western, ANTI-WESTERN.",
    "Nazarbayev's and Nazarbaev’s heirs; 2Putin, Putin2, _Putin, Putin_ and Putin.",
    "Kremlin KREMLIN kremlin Kremlin's; America american AMERICA.",
    "Kazakhstan Kazakhstan's President Kazakh President Kassym-Jomart Tokayev.",
    "\x00Moscow\x00 and ?Moscow? and Mos?cow",
    "Tokayev",
    "",
    "Moscow",
]


@pytest.mark.parametrize("sentence", JOINED_CASES)
def test_joined_mentions_equal_the_plain_scan_on_one_sentence(sentence):
    assert_joined_equals_plain(sentence_table([sentence]))


def test_joined_mentions_equal_the_plain_scan_on_crafted_sentences():
    found = assert_joined_equals_plain(sentence_table(JOINED_CASES))
    assert len(found) > 60
    # nothing joins across sentences: "the" + "United States", "Kazakh" + "President" stay apart
    by_sentence = found.assign(n=found["doc_id"].str[3:].astype(int) * 5 + found["sentence_id"])
    second = JOINED_CASES.index("United States troops left; the Kazakh")
    assert found[by_sentence["n"] == second][["surface", "start"]].values.tolist() == [["United States", 0]]
    assert found[by_sentence["n"] == second + 1].empty  # not "Kazakh\nPresident"
    assert ("Tokayev", "Kazakh President\nKassym-Jomart Tokayev") in set(zip(found["actor"], found["surface"]))


def test_joined_mentions_equal_the_plain_scan_on_the_seed_corpus(corpus_sentences):
    found = assert_joined_equals_plain(corpus_sentences)
    assert len(found) > 400
    assert {"russia", "tokayev", "west"} <= set(found["group"])


def test_joined_mentions_equal_the_plain_scan_on_every_variant_in_context():
    gaz = load_gazetteer()
    sentences = []
    for variant in gaz.table["variant"]:
        for form in dict.fromkeys([variant, variant.upper(), variant.lower(), variant.title(), variant.swapcase()]):
            sentences += [
                form, f"{form}.", f"The {form}'s view, the {form}’s reply.", f"({form}) and “{form}”",
                f"{form}-led and anti-{form} and {form}s", f"x{form} {form}y 1{form} {form}2 _{form}",
                f"Said the\n{form}, then {form} {form}",
            ]
    found = assert_joined_equals_plain(sentence_table(sentences))
    surfaces = set(found["surface"])
    missing = [v for v in gaz.table["variant"] if not any(v in s for s in surfaces)]
    assert not missing, f"variants found nowhere: {missing}"


@pytest.mark.parametrize("block", [1, 2, 7])
def test_joined_mentions_do_not_depend_on_the_block_size(corpus_sentences, monkeypatch, block):
    from kzanalysis import entities

    whole = kz.mentions(corpus_sentences)
    monkeypatch.setattr(entities, "_SCAN_BLOCK", block)
    pd.testing.assert_frame_equal(kz.mentions(corpus_sentences), whole, check_exact=True)


FRAGMENTS = sorted(set(load_gazetteer().table["variant"])) + [
    "the", "of", "and", "a", ",", ".", "'s", "’s", "-", "(", ")", '"', "\n", " ", "2", "_",
    "Russian-speaking", "ethnic Russians", "western regions", "Washington, DC", "US-based", "Russian media",
    "Kazakhstan", "Ruſsia", "PUTİN", "\u212aremlin", "ı", "£", "–", "é", "Путин", "ОДКБ", "Žomart", "\x00", "?",
]


@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(
    lambda parts: "".join(p + (" " if i % 3 else "") for i, p in enumerate(parts))), min_size=1, max_size=12))
@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
def test_joined_mentions_equal_the_plain_scan_on_generated_sentences(sentences):
    assert_joined_equals_plain(sentence_table(sentences))


def test_the_package_gazetteer_is_scanned_with_both_kinds_of_key():
    scanner = load_gazetteer().scanner
    assert scanner is not None
    exact, folded = scanner.keys
    assert not exact.folded and folded.folded
    assert exact.offsets and folded.offsets and folded.searched  # the scan and the substring search both run


def test_no_candidate_start_lies_before_the_text():
    """A key found near the start stands for no variant that would begin before it ("Putin" in "President Putin")."""
    scanner = load_gazetteer().scanner
    for keys in scanner.keys:
        for text in ("Putin said.", "putin", "Kremlin", "Vladimir Putin", "Kazakhstan and Russia", "UK", "U.S."):
            view = (text.lower() if keys.folded else text).encode("latin-1")
            assert all(start >= 0 for start in keys.starts(view)), text
    found = assert_joined_equals_plain(sentence_table(["Putin said.", "Putin", "Tokayev met Putin."]))
    assert found["start"].min() == 0


def test_a_searched_key_equal_to_a_scanned_key_keeps_both_offsets(tmp_path):
    """"the uv" has no rare letter early enough and is searched by "uv", which is also the scanned key of "UV"."""
    gaz = gazetteer_with_variants(tmp_path, "UV", ["the uv", "UV"])
    folded = gaz.scanner.keys[1]
    assert b"uv" in folded.offsets and b"uv" in dict(folded.searched)
    found = assert_joined_equals_plain(sentence_table(["The UV index and uv rays.", "the uv", "UV"]), gaz)
    assert found["surface"].tolist() == ["The UV", "uv", "the uv", "UV"]


def test_gazetteers_that_break_the_scanner_premises_are_scanned_sentence_by_sentence(tmp_path):
    for variant in ("Ruſsian Federation", "New\nYork"):  # folds onto ASCII; holds the separator
        gaz = gazetteer_with_variants(tmp_path, "X", [variant])
        assert gaz.scanner is None
        found = kz.mentions(sentence_table(["The Russian Federation and New\nYork met Moscow."]), gaz)
        assert "Russia" in set(found["actor"])


# ---------------------------------------------------------------- false friends
def test_literals_of_the_package_false_friends():
    gaz = load_gazetteer()
    literals = dict(zip((p.pattern for p, _, _ in gaz.false_friends), gaz.friend_texts))
    assert literals["[Ee]thnic Russians?"] == ("thnic Russian",)
    assert literals["Russian[- ]speak(?:ing|ers?)"] == ("Russian",)
    assert literals["Washington, DC"] == ("Washington, DC",)
    assert literals["American (?:Institute|expert|researcher|analyst)"] == ("American ",)
    assert all(literals.values()), "every shipped false friend is searched by its literals"
    # every match holds one of the literals, on real sentences
    for (pattern, _, _), required in zip(gaz.false_friends, gaz.friend_texts):
        for sentence in JOINED_CASES:
            assert all(any(part in m.group() for part in required) for m in pattern.finditer(sentence))


@pytest.mark.parametrize("pattern", ["(?i)russian", "", "x?", "Russ.an|[^a]", r"\w+(?i:moscow)"])
def test_patterns_without_a_sure_literal_are_tried_on_every_sentence(pattern):
    from kzanalysis.entities import _friend_literals

    assert _friend_literals(re.compile(pattern)) == ()


def test_false_friends_of_every_kind_exclude_as_sentence_by_sentence(tmp_path, corpus_sentences):
    friends = pd.DataFrame({
        "pattern": [
            "^Russian", r"Russian\s+officials", "(?i)moscow-led", r"\bWestern\b", "Russian(?= media)", "x?",
            "(?:Russian|American) experts?", "[Ee]thnic Russians?", "Russian (?:media|press)",
        ],
        "context": ["", "", "", "", "Kazakh", "", "", "", "Kazakhstan|Astana"],
        "reason": ["test"] * 9,
    })
    path = tmp_path / "false_friends.csv"
    friends.to_csv(path, index=False)
    gaz = load_gazetteer(None, str(path))
    assert gaz.friend_texts[2] == gaz.friend_texts[5] == ()  # case ignored; nothing required
    assert gaz.friend_texts[0] == ("Russian",) and gaz.friend_texts[6] == (" expert",)
    cases = JOINED_CASES + [
        "Russian officials met Moscow.", "Then Russian officials met MOSCOW-LED troops.",
        "Western media and the West; Russian media in Kazakh news.", "American experts said; Russian expert too.",
    ]
    found = assert_joined_equals_plain(sentence_table(cases), gaz)
    assert "Russian officials" not in set(found["surface"])  # excluded by "^Russian" and r"Russian\s+officials"
    assert_joined_equals_plain(corpus_sentences, gaz)


@requires_shared
def test_joined_mentions_equal_the_plain_scan_on_bbc():
    from kzanalysis.config import benchmarks_data_dir

    bbc = pd.read_csv(benchmarks_data_dir() / "bbc" / "bbc_news.csv", dtype=str, keep_default_na=False)
    sentences = kz.sentences(pd.DataFrame({"doc_id": bbc["id"], "body": bbc["text"]}))
    found = assert_joined_equals_plain(sentences)
    assert len(found) > 5000


def test_a_case_sensitive_and_an_insensitive_variant_of_one_span_resolve_as_sentence_by_sentence(tmp_path):
    """Matches of both patterns with the same span: the case-sensitive one comes first, as in find_mentions."""
    gaz = gazetteer_with_variants(tmp_path, "Fortress", ["kremlin"])
    found = assert_joined_equals_plain(sentence_table(["The Kremlin and the kremlin of Kazan; KREMLIN."]), gaz)
    assert found["actor"].tolist() == ["Russia", "Fortress", "Russia"]


def joined(sentences: list[str]) -> tuple[str, list[int]]:
    from kzanalysis.entities import _SEPARATOR, _offsets

    return _SEPARATOR.join(sentences), _offsets(sentences)


def test_scanner_matches_are_the_pattern_matches_of_the_joined_text(corpus_sentences):
    gaz = load_gazetteer()
    every_variant = [f"{v}, {v.upper()} and {v.lower()}'s" for v in gaz.table["variant"]]
    for sentences in (JOINED_CASES, corpus_sentences["sentence"].tolist(), every_variant):
        text, starts = joined(sentences)
        quick = gaz.scanner.scan(text, starts)
        full = [(m.start(), m.end(), n) for n, keys in enumerate(gaz.scanner.keys) for m in keys.pattern.finditer(text)]
        assert quick == full
        assert len(full) > 60


def test_a_match_inside_an_excluded_match_is_not_taken(tmp_path):
    """Pattern matches never overlap: "President Tokayev" inside an excluded "Kazakh President" is no match."""
    friends = pd.DataFrame({"pattern": ["Kazakh President"], "context": [""], "reason": ["test"]})
    path = tmp_path / "false_friends.csv"
    friends.to_csv(path, index=False)
    gaz = load_gazetteer(None, str(path))
    found = assert_joined_equals_plain(sentence_table(["Kazakh President Tokayev spoke."]), gaz)
    assert found["surface"].tolist() == ["Tokayev"]


def test_mentions_names_a_missing_sentence_and_a_missing_column():
    table = pd.DataFrame({"doc_id": ["a", "a"], "sentence_id": [0, 1], "sentence": ["Putin spoke.", None]})
    with pytest.raises(TypeError, match=r"positions \[1\]"):
        kz.mentions(table)
    with pytest.raises(ValueError, match="lacks columns \\['sentence'\\].*kz.sentences"):
        kz.mentions(table.drop(columns="sentence"))
