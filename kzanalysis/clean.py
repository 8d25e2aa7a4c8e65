"""Normalise text and remove boilerplate, recording everything removed.

Cleaning is composed of small pure steps:

1. :func:`normalise_text` folds Unicode quotes, dashes and spaces to one form.
2. :func:`remove_boilerplate` drops lines and fragments matched by the rules in
   ``data/boilerplate.toml`` and returns what it removed, rule by rule.
3. :func:`split_headline` keeps the headline apart from the body.

:func:`clean_text` runs all three; :func:`clean_corpus` applies it to a corpus
table.  Every step is idempotent: cleaning clean text changes nothing.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .config import PACKAGE_DATA_DIR
from .literals import Haystack, LiteralCheck, opens_with_optional_repeat

_SINGLE_QUOTES = dict.fromkeys(map(ord, "‘’‚‛′ʼ"), "'")
_DOUBLE_QUOTES = dict.fromkeys(map(ord, "“”„‟«»″"), '"')
_HYPHENS = dict.fromkeys(map(ord, "‐‑−"), "-")
_DASHES = dict.fromkeys(map(ord, "‒—―"), "–")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_LINE_BREAKS = dict.fromkeys(map(ord, "\u2028\u2029\u0085\x0b\x0c"), "\n")
_TRANSLATION = {**_SINGLE_QUOTES, **_DOUBLE_QUOTES, **_HYPHENS, **_DASHES, **_SPACES, **_INVISIBLE, **_LINE_BREAKS, ord("…"): "..."}
_REPLACEMENT = {chr(code): replacement or "" for code, replacement in _TRANSLATION.items()}
_TRANSLATABLE = re.compile("[" + "".join(map(re.escape, _REPLACEMENT)) + "]")
_ASCII_TRANSLATABLE = [char for char in _REPLACEMENT if char.isascii()]
_MULTI_SPACE = re.compile(r" {2,}")
_MULTI_BLANK = re.compile(r"\n{3,}")
_HEADLINE_MAX_WORDS = 25


@dataclass(frozen=True)
class BoilerplateRule:
    """One boilerplate rule from ``data/boilerplate.toml``."""

    name: str
    scope: str
    pattern: re.Pattern[str]
    description: str = ""
    window: int = 0
    after: str = ""
    unseen_name: bool = False


@dataclass
class CleanText:
    """The result of cleaning one text.

    Attributes
    ----------
    headline
        The headline (empty when none was found or given).
    body
        The cleaned body without the headline.
    removed
        One dict per removal: ``rule``, ``text`` and ``line`` (0-based line
        number in the normalised text).
    """

    headline: str
    body: str
    removed: list[dict] = field(default_factory=list)


@lru_cache(maxsize=None)
def boilerplate_rules(path: str | Path | None = None) -> tuple[BoilerplateRule, ...]:
    """Load and compile the boilerplate rules.

    Parameters
    ----------
    path
        A TOML file of rules; default: the package's ``data/boilerplate.toml``.

    Raises
    ------
    ValueError
        When a rule has an unknown scope or a pattern that does not compile,
        naming the rule.
    """
    source = PACKAGE_DATA_DIR / "boilerplate.toml" if path is None else path
    with open(source, "rb") as handle:
        spec = tomllib.load(handle)
    rules = []
    for entry in spec.get("rule", []):
        name = entry.get("name", "<unnamed>")
        scope = entry.get("scope", "line")
        if scope not in {"line", "inline", "footer", "header", "caption"}:
            raise ValueError(f"boilerplate rule {name!r}: unknown scope {scope!r}")
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        try:
            pattern = re.compile(entry["pattern"], flags)
        except (KeyError, re.error) as exc:
            raise ValueError(f"boilerplate rule {name!r}: bad or missing pattern ({exc})") from exc
        rules.append(
            BoilerplateRule(
                name=name,
                scope=scope,
                pattern=pattern,
                description=entry.get("description", ""),
                window=int(entry.get("window", 0)),
                after=entry.get("after", ""),
                unseen_name=bool(entry.get("unseen_name", False)),
            )
        )
    return tuple(rules)


# ------------------------------------------------------------------ prefilter
# Most articles contain no boilerplate, and a few rules (those opening with
# ".*" or "\s*") are slow to reject a line.  Such a rule is skipped for an
# article whose text lacks a literal that every match of its pattern
# contains: it could not have matched any line, so the result is the same.
# The literals are read from the pattern itself (kzanalysis.literals).

# the rules of each step of a pass, each with its prefilter (see _rule_plan)
_Plan = tuple[tuple[tuple[BoilerplateRule, LiteralCheck | None], ...], ...]


@lru_cache(maxsize=None)
def _prefilter(pattern: re.Pattern[str]) -> LiteralCheck | None:
    """The literal check to pass before trying ``pattern`` on an article (None: always try it).

    Only patterns that open with a repeat that may be empty are worth it:
    they are tried far into every line, while a pattern that opens with a
    literal or a class fails at once on almost every line, faster than the
    text can be searched for its literals.
    """
    if not opens_with_optional_repeat(pattern):
        return None
    check = LiteralCheck.of(pattern)
    return check if check.clauses else None


def normalise_text(text: str) -> str:
    """Fold quotes, dashes and spaces to one form and tidy line ends.

    Curly quotes become straight quotes, every dash becomes an en dash ("–"),
    hyphen look-alikes become "-", exotic spaces become a plain space,
    invisible characters go, runs of spaces shrink to one, lines are stripped
    and runs of blank lines shrink to one blank line.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    # The same as text.translate(_TRANSLATION), which looks up every character:
    # replace only the characters of the table, and skip the search when an
    # ASCII text holds none of the table's few ASCII characters.
    if not text.isascii() or any(char in text for char in _ASCII_TRANSLATABLE):
        text = _TRANSLATABLE.sub(_replace, text)
    if "  " in text:  # a run of spaces never spans a line break: one pass equals one per line
        text = _MULTI_SPACE.sub(" ", text)
    text = "\n".join([line.strip() for line in text.split("\n")])
    return _collapse_blank_lines(text).strip("\n")


