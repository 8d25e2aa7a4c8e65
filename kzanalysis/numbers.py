"""Read numbers written in digits or in words, as news text writes them.

This module only parses numbers; :mod:`kzanalysis.quantities` decides which
numbers are stated statistics.  The number words (units, tens, scale words
such as "million" and "bn", vague multiples such as "tens of", fractions such
as "half") live in ``data/number_words.csv``.

Text is first cut into tokens by one compiled pattern that starts at a digit or
a letter; numbers are then read from the token list, so no pattern ever tries
every number word at every position.  A minus sign is a token of its own;
:func:`leading_sign` tells a sign ("fell by -2.5%") from a range dash
("10-20") or a hyphen ("Soyuz-5").
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from itertools import accumulate, repeat
from operator import sub
from typing import NamedTuple

from .config import PACKAGE_DATA_DIR

NUMBER_WORD_KINDS = ("unit", "tens", "hundred", "scale", "suffix", "dozen", "vague", "fraction")

# Digits with optional separators ("1,500,000", "24.2", "19,5", "1 500" with a
# no-break space), a word (with a clitic such as "'s" or "n't"), or any other
# single non-space character.
_TOKEN = re.compile(r"[0-9]+(?:[.,\u00a0\u202f][0-9]+)*|[^\W\d_]+(?:'[^\W\d_]+)?|\S")
# The same tokens, each with the white space before it.  No token starts with white space
# and every other character starts one, so the greedy gap ends exactly where
# ``_TOKEN.finditer`` would start its next match: both give the same tokens.  A token is its
# match without the leading white space (``str.lstrip`` strips exactly what ``\s`` matches);
# spans follow from running sums of the match lengths, so :func:`tokenize` runs no Python
# code per token.  The repeats are possessive (``*+``, ``++``, ``?+``; about 15% faster), which
# changes no match: the gap is followed by a token, which cannot start with white space, so
# giving back white space never helps, and nothing follows the token, so its repeats are never
# asked to give back characters.
_GAP_AND_TOKEN = re.compile(r"\s*+(?:[0-9]++(?:[.,\u00a0\u202f][0-9]++)*+|[^\W\d_]++(?:'[^\W\d_]++)?+|\S)")
# For ASCII text, where a letter (``[^\W\d_]``) is exactly ``[A-Za-z]``; about 10% faster.
_GAP_AND_ASCII_TOKEN = re.compile(_GAP_AND_TOKEN.pattern.replace(r"[^\W\d_]", "[A-Za-z]"))
_THIN_SPACES = str.maketrans("", "", "\u00a0\u202f")
MINUS_SIGNS = frozenset("-\u2212")
"""Tokens read as a minus sign: the hyphen-minus and the minus sign (U+2212).

