"""Canonical actors, analysis target groups and mention finding.

The gazetteer (``data/gazetteer.csv``) maps every name variant to a canonical
actor with a type and an analysis group.  One row per variant:

========  ==============================================================
column    meaning
========  ==============================================================
actor     canonical name ("Tokayev", "Russia", "CSTO")
type      person, organisation, country, bloc or place
group     analysis target group ("russia", "west", "tokayev"); several
          groups are separated by ";"; empty for actors that are not a target
variant   the surface form as written ("Tokaev", "the Kazakh president")
case_sensitive  "yes" to match the exact case (acronyms, "Western")
kind      name, title, adjective or spun (a synonym-spinner's substitution)
========  ==============================================================

``data/false_friends.csv`` lists phrases that contain a variant but do not
refer to the actor ("Russian-speaking", "western regions").  A row with a
``context`` pattern only applies when the sentence also matches it.

Edit either file to add a name variant or a new target group; no code changes.

:func:`canonical_text` replaces every mention by its actor's canonical token
("Tokaev" and "the Kazakh president" both become ``tokayev``), so that text
models count the variants of one actor as one word; the topic models and the
retelling detector use it.

Speed
-----
Most sentences name no actor, so :func:`find_mentions` first asks a cheap
question (:class:`MentionIndex`): does any word of the sentence begin a
variant, and does the sentence hold the key word of some variant?  Only then
is the gazetteer pattern tried, and only where such a word begins.  The
matches are exactly those of the full pattern scan (tested on every corpus
sentence); a gazetteer whose variants do not allow the shortcut (a variant
that begins with punctuation, or one with a letter that case-folds to ASCII)
is scanned in full.

:func:`mentions` works on many sentences at once (:class:`MentionScanner`):
it joins them with line breaks, finds each variant's short key (a few
letters beginning with a rare letter, or a whole word) in one regular
expression pass and a few substring searches, tries the gazetteer pattern
only where a key says a variant could begin, and maps the matches back to
their sentences by offset.  A false friend is tried only on the sentences
(holding a mention) that contain the text all its matches contain.  Both
give exactly the sentence-by-sentence result: the reasons are in the
docstrings, and the equality is tested on the seed corpus, crafted
sentences, every variant in context and the BBC corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import pandas as pd

from .config import PACKAGE_DATA_DIR
from .literals import holds_ascii_folds, required_literals
from .segment import iter_sentence_spans
from .validate import require_columns, require_texts

GAZETTEER_COLUMNS = ["actor", "type", "group", "variant", "case_sensitive", "kind"]
MENTION_COLUMNS = [
    "doc_id", "sentence_id", "actor", "type", "group", "surface", "start", "end", "kind",
]
_ACTOR_TYPES = {"person", "organisation", "country", "bloc", "place"}
_SENSITIVE_FLAGS = {"yes", "true", "1"}
_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"\W+")
_COMMON_WORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", "for", "to"})
_MENTION_FIELDS = ("actor", "type", "groups", "surface", "start", "end", "kind")

# --- many sentences at once (:class:`MentionScanner`, :func:`mentions`)
_SEPARATOR = "\n"
"""Joins the sentences scanned at once: no variant can match it."""
_SCAN_BLOCK = 20_000
"""Sentences joined into one text at a time (bounds the memory of a large table)."""
_KEY_STARTS = "XQZYVzqKJONjURGFELWDPHxCAIBMSTkvu"
"""Characters a scanned key may begin with, rarest in English news text first.

The scanning pattern is tried at every occurrence of these characters (of
both cases for a key of a case-insensitive variant), so only rare ones are
allowed; a variant without one is found by substring search of a word."""
_KEY_LENGTH = 6
_MIN_KEY_LENGTH = 3
_MARK = b"\x00"
"""Stands for the first character of every scanned key (see :class:`_PatternKeys`)."""
_ASCII_BYTES = bytes(range(128))
_match_start = re.Match.start


class GazetteerError(ValueError):
    """The gazetteer or false-friend file is malformed."""


def _friend_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Literals of which every match of a false friend contains one, as written; () when none is sure.

    The most selective clause of :func:`kzanalysis.literals.required_literals`;
    a case-insensitive pattern gets none, since its literals are not
    searched as written.
    """
    if pattern.flags & re.IGNORECASE:
        return ()
    clauses = required_literals(pattern)
    return clauses[0] if clauses else ()