def _replace(match: re.Match[str]) -> str:
    """What ``_TRANSLATION`` makes of the matched character."""
    return _REPLACEMENT[match.group()]


def _collapse_blank_lines(text: str) -> str:
    """Shrink runs of blank lines to one (the pattern only runs where three line breaks meet)."""
    return _MULTI_BLANK.sub("\n\n", text) if "\n\n\n" in text else text


def _name_is_unseen(match: re.Match[str], lines: list[str], index: int, rule: BoilerplateRule) -> bool:
    """For ``unseen_name`` rules: the line's ``name`` group appears on no other line.

    An author biography names someone the article is not about; a closing
    line about a person the article discusses ("Tokayev is the president of
    ...") is news, not a footer.
    """
    if not rule.unseen_name:
        return True
    words = [w for w in match.group("name").split() if len(w) > 2]
    others = "\n".join(line for i, line in enumerate(lines) if i != index)
    return not any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", others) for w in words)


def remove_boilerplate(
    text: str, rules: tuple[BoilerplateRule, ...] | None = None
) -> tuple[str, list[dict]]:
    """Remove boilerplate lines and fragments from normalised text.

    The rules are applied until nothing more matches (a fixed point), so that
    removing one footer line brings the next one into its rule's window and
    removing an inline fragment can expose a whole boilerplate line; this is
    what makes cleaning idempotent.  Line numbers always refer to the input.
    Footers and captions are never taken from the first content line (the
    headline), however short the text.

    Returns
    -------
    text : str
        The text without boilerplate (blank-line runs collapsed).
    removed : list of dict
        ``rule``, ``text`` and ``line`` (0-based, in the input) for every
        removal, in line order.
    """
    return _remove_boilerplate(text, _default_plan() if rules is None else _rule_plan(rules, prefilter=True))


@lru_cache(maxsize=1)
def _default_plan() -> _Plan:
    """:func:`_rule_plan` of the package's rules, built once."""
    return _rule_plan(boilerplate_rules(), prefilter=True)


def _rule_plan(rules: tuple[BoilerplateRule, ...], prefilter: bool) -> _Plan:
    """The rules of each step of a pass, in file order, each with its prefilter.

    A pass applies the line, footer and header rules, then the caption
    rules, then the inline rules; the prefilter is None when ``prefilter``
    is False or the rule has none.
    """
    steps = ({"line", "footer", "header"}, {"caption"}, {"inline"})
    return tuple(
        tuple((rule, _prefilter(rule.pattern) if prefilter else None) for rule in rules if rule.scope in scopes)
        for scopes in steps
    )