The en dash is not among them: normalised text writes every dash as "–"."""
_OPENING_BRACKETS = frozenset("([{")


class Token(NamedTuple):
    """One token of a sentence: its text, lower-cased text and character span.

    A named tuple: a sentence makes dozens of tokens, and tuples are built
    in bulk by C code (:func:`tokenize`) at a fraction of the cost of any
    class with an ``__init__``.
    """

    text: str
    lower: str
    start: int
    end: int

    @property
    def is_digit(self) -> bool:
        """True for a token written in digits."""
        return "0" <= self.text[:1] <= "9"

    @property
    def is_word(self) -> bool:
        """True for a token made of letters."""
        return self.text[:1].isalpha()


class ParsedNumber(NamedTuple):
    """A number read from tokens ``[first, stop)``.

    ``kind`` is ``"digits"``, ``"words"``, ``"vague"`` ("tens of thousands":
    ``value`` is the lower bound) or ``"fraction"`` ("more than half":
    ``value`` is a percentage).  ``scaled`` is True when a scale word
    ("million", "bn") was applied.  A named tuple, as cheap to build as a
    tuple: every candidate figure makes one.
    """

    value: float
    first: int
    stop: int
    kind: str
    scaled: bool
    phrase: str = ""


class NumberWordsError(ValueError):
    """``data/number_words.csv`` is malformed."""


@lru_cache(maxsize=1)
def number_words() -> dict[str, tuple[float, str]]:
    """Return ``{word: (value, kind)}`` from ``data/number_words.csv``.

    Raises
    ------
    NumberWordsError
        When a row has an unknown kind or a value that is not a number.
    """
    path = PACKAGE_DATA_DIR / "number_words.csv"
    table: dict[str, tuple[float, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            kind = (row.get("kind") or "").strip()
            if kind not in NUMBER_WORD_KINDS:
                raise NumberWordsError(
                    f"{path.name} line {line}: kind {kind!r}; use one of {NUMBER_WORD_KINDS}"
                )
            try:
                value = float(row["value"])
            except (TypeError, ValueError):
                raise NumberWordsError(
                    f"{path.name} line {line}: value {row.get('value')!r} is not a number"
                ) from None
            table[row["word"].strip().lower()] = (value, kind)
    return table


@lru_cache(maxsize=1)
def trigger_words() -> frozenset[str]:
    """Words that can start or carry a spelled-out quantity (a quick pre-filter)."""
    words = {w for w, (_, kind) in number_words().items() if kind != "suffix"}
    return frozenset(words | {"century", "centuries", "decade", "decades"})


def tokenize(text: str) -> list[Token]:
    """Cut ``text`` into :class:`Token` objects with character spans.

    Examples
    --------
    >>> [(t.text, t.start, t.end) for t in tokenize("Up 2.5% to\u00a0$1,500 bn")]
    [('Up', 0, 2), ('2.5', 3, 6), ('%', 6, 7), ('to', 8, 10), ('$', 11, 12), ('1,500', 12, 17), ('bn', 18, 20)]
    """
    return tokens_and_lowers(text)[0]


def tokens_and_lowers(text: str) -> tuple[list[Token], list[str]]:
    """:func:`tokenize`, with the lower-cased texts of the tokens as a list.

    The list is built on the way, so a caller that looks tokens up by their
    words (with ``map`` and sets, in C) gets it without a pass over the tokens.

    Examples
    --------
    >>> tokens, lowers = tokens_and_lowers("Up 2.5%")
    >>> lowers
    ['up', '2.5', '%']
    """
    chunks = (_GAP_AND_ASCII_TOKEN if text.isascii() else _GAP_AND_TOKEN).findall(text)
    words = list(map(str.lstrip, chunks))
    lowers = list(map(str.lower, words))
    ends = list(accumulate(map(len, chunks)))
    starts = map(sub, ends, map(len, words))
    return list(map(tuple.__new__, repeat(Token), zip(words, lowers, starts, ends))), lowers


def leading_sign(tokens: list[Token], index: int) -> int:
    """-1 when a minus sign stands right before ``tokens[index]``, else 1.

    The sign (``-`` or ``\u2212``) must touch the token and stand at the start
    of the text, after white space or right after an opening bracket, and
    must not follow a number ("10 -20" is a range).  So "-2.5%", "(-3 bn)"
    and "was \u22121.2%" are negative, while "10-20", "Soyuz-5" and "2017-2019"
    are not.

    Examples
    --------
    >>> tokens = tokenize("growth was -2.5% (-3) in 10-20 cases")
    >>> [leading_sign(tokens, i) for i, t in enumerate(tokens) if t.is_digit]
    [-1, -1, 1, 1]
    """
    if index < 1 or index >= len(tokens):
        return 1
    sign, token = tokens[index - 1], tokens[index]
    if sign.text not in MINUS_SIGNS or sign.end != token.start:
        return 1
    if index == 1:
        return -1
    before = tokens[index - 2]
    if before.end == sign.start:
        return -1 if before.text in _OPENING_BRACKETS else 1
    return 1 if "0" <= before.text[:1] <= "9" else -1  # ``before.is_digit``, without a property call


def parse_digits(text: str) -> float | None:
    """Read a number written in digits; None when the separators make no sense.

    Commas group thousands ("1,500,000"); a single comma followed by other than
    three digits is a decimal comma ("19,5"); a dot is a decimal point unless it
    groups thousands more than once ("1.500.000").

    Examples
    --------
    >>> parse_digits("1,500,000"), parse_digits("24.2"), parse_digits("19,5")
    (1500000.0, 24.2, 19.5)
    >>> parse_digits("1.5.2023") is None
    True
    """
    if text.isdigit() and text.isascii():
        return float(text)  # the common case, as the general path below would read it
    text = text.translate(_THIN_SPACES)
    if not text or not "0" <= text[0] <= "9" or not text.replace(",", "").replace(".", "").isascii():
        return None
    has_comma, has_dot = "," in text, "." in text
    if has_comma and has_dot:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        group = "," if decimal == "." else "."
        whole, _, fraction = text.rpartition(decimal)
        parts = whole.split(group)
        if group in fraction or not _grouped(parts):
            return None
        return float("".join(parts) + "." + fraction)
    for separator in (",", "."):
        if separator in text:
            parts = text.split(separator)
            if len(parts) > 2 or (separator == "," and len(parts[1]) == 3):
                return float("".join(parts)) if _grouped(parts) else None
            return float(parts[0] + "." + parts[1])
    return float(text)


def _grouped(parts: list[str]) -> bool:
    """True when ``parts`` are digit groups of a thousands-separated number."""
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def parse_number(tokens: list[Token], index: int) -> ParsedNumber | None:
    """Read the number that starts at ``tokens[index]``, or return None.

    Handles digits with a scale word or suffix ("24.2 billion", "5bn"), words
    ("twenty", "twenty-five thousand", "a million", "half a million"), vague
    multiples ("tens of thousands", "thousands and thousands") and fractions
    followed by "of" ("half of", "two thirds of").
    """
    if index >= len(tokens):
        return None
    first = tokens[index].text[:1]
    if "0" <= first <= "9":  # ``Token.is_digit`` and ``is_word`` written out: no property calls
        return _parse_digit_number(tokens, index)
    if first.isalpha():
        return _parse_word_number(tokens, index)
    return None


def _parse_digit_number(tokens: list[Token], index: int) -> ParsedNumber | None:
    token = tokens[index]
    value = parse_digits(token.text)
    if value is None:
        return None
    stop = index + 1
    if stop < len(tokens):
        nxt = tokens[stop]
        entry = number_words().get(nxt.lower)
        if entry is not None and (entry[1] == "scale" or (entry[1] == "suffix" and nxt.start == token.end)):
            return ParsedNumber(value * entry[0], index, stop + 1, "digits", True)
    return ParsedNumber(value, index, stop, "digits", False)


def _word(tokens: list[Token], index: int) -> str:
    return tokens[index].lower if 0 <= index < len(tokens) else ""


def _parse_word_number(tokens: list[Token], index: int) -> ParsedNumber | None:
    words = number_words()
    first = _word(tokens, index)
    entry = words.get(first)
    # Vague multiples: "tens of thousands", "thousands and thousands", "hundreds of".
    if entry and entry[1] == "vague":
        return _parse_vague(tokens, index)
    # Fractions: "half of", "a third of", "two thirds of", "half a million".
    fraction = _parse_fraction(tokens, index)
    if fraction is not None:
        return fraction
    if first in ("a", "an"):
        nxt = words.get(_word(tokens, index + 1))
        if not nxt or nxt[1] not in ("hundred", "scale", "dozen"):
            return None
    elif not entry or entry[1] not in ("unit", "tens"):
        return None
    total, current, seen, scaled = 0.0, 0.0, False, False
    position = index
    while position < len(tokens):
        word = _word(tokens, position)
        if word in ("a", "an") and position == index:
            current, position = 1.0, position + 1
            continue
        if seen and word in ("-", "and"):
            follower = words.get(_word(tokens, position + 1))
            previous = words.get(_word(tokens, position - 1), (0.0, ""))[1]
            joins = follower is not None and follower[1] in ("unit", "tens") and (
                (word == "-" and previous == "tens")
                or (word == "and" and previous in ("hundred", "scale"))
            )
            if joins:
                position += 1
                continue
            break
        entry = words.get(word)
        if entry is None:
            break
        value, kind = entry
        if kind in ("unit", "tens"):
            current += value
        elif kind in ("hundred", "dozen"):
            current = (current or 1.0) * value
        elif kind == "scale":
            total += (current or 1.0) * value
            current, scaled = 0.0, True
        else:
            break
        seen = True
        position += 1
    if not seen:
        return None
    return ParsedNumber(total + current, index, position, "words", scaled)


def _parse_vague(tokens: list[Token], index: int) -> ParsedNumber | None:
    words = number_words()
    value = words[_word(tokens, index)][0]
    position = index + 1
    link = _word(tokens, position)
    follower = words.get(_word(tokens, position + 1))
    if link in ("of", "and") and follower and follower[1] == "vague":
        # "tens of thousands" multiplies; "thousands and thousands" repeats.
        value = value * follower[0] if link == "of" else max(value, follower[0])
        position += 2
    if _word(tokens, position) != "of":
        return None
    phrase = " ".join(t.lower for t in tokens[index:position])
    return ParsedNumber(value, index, position, "vague", True, phrase)


def _parse_fraction(tokens: list[Token], index: int) -> ParsedNumber | None:
    words = number_words()
    first = _word(tokens, index)
    numerator, position = 1.0, index
    if first in ("a", "an", "one"):
        position += 1
    elif words.get(first, (0, ""))[1] == "unit" and first != "zero":
        numerator, position = words[first][0], index + 1
    word = _word(tokens, position)
    entry = words.get(word)
    if not entry or entry[1] != "fraction":
        return None
    if position == index and word != "half":
        return None  # "third" alone is an ordinal ("the world's third economy")
    share = numerator * entry[0]
    after = _word(tokens, position + 1)
    if after == "of":
        return ParsedNumber(share, index, position + 1, "fraction", False)
    if after in ("a", "an"):
        scale = words.get(_word(tokens, position + 2))
        if scale and scale[1] in ("scale", "dozen", "hundred"):
            return ParsedNumber(share / 100 * scale[0], index, position + 3, "words", True)
    return None
