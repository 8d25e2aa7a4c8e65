"""Literals that every match of a regular expression contains: an exact pre-check.

A pattern cannot match a text that lacks a string every match of it contains,
so a slow search can be skipped, with the same result, after a quick substring
test.  The strings are read from the pattern as Python's own ``re`` parser
parses it, so a pattern edited in a data file gets its own.

* :func:`required_literals` gives them as clauses: every match contains at
  least one literal of every clause.
* :class:`LiteralCheck` looks for them in a text, or in a :class:`Haystack`
  that several checks share: a text whose lower-cased form (:func:`caseless`)
  is made once for all of them.
* :func:`shared_literals` pools the checks of several case-sensitive
  patterns, so that one look-up can rule them all out at once.
* :func:`opens_with_optional_repeat` tells the patterns that are slow to reject
  a text (those that are tried far into it), for callers that pre-check only
  those.

Reading the parse tree only ever leaves literals out, never adds a wrong one:
when the private parser is missing or fails, a pattern has no literals and
every search is run.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import Any

_sre: Any
_sre_parser: Any
_REPEATS: tuple[Any, ...]
try:  # the parser behind re.compile: private, so a Python that changed it gets no literals
    _sre = importlib.import_module("re._constants")
    _sre_parser = importlib.import_module("re._parser")
    _REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)
except (ImportError, AttributeError):
    _sre = _sre_parser = None
    _REPEATS = ()

FOLDS_ONTO_ASCII = "\u0130\u0131\u017f\u212a"
"""The non-ASCII characters that case-insensitive matching equates with an ASCII letter.

Dotted capital I and dotless i match "i", long s matches "s", the Kelvin sign
matches "k" (found by trying every character against every ASCII character).
"""


def required_literals(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """The clauses of literals that every match of ``pattern`` contains.

    Parameters
    ----------
    pattern
        A compiled ``str`` pattern.

    Returns
    -------
    tuple of tuple of str
        Every match contains at least one literal of every clause; the most
        selective clause (longest shortest literal, then fewest literals) comes
        first.  Under IGNORECASE an ASCII literal is lower-cased and any other
        literal is as written (it must be searched with the pattern's flags).
        Empty when no literal is certain.

    Notes
    -----
    A run of literal characters is in every match that passes through it; a
    plain group, an atomic group or a repeat taken at least once passes on
    the clauses of its content; an alternation gives one clause when every
    alternative has one (the most selective clause of each).  Everything else
    (classes, ``.``, anchors, look-arounds, optional parts, back-references,
    groups that change flags) adds nothing, which weakens the check but never
    breaks it.

    Examples
    --------
    >>> required_literals(re.compile(r"\\bExports (?:to|from)\\b", re.IGNORECASE))
    (('exports ',), ('from', 'to'))
    """
    items = _parse(pattern)
    if not items:
        return ()
    clauses = dict.fromkeys(_sequence_clauses(items, bool(pattern.flags & re.IGNORECASE)))  # each once
    return tuple(sorted(clauses, key=_selectivity, reverse=True))


def opens_with_optional_repeat(pattern: re.Pattern[str]) -> bool:
    """Whether the first thing ``pattern`` consumes is a repeat that may be empty (``.*``, ``\\s*``).

    Such a pattern is tried far into a text at every position, so it is slow
    to reject one; a pattern that opens with a literal or a class fails at
    once almost everywhere.  False when the pattern cannot be parsed.
    """
    items = _parse(pattern)
    while items:
        op, argument = items[0]
        if op is _sre.AT:
            items = items[1:]
        elif op is _sre.SUBPATTERN:
            items = list(argument[3])
        elif op is _sre.ATOMIC_GROUP:
            items = list(argument)
        else:
            return op in _REPEATS and argument[0] == 0
    return False


def caseless(text: str) -> str | None:
    """``text.lower()``, in which every case-insensitive match of an ASCII literal shows.

    A case-insensitive match of an ASCII literal is made of ASCII characters
    unless the text holds one of :data:`FOLDS_ONTO_ASCII`; so for a text
    without them, the lower-cased literal occurs in the lower-cased text
    exactly when the literal matches the text.  None for a text with them.
    """
    return None if holds_ascii_folds(text) else text.lower()


def holds_ascii_folds(text: str) -> bool:
    """Whether ``text`` holds one of :data:`FOLDS_ONTO_ASCII` (never so for an ASCII text)."""
    return not text.isascii() and any(char in text for char in FOLDS_ONTO_ASCII)


class Haystack:
    """A text that several checks look in, with its :func:`caseless` form made once for all of them.

    Parameters
    ----------
    text
        The text the patterns would be searched in.
    """

    __slots__ = ("text", "caseless")

    def __init__(self, text: str) -> None:
        self.text = text
        self.caseless = caseless(text)


@dataclass(frozen=True)
class LiteralCheck:
    """The literals every match of a pattern contains, to rule texts out before searching them.

    Build one with :meth:`of`; the default (no clauses) rules nothing out.

    Attributes
    ----------
    clauses
        :func:`required_literals` of the pattern.
    flags
        The pattern's flags (a case-insensitive literal is looked for as the
        pattern would match it).
    """

    clauses: tuple[tuple[str, ...], ...] = ()
    flags: int = 0
    _in_caseless: bool = field(init=False, repr=False, compare=False)
    _searches: tuple[tuple[re.Pattern[str], ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Case-insensitive ASCII literals are looked for in the caseless text.  Where
        # there is none, or for a case-insensitive non-ASCII literal, each literal is
        # searched for with the pattern's own flags.
        ignore_case = bool(self.flags & re.IGNORECASE) and bool(self.clauses)
        in_caseless = ignore_case and all(lit.isascii() for clause in self.clauses for lit in clause)
        searches = tuple(tuple(re.compile(re.escape(lit), self.flags) for lit in clause) for clause in self.clauses)
        object.__setattr__(self, "_in_caseless", in_caseless)
        object.__setattr__(self, "_searches", searches if ignore_case else ())

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> LiteralCheck:
        """The check of a compiled pattern (see :func:`required_literals`)."""
        return cls(required_literals(pattern), pattern.flags)

    def rules_out(self, text: str | Haystack) -> bool:
        """True when some clause has no literal in the text: the pattern cannot match it.

        Parameters
        ----------
        text
            The text, or a :class:`Haystack` that several checks share (its
            lower-cased form is then made only once).
        """
        if self._in_caseless:
            lowered = text.caseless if isinstance(text, Haystack) else caseless(text)
            if lowered is None:
                return self._searched_out(text)
            text = lowered
        elif self._searches:
            return self._searched_out(text)
        elif isinstance(text, Haystack):
            text = text.text
        for clause in self.clauses:
            for literal in clause:
                if literal in text:
                    break
            else:
                return True
        return False

    def _searched_out(self, text: str | Haystack) -> bool:
        """:meth:`rules_out` by searching for every literal with the pattern's flags."""
        if isinstance(text, Haystack):
            text = text.text
        return not all(any(search.search(text) for search in clause) for clause in self._searches)


