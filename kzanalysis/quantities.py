"""Stated statistics: every quantity a text states, normalised and categorised.

:func:`extract_statistics` reads one text; :func:`corpus_statistics` reads the
sentence table of a corpus and carries context from sentence to sentence (the
year of a survey, who was surveyed, the trade partner of "bilateral trade").

How a quantity is found
-----------------------
1. A quick pre-filter (a sign search and a set look-up of the words) skips
   sentences without a digit, a currency sign or a number word.
2. The sentence is cut into tokens (:mod:`kzanalysis.numbers`); at each token
   that can start a figure (a digit, a number word, a currency sign or code,
   "a"/"an" before a number word or "century") the number is read with its
   scale ("24.2 billion"), an optional currency before it ("$", "US$", "KZT"),
   a minus sign ("-2.5%", "\u22121.2%", "(-3 bn)"; not a range dash such as
   "10-20") and a range ("10 to 20"); other tokens are passed over.
3. What follows gives the unit: a currency name (``data/currencies.csv``,
   misspellings such as "Tengue" included), a percent sign or word, a unit of
   measure, time or people (``data/units.csv``), or a counted noun
   ("two shutdowns").
4. Numbers that are not statistics are dropped: bare years and dates (kept as
   the period a figure refers to), ordinals ("the 15th member"), designations
   ("Soyuz-5"), relative dates ("six years ago"), back-references ("the two
   countries") and the idioms in ``data/statistic_rules.toml``.
5. The words before the figure give the qualifier (``data/qualifiers.csv``);
   the nearest year expression gives the period; the words around it give
   what is measured; ``data/statistic_categories.csv`` gives the category.

Every rule list is a data file: edit it, no code changes.

Speed
-----
The shortcuts below skip only work whose result is known, so the tables are
exactly those of reading every sentence in full (``tests/test_quantities_fastpaths.py``
runs the stage with every shortcut off and compares):

* :func:`corpus_statistics` finds the sentences that may hold a figure for the
  whole column at once (:func:`_candidate_flags`); the others are not read.
* The years of a sentence without figures are read only when a later "the same
  year" needs them (:func:`_apply_periods`).
* A pattern search is skipped when the text lacks a string that every match
  contains (:class:`kzanalysis.literals.LiteralCheck`, derived from the
  pattern itself): the category rules, the exclusions and the month and
  "between" patterns.  The literals of several checks are looked for
  together where one answer settles them all (``Rules.exclusion_words``,
  ``Rules.same_year_keys``, :func:`_ruled_out`).
* Tokens are built by C code (:func:`kzanalysis.numbers.tokens_and_lowers`),
  and the tokens where a figure can start are picked out by C code too
  (:func:`_candidate_tokens`).
* A number that nothing after it can make a range, a unit or a percentage is
  settled as soon as it is read (``Rules.continuers``, :func:`_continues`).
* Phrase tables are consulted only where a phrase can start or end, years only
  where ``_YEAR_DIGITS`` matches (:func:`_year_matches`), and the table is
  built from columns, not rows (:func:`_figure_columns`).
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count, islice
from operator import attrgetter, itemgetter, ne, or_
from typing import Any

import numpy as np
import pandas as pd

from .config import PACKAGE_DATA_DIR
from .corpus import source_label
from .literals import FOLDS_ONTO_ASCII, Haystack, LiteralCheck, holds_ascii_folds, shared_literals
from .numbers import (
    MINUS_SIGNS,
    ParsedNumber,
    Token,
    leading_sign,
    number_words,
    parse_number,
    tokens_and_lowers,
    tokenize,
    trigger_words,
)
from .segment import iter_sentence_spans

STATISTIC_COLUMNS = [
    "value", "value_high", "unit", "kind", "qualifier", "bound", "surface", "start", "end",
    "counted", "subject", "category", "period", "year_start", "year_end", "period_source",
    "partner", "sentence",
]
"""Columns of :func:`extract_statistics` (see its docstring for their meaning)."""

CORPUS_STATISTIC_COLUMNS = ["doc_id", "sentence_id", "source"] + STATISTIC_COLUMNS
"""Columns of :func:`corpus_statistics`."""

CATEGORIES = (
    "trade", "survey", "population", "casualties", "finance", "energy", "migration", "legal",
    "military", "other",
)
KINDS = ("money", "percent", "people", "count", "measure", "duration")
BOUNDS = ("exact", "lower", "upper", "approx", "range")

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
_MONTH_ALT = "|".join(m.capitalize() for m in MONTHS)

# --- compiled patterns: the only regular expressions of this module ----------------
_QUICK = re.compile(r"[0-9%$€£₽₸¥]")
_WORD = re.compile(r"[a-z]+")
_YEAR = re.compile(
    r"(?<![\w$€£₽₸¥.,])((?:1[89]|20)[0-9][0-9])(s)?"
    r"(?:\s*(?:-|–|/|to|until|through)\s*((?:1[89]|20)[0-9][0-9]|[0-9][0-9])(?![0-9%]))?(?![\w%])"
)
# Every match of _YEAR holds one of these; this pattern starts with a literal, so ``re`` scans
# for it quickly, while _YEAR (starting with a look-behind) is tried at every position.
_YEAR_DIGITS = re.compile(r"(?:1[89]|20)[0-9][0-9]")
_BETWEEN_BEFORE = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_AND_YEAR_AFTER = re.compile(r"\s+(?:and|to|until)\s+((?:1[89]|20)[0-9][0-9])(?![0-9])")
_MONTH_BEFORE = re.compile(rf"\b({_MONTH_ALT})(?:\s+[0-9]{{1,2}},?)?\s+$")
_MONTH_ALONE = re.compile(rf"\b(?i:in|since|until|by|during|early|late|mid-)\s*({_MONTH_ALT})\b(?![\s,]*[0-9])")
_POPULATION_OF = re.compile(r"\bpopulation\s+of\s+(?:about\s+|some\s+|around\s+|over\s+)?$")


class StatisticRulesError(ValueError):
    """A statistics rule file is malformed."""


# --- rule files --------------------------------------------------------------------

@dataclass(frozen=True)
class _PhraseTable:
    """Multi-word phrases keyed by their first token, longest first."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], tuple], ...]]
    last_words: frozenset[str] | None = None
    """The last word of every phrase (None: not known, see :meth:`may_end_with`)."""

    def match(self, tokens: list[Token], index: int) -> tuple[tuple, int] | None:
        """Return ``(payload, stop)`` for the longest phrase at ``tokens[index]``."""
        if index >= len(tokens):
            return None
        for words, payload in self.by_first.get(tokens[index].lower, ()):
            stop = index + len(words)
            if stop <= len(tokens):
                # the first word is the key; compare the others
                for k in range(1, len(words)):
                    if tokens[index + k].lower != words[k]:
                        break
                else:
                    return payload, stop
        return None

    def may_end_with(self, word: str) -> bool:
        """False when no phrase ends with the lower-cased ``word`` (so none that ends there can match)."""
        return self.last_words is None or word in self.last_words


def _phrase_table(rows: list[tuple[str, tuple]]) -> _PhraseTable:
    grouped: dict[str, list[tuple[tuple[str, ...], tuple]]] = {}
    for surface, payload in rows:
        words = tuple(t.lower for t in tokenize(surface))
        if words:
            grouped.setdefault(words[0], []).append((words, payload))
    return _PhraseTable(
        {k: tuple(sorted(v, key=lambda item: -len(item[0]))) for k, v in grouped.items()},
        frozenset(words[-1] for phrases in grouped.values() for words, _ in phrases),
    )