@dataclass(frozen=True)
class MentionIndex:
    """Where a gazetteer pattern can match, found with word look-ups.

    Every variant begins with a word character and the patterns begin with
    ``(?<!\\w)``, so a match starts where a word starts, and that word is the
    variant's first word; every other word of the variant is a whole word of
    the text too.  Hence:

    * a pure-ASCII sentence without the key word (the longest word that is
      not a function word) of any variant holds no mention;
    * the pattern need only be tried where a variant's first word begins
      (compared exactly for case-sensitive variants, lower-cased for the
      others; a non-ASCII word is always tried, since lower-casing is not
      the regular expression's case folding there).

    Build it with :meth:`build`, which returns None when a variant breaks
    these premises.
    """

    exact_keys: frozenset[str]
    folded_keys: frozenset[str]
    exact_first: frozenset[str]
    folded_first: frozenset[str]
    _lowered_keys: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lowered_keys", self.lowered_keys)

    @classmethod
    def build(cls, variants: list[str], sensitive: list[bool]) -> MentionIndex | None:
        """The index of these variants, or None when the shortcut would not be exact."""
        exact_keys, folded_keys, exact_first, folded_first = set(), set(), set(), set()
        for variant, is_sensitive in zip(variants, sensitive):
            words = _WORD.findall(variant)
            if not words or _WORD.match(variant) is None or (not is_sensitive and holds_ascii_folds(variant)):
                return None
            key = max(words, key=lambda w: (w.lower() not in _COMMON_WORDS, len(w)))
            if is_sensitive:
                exact_keys.add(key)
                exact_first.add(words[0])
            else:
                folded_keys.add(key.lower())
                folded_first.add(words[0].lower())
        return cls(frozenset(exact_keys), frozenset(folded_keys), frozenset(exact_first), frozenset(folded_first))

    @property
    def lowered_keys(self) -> frozenset[str]:
        """Every key word lower-cased: one look-up set for :meth:`may_mention`."""
        return self.folded_keys | {k.lower() for k in self.exact_keys}

    def may_mention(self, sentence: str) -> bool:
        """False only when ``sentence`` surely holds no mention.

        One word pass over the lower-cased sentence: a case-sensitive key
        found in other case ("us" for "US") lets the sentence through to the
        exact matching, which is only slower, never different.
        """
        if not sentence.isascii():
            return True
        return not self._lowered_keys.isdisjoint(_WORD.findall(sentence.lower()))

    def finditer(self, pattern: re.Pattern[str], text: str, fold: bool) -> list[re.Match[str]]:
        """Exactly the matches of ``pattern.finditer(text)``, trying only candidate starts."""
        if fold:
            first = self.folded_first
            if text.isascii():
                lowered = text.lower()  # same offsets for ASCII text
                hits = first.intersection(_WORD.findall(lowered))
                starts = [m.start() for m in _WORD.finditer(lowered) if m.group() in hits] if hits else []
            else:
                starts = [
                    m.start() for m in _WORD.finditer(text)
                    if not m.group().isascii() or m.group().lower() in first
                ]
        else:
            hits = self.exact_first.intersection(_WORD.findall(text))
            starts = [m.start() for m in _WORD.finditer(text) if m.group() in hits] if hits else []
        found = []
        last_end = 0
        match_at = pattern.match
        for start in starts:
            if start < last_end:
                continue
            match = match_at(text, start)
            if match is not None:
                last_end = match.end()
                found.append(match)
        return found


def _key_start(view: str) -> int | None:
    """Offset of the scanned key in a variant as matched, or None when it has no rare letter.

    ``view`` is the variant, lower-cased unless it is case-sensitive.  The
    key begins with the rarest of :data:`_KEY_STARTS` that leaves at least
    :data:`_MIN_KEY_LENGTH` characters (or the whole variant when shorter).
    """
    last = len(view) - min(_MIN_KEY_LENGTH, len(view))
    ranked = [(_KEY_STARTS.find(ch), offset) for offset, ch in enumerate(view[: last + 1])]
    ranked = [pair for pair in ranked if pair[0] >= 0]
    return min(ranked)[1] if ranked else None


def _searched_keys(views: list[str]) -> list[tuple[str, int]]:
    """(key, offset) of variants without a rare letter: the word most of them share.

    Each variant's key is one of its words (the whole variant when it has
    none), chosen to be shared by as many of these variants as possible, so
    that few substring searches find them all.
    """
    words = [[(m.group(), m.start()) for m in _WORD.finditer(view)] or [(view, 0)] for view in views]
    sharing: dict[str, int] = {}
    for pairs in words:
        for word in {w for w, _ in pairs}:
            sharing[word] = sharing.get(word, 0) + 1
    return [
        max(pairs, key=lambda pair: (pair[0] not in _COMMON_WORDS, sharing[pair[0]], len(pair[0]), -pair[1]))
        for pairs in words
    ]