def _remove_boilerplate(text: str, plan: _Plan) -> tuple[str, list[dict]]:
    """:func:`remove_boilerplate` by a :func:`_rule_plan`.

    A rule with a prefilter is skipped on a pass when the text lacks a
    literal that every match of its pattern contains (see
    :func:`_prefilter`): the rule could not have matched any line, so
    skipping it changes nothing.  The text is looked at again after every
    inline removal, the only step that rewrites a line (dropping lines only
    takes text away).  A plan built with ``prefilter=False`` tries every rule
    on every pass.
    """
    line_rules, caption_rules, inline_rules = plan
    lines = text.split("\n")
    removed: list[dict] = []
    dropped: dict[int, str] = {}
    live: list[list[int]] = []  # the cached alive() list, emptied when a line is dropped or rewritten
    haystack: list[Haystack] = []  # likewise for the current text

    def alive() -> list[int]:
        if not live:
            live.append([i for i, line in enumerate(lines) if line.strip() and i not in dropped])
        return live[0]

    def may_match(check: LiteralCheck | None) -> bool:
        if check is None:
            return True
        if not haystack:
            haystack.append(Haystack("\n".join(lines)))
        return not check.rules_out(haystack[0])

    def drop(i: int, rule: BoilerplateRule) -> None:
        dropped[i] = rule.name
        removed.append({"rule": rule.name, "text": lines[i], "line": i})
        live.clear()

    while True:
        before = len(removed)
        for rule, check in line_rules:
            if not may_match(check):
                continue
            if rule.scope == "line":
                fullmatch = rule.pattern.fullmatch
                for i in [i for i in alive() if fullmatch(lines[i])]:
                    drop(i, rule)
            elif rule.scope == "footer":
                # one line at a time from the end, so a stack of footer lines goes together
                while True:
                    candidates = alive()[1:]  # the first content line is the headline, never a footer
                    window = candidates[-rule.window:] if rule.window else candidates
                    hit = next(
                        (i for i in reversed(window)
                         if (m := rule.pattern.fullmatch(lines[i])) and _name_is_unseen(m, lines, i, rule)),
                        None,
                    )
                    if hit is None:
                        break
                    drop(hit, rule)
            else:  # header
                # a label is only a label when something follows it
                for i in (alive()[: rule.window] if rule.window else alive()):
                    if len(alive()) > 1 and rule.pattern.fullmatch(lines[i]):
                        drop(i, rule)
        for rule, _ in caption_rules:
            for i, name in sorted(dropped.items()):
                if name != rule.after:
                    continue
                above = [j for j in alive() if j < i]
                if len(above) < 2:  # the first content line is the headline, never a caption
                    continue
                j = above[-1]
                adjacent = all(not lines[k].strip() for k in range(j + 1, i)) and i - j <= 2
                if adjacent and rule.pattern.fullmatch(lines[j]):
                    drop(j, rule)
        for rule, check in inline_rules:
            if not may_match(check):
                continue
            for i in alive():
                matches = [m.group().strip() for m in rule.pattern.finditer(lines[i])]
                if matches:
                    removed.extend({"rule": rule.name, "text": m, "line": i} for m in matches)
                    lines[i] = rule.pattern.sub("", lines[i]).strip()
                    live.clear()
                    haystack.clear()
        if len(removed) == before:
            break
    removed.sort(key=lambda r: r["line"])
    kept = "\n".join([line for i, line in enumerate(lines) if i not in dropped])
    return _collapse_blank_lines(kept).strip("\n"), removed


def split_headline(text: str, headline: str | None = None) -> tuple[str, str]:
    """Separate the headline from the body.

    Parameters
    ----------
    text
        Normalised text without boilerplate.
    headline
        A known headline (from the manifest or HTML metadata).  When given and
        the text opens with it, that line is taken off the body; when given but
        absent from the text, the body is left whole.  When None, the first
        line is taken as the headline if it is short (at most 25 words), has no
        closing full stop and a body follows it.

    Returns
    -------
    headline, body : str
    """
    first, _, rest = text.partition("\n")
    if headline:
        headline = normalise_text(headline)
        if first.strip() == headline:
            return headline, rest.strip("\n")
        return headline, text
    looks_like_headline = (
        rest.strip()
        and len(first.split()) <= _HEADLINE_MAX_WORDS
        and not first.rstrip().endswith((".", ":", ";", ","))
    )
    if looks_like_headline:
        return first.strip(), rest.strip("\n")
    return "", text


def clean_text(text: str, headline: str | None = None) -> CleanText:
    """Normalise, remove boilerplate and split off the headline.

    Examples
    --------
    >>> result = clean_text("Title\\n\\nBody text.\\n\\nSource link")
    >>> result.headline, result.body, result.removed[0]["rule"]
    ('Title', 'Body text.', 'source_link')
    """
    stripped, removed = remove_boilerplate(normalise_text(text))
    head, body = split_headline(stripped, headline)
    return CleanText(headline=head, body=body, removed=removed)


