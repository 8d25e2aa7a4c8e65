"""Literals every match of a pattern contains: read from the parse tree, never one too many.

The checks built on them must never rule out a text a pattern matches; the
case-insensitive ones must also see the few non-ASCII characters that
IGNORECASE equates with ASCII letters.  The call sites (cleaning, statistics)
test their own rules in their own test files.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzanalysis import literals
from kzanalysis.literals import (
    FOLDS_ONTO_ASCII,
    Haystack,
    LiteralCheck,
    caseless,
    opens_with_optional_repeat,
    required_literals,
    shared_literals,
)


def test_the_non_ascii_characters_that_fold_onto_ascii_are_all_known():
    """Brute force over every code point: what a case-insensitive ASCII literal matches."""
    non_ascii = "".join(map(chr, range(0x80, 0x110000)))
    folds = {found for char in map(chr, range(128)) for found in re.findall(re.escape(char), non_ascii, re.IGNORECASE)}
    assert folds == set(FOLDS_ONTO_ASCII)


@pytest.mark.parametrize(
    ("pattern", "flags", "clauses"),
    [
        (r"\b(?:trade|exports?)\b", re.I, (("export", "trade"),)),
        (r"\bviews? of\b", re.I, (("view",), (" of",))),
        (r"favou?rable", re.I, (("rable",), ("favo",))),  # optional parts add nothing
        (r"(?:daily )?news(letter)?", re.I, (("news",),)),
        (r"Trade", re.I, (("trade",),)),  # case-insensitive ASCII: lower-cased
        (r"Trade", 0, (("Trade",),)),  # case-sensitive: as written
        (r"(?i)Trade", 0, (("trade",),)),
        (r"ab(?i:CD)", 0, (("ab",),)),  # a group that changes flags adds nothing
        (r"(?i:ab)CD(?-i:ef)", 0, (("CD",),)),
        (r"(?i:CD)", 0, ()),
        (r"x(?:abc)+y?", 0, (("abc",), ("x",))),  # a repeat taken at least once
        (r"(ab|cd)+x(?:yz){2,3}", re.I, (("yz",), ("ab", "cd"), ("x",))),  # fewest literals first on a tie
        (r"(?:abc)*", 0, ()),
        (r"x[0-9]+x", 0, (("x",),)),  # a clause found twice is kept once
        (r"(?>ab)c", 0, (("ab",), ("c",))),  # an atomic group
        (r"(?:ab)++x", 0, (("ab",), ("x",))),  # a possessive repeat taken at least once
        (r"(?:ab)*+x", 0, (("x",),)),
        (r"a|", 0, ()),  # an empty alternative matches anywhere
        (r"(?:one|two)|[0-9]", 0, ()),
        (r"x(?=abc)y?|q{0,2}abc", re.I, (("abc", "x"),)),  # one from each alternative; not the look-ahead's
        (r"photo|photograph|image", re.I, (("image", "photo"),)),  # "photograph" holds "photo"
        (r".", re.I, ()),
        (r"(?=abc)", 0, ()),
        (r"a b #c", re.VERBOSE | re.I, (("ab",),)),  # spaces are ignored and "#c" is a comment
        (r"\u017fun", re.I, (("\u017fun",),)),  # not ASCII: as written, searched with the flags
        (r"caf\u00e9", 0, (("caf\u00e9",),)),
    ],
)
def test_required_literals_of_pattern_shapes(pattern, flags, clauses):
    assert required_literals(re.compile(pattern, flags)) == clauses


@pytest.mark.parametrize(
    ("pattern", "opens"),
    [
        (r"^.*\bviews\b", True), (r"\s*\(photo\)", True), (r"(?:.*?)x", True), (r"(?>\s*)x", True),
        (r"\s*+x", True), (r"\b[a-z]*x", True), (r"abc.*", False), (r"\s+x", False), (r"(?:ab|cd)", False), ("", False),
    ],
)
def test_opens_with_optional_repeat(pattern, opens):
    assert opens_with_optional_repeat(re.compile(pattern)) is opens


# patterns with groups, alternations, repeats, look-arounds and flags; texts to match them in
PATTERNS = [
    (r"^.*\b(views|opinions) expressed (in|on) this (article|op-ed).*$", re.IGNORECASE),
    (r"\s*\((photo|image)\s*:[^)]*\)", re.IGNORECASE),
    (r"(ab|cd)+x(?:yz){2,3}", re.IGNORECASE),
    (r"(?i:ab)CD(?-i:ef)", 0),
    (r"AB(?-i:cd)ef", re.IGNORECASE),
    (r"x(?=abc)y?|q{0,2}abc", re.IGNORECASE),
    (r"(?P<name>([A-Z][\w.'-]+ ){2,4})is (the )?(president|editor)\b", 0),
    (r"sk[^a]s(?<=ks)", re.IGNORECASE),
    (r"(?i)kiss|miss", 0),
    (r"a b #c", re.VERBOSE | re.IGNORECASE),
    (r"(?:daily )?news(letter)?", re.IGNORECASE),
    (r"(?>ab|cd)x(?:yz)++", re.IGNORECASE),
    (r"(?:\u017fk)++e", re.IGNORECASE),
    (r"\u212aiss", 0),
]
TEXT_ALPHABET = "abcdefkiqsxyzABCDEFKISXYZ ()#:.'-" + FOLDS_ONTO_ASCII + "é"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=TEXT_ALPHABET, max_size=40))
def test_a_check_never_rules_out_a_text_its_pattern_matches(text):
    for source, flags in PATTERNS:
        pattern = re.compile(source, flags)
        check = LiteralCheck.of(pattern)
        if check.rules_out(text):
            assert pattern.search(text) is None, (source, text)
        assert check.rules_out(Haystack(text)) == check.rules_out(text)
        for match in pattern.finditer(text):
            assert not check.rules_out(Haystack(match.group())), (source, match.group())


CRAFTED_MATCHES = [  # (index into PATTERNS, a text that it matches)
    (0, "The VIEWS expreſſed on this Article."), (1, "Talks (PHOTO: Reuters) began"), (2, "CDabXyZyZ"),
    (3, "aBCDef"), (4, "abcdEF"), (5, "ABC"), (5, "qqabc"), (5, "xabc"), (6, "Jane Alice Doe is the editor"),
    (7, "ſKKſ"), (8, "KİSS"), (8, "miss"), (9, "AB"), (10, "NEWS"), (11, "CDXyZYZ"), (12, "SKE"), (12, "ſ\u212aE"),
    (13, "\u212aiss"),
]


@pytest.mark.parametrize("index, text", CRAFTED_MATCHES)
def test_a_check_keeps_crafted_matches(index, text):
    pattern = re.compile(*PATTERNS[index])
    matches = list(pattern.finditer(text))
    assert matches
    check = LiteralCheck.of(pattern)
    assert check.clauses
    for match in matches:
        assert not check.rules_out(Haystack(match.group())), match.group()


@pytest.mark.parametrize(
    ("pattern", "flags", "text", "ruled_out"),
    [
        ("trade", re.I, "TRADE", False),
        ("trade", re.I, "TRAD E", True),
        ("trade", re.I, "\u017f TRADE", False),  # a folding character: the literal is searched for
        ("trade", re.I, "\u017f TRAD E", True),
        ("kilo", re.I, "\u212aILO", False),  # the Kelvin sign matches "k"
        ("\u017fun", re.I, "SUN", False),  # a non-ASCII literal as the pattern matches it
        ("\u017fun", re.I, "un", True),
        ("Trade", 0, "trade", True),  # case-sensitive
        ("Trade", 0, "Trade", False),
        (r"\b(?:between|from)\s+$", re.I, "From 2019", False),
        (r"\b(?:between|from)\s+$", re.I, "In 2019", True),
    ],
)
def test_a_check_rules_out_exactly_texts_without_its_literals(pattern, flags, text, ruled_out):
    compiled = re.compile(pattern, flags)
    check = LiteralCheck.of(compiled)
    assert check.rules_out(text) is ruled_out
    assert check.rules_out(Haystack(text)) is ruled_out
    if ruled_out:
        assert compiled.search(text) is None


def test_a_check_without_literals_rules_out_nothing():
    assert not LiteralCheck().rules_out(Haystack(""))
    assert not LiteralCheck.of(re.compile(r"[0-9]+", re.I)).rules_out(Haystack("no digits"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aksiKSI" + FOLDS_ONTO_ASCII + "éΣ", max_size=20), st.sampled_from(["ks", "Si", "a", "kiss", "IS"]))
def test_caseless_shows_exactly_the_case_insensitive_matches(text, literal):
    lowered = caseless(text)
    if lowered is None:
        assert any(char in text for char in FOLDS_ONTO_ASCII)
    else:
        assert (literal.lower() in lowered) == (re.search(re.escape(literal), text, re.IGNORECASE) is not None)


def test_caseless_of_crafted_texts():
    assert caseless("Trade £5bn, café") == "trade £5bn, café"
    assert caseless("İstanbul") is None and caseless("ıs") is None and caseless("\u212a") is None
    assert Haystack("Long ſ").caseless is None


def test_holds_ascii_folds_names_exactly_the_texts_with_a_folding_character():
    assert [literals.holds_ascii_folds(t) for t in ("Trade", "café £5", "İstanbul", "Kelvin \u212a", "ſ", "")] == [
        False, False, True, True, True, False,
    ]


SHARED_PATTERNS = [
    r"\bdeath toll\b|\bkilled\b",
    r"\bkill(?:s|ing)? (?:at least )?[0-9]+",
    r"(?:Soyuz|Proton)-[0-9]+",
    r"\b[0-9]+(?:st|nd|rd|th) (?:anniversary|birthday)",
    r"page [0-9]+",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(SHARED_PATTERNS), min_size=1, max_size=4, unique=True),
    st.lists(
        st.sampled_from(["death toll", "killed", "kill", "kills 5", "Soyuz-2", "Proton", "3rd birthday", "page 7",
                         "page", "anniversary", "death", " ", "x", "12", "th"]),
        max_size=6,
    ),
)
def test_a_text_without_shared_literals_is_ruled_out_by_every_check(patterns, parts):
    checks = tuple(LiteralCheck.of(re.compile(p)) for p in patterns)
    shared = shared_literals(checks)
    assert shared is not None
    text = "".join(parts)
    if not any(literal in text for literal in shared):
        assert all(check.rules_out(text) for check in checks)
        assert not any(re.search(p, text) for p in patterns)


def test_shared_literals_of_crafted_checks():
    assert shared_literals((LiteralCheck((("death", "killed"), ("toll",))), LiteralCheck((("kill",),)))) == (
        "death", "kill",
    )
    # a literal holding another one is dropped: wherever it occurs, so does the other
    assert shared_literals((LiteralCheck((("death toll", "killed"),)), LiteralCheck((("death",),)))) == (
        "death", "killed",
    )
    assert shared_literals(()) is None
    assert shared_literals((LiteralCheck((("a",),)), LiteralCheck())) is None  # one check rules nothing out
    ignoring_case = LiteralCheck.of(re.compile("trade", re.IGNORECASE))
    assert ignoring_case.clauses and shared_literals((ignoring_case,)) is None


class _BrokenParser:
    @staticmethod
    def parse(pattern, flags):
        raise TypeError("changed shape")


@pytest.mark.parametrize("parser", [None, _BrokenParser])
def test_without_the_parser_nothing_is_ruled_out(monkeypatch, parser):
    monkeypatch.setattr(literals, "_sre_parser", parser)
    pattern = re.compile(r"^.*\btrade\b", re.I)
    assert required_literals(pattern) == ()
    assert not opens_with_optional_repeat(pattern)
    assert not LiteralCheck.of(pattern).rules_out(Haystack("nothing here"))