def _prefix_free(offsets: dict[str, set[int]]) -> dict[str, tuple[int, ...]]:
    """Merge every key that begins with another key into that key.

    A hit of the shorter key stands for both (a variant's longer key begins
    where the shorter one does), and then no two keys can begin at one place
    of the text.
    """
    kept: dict[str, set[int]] = {}
    for key in sorted(offsets, key=len):
        root = next((key[:n] for n in range(1, len(key)) if key[:n] in kept), key)
        kept.setdefault(root, set()).update(offsets[key])
    return {key: tuple(sorted(found)) for key, found in kept.items()}


def _trie(strings: set[bytes]) -> bytes:
    """A regular expression matching exactly ``strings`` (a set of byte strings), branching by their characters.

    Alternatives that begin with distinct literal characters let the engine
    reject a place after one comparison per branch.
    """
    if not strings or strings == {b""}:
        return b""
    if b"" in strings:
        return b"(?:" + _trie(strings - {b""}) + b")?"
    by_first: dict[bytes, set[bytes]] = {}
    for string in strings:
        by_first.setdefault(string[:1], set()).add(string[1:])
    parts = [re.escape(first) + _trie(rests) for first, rests in sorted(by_first.items())]
    return parts[0] if len(parts) == 1 else b"(?:" + b"|".join(parts) + b")"


@dataclass(frozen=True)
class _PatternKeys:
    """Where the variants of one gazetteer pattern can begin, found by their keys.

    The keys are ASCII bytes, found in the text's Latin-1 bytes (lower-cased
    when the pattern ignores case); each comes with the distances from the
    starts of its variants to it.  Scanned keys (``offsets``) are found in
    one pass: ``marks`` turns every key's first character into
    :data:`_MARK`, ``scan`` finds a mark followed by the (marked) rest of
    some key (a literal first character makes the regular expression engine
    jump from mark to mark; a hit is one character long, so no hit hides
    another), and ``keys`` tells which key begins there (no key begins with
    another, see :func:`_prefix_free`, so at most one does).  ``searched``
    keys are found by substring search.
    """

    pattern: re.Pattern[str]
    folded: bool
    marks: bytes | None
    scan: re.Pattern[bytes] | None
    keys: re.Pattern[bytes] | None
    offsets: dict[bytes, tuple[int, ...]]
    searched: tuple[tuple[bytes, tuple[int, ...]], ...]

    @classmethod
    def build(cls, pattern: re.Pattern[str], variants: list[str], folded: bool) -> _PatternKeys:
        """Keys of the pure-ASCII ``variants`` of ``pattern`` (case-insensitive when ``folded``)."""
        views = sorted({v.lower() if folded else v for v in variants if v.isascii()})
        scanned: dict[str, set[int]] = {}
        unscanned = []
        for view in views:
            start = _key_start(view)
            if start is None:
                unscanned.append(view)
            else:
                scanned.setdefault(view[start:start + _KEY_LENGTH], set()).add(start)
        searched: dict[str, set[int]] = {}
        for key, start in _searched_keys(unscanned):
            searched.setdefault(key, set()).add(start)
        offsets = {key.encode("ascii"): found for key, found in _prefix_free(scanned).items()}
        marks = scan = keys = None
        if offsets:
            firsts = bytes(sorted({key[0] for key in offsets}))
            marks = bytes.maketrans(firsts, _MARK * len(firsts))
            rests = {key[1:].translate(marks) for key in offsets}
            scan = re.compile(re.escape(_MARK) + b"(?=" + _trie(rests) + b")")
            keys = re.compile(b"|".join(re.escape(key) for key in sorted(offsets)))
        by_search = tuple((key.encode("ascii"), tuple(sorted(found))) for key, found in sorted(searched.items()))
        return cls(pattern, folded, marks, scan, keys, offsets, by_search)

    def starts(self, view: bytes) -> list[int]:
        """Every place where a pure-ASCII variant can begin (and some where none does).

        ``view`` is the text's Latin-1 bytes, lower-cased when :attr:`folded`.
        """
        offsets = self.offsets
        found: list[int] = []
        if self.scan is not None and self.keys is not None:  # both or neither (see build)
            key_at = self.keys.match
            marked = view.translate(self.marks)
            hits = [(at, key_at(view, at)) for at in map(_match_start, self.scan.finditer(marked))]
            found = [at - offset for at, key in hits if key is not None for offset in offsets[key.group()] if at >= offset]
        for key, key_offsets in self.searched:
            at = view.find(key)
            while at >= 0:
                found.extend(at - offset for offset in key_offsets if at >= offset)
                at = view.find(key, at + 1)
        # a key found closer to the text's start than its offset in the variant marks no start
        return found