def _read_csv(name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    path = PACKAGE_DATA_DIR / name
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(required) - set(reader.fieldnames or ())
        if missing:
            raise StatisticRulesError(f"{name}: missing columns {sorted(missing)}")
        return [row for row in reader if any((v or "").strip() for v in row.values())]


@dataclass(frozen=True)
class CategoryRule:
    """One row of ``data/statistic_categories.csv``."""

    priority: int
    category: str
    kinds: frozenset[str] | None
    pattern: re.Pattern[str]
    scope: str
    precheck: LiteralCheck = LiteralCheck()


@dataclass(frozen=True)
class Rules:
    """Every editable rule the extractor uses, read once."""

    currency_symbols: dict[str, str]
    currency_codes: dict[str, str]
    currency_words: _PhraseTable
    units: _PhraseTable
    qualifiers: tuple[tuple[str, str], ...]
    categories: tuple[CategoryRule, ...]
    determiners: frozenset[str]
    discourse_nouns: frozenset[str]
    relative_time: frozenset[str]
    measure_verbs: _PhraseTable
    stop_words: frozenset[str]
    drop_leading: frozenset[str]
    drop_trailing: frozenset[str]
    have_verbs: frozenset[str]
    skip_adverbs: frozenset[str]
    negated_ellipsis: tuple[str, ...]
    comparison_links: tuple[str, ...]
    same_year: tuple[str, ...]
    exclusions: tuple[tuple[re.Pattern[str], str], ...]
    article_units: frozenset[str]
    people_units: frozenset[str] = field(default_factory=frozenset)
    exclusion_prechecks: tuple[LiteralCheck, ...] = ()
    categories_by_kind: dict[str, tuple[CategoryRule, ...]] = field(default_factory=dict)
    """The rules of ``categories`` that apply to each kind, in priority order."""
    qualifiers_by_end: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """The ``qualifiers`` (same order) by the last character of the phrase; empty when a phrase is empty."""
    same_year_keys: tuple[str, ...] | None = None
    """A word of each ``same_year`` phrase (see :func:`_phrase_keys`); None: no such."""
    continuers: frozenset[str] | None = None
    """Lower-cased tokens that can follow a number in a range, unit or percentage (see :func:`_continues`);
    None: not known."""
    exclusion_words: tuple[str, ...] | None = None
    """Literals such that a text holding none of them is ruled out by every exclusion's pre-check
    (see :func:`kzanalysis.literals.shared_literals`); None: no such."""


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """Read and compile every statistics rule file (cached).

    Raises
    ------
    StatisticRulesError
        When a file misses a column, names an unknown category, kind or bound,
        or holds a pattern that does not compile.
    """
    currencies = _read_csv("currencies.csv", ("surface", "code", "kind"))
    symbols = {r["surface"]: r["code"] for r in currencies if r["kind"] == "symbol"}
    codes = {r["surface"].upper(): r["code"] for r in currencies if r["kind"] == "code"}
    words = [(r["surface"], (r["code"],)) for r in currencies if r["kind"] == "word"]

    unit_rows = _read_csv("units.csv", ("surface", "unit", "factor", "kind"))
    units = []
    for row in unit_rows:
        if row["kind"] not in ("percent", "measure", "duration", "people"):
            raise StatisticRulesError(f"units.csv: unknown kind {row['kind']!r} for {row['surface']!r}")
        units.append((row["surface"], (row["unit"], float(row["factor"]), row["kind"])))
    people = frozenset(r["surface"].lower() for r in unit_rows if r["kind"] == "people")

    qualifier_rows = _read_csv("qualifiers.csv", ("phrase", "bound"))
    for row in qualifier_rows:
        if row["bound"] not in BOUNDS:
            raise StatisticRulesError(f"qualifiers.csv: bound {row['bound']!r}; use {BOUNDS}")
    qualifiers = tuple(
        sorted(((r["phrase"].lower(), r["bound"]) for r in qualifier_rows), key=lambda q: -len(q[0]))
    )

    rules = []
    for row in _read_csv("statistic_categories.csv", ("priority", "category", "kinds", "pattern", "scope")):
        if row["category"] not in CATEGORIES:
            raise StatisticRulesError(
                f"statistic_categories.csv: category {row['category']!r}; use one of {CATEGORIES}"
            )
        kinds = None if row["kinds"].strip() == "*" else frozenset(row["kinds"].split("|"))
        if kinds and not kinds <= set(KINDS):
            raise StatisticRulesError(f"statistic_categories.csv: kinds {sorted(kinds)}; use {KINDS}")
        if row["scope"] not in ("subject", "window", "sentence"):
            raise StatisticRulesError("statistic_categories.csv: scope is subject, window or sentence")
        try:
            pattern = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as error:
            raise StatisticRulesError(f"statistic_categories.csv: pattern {row['pattern']!r}: {error}") from None
        rules.append(
            CategoryRule(int(row["priority"]), row["category"], kinds, pattern, row["scope"], LiteralCheck.of(pattern))
        )
    rules.sort(key=lambda r: r.priority)

    with (PACKAGE_DATA_DIR / "statistic_rules.toml").open("rb") as handle:
        toml = tomllib.load(handle)
    exclusions = []
    for item in toml.get("exclusion", []):
        try:
            exclusions.append((re.compile(item["pattern"]), item.get("reason", "")))
        except re.error as error:
            raise StatisticRulesError(f"statistic_rules.toml: exclusion {item['pattern']!r}: {error}") from None

    exclusion_prechecks = tuple(LiteralCheck.of(pattern) for pattern, _ in exclusions)
    same_year = tuple(sorted(toml.get("same_year_phrases", []), key=len, reverse=True))

    def words_of(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in toml.get(key, []))

    currency_words, unit_table = _phrase_table(words), _phrase_table(units)
    return Rules(
        currency_symbols=symbols,
        currency_codes=codes,
        currency_words=currency_words,
        units=unit_table,
        qualifiers=qualifiers,
        categories=tuple(rules),
        determiners=words_of("anaphora_determiners"),
        discourse_nouns=words_of("discourse_nouns"),
        relative_time=words_of("relative_time_words"),
        measure_verbs=_phrase_table([(v, (v,)) for v in toml.get("measure_verbs", [])]),
        stop_words=words_of("stop_words"),
        drop_leading=words_of("subject_drop_leading"),
        drop_trailing=words_of("subject_drop_trailing"),
        have_verbs=words_of("have_verbs"),
        skip_adverbs=words_of("skip_adverbs"),
        negated_ellipsis=tuple(toml.get("negated_ellipsis", [])),
        comparison_links=tuple(sorted(toml.get("comparison_links", []), key=len, reverse=True)),
        same_year=same_year,
        same_year_keys=_phrase_keys(same_year),
        continuers=_RANGE_WORDS | {"%"} | frozenset(currency_words.by_first) | frozenset(unit_table.by_first),
        exclusions=tuple(exclusions),
        article_units=words_of("article_units"),
        people_units=people,
        exclusion_prechecks=exclusion_prechecks,
        exclusion_words=shared_literals(exclusion_prechecks),
        categories_by_kind={
            kind: tuple(r for r in rules if r.kinds is None or kind in r.kinds) for kind in KINDS
        },
        qualifiers_by_end=_by_last_character(qualifiers),
    )


def _phrase_keys(phrases: tuple[str, ...]) -> tuple[str, ...] | None:
    """The last word of each phrase, less every word that holds another one.

    A text holding a phrase holds its last word, so a text holding none of
    these holds none of the phrases.  None when a phrase has no word.
    """
    words = [phrase.split()[-1] if phrase.split() else "" for phrase in phrases]
    if not words or not all(words):
        return None
    return tuple(sorted(w for w in set(words) if not any(o != w and o in w for o in words)))


def _by_last_character(qualifiers: tuple[tuple[str, str], ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Qualifiers grouped by the last character of the phrase, each group in the given order.

    An empty phrase ends every text, so with one there is no grouping (an empty dict).
    """
    if any(not phrase for phrase, _ in qualifiers):
        return {}
    return {end: tuple(q for q in qualifiers if q[0][-1] == end) for end in {q[0][-1] for q in qualifiers}}


# --- candidates ---------------------------------------------------------------------

@dataclass(slots=True)
class _Figure:
    """A quantity found in one sentence, before subject and category."""

    start: int
    end: int
    value: float
    value_high: float
    unit: str
    kind: str
    number: ParsedNumber
    counted: str = ""
    qualifier: str = ""
    bound: str = "exact"
    first_token: int = 0
    stop_token: int = 0
    of_np: tuple[int, int] | None = None  # token span of the "of ..." noun phrase
    subject: str = ""
    predicate: str = ""
    population: str = ""
    category: str = ""
    period: str = ""
    year_start: float = math.nan
    year_end: float = math.nan
    period_source: str = ""
    partner: str = ""
    link: str = ""  # "equivalent" or "comparison" with the previous figure


@dataclass(slots=True)
class _Period:
    start: int
    end: int
    text: str
    year_start: float
    year_end: float
    refers_back: bool = False
    source: str = "sentence"


@dataclass
class _Context:
    """What one document has said so far (carried from sentence to sentence)."""

    last_period: _Period | None = None
    survey_period: _Period | None = None
    survey_population: str = ""
    survey_predicate: str = ""
    previous_sentence: str = ""
    doc_year: int | None = None
    doc_month: int | None = None
    unread_years: list[str] = field(default_factory=list)
    """Sentences without figures whose years are not yet in ``last_period`` (see :func:`_apply_periods`)."""


# In the functions below, which run for every candidate, ``Token.is_digit`` and ``Token.is_word``
# are written out ('"0" <= token.text[:1] <= "9"', 'token.text[:1].isalpha()'): a property
# costs a Python call.

_RANGE_WORDS = frozenset({"-", "–", "to", "and"})
"""Tokens after a number that can start a range ("10-20", "10 to 20", "between 10 and 20")."""
_IGNORECASE = int(re.IGNORECASE)
"""A plain int: ``int & re.IGNORECASE`` would run the flag enum's Python code on every call."""


def _is_adjacent(tokens: list[Token], left: int, right: int) -> bool:
    return 0 <= left < right < len(tokens) and tokens[left].end == tokens[right].start


def _read_currency_prefix(tokens: list[Token], index: int, rules: Rules) -> tuple[str, int] | None:
    """A currency written before the number: ``$``, ``US$``, ``KZT``; returns (code, number index)."""
    token = tokens[index]
    if token.text in rules.currency_symbols:
        return rules.currency_symbols[token.text], index + 1
    if token.text in ("US", "U.S.") and index + 1 < len(tokens) and tokens[index + 1].text == "$":
        return "USD", index + 2
    if token.text in rules.currency_codes and token.text.upper() == token.text:
        if index + 1 < len(tokens) and ("0" <= tokens[index + 1].text[:1] <= "9"):
            return rules.currency_codes[token.text], index + 1
    return None


def _find_head(tokens: list[Token], index: int, rules: Rules, limit: int = 3) -> tuple[str, str, int] | None:
    """Find a unit or counted noun within ``limit`` words from ``index``.

    Returns ``(kind, word, index)``: kind is ``"people"`` (a people unit),
    ``"unit"`` (another unit of ``units.csv``) or ``"count"`` (a plural noun).
    """
    for position in range(index, min(index + limit, len(tokens))):
        token = tokens[position]
        if not token.text[:1].isalpha():
            return None
        if token.lower in rules.people_units:
            return "people", token.text, position
        if position > index and token.lower in rules.stop_words:
            return None
        if _looks_plural(token):
            return "count", token.text, position
        if position == index and token.lower in rules.stop_words:
            return None
    return None


def _looks_plural(token: Token) -> bool:
    word = token.lower
    return (
        len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))
        and token.text[:1].islower()
    )


def _read_unit(tokens: list[Token], index: int, rules: Rules) -> tuple[str, float, str, int] | None:
    """The unit right after a number: ``(unit, factor, kind, stop)`` or None."""
    if index >= len(tokens):
        return None
    token = tokens[index]
    # a phrase can only match where its first word stands (checked before calling ``match``)
    found = rules.currency_words.match(tokens, index) if token.lower in rules.currency_words.by_first else None
    if found:
        return found[0][0], 1.0, "money", found[1]
    if token.text.isupper() and token.text.upper() in rules.currency_codes:
        return rules.currency_codes[token.text.upper()], 1.0, "money", index + 1
    found = rules.units.match(tokens, index) if token.lower in rules.units.by_first else None
    if found:
        unit, factor, kind = found[0]
        return unit, factor, kind, found[1]
    return None


def _qualifier(lower_text: str, start: int, rules: Rules) -> tuple[str, str, int]:
    """The qualifier right before ``start``: ``(phrase, bound, new start)``."""
    before = lower_text[max(0, start - 40):start].rstrip()
    # Only a phrase ending in the last character can end ``before`` (same order, same answer).
    by_end = rules.qualifiers_by_end
    for phrase, bound in by_end.get(before[-1:], ()) if by_end else rules.qualifiers:
        if before.endswith(phrase):
            cut = len(before) - len(phrase)
            if cut == 0 or not before[cut - 1].isalnum():
                gap = start - (max(0, start - 40) + len(before))
                return phrase, bound, start - gap - len(phrase)
    return "", "exact", start


def _is_year_like(number: ParsedNumber, tokens: list[Token]) -> bool:
    text = tokens[number.first].text
    return (
        number.kind == "digits" and not number.scaled and len(text) == 4 and text.isdigit()
        and 1000 <= number.value <= 2100
    )


def _is_day_of_month(number: ParsedNumber, tokens: list[Token]) -> bool:
    if number.kind != "digits" or number.scaled or not tokens[number.first].text.isdigit():
        return False
    if not 1 <= number.value <= 31:
        return False
    before = tokens[number.first - 1].lower if number.first > 0 else ""
    after = tokens[number.stop].lower if number.stop < len(tokens) else ""
    return before in MONTHS or after in MONTHS


def _is_designation(number: ParsedNumber, tokens: list[Token], text: str) -> bool:
    """Ordinals ("15th"), names with digits ("Soyuz-5", "G20", "5G")."""
    first = tokens[number.first]
    if not ("0" <= first.text[:1] <= "9"):
        return False
    if number.stop < len(tokens) and _is_adjacent(tokens, number.stop - 1, number.stop):
        follower = tokens[number.stop]
        is_word = follower.text[:1].isalpha()
        if follower.lower in ("st", "nd", "rd", "th") or (is_word and number.stop == number.first + 1):
            return True
    if first.start > 0:
        before = text[first.start - 1]
        if before.isalpha():
            return True
        if before in "-–" and first.start > 1 and text[first.start - 2].isalpha():
            return True
    return False


@lru_cache(maxsize=1)
def _figure_starts() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """What a token must be for :func:`_read_figure` to read a figure at it.

    ``(words, texts, after_article)``: lower-cased words that start a number
    (:func:`~kzanalysis.numbers.trigger_words`), token texts that start a
    currency prefix (symbols, codes, "US"), and the lower-cased words after
    "a"/"an" that make the article a number ("a million", "a half",
    "a century").  Any other token gives no figure.
    """
    rules = load_rules()
    texts = frozenset(rules.currency_symbols) | frozenset(rules.currency_codes) | {"US", "U.S."}
    after_article = frozenset(number_words()) | rules.article_units
    return trigger_words(), texts, after_article


@lru_cache(maxsize=1)
def _start_lowers() -> frozenset[str]:
    """Every lower-cased word that can make a token a candidate (see :func:`_candidate_tokens`).

    The words of :func:`_figure_starts`, the lower case of its token texts
    (a token's lower-cased text is the lower case of its text) and the words
    after a candidate "a"/"an".
    """
    words, texts, after_article = _figure_starts()
    return words | {text.lower() for text in texts} | after_article


_FIRST_CHARACTER = itemgetter(0)
_IS_DIGIT_CHARACTER = "0123456789".__contains__


def _candidate_tokens(tokens: list[Token], lowers: list[str] | None = None) -> list[int]:
    """Indices of the tokens where a figure can start (see :func:`_figure_starts`), in order.

    ``lowers`` is ``[t.lower for t in tokens]`` when the caller has it
    (:func:`kzanalysis.numbers.tokens_and_lowers`).  A token can only be a
    candidate, or the word after a candidate "a"/"an", when its lower-cased
    text starts with a digit or is one of :func:`_start_lowers`; those few
    are picked out in C (``map`` and ``compress``), then tested one by one as
    every token used to be, so the indices are the same.
    """
    words, texts, after_article = _figure_starts()
    if lowers is None:
        lowers = [token.lower for token in tokens]
    found: list[int] = []
    starts_with_digit = map(_IS_DIGIT_CHARACTER, map(_FIRST_CHARACTER, lowers))  # no token is empty
    for index in compress(count(), map(or_, starts_with_digit, map(_start_lowers().__contains__, lowers))):
        lower = lowers[index]
        # this word after "a"/"an" makes the article a candidate (once, and before this word)
        if lower in after_article and index > 0 and lowers[index - 1] in ("a", "an") and (
            not found or found[-1] != index - 1
        ):
            found.append(index - 1)
        if "0" <= lower[:1] <= "9" or lower in words or tokens[index].text in texts:
            found.append(index)
    return found


def _find_figures(text: str, tokens: list[Token], rules: Rules, lowers: list[str] | None = None) -> list[_Figure]:
    """Every quantity in one sentence, with unit and qualifier (``lowers`` as in :func:`_candidate_tokens`)."""
    lower_text = text.lower()
    excluded: list[tuple[int, int]] | None = None
    figures: list[_Figure] = []
    index = 0
    for candidate in _candidate_tokens(tokens, lowers):
        if candidate < index:
            continue  # inside the previous figure
        figure = _read_figure(text, lower_text, tokens, candidate, rules)
        if figure is None:
            index = candidate + 1
            continue
        index = max(figure.stop_token, candidate + 1)
        number_span = (tokens[figure.number.first].start, tokens[figure.number.stop - 1].end)
        if excluded is None:
            excluded = _excluded_spans(lower_text, rules)
        if excluded and any(s <= number_span[0] and number_span[1] <= e for s, e in excluded):
            continue
        figures.append(figure)
    return figures


def _excluded_spans(lower_text: str, rules: Rules) -> list[tuple[int, int]]:
    """Spans of the exclusion patterns in ``lower_text`` (a pattern its pre-check rules out has none).

    Most texts hold none of ``rules.exclusion_words``: then every pre-check
    rules its pattern out, and one look-up answers for all of them.
    """
    if not _may_hold_any(lower_text, rules.exclusion_words):
        return []
    prechecks = rules.exclusion_prechecks or (LiteralCheck(),) * len(rules.exclusions)
    return [
        match.span()
        for (pattern, _), precheck in zip(rules.exclusions, prechecks)
        if not precheck.rules_out(lower_text)
        for match in pattern.finditer(lower_text)
    ]


def _continues(tokens: list[Token], index: int, rules: Rules) -> bool:
    """True when ``tokens[index]`` can make a number before it a range, an amount of a unit or a percentage.

    That is, when it is a range word, a percent sign, the first word of a
    currency or unit phrase (``rules.continuers``) or a currency code.
    """
    if index >= len(tokens) or rules.continuers is None:
        return False
    token = tokens[index]
    return token.lower in rules.continuers or (token.text.isupper() and token.text.upper() in rules.currency_codes)


def _read_figure(text: str, lower_text: str, tokens: list[Token], index: int, rules: Rules) -> _Figure | None:
    token = tokens[index]
    is_digit = "0" <= token.text[:1] <= "9"
    if not (is_digit or token.text[:1].isalpha() or token.text in rules.currency_symbols):
        return None
    currency, number_index = None, index
    # every currency prefix starts with one of the texts of ``_figure_starts``
    prefix = _read_currency_prefix(tokens, index, rules) if token.text in _figure_starts()[1] else None
    if prefix:
        currency, number_index = prefix
    elif not (is_digit or token.lower in trigger_words() or token.lower in ("a", "an")):
        return None
    number = parse_number(tokens, number_index)
    if number is None and token.lower in ("a", "an") and not currency:
        # "a century", "a decade": the article counts as one before these units.
        if number_index + 1 < len(tokens) and tokens[number_index + 1].lower in rules.article_units:
            number = ParsedNumber(1.0, number_index, number_index + 1, "words", False)
    if number is None:
        return None
    if (currency is None and number.kind in ("digits", "words") and not number.scaled
            and rules.continuers is not None and not _continues(tokens, number.stop, rules)):
        # No range, unit or percent sign follows, so (as below) only a counted noun can make the
        # number a figure, and a year or a day of the month (both in digits) cannot be one:
        # settled early.
        if _is_year_like(number, tokens) or _is_day_of_month(number, tokens) or (
            _find_head(tokens, number.stop, rules) is None
        ):
            return None
    if number.kind == "digits" and _is_designation(number, tokens, text) and not currency:
        return None
    # A minus sign before the figure ("-2.5%", "-$3 bn"): ``lead`` is the token the figure starts at.
    sign = _figure_sign(tokens, index, number, currency is not None, rules)
    lead = index - 1 if sign < 0 else index
    value, value_high, stop = sign * number.value, math.nan, number.stop
    # Ranges: "10 to 20 million", "10-20%", "between 5 and 7 billion", "from -2 to -1%".
    if stop < len(tokens) and tokens[stop].lower in _RANGE_WORDS:
        between = lead > 0 and tokens[lead - 1].lower in ("between", "from")
        if tokens[stop].lower != "and" or between:
            second_index = stop + 1
            if second_index < len(tokens) and tokens[second_index].text in rules.currency_symbols:
                second_index += 1
            second_sign = 1
            if second_index < len(tokens) and tokens[second_index].text in MINUS_SIGNS:
                second_sign = leading_sign(tokens, second_index + 1)
                second_index += 1 if second_sign < 0 else 0
            second = parse_number(tokens, second_index)
            if second is not None and second.kind in ("digits", "words"):
                if _is_year_like(number, tokens) and _is_year_like(second, tokens):
                    return None
                high = second_sign * second.value
                unscaled_second = _unscaled(second, tokens)
                if second.scaled and not number.scaled and unscaled_second:
                    # "10 to 20 million": the first number takes the second's scale
                    value *= second.value / unscaled_second
                value_high, stop = high, second.stop
    unit_info = None
    of_np = None
    counted = ""
    if number.kind == "fraction":
        unit, factor, kind = "percent", 1.0, "percent"
        of_np = _of_phrase(tokens, stop, rules)
    elif number.kind == "vague":
        head = _find_head(tokens, stop + 1, rules, limit=4)
        if head is None:
            return None
        head_kind, word, position = head
        unit, factor = ("people", 1.0) if head_kind == "people" else ("count", 1.0)
        kind = "people" if head_kind == "people" else "count"
        counted = word
        of_np = (stop + 1, position + 1)
        stop = position + 1
    else:
        unit_info = _read_unit(tokens, stop, rules)
        if unit_info is None and stop < len(tokens) and tokens[stop].text in ("%",):
            unit_info = ("percent", 1.0, "percent", stop + 1)
        if currency and unit_info and unit_info[2] != "money":
            unit_info = None
        if unit_info is None and currency:
            unit, factor, kind = currency, 1.0, "money"
            # "$5m": a suffix scale only counts after a currency
        elif unit_info is not None:
            unit, factor, kind, stop = unit_info
            if kind == "people":
                counted = tokens[stop - 1].text
            if kind == "duration" and stop < len(tokens) and tokens[stop].lower in rules.relative_time:
                return None
            if kind == "percent" and stop < len(tokens) and tokens[stop].lower == "of":
                of_np = _of_phrase(tokens, stop, rules)
        else:
            if _is_year_like(number, tokens) or _is_day_of_month(number, tokens):
                return None
            head = _find_head(tokens, stop, rules)
            if head is not None:
                head_kind, word, position = head
                counted = word
                unit, factor, kind = ("people", 1.0, "people") if head_kind == "people" else ("count", 1.0, "count")
                stop = position + 1
            elif number.scaled:
                left = lower_text[:tokens[number.first].start]
                if _POPULATION_OF.search(left):
                    unit, factor, kind = "people", 1.0, "people"
                else:
                    unit, factor, kind = "count", 1.0, "count"
            else:
                return None
        value *= factor
        if not math.isnan(value_high):
            value_high *= factor
    if not (math.isfinite(value) and (math.isnan(value_high) or math.isfinite(value_high))):
        return None  # a run of digits too long for a float is not a stated figure
    start = tokens[lead].start
    # A small count right after "the", "these", "all" refers back: not a statistic.
    if kind in ("count", "people") and abs(value) < 10 and not number.scaled and number.kind != "vague":
        previous = tokens[lead - 1].lower if lead > 0 else ""
        if previous in rules.determiners:
            return None
        if counted.lower() in rules.discourse_nouns:
            return None
    qualifier, bound, start = _qualifier(lower_text, start, rules)
    if number.kind == "vague" and not qualifier:
        qualifier, bound = number.phrase, "lower"
    if not math.isnan(value_high):
        bound = "range" if not qualifier else bound
    end = tokens[stop - 1].end
    return _Figure(
        start=start, end=end, value=value, value_high=value_high, unit=unit, kind=kind,
        counted=counted, qualifier=qualifier, bound=bound, number=number,
        first_token=index, stop_token=stop, of_np=of_np,
    )


def _figure_sign(tokens: list[Token], index: int, number: ParsedNumber, has_currency: bool, rules: Rules) -> int:
    """-1 when a minus sign stands before the figure that starts at ``tokens[index]``.

    Only figures written in digits take a sign, before the digits ("-2.5%")
    or before a currency symbol ("-$3 bn"); :func:`kzanalysis.numbers.leading_sign`
    tells a sign from a range dash or a hyphen.
    """
    if number.kind != "digits":
        return 1
    if has_currency and tokens[index].text not in rules.currency_symbols:
        return 1  # "US$", "KZT": no sign before a code or a two-token prefix
    return leading_sign(tokens, index)


def _unscaled(number: ParsedNumber, tokens: list[Token]) -> float:
    """The value of ``number`` without its trailing scale word (for shared scales)."""
    scale = number_words().get(tokens[number.stop - 1].lower)
    if scale and scale[1] in ("scale", "suffix") and scale[0]:
        return number.value / scale[0]
    return number.value


def _of_phrase(tokens: list[Token], of_index: int, rules: Rules) -> tuple[int, int] | None:
    """Token span of the noun phrase after "of" (up to punctuation or a stop word)."""
    if of_index >= len(tokens) or tokens[of_index].lower != "of":
        return None
    start = of_index + 1
    position = start
    while position < len(tokens) and position - start < 6:
        token = tokens[position]
        if not (token.text[:1].isalpha() or token.text == "-" or ("0" <= token.text[:1] <= "9")):
            break
        if position > start and (token.lower in rules.stop_words or token.lower in rules.have_verbs):
            if not (token.lower in ("the",) and position == start):
                break
        position += 1
    return (start, position) if position > start else None


# --- periods --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _period_prechecks() -> tuple[LiteralCheck, LiteralCheck, LiteralCheck]:
    """Pre-checks of ``_BETWEEN_BEFORE``, ``_MONTH_BEFORE`` and ``_MONTH_ALONE``."""
    return LiteralCheck.of(_BETWEEN_BEFORE), LiteralCheck.of(_MONTH_BEFORE), LiteralCheck.of(_MONTH_ALONE)


@lru_cache(maxsize=None)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that a text matches exactly when it holds one of ``words``."""
    return re.compile("|".join(map(re.escape, words)))


def _ruled_out(precheck: LiteralCheck, text: str) -> bool:
    """``precheck.rules_out(text)``, with one search for all the literals of each clause of a case-sensitive check.

    The search finds a match exactly when the text holds one of the clause's
    literals, as the check's own loop of substring tests does.
    """
    if not precheck.clauses or precheck.flags & _IGNORECASE:
        return precheck.rules_out(text)
    for clause in precheck.clauses:
        if _any_of(clause).search(text) is None:
            return True
    return False


def _year_matches(text: str) -> Iterator[re.Match[str]]:
    """``_YEAR.finditer(text)``, trying ``_YEAR`` only where ``_YEAR_DIGITS`` matches.

    Every match of ``_YEAR`` starts with a match of ``_YEAR_DIGITS`` (its
    look-behind is checked against the whole text, as in ``finditer``), so
    trying those positions from left to right, and going on after each match,
    finds the same matches.
    """
    found = _YEAR_DIGITS.search(text)
    while found is not None and found.start() < len(text):  # a year match is never empty
        match = _YEAR.match(text, found.start())
        if match is None:
            found = _YEAR_DIGITS.search(text, found.start() + 1)
        else:
            yield match
            found = _YEAR_DIGITS.search(text, match.end())


def _may_hold_any(text: str, keys: tuple[str, ...] | None) -> bool:
    """False when ``text`` holds none of ``keys`` (None: no keys, nothing is ruled out)."""
    if keys is None:
        return True
    for key in keys:
        if key in text:
            return True
    return False


def _find_periods(text: str, taken: list[tuple[int, int]], rules: Rules, lower: str | None = None) -> list[_Period]:
    """Year expressions ("in 2021", "between 2017 and 2019", "December 2020", "1990s").

    ``lower`` is ``text.lower()`` when the caller has it.
    """
    periods: list[_Period] = []
    consumed = -1
    # Searches in ``text[:start]`` cannot match when their pre-check rules out all of ``text``.
    between_check, month_before_check, month_alone_check = _period_prechecks()
    no_between = no_month = None
    for match in _year_matches(text):
        start, end = match.span()
        if start < consumed or any(s <= start < e for s, e in taken):
            continue
        first = int(match.group(1))
        last = first
        if match.group(3):
            tail = match.group(3)
            last = int(tail) if len(tail) == 4 else first // 100 * 100 + int(tail)
            if last < first:
                last = first
        elif match.group(2):
            last = first + 9
        else:
            if no_between is None:
                no_between = _ruled_out(between_check, text)
            between = None if no_between else _BETWEEN_BEFORE.search(text, 0, start)
            if between:
                after = _AND_YEAR_AFTER.match(text, end)
                if after:
                    last, start, end = int(after.group(1)), between.start(), after.end()
        if no_month is None:
            no_month = _ruled_out(month_before_check, text)
        month = None if no_month else _MONTH_BEFORE.search(text, 0, start)
        label = f"{first}s" if match.group(2) else (f"{first}–{last}" if last != first else str(first))
        if month and not match.group(3) and last == first:
            label = f"{month.group(1)} {first}"
            start = month.start()
        consumed = end
        periods.append(_Period(start, end, label, float(first), float(last)))
    for match in () if _ruled_out(month_alone_check, text) else _MONTH_ALONE.finditer(text):
        if not any(p.start <= match.start(1) < p.end for p in periods):
            periods.append(_Period(match.start(1), match.end(1), match.group(1), math.nan, math.nan))
    if lower is None:
        lower = text.lower()
    for phrase in rules.same_year if _may_hold_any(lower, rules.same_year_keys) else ():
        position = lower.find(phrase)
        while position >= 0:
            end = position + len(phrase)
            if not any(p.start <= position < p.end for p in periods):
                periods.append(_Period(position, end, phrase, math.nan, math.nan, refers_back=True))
            position = lower.find(phrase, end)
    periods.sort(key=lambda p: p.start)
    return periods


def _resolve_periods(periods: list[_Period], context: _Context) -> None:
    """Give "the same year" the last stated year; fill month-only periods from the document date."""
    last = context.last_period
    for period in periods:
        if period.refers_back:
            if last is not None:
                period.text, period.year_start, period.year_end = last.text, last.year_start, last.year_end
        elif math.isnan(period.year_start) and context.doc_year is not None:
            month = MONTHS.index(period.text.lower()) + 1
            year = context.doc_year if context.doc_month is None or month <= context.doc_month else context.doc_year - 1
            period.year_start = period.year_end = float(year)
            period.source = "document date"
        if not math.isnan(period.year_start):
            last = period
    if last is not None:
        context.last_period = last


def _nearest_period(figure: _Figure, periods: list[_Period]) -> _Period | None:
    best, best_gap = None, None
    for period in periods:
        if period.end <= figure.start:
            gap = float(figure.start - period.end)
        elif period.start >= figure.end:
            gap = period.start - figure.end - 0.5  # a tie goes to the year after the figure
        else:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = period, gap
    return best


# --- what is measured -------------------------------------------------------------------

_LEFT_KEEP = frozenset({"of", "with", "in", "between", "on", "the"})
_CLAUSE_END = frozenset({",", ";", ".", ":", "(", ")", "–", "-", '"', "!", "?", "[", "]"})


def _span_text(text: str, tokens: list[Token], first: int, stop: int) -> str:
    return text[tokens[first].start:tokens[stop - 1].end] if stop > first else ""


def _trim(tokens: list[Token], first: int, stop: int, rules: Rules) -> tuple[int, int]:
    while first < stop and (tokens[first].lower in rules.drop_leading or tokens[first].lower in _LEFT_KEEP
                            or not tokens[first].text[:1].isalpha()):
        first += 1
    while stop > first and (tokens[stop - 1].lower in rules.drop_trailing or not tokens[stop - 1].text[:1].isalpha()):
        stop -= 1
    return first, stop


def _predicate(text: str, tokens: list[Token], index: int, rules: Rules, limit: int = 8) -> str:
    """The verb phrase after a figure ("support improved ties with Russia")."""
    while index < len(tokens) and tokens[index].lower in rules.skip_adverbs:
        index += 1
    if index >= len(tokens) or not tokens[index].text[:1].isalpha():
        return ""
    if tokens[index].lower in rules.stop_words and tokens[index].lower not in rules.have_verbs and (
        tokens[index].lower not in ("do", "did", "does", "have", "has", "had", "are", "were")
    ):
        return ""
    stop = index
    while stop < len(tokens) and stop - index < limit:
        token = tokens[stop]
        if token.text in _CLAUSE_END and token.text != "-":
            break
        if token.lower in ("while", "whereas", "but", "although", "though") and stop > index:
            break
        stop += 1
    first, stop = index, stop
    while stop > first and (tokens[stop - 1].lower in rules.drop_trailing or not tokens[stop - 1].text[:1].isalpha()):
        stop -= 1
    return _span_text(text, tokens, first, stop)


def _token_at(tokens: list[Token], char: int) -> int:
    """The index of the first token that starts at or after ``char`` (``len(tokens)`` when none does).

    Token starts increase, so a binary search finds it.
    """
    return bisect_left(tokens, char, key=_TOKEN_START)


_TOKEN_START = attrgetter("start")


def _left_subject(text: str, tokens: list[Token], figure: _Figure, rules: Rules) -> str:
    """What is measured, read leftwards from the figure ("Bilateral trade reached ...")."""
    position = _token_at(tokens, figure.start) - 1
    # a measure verb that ends right before the figure ends with this token's word
    verbs_may_end_here = position >= 0 and rules.measure_verbs.may_end_with(tokens[position].lower)
    for length in (3, 2, 1) if verbs_may_end_here else ():
        if position - length + 1 < 0:
            continue
        found = rules.measure_verbs.match(tokens, position - length + 1)
        if found and found[1] == position + 1:
            position -= length
            break
    while position >= 0 and tokens[position].lower in rules.drop_trailing:
        position -= 1
    parenthesis = position >= 0 and tokens[position].text == "("
    if parenthesis:
        position -= 1
    end = position + 1
    while position >= 0 and end - position <= 6:
        token = tokens[position]
        if token.text == "-" and position > 0 and _is_adjacent(tokens, position - 1, position):
            position -= 1
            continue
        if not token.text[:1].isalpha() or (token.lower in rules.stop_words and token.lower not in _LEFT_KEEP):
            break
        position -= 1
    first, stop = _trim(tokens, position + 1, end, rules)
    if parenthesis:
        # "provided cash (25 million ...)": keep the noun after the verb.
        for k in range(stop - 1, first - 1, -1):
            if tokens[k].lower.endswith("ed") and k < stop - 1:
                first = k + 1
                break
    return _span_text(text, tokens, first, stop)


def _survey_subject(population: str, predicate: str, rules: Rules) -> str:
    words = predicate.split()
    if words and words[0].lower() in rules.have_verbs:
        return f"{population} with {' '.join(words[1:])}".strip()
    return f"{population} who {predicate}".strip()


def _describe(figure: _Figure, text: str, tokens: list[Token], rules: Rules, context: _Context,
              previous: _Figure | None) -> None:
    """Fill ``figure.subject`` (and the survey population and predicate)."""
    if figure.kind == "percent":
        if figure.of_np:
            first, stop = _trim(tokens, *figure.of_np, rules)
            noun_phrase = _span_text(text, tokens, first, stop)
            head = tokens[stop - 1].lower if stop > first else ""
            predicate = _predicate(text, tokens, figure.of_np[1], rules)
            if head in rules.people_units and predicate:
                figure.population, figure.predicate = noun_phrase, predicate
                figure.subject = _survey_subject(noun_phrase, predicate, rules)
            else:
                figure.subject = noun_phrase
            return
        predicate = _predicate(text, tokens, figure.stop_token, rules)
        if predicate:
            lowered = predicate.lower()
            last_predicate = previous.predicate if previous and previous.predicate else context.survey_predicate
            if lowered in rules.negated_ellipsis and last_predicate:
                words = last_predicate.split()
                base = " ".join(words[1:]) if words[0].lower() in rules.have_verbs else last_predicate
                predicate = f"{predicate} {base}"
            elif last_predicate and " of " in last_predicate:
                head = predicate.split()[-1].lower()
                marker = f"{head} of "
                if marker in last_predicate.lower() and marker.strip() not in lowered:
                    predicate += last_predicate[last_predicate.lower().index(marker) + len(head):]
            population = (previous.population if previous and previous.population else "") or (
                context.survey_population or "respondents"
            )
            figure.population, figure.predicate = population, predicate
            figure.subject = _survey_subject(population, predicate, rules)
            return
    if figure.kind in ("people", "count") and figure.counted:
        if figure.of_np:
            first, stop = _trim(tokens, *figure.of_np, rules)
            noun_phrase = _span_text(text, tokens, first, stop) or figure.counted
        else:
            noun_phrase = figure.counted
        predicate = _predicate(text, tokens, figure.stop_token, rules)
        if predicate:
            link = "who" if figure.kind == "people" else "that"
            figure.subject = f"{noun_phrase} {link} {predicate}"
        else:
            figure.subject = noun_phrase
        return
    if figure.kind == "measure":
        span = _of_phrase(tokens, figure.stop_token, rules)
        if span:
            first, stop = _trim(tokens, *span, rules)
            if stop > first:
                figure.subject = _span_text(text, tokens, first, stop)
                return
    figure.subject = _left_subject(text, tokens, figure, rules)
    if not figure.subject:
        # "For almost a century, Central Asian nations have been ...": the clause after it.
        after = figure.stop_token
        if after < len(tokens) and tokens[after].text == ",":
            figure.subject = _predicate(text, tokens, after + 1, rules, limit=6)


def _link(previous: _Figure | None, figure: _Figure, lower_text: str, rules: Rules) -> str:
    """How ``figure`` relates to the figure just before it in the sentence."""
    if previous is None:
        return ""
    gap = lower_text[previous.end:figure.start].strip(" ,")
    if figure.kind == previous.kind == "money" and gap in ("or", "(", ") or", "or about", "i.e.", "="):
        return "equivalent"
    if figure.unit == previous.unit and any(gap.endswith(link) for link in rules.comparison_links):
        return "comparison"
    return ""


# --- categories and partners ----------------------------------------------------------

def _categorise(figure: _Figure, text: str, rules: Rules) -> str:
    window = text[max(0, figure.start - 80):figure.end + 80]
    # one Haystack a scope: its lower-cased text is made once for all the rules
    scopes = {
        "subject": Haystack(figure.subject), "window": Haystack(f"{figure.subject} {window}"), "sentence": Haystack(text)
    }
    for rule in rules.categories_by_kind.get(figure.kind, rules.categories):
        if rule.kinds is not None and figure.kind not in rule.kinds:
            continue
        scope = scopes[rule.scope]
        # The pre-check only skips searches that cannot match (see LiteralCheck).
        if rule.precheck.rules_out(scope):
            continue
        if rule.pattern.search(scope.text):
            return rule.category
    return "other"


def _partner(figure: _Figure, context: _Context) -> str:
    """The country a trade figure is with ("US-Kazakhstan trade" -> United States)."""
    from .entities import find_mentions

    for mention in find_mentions(figure.subject):
        if mention["type"] in ("country", "bloc") and mention["actor"] != "Kazakhstan":
            return mention["actor"]
    if "bilateral" in figure.subject.lower():
        countries = _countries(context.previous_sentence)
        if countries:
            return countries[0]
    return ""


def _countries(sentence: str) -> tuple[str, ...]:
    from .entities import find_mentions

    found = []
    for mention in find_mentions(sentence):
        if mention["type"] in ("country", "bloc") and mention["actor"] != "Kazakhstan":
            if mention["actor"] not in found:
                found.append(mention["actor"])
    return tuple(found)


# --- one sentence ---------------------------------------------------------------------

def _has_candidates(sentence: str) -> bool:
    """True when ``sentence`` holds a digit, a currency or percent sign, or a number word.

    A sign search and one word pass with a set look-up; measured faster than
    one pattern with every number word as an alternative.
    """
    lower = sentence.lower()
    return _QUICK.search(lower) is not None or not trigger_words().isdisjoint(_WORD.findall(lower))


@lru_cache(maxsize=1)
def _column_prefilter() -> tuple[str, str]:
    """Two RE2 patterns whose matches include every sentence :func:`_has_candidates` accepts.

    The first is ``_QUICK`` itself: a character class means the same to RE2 and
    to ``re``, and lower-casing neither makes nor removes a digit or a sign.  The
    second finds a number word with non-letters around it, ignoring case.  A
    word of ``sentence.lower()`` made of ASCII letters comes from ASCII letters
    in either case, or from one of ``FOLDS_ONTO_ASCII`` (whose lower case or case
    folding involves an ASCII letter): those characters are matched on their
    own, so a sentence holding one is always checked in Python.
    """
    words = sorted((w for w in trigger_words() if re.fullmatch("[a-z]+", w)), key=len, reverse=True)
    return _QUICK.pattern, f"(?i:(?:^|[^a-z])(?:{'|'.join(words)})(?:[^a-z]|$))|[{FOLDS_ONTO_ASCII}]"


def _candidate_flags(column: pd.Series, sentences: list | None = None) -> list[bool]:
    """:func:`_has_candidates` of each sentence of ``column`` (False when it is not a string).

    ``sentences`` is ``column.tolist()`` when the caller has it already.

    The column is first searched as a whole by two RE2 patterns in C++
    (:func:`_column_prefilter`): a sentence matched by neither cannot pass
    :func:`_has_candidates`; a sentence with a digit or sign passes; so does a
    sentence the word pattern matches when it holds none of ``FOLDS_ONTO_ASCII``
    (then the pattern matched a number word, see below); the rest that the
    word pattern matches are checked by :func:`_has_candidates` itself.  So the
    flags are exactly those of :func:`_has_candidates`.

    Why a match of the word pattern is certain without one of them: only
    ``"\u0130"`` and ``"\u212a"`` lower-case to a string with an ASCII letter,
    and only ``"\u017f"`` and ``"\u212a"`` match an ASCII letter in RE2 when
    case is ignored, all of them in ``FOLDS_ONTO_ASCII``.  Without them, the letters ``a``-``z``
    of ``sentence.lower()`` are the ASCII letters of the sentence, lower-cased,
    so a number word the pattern finds between non-letters is a whole run of
    ``_WORD`` there.
    Without pyarrow, or for a column Arrow cannot hold as strings, every
    sentence is checked in Python.
    """
    quick = words = None  # None: the same test, one sentence at a time
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        pa = None
    if pa is not None:
        try:
            array = pa.array(column)
        except (TypeError, pa.ArrowInvalid, pa.ArrowTypeError):  # mixed values
            array = None
        if array is not None and (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
            quick_pattern, word_pattern = _column_prefilter()
            quick = pc.match_substring_regex(array, quick_pattern).to_pylist()
            words = pc.match_substring_regex(array, word_pattern).to_pylist()
    if sentences is None:
        sentences = column.tolist()
    if quick is None or words is None:
        return [isinstance(s, str) and _has_candidates(s) for s in sentences]
    return [
        bool(q) or (bool(w) and (not holds_ascii_folds(sentences[i]) or _has_candidates(sentences[i])))
        for i, (q, w) in enumerate(zip(quick, words))
    ]


def _apply_periods(periods: list[_Period], context: _Context, rules: Rules) -> None:
    """:func:`_resolve_periods`, reading the years of earlier sentences without figures only when needed.

    Such a sentence changes nothing but ``context.last_period``, which only a
    period that refers back ("the same year") reads.  Its years are therefore
    read, in order, just before such a period is resolved, and dropped once a
    year of this sentence replaces them as ``last_period``: the same result as
    reading every sentence, without reading most of them.
    """
    if context.unread_years and any(p.refers_back for p in periods):
        for sentence in context.unread_years:
            _resolve_periods(_find_periods(sentence, [], rules), context)
        context.unread_years.clear()
    _resolve_periods(periods, context)
    if context.unread_years and any(not math.isnan(p.year_start) for p in periods):
        context.unread_years.clear()


def _sentence_statistics(
    sentence: str, context: _Context, rules: Rules, may_hold: bool | None = None
) -> list[_Figure]:
    """Every statistic of one sentence, with context carried in and updated.

    ``may_hold`` is :func:`_has_candidates` of the sentence when the caller
    knows it already.
    """
    figures: list[_Figure] = []
    if may_hold is None:
        may_hold = _has_candidates(sentence)
    if may_hold:
        tokens, lowers = tokens_and_lowers(sentence)
        figures = _find_figures(sentence, tokens, rules, lowers)
    if figures:
        lower_text = sentence.lower()
        periods = _find_periods(sentence, [(f.start, f.end) for f in figures], rules, lower_text)
        # resolve "the same year" against the years before it
        _apply_periods(periods, context, rules)
        previous = None
        for figure in figures:
            figure.link = _link(previous, figure, lower_text, rules)
            _describe(figure, sentence, tokens, rules, context, previous)
            if figure.link and previous is not None and (figure.link == "equivalent" or not figure.subject
                                                          or figure.kind == "percent"):
                figure.subject, figure.population = previous.subject, previous.population
                figure.predicate = previous.predicate
            figure.category = (
                previous.category if figure.link and previous is not None else _categorise(figure, sentence, rules)
            )
            period = _nearest_period(figure, periods)
            if figure.link == "equivalent" and previous is not None and previous.period:
                figure.period, figure.year_start, figure.year_end = (
                    previous.period, previous.year_start, previous.year_end)
                figure.period_source = previous.period_source
            elif period is not None:
                figure.period, figure.year_start, figure.year_end = period.text, period.year_start, period.year_end
                figure.period_source = period.source
            elif figure.category == "survey" and context.survey_period is not None:
                p = context.survey_period
                figure.period, figure.year_start, figure.year_end = p.text, p.year_start, p.year_end
                figure.period_source = "context"
            if figure.category == "trade":
                figure.partner = _partner(figure, context)
            if figure.category == "survey":
                if figure.population:
                    context.survey_population = figure.population
                if figure.predicate:
                    context.survey_predicate = figure.predicate
                if figure.period and figure.period_source != "context" and not math.isnan(figure.year_start):
                    context.survey_period = _Period(0, 0, figure.period, figure.year_start, figure.year_end)
            previous = figure
    elif _QUICK.search(sentence):
        # years stated without figures still set "the same year" for a later sentence
        context.unread_years.append(sentence)
    context.previous_sentence = sentence
    return figures


def _rows(figures: list[_Figure], sentence: str, offset: int) -> list[dict]:
    rows = []
    for f in figures:
        rows.append({
            "value": float(f.value), "value_high": float(f.value_high), "unit": f.unit, "kind": f.kind,
            "qualifier": f.qualifier, "bound": f.bound, "surface": sentence[f.start:f.end],
            "start": f.start + offset, "end": f.end + offset, "counted": f.counted,
            "subject": f.subject, "category": f.category, "period": f.period,
            "year_start": f.year_start, "year_end": f.year_end, "period_source": f.period_source,
            "partner": f.partner, "sentence": sentence,
        })
    return rows


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    # One list per column (not one dict per row) is what pandas builds a frame from fastest.
    return _frame_from_columns({column: [row[column] for row in rows] for column in columns}, columns)


_FIGURE_FIELDS = (
    "value", "value_high", "unit", "kind", "qualifier", "bound", "start", "end", "counted", "subject",
    "category", "period", "year_start", "year_end", "period_source", "partner",
)
"""The columns of :data:`STATISTIC_COLUMNS` that are fields of :class:`_Figure`."""


_figure_values = attrgetter(*_FIGURE_FIELDS)
"""The values of :data:`_FIGURE_FIELDS` of a figure, as a tuple."""


def _figure_columns(values: list, sentences: list[str]) -> dict[str, list]:
    """The columns :func:`_rows` gives figures (found in ``sentences``, one each, at offset 0).

    ``values`` holds the :func:`_figure_values` of each figure, one after
    another; each column is one slice of it.  (Keeping plain values rather
    than the figures frees each figure with its sentence, so the collector
    has fewer objects to track.)
    """
    width = len(_FIGURE_FIELDS)
    data: dict[str, list] = {name: values[k::width] for k, name in enumerate(_FIGURE_FIELDS)}
    data["surface"] = list(map(str.__getitem__, sentences, map(slice, data["start"], data["end"])))
    data["sentence"] = sentences
    return data


def _nullable_years(values: list) -> pd.api.extensions.ExtensionArray:
    """Years (floats, NaN or None when unknown) as nullable integers.

    Converted as one float array (NaN and None become missing), which gives the
    same array as converting each value with ``int``; values that are not whole
    numbers, which no period has, take that slower path.
    """
    try:
        return pd.array(np.array(values, dtype="float64"), dtype="Int64")
    except (TypeError, ValueError):
        return pd.array(
            [None if v is None or (isinstance(v, float) and math.isnan(v)) else int(v) for v in values],
            dtype="Int64",
        )


def _frame_from_columns(data: dict[str, Any], columns: list[str]) -> pd.DataFrame:
    """The table of :func:`_frame`, from its columns (lists of the same length)."""
    rows = len(data[columns[0]])
    for column in ("year_start", "year_end"):
        data[column] = _nullable_years(data[column])
    if rows:
        # numbers go in as typed arrays: no column is converted after the frame is built
        for column, dtype in _NUMBER_DTYPES.items():
            if column in data:
                data[column] = np.array(data[column], dtype=dtype)
        return pd.DataFrame(data, columns=columns)
    frame = pd.DataFrame([], columns=columns)
    for column, dtype in _NUMBER_DTYPES.items():
        if column in frame.columns:
            frame[column] = frame[column].astype(dtype)
    for column in ("year_start", "year_end"):
        frame[column] = pd.array([], dtype="Int64")
    return frame


_NUMBER_DTYPES = {"value": "float64", "value_high": "float64", "start": "int64", "end": "int64", "sentence_id": "int64"}
"""The number columns of the statistics tables, and their dtypes."""


# --- public API -----------------------------------------------------------------------

def extract_statistics(text: object) -> pd.DataFrame:
    """Every stated quantity of a text, one row each.

    The text is split into sentences; "the same year", a survey's population
    and the partner of "bilateral trade" are carried from one sentence to the
    next.  Bare years and dates, ordinals, relative dates ("six years ago") and
    back-references ("the two countries") are not statistics: years become the
    ``period`` of the figures near them.

    Parameters
    ----------
    text
        Any text; None or a missing value gives an empty table.

    Returns
    -------
    DataFrame
        One row per figure, in reading order:

        ``value`` (float, scale and unit factor applied: "$24.2 billion" ->
        2.42e10, "half" -> 50), ``value_high`` (upper end of a range, else
        NaN), ``unit`` (ISO currency code, ``percent``, ``people``, ``count``,
        ``tons``, ``years``, ``months`` ...), ``kind`` (money, percent, people,
        count, measure, duration), ``qualifier`` ("more than", "barely over",
        "tens of" ...), ``bound`` (exact, lower, upper, approx, range),
        ``surface`` and ``start``/``end`` (its span in ``text``, qualifier
        included), ``counted`` (the counted noun: "shutdowns"), ``subject``
        (what is measured), ``category`` (see ``data/statistic_categories.csv``),
        ``period`` ("2021", "2017–2019", "December 2020"), ``year_start`` and
        ``year_end`` (nullable integers), ``period_source`` (sentence, context
        or document date; empty when unknown), ``partner`` (trade figures: the
        other country), ``sentence``.

    Raises
    ------
    TypeError
        When ``text`` is neither a string nor missing.

    Examples
    --------
    >>> extract_statistics("Bilateral trade reached $24.2 billion in 2021.")[
    ...     ["value", "unit", "subject", "category", "period"]].to_dict("records")
    [{'value': 24200000000.0, 'unit': 'USD', 'subject': 'Bilateral trade', 'category': 'trade', 'period': '2021'}]
    """
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return _frame([], STATISTIC_COLUMNS)
    if not isinstance(text, str):
        raise TypeError(f"extract_statistics needs a string, got {type(text).__name__}")
    rules = load_rules()
    context = _Context()
    rows: list[dict] = []
    for start, end in iter_sentence_spans(text):
        sentence = text[start:end]
        rows.extend(_rows(_sentence_statistics(sentence, context, rules), sentence, start))
    return _frame(rows, STATISTIC_COLUMNS)


def _document_dates(corpus: pd.DataFrame | None) -> dict[str, tuple[int | None, int | None]]:
    dates: dict[str, tuple[int | None, int | None]] = {}
    if corpus is None or "date" not in corpus.columns:
        return dates
    for doc_id, value in zip(corpus["doc_id"].astype(str).tolist(), corpus["date"].tolist()):
        text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
        parts = text.split("-")
        year = int(parts[0]) if parts and parts[0].isdigit() and len(parts[0]) == 4 else None
        month = int(parts[1]) if year and len(parts) > 1 and parts[1].isdigit() else None
        dates[doc_id] = (year, month)
    return dates


def document_sources(corpus: pd.DataFrame | None) -> dict[str, str]:
    """Map each ``doc_id`` to its source (:func:`kzanalysis.corpus.source_label`)."""
    if corpus is None or "doc_id" not in corpus.columns:
        return {}
    return dict(zip(corpus["doc_id"].astype(str).tolist(), source_label(corpus).tolist()))


def _previous_sentences(positions: list[int], doc_ids: list[str], sentences: list) -> list[str]:
    """For each of ``positions``, the last string of ``sentences`` before it with the same doc id ("" if none).

    When each document's rows are contiguous (the usual sentence table), that
    sentence is found by stepping back within the document; otherwise one
    pass over all rows remembers the last sentence of each document.
    """
    contiguous = not doc_ids or len(set(doc_ids)) == 1 + sum(map(ne, doc_ids, islice(doc_ids, 1, None)))
    found: list[str] = []
    if contiguous:
        for position in positions:
            doc_id, before = doc_ids[position], position - 1
            while before >= 0 and doc_ids[before] == doc_id and not isinstance(sentences[before], str):
                before -= 1
            found.append(sentences[before] if before >= 0 and doc_ids[before] == doc_id else "")
        return found
    last: dict[str, str] = {}
    wanted = iter(positions)
    next_position = next(wanted, None)
    for position, (doc_id, sentence) in enumerate(zip(doc_ids, sentences)):
        if position == next_position:
            found.append(last.get(doc_id, ""))
            next_position = next(wanted, None)
        if isinstance(sentence, str):
            last[doc_id] = sentence
    return found


def corpus_statistics(sentences_df: pd.DataFrame, corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every stated quantity of a corpus, from its sentence table.

    Parameters
    ----------
    sentences_df
        The sentence table of :func:`kzanalysis.sentences` (needs ``doc_id``,
        ``sentence_id`` and ``sentence``), in reading order within each
        document.
    corpus
        Optional corpus table of :func:`kzanalysis.load_corpus`: gives the
        ``source`` column (:func:`kzanalysis.corpus.source_label`: the outlet, or
        ``"doc <doc_id>"`` when it is empty) and the
        document date used to date month-only periods ("in January").

    Returns
    -------
    DataFrame
        ``doc_id``, ``sentence_id``, ``source`` (empty without ``corpus``) and
        the columns of :func:`extract_statistics`; ``start``/``end`` are
        offsets into ``sentence``.

    Raises
    ------
    ValueError
        When ``sentences_df`` lacks a needed column.
    """
    if not isinstance(sentences_df, pd.DataFrame):
        raise TypeError(f"corpus_statistics needs the sentence table (a DataFrame), got {type(sentences_df).__name__}")
    missing = {"doc_id", "sentence_id", "sentence"} - set(sentences_df.columns)
    if missing:
        raise ValueError(
            f"corpus_statistics: the sentence table lacks {sorted(missing)}; build it with kz.sentences(corpus)"
        )
    return _statistics_of_sentences(sentences_df, document_sources(corpus), _document_dates(corpus))


def _statistics_of_sentences(
    sentences_df: pd.DataFrame,
    sources: Mapping[str, str],
    dates: Mapping[str, tuple[int | None, int | None]],
    columns: tuple[list[str], list[Any], list[Any]] | None = None,
) -> pd.DataFrame:
    """:func:`corpus_statistics`, given each document's source and (year, month).

    For a caller that has them already (the pipeline labels sources once
    per chunk); ``sentences_df`` must have been checked as
    :func:`corpus_statistics` checks it.  ``columns`` is its ``doc_id``
    (as text), ``sentence_id`` and ``sentence`` columns as lists, when the
    caller has them.
    """
    rules = load_rules()
    # the table's columns, one entry per figure (see _figure_columns)
    found: list = []
    found_in: list[str] = []
    found_doc_ids: list[str] = []
    found_sentence_ids: list = []
    contexts: dict[str, _Context] = {}
    if columns is None:
        doc_ids = sentences_df["doc_id"].astype(str).tolist()
        sentence_ids = sentences_df["sentence_id"].tolist()
        sentences = sentences_df["sentence"].tolist()
    else:
        doc_ids, sentence_ids, sentences = columns
    # A sentence that cannot hold a figure changes nothing but the previous sentence of
    # its document (used for "bilateral trade"): it is not read beyond that.
    positions = list(compress(count(), _candidate_flags(sentences_df["sentence"], sentences)))
    for position, previous in zip(positions, _previous_sentences(positions, doc_ids, sentences)):
        doc_id, sentence_id, sentence = doc_ids[position], sentence_ids[position], sentences[position]
        context = contexts.get(doc_id)
        if context is None:
            year, month = dates.get(doc_id, (None, None))
            context = contexts[doc_id] = _Context(doc_year=year, doc_month=month)
        context.previous_sentence = previous
        figures = _sentence_statistics(sentence, context, rules, may_hold=True)
        if figures:
            for figure in figures:
                found += _figure_values(figure)
            found_in += [sentence] * len(figures)
            found_doc_ids += [doc_id] * len(figures)
            found_sentence_ids += [sentence_id] * len(figures)
    data = _figure_columns(found, found_in)
    data.update(
        doc_id=found_doc_ids, sentence_id=found_sentence_ids,
        source=[sources.get(doc_id, "") for doc_id in found_doc_ids],
    )
    return _frame_from_columns(data, CORPUS_STATISTIC_COLUMNS)