def shared_literals(checks: tuple[LiteralCheck, ...]) -> tuple[str, ...] | None:
    """Literals such that a text holding none of them is ruled out by every one of ``checks``.

    Parameters
    ----------
    checks
        Checks of case-sensitive patterns.

    Returns
    -------
    tuple of str or None
        The literals of the first (most selective) clause of each check, less
        every literal that holds another one, sorted.  None when there are no
        checks, when a check has no clause (it rules nothing out) or when a
        check ignores case (its literals are not looked for in the text as
        given).

    Notes
    -----
    A text holding none of these holds no literal of any first clause (a text
    holding a dropped literal holds the literal inside it), so every check
    rules it out.  A text holding one may still be ruled out by some checks:
    ask each of them then.

    Examples
    --------
    >>> shared_literals((LiteralCheck((("death", "killed"), ("toll",))), LiteralCheck((("kill",),))))
    ('death', 'kill')
    """
    if not checks or any(not check.clauses or check.flags & re.IGNORECASE for check in checks):
        return None
    pooled = {literal for check in checks for literal in check.clauses[0]}
    return _shortest_form(pooled)


def _parse(pattern: re.Pattern[str]) -> list | None:
    """The items of ``pattern`` as the ``re`` module parses it (None when that is not possible)."""
    if _sre_parser is None:
        return None
    try:
        return list(_sre_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a parser that changed shape, or a pattern only re.compile accepts
        return None


def _sequence_clauses(items, ignore_case: bool) -> list[tuple[str, ...]]:
    """The clauses of a parsed sequence (see :func:`required_literals`)."""
    clauses: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, argument in items:
        if op is _sre.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            clauses.append((_as_looked_for("".join(run), ignore_case),))
            run = []
        if op is _sre.SUBPATTERN:  # (group, add_flags, del_flags, items)
            if not argument[1] and not argument[2]:
                clauses += _sequence_clauses(argument[3], ignore_case)
        elif op is _sre.ATOMIC_GROUP:  # items
            clauses += _sequence_clauses(argument, ignore_case)
        elif op in _REPEATS:  # (min, max, items)
            if argument[0] >= 1:
                clauses += _sequence_clauses(argument[2], ignore_case)
        elif op is _sre.BRANCH:  # (None, [items of each alternative])
            options = [_sequence_clauses(alternative, ignore_case) for alternative in argument[1]]
            if all(options):
                clauses.append(_shortest_form({lit for option in options for lit in max(option, key=_selectivity)}))
    if run:
        clauses.append((_as_looked_for("".join(run), ignore_case),))
    return clauses


def _as_looked_for(literal: str, ignore_case: bool) -> str:
    """A case-insensitive ASCII literal is looked for lower-cased (see :func:`caseless`)."""
    return literal.lower() if ignore_case and literal.isascii() else literal


def _shortest_form(literals: set[str]) -> tuple[str, ...]:
    """Drop a literal that contains another one: wherever it occurs, so does the other."""
    return tuple(sorted(lit for lit in literals if not any(other != lit and other in lit for other in literals)))


def _selectivity(clause: tuple[str, ...]) -> tuple[int, int]:
    """Longer literals are rarer, and so is a clause of fewer: a clause is as rare as its shortest literal."""
    return min(map(len, clause)), -len(clause)