@dataclass(frozen=True)
class MentionScanner:
    """Every gazetteer pattern match in many sentences at once.

    :meth:`scan` takes sentences joined by line breaks.  Each pattern
    (``(?<!\\w)(?:variant|...)(?!\\w)``, case-sensitive or not) is tried only
    at candidate starts, in text order, skipping starts inside the previous
    match: exactly what ``pattern.finditer`` does, provided every start where
    the pattern matches is a candidate.  Why every one is:

    * A line break matches no variant character, so no match spans two
      sentences, and the line breaks around a sentence look to ``(?<!\\w)``
      and ``(?!\\w)`` as the string's ends do: the joined text holds each
      sentence's own matches.
    * Every pure-ASCII variant has a key, a part of the variant (lower-cased
      for a case-insensitive one) at a known offset: a few letters beginning
      with one of the rare :data:`_KEY_STARTS`, found by one regular
      expression pass, or else a word, found by substring search.  The
      lower-cased text is the Latin-1 encoding of the text with unencodable
      characters replaced, lower-cased: one byte per character, so offsets
      agree with the text.
    * Where such a variant matches, its key is in the (lower-cased) text:
      ASCII letters match each other ignoring case exactly when their lower
      cases are equal, and a character outside ASCII can only be part of a
      match if it equals a character of a case-sensitive variant or matches
      one of a case-insensitive variant ignoring case (the dotted capital I,
      the long s and the Kelvin sign match ASCII letters).  Sentences holding
      such a character are scanned with the patterns in full (pattern
      ``finditer`` between the sentence's offsets); that finds, too, every
      match of a variant with characters outside ASCII, since the
      case-insensitive ones do not fold onto ASCII (premise checked by
      :meth:`build`).  Other characters outside ASCII ("£", "–") are in no
      match.

    :meth:`build` returns None when a premise fails: a variant holds a line
    break, or a case-insensitive variant has a letter outside ASCII that
    matches an ASCII letter ignoring case.
    """

    keys: tuple[_PatternKeys, ...]
    exact_chars: frozenset[str]
    folded_chars: tuple[re.Pattern[str], ...]
    _in_variants: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, patterns: list[tuple[re.Pattern[str], list[str], bool]]) -> MentionScanner | None:
        """The scanner of these (pattern, its variants, case-sensitive?) in the order they are matched."""
        for _, variants, sensitive in patterns:
            if any(_SEPARATOR in v or (not sensitive and holds_ascii_folds(v)) for v in variants):
                return None
        exact_chars = {ch for _, variants, sensitive in patterns if sensitive for v in variants for ch in v}
        folded_chars = {ch for _, variants, sensitive in patterns if not sensitive for v in variants for ch in v}
        return cls(
            keys=tuple(_PatternKeys.build(pattern, variants, not exact) for pattern, variants, exact in patterns),
            exact_chars=frozenset(exact_chars),
            folded_chars=tuple(re.compile(re.escape(ch), re.IGNORECASE) for ch in sorted(folded_chars)),
        )

    def in_variants(self, char: str) -> bool:
        """Whether ``char`` can be part of a match: it equals or (ignoring case) matches a variant's character."""
        verdict = self._in_variants.get(char)
        if verdict is None:
            verdict = char in self.exact_chars or any(p.fullmatch(char) for p in self.folded_chars)
            self._in_variants[char] = verdict
        return verdict

    def fully_scanned(self, text: str, starts: list[int]) -> list[tuple[int, int]]:
        """(start, end) of the sentences holding a character outside ASCII that can be part of a match."""
        if text.isascii():
            return []
        utf8 = text.encode("utf-8", "surrogatepass")
        others = utf8.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")  # the characters outside ASCII
        risky = sorted(ch for ch in set(others) if self.in_variants(ch))
        if not risky:
            return []
        where = re.finditer("|".join(map(re.escape, risky)), text)
        numbers = sorted({bisect_right(starts, hit.start()) - 1 for hit in where})
        ends = [start - len(_SEPARATOR) for start in starts[1:]] + [len(text)]
        return [(starts[i], ends[i]) for i in numbers]

    def scan(self, text: str, starts: list[int]) -> list[tuple[int, int, int]]:
        """(start, end, number of the pattern in :attr:`keys`) of every match, pattern by pattern.

        ``text`` is sentences joined by :data:`_SEPARATOR`, beginning at
        ``starts``.  For each pattern the matches are those of
        ``pattern.finditer(text)``, in that order.
        """
        exact = text.encode("latin-1", "replace")  # one byte per character: the same offsets
        folded = exact.lower()  # lower-cases ASCII letters only
        full = self.fully_scanned(text, starts)
        found = []
        for number, keys in enumerate(self.keys):
            pattern = keys.pattern
            candidates = keys.starts(folded if keys.folded else exact)
            for start, end in full:
                candidates.extend(m.start() for m in pattern.finditer(text, start, end))
            match_at = pattern.match
            last_end = 0
            for start in sorted(set(candidates)):
                if start < last_end:
                    continue
                match = match_at(text, start)
                if match is not None:
                    last_end = match.end()
                    found.append((start, last_end, number))
        return found


