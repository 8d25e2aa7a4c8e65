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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .config import PACKAGE_DATA_DIR
from .segment import iter_sentence_spans

GAZETTEER_COLUMNS = ["actor", "type", "group", "variant", "case_sensitive", "kind"]
MENTION_COLUMNS = [
    "doc_id", "sentence_id", "actor", "type", "group", "surface", "start", "end", "kind",
]
_ACTOR_TYPES = {"person", "organisation", "country", "bloc", "place"}
_SENSITIVE_FLAGS = {"yes", "true", "1"}
_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"\W+")
_COMMON_WORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", "for", "to"})
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class GazetteerError(ValueError):
    """The gazetteer or false-friend file is malformed."""


def _folds_to_ascii(word: str) -> bool:
    """True when a non-ASCII character of ``word`` matches an ASCII letter under ``re.IGNORECASE``."""
    return any(
        re.fullmatch(re.escape(ch), letter, re.IGNORECASE)
        for ch in set(word) if not ch.isascii()
        for letter in _ASCII_LETTERS
    )


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
            if not words or _WORD.match(variant) is None or (not is_sensitive and _folds_to_ascii(variant)):
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


@dataclass(frozen=True)
class Gazetteer:
    """A compiled gazetteer: the table plus the patterns that find mentions.

    ``index`` (a :class:`MentionIndex`, or None to scan with the patterns
    alone) only makes :func:`find_mentions` faster, never different.
    ``folded_variants`` are the case-insensitive variants in the order the
    ``insensitive`` pattern tries them (see :meth:`entry_of`).
    """

    table: pd.DataFrame
    sensitive: re.Pattern[str] | None
    insensitive: re.Pattern[str] | None
    lookup: dict[str, tuple[str, str, tuple[str, ...], str]]
    false_friends: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...]
    index: MentionIndex | None = None
    folded_variants: tuple[str, ...] = ()

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
def load_gazetteer(path: str | None = None, false_friends_path: str | None = None) -> Gazetteer:
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
    return Gazetteer(
        table=table,
        sensitive=re.compile(_alternation(sensitive)) if sensitive else None,
        insensitive=re.compile(_alternation(insensitive), re.IGNORECASE) if insensitive else None,
        lookup=lookup,
        false_friends=tuple(friends),
        index=MentionIndex.build(list(table["variant"]), list(sensitive_rows)),
        folded_variants=tuple(_ordered(insensitive)),
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
    spans = []
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
    found = []
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
    excluded = excluded_spans(sentence, gaz)
    out: list[dict] = []
    last_end = -1
    for start, end, key in found:
        if start < last_end:
            continue
        if any(s <= start and end <= e for s, e in excluded):
            continue
        entry = gaz.lookup.get(key)
        if entry is None:
            entry = gaz.entry_of(sentence[start:end])
            if entry is None:
                continue
        actor, kind_of, groups, kind = entry
        previous = out[-1] if out else None
        if previous and previous["actor"] == actor and not sentence[previous["end"]:start].strip():
            previous["end"] = end
            previous["surface"] = sentence[previous["start"]:end]
            last_end = end
            continue
        out.append(
            {
                "actor": actor,
                "type": kind_of,
                "groups": groups,
                "surface": sentence[start:end],
                "start": start,
                "end": end,
                "kind": kind,
            }
        )
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
    """
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    rows = []
    for doc_id, s_id, sentence in zip(
        sentences_df["doc_id"].tolist(), sentences_df["sentence_id"].tolist(), sentences_df["sentence"].tolist()
    ):
        for m in find_mentions(sentence, gaz):
            for group in m["groups"] or ("",):
                rows.append(
                    (doc_id, s_id, m["actor"], m["type"], group, m["surface"], m["start"], m["end"], m["kind"])
                )
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def target_groups(gazetteer: Gazetteer | None = None) -> list[str]:
    """Names of the analysis target groups ("russia", "tokayev", "west", ...)."""
    return (load_gazetteer() if gazetteer is None else gazetteer).groups


def check_group(group: str, gazetteer: Gazetteer | None = None) -> str:
    """Return ``group`` lower-cased, or raise a ValueError listing valid groups."""
    valid = target_groups(gazetteer)
    if group.lower() not in valid:
        raise ValueError(f"unknown target group {group!r}; valid groups are {valid}")
    return group.lower()
