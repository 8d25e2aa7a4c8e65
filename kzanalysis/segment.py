"""Split cleaned text into paragraphs and sentences, offline and fast.

The splitter is a compiled regular expression plus an abbreviation list
(``data/abbreviations.txt``).  It needs no NLTK data and no model.

Rules
-----
* Every non-empty line is a paragraph (news files put one paragraph on a
  line); a headline without a full stop is therefore its own sentence.
* A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or
  brackets) when white space follows and the next character opens a sentence:
  an upper-case letter, a digit, or an opening quote or bracket.
* No split after a known abbreviation ("St. Petersburg", "U.S. officials"),
  after a single initial ("J. Smith"), or before a dash or a lower-case word
  ("Russia and China. – Ed .", "the Russian website ... wrote").
"""

from __future__ import annotations

import operator
import re
from functools import lru_cache
from typing import Any, SupportsIndex

import numpy as np
import pandas as pd

from .config import PACKAGE_DATA_DIR

_SENTENCE_END = r"""
        ["'”’»)\]]*       # closing quotes or brackets stay with the sentence
        (?=\s+["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])   # white space, then a sentence opener
"""
# Terminal punctuation is written [.!?][.!?]* rather than [.!?]+ (the same
# matches): a pattern that opens with a character class lets the search skip
# ahead to the next candidate instead of trying every position.
_BOUNDARY = re.compile(r"[.!?][.!?]*" + _SENTENCE_END, re.VERBOSE)
# In text without "!" and "?" it matches exactly what _BOUNDARY matches,
# and a single opening character is found faster still.
_FULL_STOP_BOUNDARY = re.compile(r"\.[.!?]*" + _SENTENCE_END, re.VERBOSE)
_OPENERS = "\"'“‘«([–-"
_HEADING_MAX_WORDS = 15
# a line without its surrounding white space: from its first non-space character
# to its last (\s is what str.isspace accepts, so this is what str.strip leaves)
_PARAGRAPH = re.compile(r"\S(?:[^\n]*\S)?")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Return the abbreviations (lower case, without the final full stop)."""
    path = PACKAGE_DATA_DIR / "abbreviations.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def _abbreviation_endings() -> frozenset[str]:
    """The last two characters of every abbreviation longer than one character."""
    return frozenset(abbreviation[-2:] for abbreviation in abbreviations() if len(abbreviation) > 1)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial.

    The token is the run of non-space characters before the full stop, read
    back to the previous white space, so the check costs the token's length,
    not the paragraph's: ``rfind`` jumps back to the last plain space, and
    ``rsplit`` cuts at any other white space after it (a line break, a tab,
    an exotic space: every character ``str.isspace`` accepts).
    """
    if text[dot] != "." or dot == 0 or text[dot - 1].isspace():
        return False
    if dot >= 2:
        ending = text[dot - 2 : dot]
        if (
            ending.isascii()
            and not ending[0].isspace()
            and ending[0] not in _OPENERS
            and ending.lower() not in _abbreviation_endings()
        ):
            # A quick no for most full stops: the token keeps these two
            # characters after its opening quotes are stripped, so it is no
            # single letter, and lower-cased (ASCII needs no context) they
            # would end the abbreviation.
            return False
    token = text[text.rfind(" ", 0, dot) + 1 : dot].rsplit(None, 1)[-1].lstrip(_OPENERS).lower()
    if not token:
        return False
    if len(token) == 1 and token.isalpha():
        return True
    return token in abbreviations()


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` without surrounding white space; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _boundary_pattern(text: str, start: int, end: int) -> re.Pattern[str]:
    """_BOUNDARY, or the faster _FULL_STOP_BOUNDARY when ``text[start:end]`` has no ! or ?."""
    if text.find("!", start, end) < 0 and text.find("?", start, end) < 0:
        return _FULL_STOP_BOUNDARY
    return _BOUNDARY


def sentence_spans(text: str, start: SupportsIndex = 0, end: SupportsIndex | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences in one paragraph.

    Parameters
    ----------
    text
        The text that holds the paragraph.
    start, end
        The paragraph's span inside ``text`` (default: all of it; an ``end``
        beyond the text means its end).  Any integers (a NumPy integer from
        a table row, say).

    Returns
    -------
    list of tuple of int
        Spans into ``text``, stripped of surrounding white space; never empty
        spans.

    Raises
    ------
    ValueError
        A negative ``start`` or ``end``.
    """
    first, last = operator.index(start), (None if end is None else operator.index(end))
    if first < 0 or (last is not None and last < 0):
        raise ValueError(f"sentence_spans needs offsets from 0, got start={start}, end={end}")
    stop = len(text) if last is None else min(last, len(text))
    spans: list[tuple[int, int]] = []
    cursor = first
    for match in _boundary_pattern(text, first, stop).finditer(text, first, stop):
        dot = match.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        # the sentence ends in punctuation, so only its start needs stripping,
        # and that stops at the punctuation at the latest
        while text[cursor].isspace():
            cursor += 1
        spans.append((cursor, match.end()))
        cursor = match.end()
    if (span := _strip_span(text, cursor, stop)) is not None:
        spans.append(span)
    return spans


def split_sentences(text: str) -> list[str]:
    """Split text into sentences (each line is split on its own).

    Examples
    --------
    >>> split_sentences("He visited St. Petersburg. Then he left.")
    ['He visited St. Petersburg.', 'Then he left.']
    """
    return [text[s:e] for s, e in iter_sentence_spans(text)]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of the non-empty lines (paragraphs), stripped."""
    return [match.span() for match in _PARAGRAPH.finditer(text)]


def iter_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return sentence spans over a whole text, paragraph by paragraph."""
    _, starts, ends = _text_sentences(text, paragraph_spans(text))
    return list(zip(starts, ends))


def _text_sentences(
    text: str, paragraphs: list[tuple[int, int]]
) -> tuple[list[int], list[int], list[int]]:
    """Paragraph index, start and end of each sentence: :func:`sentence_spans` of every paragraph.

    One search over the whole text instead of one per paragraph.  It finds
    the same boundaries: a boundary holds no white space, so it lies inside
    one paragraph, and its look-ahead reads only white space and the next
    character, which stay inside the paragraph unless the boundary ends the
    paragraph; such boundaries (where the paragraph search fails for want of
    text) are skipped.  Three lists rather than a tuple per sentence: fewer
    objects for the garbage collector to visit.
    """
    paragraph_ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    if not paragraphs:
        return paragraph_ids, starts, ends
    # A sentence ends in punctuation and a paragraph in a non-space character,
    # so of each sentence only the start needs stripping (as in sentence_spans).
    def add(paragraph: int, start: int, end: int) -> None:
        while text[start].isspace():
            start += 1
        paragraph_ids.append(paragraph)
        starts.append(start)
        ends.append(end)

    p_id = 0
    cursor, p_end = paragraphs[0]
    for match in _boundary_pattern(text, 0, len(text)).finditer(text):
        dot, stop = match.span()
        while dot >= p_end:  # the boundary lies in a later paragraph: the rest of this one is a sentence
            add(p_id, cursor, p_end)
            p_id += 1
            cursor, p_end = paragraphs[p_id]
        if stop == p_end or (text[dot] == "." and _is_abbreviation(text, dot)):
            continue
        add(p_id, cursor, stop)
        cursor = stop
    while True:  # the rest of the last paragraphs
        add(p_id, cursor, p_end)
        p_id += 1
        if p_id == len(paragraphs):
            return paragraph_ids, starts, ends
        cursor, p_end = paragraphs[p_id]


SENTENCE_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "sentence", "start", "end", "is_heading",
]


def _is_heading(paragraph: str) -> bool:
    """A short line without closing punctuation, or one in capitals."""
    # split at most _HEADING_MAX_WORDS times: enough to tell "at most that many words"
    n_words = len(paragraph.split(None, _HEADING_MAX_WORDS))
    return (n_words <= _HEADING_MAX_WORDS and not paragraph.rstrip().endswith((".", '"', "'", ")"))) or (
        paragraph.isupper() and n_words > 1
    )


def paragraphs(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph of each article's cleaned body.

    Returns
    -------
    DataFrame
        ``doc_id``, ``paragraph_id`` (0-based within the article),
        ``paragraph``, ``start``, ``end`` (offsets into ``body``) and
        ``is_heading`` (a short line without closing punctuation, or capitals).
    """
    rows = []
    for doc_id, body in zip(corpus["doc_id"], corpus["body"]):
        for p_id, (start, end) in enumerate(paragraph_spans(body)):
            text = body[start:end]
            rows.append((doc_id, p_id, text, start, end, _is_heading(text)))
    return pd.DataFrame(
        rows, columns=["doc_id", "paragraph_id", "paragraph", "start", "end", "is_heading"]
    )


def sentences(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of each article's cleaned body (headline excluded).

    Parameters
    ----------
    corpus
        A cleaned corpus table (``doc_id`` and ``body``), as returned by
        :func:`kzanalysis.load_corpus`.

    Returns
    -------
    DataFrame
        ``doc_id``; ``paragraph_id`` and ``sentence_id`` (0-based within the
        article); ``sentence``; ``start`` and ``end`` (offsets into ``body``);
        ``is_heading`` (the sentence is a whole heading-like paragraph).
    """
    return sentence_frame(sentence_columns(corpus["doc_id"].tolist(), corpus["body"].tolist()))


def sentence_columns(doc_ids: list[Any], bodies: list[str]) -> dict[str, list[Any]]:
    """The columns of :func:`sentences` for these articles, as plain lists.

    For a caller that reads the columns itself (the pipeline passes them to
    the later stages): a list of text costs nothing to read, while a column
    of the table is converted again at every ``tolist()``.
    """
    out_doc_ids: list[Any] = []
    paragraph_ids: list[int] = []
    sentence_ids: list[int] = []
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    headings: list[bool] = []
    for doc_id, body in zip(doc_ids, bodies):
        paragraphs = paragraph_spans(body)
        p_ids, p_starts, p_ends = _text_sentences(body, paragraphs)
        heading = [_is_heading(body[start:end]) for start, end in paragraphs]
        out_doc_ids += [doc_id] * len(p_ids)
        paragraph_ids += p_ids
        sentence_ids += range(len(p_ids))
        texts += [body[start:end] for start, end in zip(p_starts, p_ends)]
        starts += p_starts
        ends += p_ends
        headings += [heading[p_id] for p_id in p_ids]
    return {
        "doc_id": out_doc_ids, "paragraph_id": paragraph_ids, "sentence_id": sentence_ids, "sentence": texts,
        "start": starts, "end": ends, "is_heading": headings,
    }


def sentence_frame(columns: dict[str, list[Any]]) -> pd.DataFrame:
    """The table of :func:`sentences` from its :func:`sentence_columns`."""
    if not columns["sentence"]:  # typed empty columns would differ from the table this has always returned
        return pd.DataFrame([], columns=SENTENCE_COLUMNS)
    # pandas infers doc_id and sentence from their values; the counters and offsets
    # (Python ints) and the flags (Python bools), from which it would infer int64
    # and bool, are handed over as such arrays.
    return pd.DataFrame(
        {
            "doc_id": columns["doc_id"],
            "paragraph_id": np.array(columns["paragraph_id"], dtype=np.int64),
            "sentence_id": np.array(columns["sentence_id"], dtype=np.int64),
            "sentence": columns["sentence"],
            "start": np.array(columns["start"], dtype=np.int64),
            "end": np.array(columns["end"], dtype=np.int64),
            "is_heading": np.array(columns["is_heading"], dtype=bool),
        },
        columns=SENTENCE_COLUMNS,
    )