@dataclass(frozen=True)
class Gazetteer:
    """A compiled gazetteer: the table plus the patterns that find mentions.

    ``index`` (a :class:`MentionIndex`, or None to scan with the patterns
    alone) only makes :func:`find_mentions` faster, never different; so does
    ``scanner`` (a :class:`MentionScanner`, or None) for :func:`mentions`.
    ``folded_variants`` are the case-insensitive variants in the order the
    ``insensitive`` pattern tries them (see :meth:`entry_of`).
    ``friend_texts`` holds, per false friend, literals of which every match
    of its pattern contains one, or () (see :func:`_friend_literals`).
    """

    table: pd.DataFrame
    sensitive: re.Pattern[str] | None
    insensitive: re.Pattern[str] | None
    lookup: dict[str, tuple[str, str, tuple[str, ...], str]]
    false_friends: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...]
    index: MentionIndex | None = None
    folded_variants: tuple[str, ...] = ()
    scanner: MentionScanner | None = None
    friend_texts: tuple[tuple[str, ...], ...] = ()

    @property
    def groups(self) -> list[str]:
        """Sorted names of every target group."""
        return sorted({g for gs in self.lookup.values() for g in gs[2]})

    @property
    def actors(self) -> list[str]:
        """Sorted canonical actor names."""
        return sorted(self.table["actor"].unique())

    def actors_in_group(self, group: str) -> list[str]:
        """Canonical actors belonging to ``group``."""
        return sorted({a for a, _, gs, _ in self.lookup.values() if group in gs})

    def entry_of(self, surface: str) -> tuple[str, str, tuple[str, ...], str] | None:
        """The look-up entry of a case-insensitive match whose lower case is no key.

        The pattern's case folding and ``str.lower`` disagree on a few letters
        ("PUTİN" with a dotted capital I lower-cases to "puti̇n", the long s of
        "Ruſsia" stays "ſ"); the variant matched is the first one, in the
        pattern's order, that matches the whole surface ignoring case.  None
        when no variant does.
        """
        for variant in self.folded_variants:
            if re.fullmatch(re.escape(variant), surface, re.IGNORECASE):
                return self.lookup.get(variant.lower())
        return None


def _ordered(variants: list[str]) -> list[str]:
    """Variants in the order the alternation tries them: longest first."""
    return sorted(set(variants), key=lambda v: (-len(v), v))


def _alternation(variants: list[str]) -> str:
    body = "|".join(re.escape(v) for v in _ordered(variants))
    return rf"(?<!\w)(?:{body})(?!\w)"