def boilerplate_share(raw_text: str, removed: list[dict]) -> float:
    """Share of an article's raw characters that cleaning removed as boilerplate.

    Parameters
    ----------
    raw_text
        The article before cleaning.
    removed
        The removals of :func:`clean_text` for that text (dicts with ``text``).

    Returns
    -------
    float
        Removed characters over raw characters, rounded to 4 decimals (0 for
        an empty text).

    Examples
    --------
    >>> raw = "Title\\n\\nBody text.\\n\\nSource link"
    >>> boilerplate_share(raw, clean_text(raw).removed)
    0.3667
    """
    return round(sum(len(item["text"]) for item in removed) / max(len(raw_text), 1), 4)


WIDE_SPACES = "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
"""Every character beyond ASCII that ``str.split()`` splits at (``str.isspace``); a test checks the list."""


@lru_cache(maxsize=1)
def _word_count_tables() -> tuple[np.ndarray, np.ndarray, frozenset[bytes]]:
    """Byte tables of :func:`count_words`: ASCII whitespace, first bytes of :data:`WIDE_SPACES`, their UTF-8 forms."""
    wide = frozenset(char.encode() for char in WIDE_SPACES)
    space = np.array([chr(byte).isspace() if byte < 128 else False for byte in range(256)])
    first = np.zeros(256, dtype=bool)
    first[[form[0] for form in wide]] = True
    return space, first, wide


def count_words(texts: list[str]) -> list[int]:
    """``len(text.split())`` of each text: its runs of non-whitespace characters.

    Counted in one vectorised pass over the texts' UTF-8 bytes, joined by
    spaces: a word starts at a byte that is not whitespace after one that
    is.  A character beyond ASCII is never an ASCII byte, so only the rare
    whitespace characters beyond ASCII (:data:`WIDE_SPACES`) are looked up
    one by one, at the bytes that can start one.

    Examples
    --------
    >>> count_words(["Trade grew 5%.", "", "a\\u00a0b\\n\\nc "])
    [3, 0, 3]
    """
    if not texts:
        return []
    space_table, first_table, wide = _word_count_tables()
    parts = [text.encode("utf-8", "surrogatepass") for text in texts]
    # a space after every text, the last one too, so every text has a byte and its last word ends;
    # joined with an empty last part, not by "+": compiled by mypyc 1.19, a "+" of bytes never
    # freed its left side when that was made on the spot (a test measures what calls leave behind)
    joined = b" ".join(parts + [b""])
    data = np.frombuffer(joined, dtype=np.uint8)
    space = space_table.take(data)
    for position in np.flatnonzero(first_table.take(data)).tolist():
        for width in (2, 3):  # the UTF-8 forms of WIDE_SPACES take two or three bytes
            if joined[position:position + width] in wide:
                space[position:position + width] = True
    # a word starts at a byte that is not white space, after one that is (or at the start)
    after_space = np.concatenate((np.ones(1, dtype=bool), space[:-1]))
    starts = np.logical_and(after_space, np.logical_not(space))
    offsets = np.cumsum([0] + [len(part) + 1 for part in parts[:-1]])
    counts: list[int] = np.add.reduceat(starts, offsets, dtype=np.int64).tolist()
    return counts


def clean_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """Clean every article of a corpus table.

    Parameters
    ----------
    corpus
        A table with ``raw_text`` and optionally ``headline`` (a known
        headline, e.g. from the manifest).

    Returns
    -------
    DataFrame
        A copy with ``headline``, ``body``, ``text`` (headline, blank line,
        body), ``removed`` (list of removals), ``n_removed``,
        ``boilerplate_share`` (removed characters over raw characters),
        ``n_words`` and ``n_paragraphs``.
    """
    out = corpus.copy()
    known = out["headline"] if "headline" in out else pd.Series([None] * len(out), index=out.index)
    results = [
        clean_text(raw, head if isinstance(head, str) and head else None)
        for raw, head in zip(out["raw_text"], known)
    ]
    out["headline"] = [r.headline for r in results]
    out["body"] = [r.body for r in results]
    out["text"] = [f"{r.headline}\n\n{r.body}" if r.headline else r.body for r in results]
    out["removed"] = [r.removed for r in results]
    out["n_removed"] = [len(r.removed) for r in results]
    out["boilerplate_share"] = [boilerplate_share(raw, r.removed) for r, raw in zip(results, out["raw_text"])]
    out["n_words"] = count_words([r.body for r in results])
    out["n_paragraphs"] = [sum(1 for line in r.body.split("\n") if line.strip()) for r in results]
    return out


def removals(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per removal: ``doc_id``, ``rule``, ``line`` and removed ``text``."""
    rows = [
        {"doc_id": doc_id, **item}
        for doc_id, items in zip(corpus["doc_id"], corpus["removed"])
        for item in items
    ]
    return pd.DataFrame(rows, columns=["doc_id", "rule", "line", "text"])
