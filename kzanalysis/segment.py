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

import re
from functools import lru_cache

import pandas as pd

from .config import PACKAGE_DATA_DIR

_BOUNDARY = re.compile(
    r"""[.!?]+            # terminal punctuation
        ["'”’»)\]]*       # closing quotes or brackets stay with the sentence
        (?=\s+["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])   # white space, then a sentence opener
    """,
    re.VERBOSE,
)
_OPENERS = "\"'“‘«([–-"
_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Return the abbreviations (lower case, without the final full stop)."""
    path = PACKAGE_DATA_DIR / "abbreviations.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial.

    The token is read backwards from the full stop to the previous white
    space, so the check costs the token's length, not the paragraph's.
    """
    if text[dot] != ".":
        return False
    begin = dot
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    token = text[begin:dot].lstrip(_OPENERS).lower()
    if not token:
        return False
    if len(token) == 1 and token.isalpha():
        return True
    return token in abbreviations()


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences in one paragraph.

    Parameters
    ----------
    text
        The text that holds the paragraph.
    start, end
        The paragraph's span inside ``text`` (default: all of it).

    Returns
    -------
    list of tuple of int
        Spans into ``text``, stripped of surrounding white space; never empty
        spans.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_abbreviation(text, match.start()):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    stripped = []
    for s, e in spans:
        segment = text[s:e]
        left = len(segment) - len(segment.lstrip())
        right = len(segment.rstrip())
        if right > left:
            stripped.append((s + left, s + right))
    return stripped


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
    spans = []
    for match in _LINE.finditer(text):
        segment = match.group()
        if segment.strip():
            left = len(segment) - len(segment.lstrip())
            spans.append((match.start() + left, match.start() + len(segment.rstrip())))
    return spans


def iter_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return sentence spans over a whole text, paragraph by paragraph."""
    out: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        out.extend(sentence_spans(text, p_start, p_end))
    return out


SENTENCE_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "sentence", "start", "end", "is_heading",
]


def _is_heading(paragraph: str) -> bool:
    """A short line without closing punctuation, or one in capitals."""
    words = paragraph.split()
    return (len(words) <= 15 and not paragraph.rstrip().endswith((".", '"', "'", ")"))) or (
        paragraph.isupper() and len(words) > 1
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
    rows = []
    for doc_id, body in zip(corpus["doc_id"], corpus["body"]):
        s_id = 0
        for p_id, (p_start, p_end) in enumerate(paragraph_spans(body)):
            heading = _is_heading(body[p_start:p_end])
            for start, end in sentence_spans(body, p_start, p_end):
                rows.append((doc_id, p_id, s_id, body[start:end], start, end, heading))
                s_id += 1
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