def read_gazetteer(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate a gazetteer CSV (default: the package's own).

    Raises
    ------
    GazetteerError
        Naming the file and the problem: missing columns, empty variants,
        unknown types, or one variant given to two different actors.
    """
    source = Path(path) if path is not None else PACKAGE_DATA_DIR / "gazetteer.csv"
    try:
        table = pd.read_csv(source, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read gazetteer {source}: {exc}") from exc
    missing = [c for c in GAZETTEER_COLUMNS if c not in table.columns]
    if missing:
        raise GazetteerError(f"gazetteer {source} lacks columns {missing}")
    table = table[GAZETTEER_COLUMNS].apply(lambda col: col.str.strip())
    if (table["variant"] == "").any() or (table["actor"] == "").any():
        rows = list(table.index[(table["variant"] == "") | (table["actor"] == "")] + 2)
        raise GazetteerError(f"gazetteer {source}: empty actor or variant on lines {rows}")
    bad_types = sorted(set(table["type"]) - _ACTOR_TYPES)
    if bad_types:
        raise GazetteerError(
            f"gazetteer {source}: unknown types {bad_types}; use one of {sorted(_ACTOR_TYPES)}"
        )
    owners = table.groupby("variant")["actor"].nunique()
    clashes = sorted(owners.index[owners > 1])
    if clashes:
        raise GazetteerError(f"gazetteer {source}: variants given to several actors: {clashes}")
    return table


def read_false_friends(path: str | Path | None = None) -> pd.DataFrame:
    """Read the false-friend patterns (``pattern``, ``context``, ``reason``)."""
    source = Path(path) if path is not None else PACKAGE_DATA_DIR / "false_friends.csv"
    table = pd.read_csv(source, dtype=str, keep_default_na=False)
    if "pattern" not in table.columns:
        raise GazetteerError(f"false-friend file {source} lacks a 'pattern' column")
    for column in ("context", "reason"):
        if column not in table.columns:
            table[column] = ""
    return table


@lru_cache(maxsize=8)
def load_gazetteer(path: str | Path | None = None, false_friends_path: str | Path | None = None) -> Gazetteer:
    """Load, validate and compile the gazetteer (cached per path)."""
    table = read_gazetteer(path)
    sensitive_rows = table["case_sensitive"].str.lower().isin(_SENSITIVE_FLAGS)
    lookup: dict[str, tuple[str, str, tuple[str, ...], str]] = {}
    for row in table.itertuples(index=False):
        groups = tuple(g.strip().lower() for g in row.group.split(";") if g.strip())
        key = row.variant if row.case_sensitive.lower() in _SENSITIVE_FLAGS else row.variant.lower()
        lookup[key] = (row.actor, row.type, groups, row.kind)
    sensitive = list(table.loc[sensitive_rows, "variant"])
    insensitive = list(table.loc[~sensitive_rows, "variant"])
    friends = []
    for row in read_false_friends(false_friends_path).itertuples(index=False):
        try:
            friends.append(
                (
                    re.compile(row.pattern),
                    re.compile(row.context, re.IGNORECASE) if row.context else None,
                    row.reason,
                )
            )
        except re.error as exc:
            raise GazetteerError(f"false friend {row.pattern!r} does not compile: {exc}") from exc
    sensitive_pattern = re.compile(_alternation(sensitive)) if sensitive else None
    insensitive_pattern = re.compile(_alternation(insensitive), re.IGNORECASE) if insensitive else None
    in_match_order = [(sensitive_pattern, sensitive, True), (insensitive_pattern, insensitive, False)]
    return Gazetteer(
        table=table,
        sensitive=sensitive_pattern,
        insensitive=insensitive_pattern,
        lookup=lookup,
        false_friends=tuple(friends),
        index=MentionIndex.build(list(table["variant"]), list(sensitive_rows)),
        folded_variants=tuple(_ordered(insensitive)),
        scanner=MentionScanner.build([(pattern, variants, exact) for pattern, variants, exact in in_match_order if pattern is not None]),
        friend_texts=tuple(_friend_literals(pattern) for pattern, _, _ in friends),
    )


def excluded_spans(sentence: str, gazetteer: Gazetteer | None = None) -> list[tuple[int, int]]:
    """Character spans of the false friends in ``sentence``, in text order.

    A name inside one of these spans ("Russian" in "Russian-speaking") does
    not refer to its actor.  A false friend with a ``context`` pattern counts
    only when the sentence also matches the context.

    Examples
    --------
    >>> excluded_spans("The Russian-speaking minority met Russian officials.")
    [(4, 20)]
    """
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    spans: list[tuple[int, int]] = []
    for pattern, context, _ in gaz.false_friends:
        if context is not None and not context.search(sentence):
            continue
        spans.extend(m.span() for m in pattern.finditer(sentence))
    return sorted(spans)


def find_mentions(sentence: str, gazetteer: Gazetteer | None = None) -> list[dict]:
    """Find the actor mentions in one sentence.

    Overlapping matches keep the longest; adjacent mentions of the same actor
    ("Kazakh President" + "Kassym-Jomart Tokayev") merge into one; mentions
    inside a false friend ("Russian-speaking") are dropped.

    Returns
    -------
    list of dict
        ``actor``, ``type``, ``groups`` (tuple), ``surface``, ``start``,
        ``end`` (offsets into ``sentence``) and ``kind``, in text order.
    """
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    found: list[tuple[int, int, str]] = []
    index = gaz.index
    if index is not None and not index.may_mention(sentence):
        return []
    if gaz.sensitive is not None:
        matches = gaz.sensitive.finditer(sentence) if index is None else index.finditer(gaz.sensitive, sentence, False)
        found.extend((m.start(), m.end(), m.group()) for m in matches)
    if gaz.insensitive is not None:
        matches = gaz.insensitive.finditer(sentence) if index is None else index.finditer(gaz.insensitive, sentence, True)
        found.extend((m.start(), m.end(), m.group().lower()) for m in matches)
    if not found:
        return []
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    resolved = _resolve(sentence, found, excluded_spans(sentence, gaz), gaz)
    return [dict(zip(_MENTION_FIELDS, mention)) for mention in resolved]


def _resolve(
    sentence: str, found: list[tuple[int, int, str]], excluded: list[tuple[int, int]], gaz: Gazetteer
) -> list[list]:
    """Mentions from the pattern matches of one sentence (see :func:`find_mentions`).

    ``found`` holds (start, end, look-up key) sorted by start, longest first,
    case-sensitive matches before case-insensitive ones of the same span;
    ``excluded`` the false-friend spans.  Returns [actor, type, groups,
    surface, start, end, kind] lists in text order.
    """
    out: list[list] = []
    last_end = -1
    for start, end, key in found:
        if start < last_end:
            continue
        if excluded and any(s <= start and end <= e for s, e in excluded):
            continue
        entry = gaz.lookup.get(key)
        if entry is None:
            entry = gaz.entry_of(sentence[start:end])
            if entry is None:
                continue
        actor, kind_of, groups, kind = entry
        if out and out[-1][0] == actor and not sentence[out[-1][5]:start].strip():
            previous = out[-1]
            previous[5] = end
            previous[3] = sentence[previous[4]:end]
            last_end = end
            continue
        out.append([actor, kind_of, groups, sentence[start:end], start, end, kind])
        last_end = end
    return out


def canonical_token(actor: str) -> str:
    """The single token that stands for a gazetteer actor: lower case, ``_`` between words.

    Examples
    --------
    >>> canonical_token("Tokayev")
    'tokayev'
    >>> canonical_token("United States")
    'united_states'
    """
    return _NON_WORD.sub("_", actor.strip().lower()).strip("_")


def canonical_text(text: str, gazetteer: Gazetteer | None = None) -> str:
    """Replace every actor mention in ``text`` by its canonical token.

    Mentions are found sentence by sentence with :func:`find_mentions`, so
    false friends ("Russian-speaking") are left alone and a false friend's
    context applies within its sentence.  Everything but the mentions is kept
    as written.

    Parameters
    ----------
    text
        Any text: one sentence, a paragraph or an article.
    gazetteer
        A compiled gazetteer; default: the package's.

    Returns
    -------
    str
        ``text`` with each mention replaced by :func:`canonical_token` of its
        actor.

    Examples
    --------
    >>> canonical_text("The Kazakh president met Putin in Moscow.")
    'tokayev met putin in russia.'
    >>> canonical_text("Akhas Tazhutov met Tokaev.")
    'tazhutov met tokayev.'
    """
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    pieces: list[str] = []
    cursor = 0
    for start, end in iter_sentence_spans(text):
        for mention in find_mentions(text[start:end], gaz):
            pieces.append(text[cursor:start + mention["start"]])
            pieces.append(canonical_token(mention["actor"]))
            cursor = start + mention["end"]
    pieces.append(text[cursor:])
    return "".join(pieces)


def mentions(sentences_df: pd.DataFrame, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per actor mention (and per group the actor belongs to).

    The rows are those of :func:`find_mentions` on each sentence; the
    sentences are scanned many at a time (:class:`MentionScanner`) when the
    gazetteer allows it, with the same result.

    Parameters
    ----------
    sentences_df
        A sentence table with ``doc_id``, ``sentence_id`` and ``sentence``
        (see :func:`kzanalysis.sentences`).
    gazetteer
        A compiled gazetteer; default: the package's.

    Returns
    -------
    DataFrame
        ``doc_id``, ``sentence_id``, ``actor``, ``type``, ``group`` (empty
        string for actors outside every target group), ``surface``, ``start``
        and ``end`` (offsets into the sentence) and ``kind``.

    Raises
    ------
    ValueError
        When ``sentences_df`` lacks one of the columns it needs.
    TypeError
        When a ``sentence`` is not a string (e.g. missing), naming its row.
    """
    require_columns(sentences_df, {"doc_id", "sentence_id", "sentence"}, "mentions", "kz.sentences")
    rows = mention_rows(
        sentences_df["doc_id"].tolist(),
        sentences_df["sentence_id"].tolist(),
        require_texts(sentences_df["sentence"].tolist()),
        load_gazetteer() if gazetteer is None else gazetteer,
    )
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def mention_rows(doc_ids: list[Any], sentence_ids: list[Any], sentences: list[str], gaz: Gazetteer) -> list[tuple]:
    """The rows of :func:`mentions` (tuples in :data:`MENTION_COLUMNS` order) of these sentences.

    For a caller that has the sentence table's columns as lists already
    (the pipeline) and reads the rows itself.
    """
    if gaz.scanner is None:
        found = ((i, find_mentions(sentence, gaz)) for i, sentence in enumerate(sentences))
        per_sentence = ((i, [[m[f] for f in _MENTION_FIELDS] for m in ms]) for i, ms in found if ms)
    else:
        per_sentence = (
            (first + i, resolved)
            for first in range(0, len(sentences), _SCAN_BLOCK)
            for i, resolved in _joined_mentions(sentences[first:first + _SCAN_BLOCK], gaz)
        )
    rows = []
    for i, resolved in per_sentence:
        doc_id, s_id = doc_ids[i], sentence_ids[i]
        for actor, kind_of, groups, surface, start, end, kind in resolved:
            for group in groups or ("",):
                rows.append((doc_id, s_id, actor, kind_of, group, surface, start, end, kind))
    return rows


def _joined_mentions(sentences: list[str], gaz: Gazetteer) -> list[tuple[int, list[list]]]:
    """(sentence number, its mentions as :func:`_resolve` gives them) for the sentences that have some.

    The sentences are joined by :data:`_SEPARATOR` and scanned at once
    (:meth:`MentionScanner.scan`); each match goes to the sentence it lies
    in, and the sentence's matches are resolved as :func:`find_mentions`
    resolves them, in the same order.
    """
    text = _SEPARATOR.join(sentences)
    starts = _offsets(sentences)
    scanner = gaz.scanner
    if scanner is None:
        raise ValueError("this gazetteer has no scanner: use find_mentions on each sentence")
    folded = [keys.folded for keys in scanner.keys]  # look-up key: the surface, lower-cased if folded
    matches = scanner.scan(text, starts)
    # by start, longest first, then in pattern order: find_mentions' stable sort of the same matches
    matches.sort(key=lambda m: (m[0], m[0] - m[1], m[2]))
    per_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, number in matches:
        i = bisect_right(starts, start) - 1
        base = starts[i]
        surface = text[start:end]
        key = surface.lower() if folded[number] else surface
        per_sentence.setdefault(i, []).append((start - base, end - base, key))
    numbers = list(per_sentence)
    excluded = _false_friend_spans([sentences[i] for i in numbers], gaz)
    out = []
    for i, spans in zip(numbers, excluded):
        resolved = _resolve(sentences[i], per_sentence[i], spans, gaz)
        if resolved:
            out.append((i, resolved))
    return out


def _offsets(sentences: list[str]) -> list[int]:
    """Where each sentence begins in ``_SEPARATOR.join(sentences)``."""
    return list(accumulate(map(len(_SEPARATOR).__add__, map(len, sentences[:-1])), initial=0))


def _false_friend_spans(sentences: list[str], gaz: Gazetteer) -> list[list[tuple[int, int]]]:
    """:func:`excluded_spans` of each sentence.

    A false friend whose matches all contain one of some literals (see
    :func:`_friend_literals`) is tried only on the sentences holding one of
    them, found by substring search in the joined sentences.
    """
    spans: list[list[tuple[int, int]]] = [[] for _ in sentences]
    text = None
    starts: list[int] = []
    literals = gaz.friend_texts if len(gaz.friend_texts) == len(gaz.false_friends) else ((),) * len(gaz.false_friends)
    for (pattern, context, _), required in zip(gaz.false_friends, literals):
        numbers: Iterable[int] = range(len(sentences))
        if required:
            if text is None:
                text = _SEPARATOR.join(sentences)
                starts = _offsets(sentences)
            # every place a literal occurs inside a sentence is found, and maps to that sentence
            # (one spanning a separator maps to the sentence it starts in: a harmless extra try)
            numbers = sorted({bisect_right(starts, at) - 1 for part in required for at in _find_all(text, part)})
        for i in numbers:
            sentence = sentences[i]
            if context is None or context.search(sentence):
                spans[i].extend(m.span() for m in pattern.finditer(sentence))
    return spans


def _find_all(text: str, part: str) -> Iterator[int]:
    """Every offset where ``part`` occurs in ``text``, overlaps included."""
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


def target_groups(gazetteer: Gazetteer | None = None) -> list[str]:
    """Names of the analysis target groups ("russia", "tokayev", "west", ...)."""
    return (load_gazetteer() if gazetteer is None else gazetteer).groups


def check_group(group: str, gazetteer: Gazetteer | None = None) -> str:
    """Return ``group`` lower-cased, or raise a ValueError listing valid groups."""
    valid = target_groups(gazetteer)
    if group.lower() not in valid:
        raise ValueError(f"unknown target group {group!r}; valid groups are {valid}")
    return group.lower()
