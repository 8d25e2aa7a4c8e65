"""Whose voice a sentence speaks with about a target: the author's or a source's.

News sentences mix the writer's own statements with quoted speech
(``"Moscow is a partner," Tokayev said``) and reported speech (``According to
analysts, the Kremlin wants ...``).  :func:`speech_voice` tells, for a target
mention, which of the three it sits in and names the speaker when the sentence
names them.  The speech verbs and speaker nouns are in
``data/sentiment_cues.toml``.

Rules (in order)
----------------
* Quotes: straight double quotes and guillemets pair up left to right; an
  unclosed quote runs to the sentence end.  A quoted span of fewer than
  ``min_quote_words`` words is a scare quote (``the "big reforms"``), not speech.
* A target inside a speech quote is ``"quoted"``; the speaker is the name next
  to a speech verb outside the quote (``, Tazhutov said`` / ``As Tazhutov
  explains,``).
* Otherwise, a target after a speech frame (``X said that``, ``according to
  X``) is ``"reported"`` with speaker X, unless the target is X itself.
* Everything else is ``"author"``.
"""

from __future__ import annotations

import operator
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import SupportsIndex

from .config import PACKAGE_DATA_DIR

VOICES = ("author", "quoted", "reported")

_CURLY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})
_WORD = re.compile(r"\w+(?:'\w+)?")
_NAME = re.compile(r"(?:[A-Z][\w'.-]*\s+){0,3}[A-Z][\w'-]*")
_NAME_AT_END = re.compile(r"((?:[A-Z][\w'.-]*\s+){0,3}[A-Z](?:[\w'.-]*\w)?)\s*$")
_ROLE_THEN_NAME = re.compile(r"(?:(?:the|a|an|[a-z][\w-]*)\s+){0,3}?((?:[A-Z][\w'.-]*\s+){0,3}[A-Z][\w'-]*)")
_PRONOUN = re.compile(r"\b(?:he|she|they|we|i)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SpeechCues:
    """Compiled speech cues from ``data/sentiment_cues.toml``."""

    verbs: re.Pattern[str]
    speaker_nouns: re.Pattern[str]
    min_quote_words: int


@lru_cache(maxsize=1)
def load_cues() -> dict:
    """The parsed ``data/sentiment_cues.toml``."""
    with (PACKAGE_DATA_DIR / "sentiment_cues.toml").open("rb") as handle:
        return tomllib.load(handle)


def _words_pattern(words: list[str]) -> str:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + r")\b"


@lru_cache(maxsize=1)
def speech_cues() -> SpeechCues:
    """Compile the speech verbs and speaker nouns once."""
    speech = load_cues()["speech"]
    return SpeechCues(
        verbs=re.compile(_words_pattern(speech["verbs"]), re.IGNORECASE),
        speaker_nouns=re.compile(_words_pattern(speech["speaker_nouns"]), re.IGNORECASE),
        min_quote_words=int(speech.get("min_quote_words", 4)),
    )


def normalise_quotes(sentence: str) -> str:
    """Map curly quotes and guillemets to straight ones (same length, same offsets)."""
    return sentence.translate(_CURLY)


def quote_spans(sentence: str, min_words: int | None = None) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of the quoted passages of a sentence.

    Parameters
    ----------
    sentence
        One sentence; curly quotes are handled.
    min_words
        Keep only passages of at least this many words (default from the cue
        file: shorter ones are scare quotes).  0 keeps every passage.
    """
    text = normalise_quotes(sentence)
    limit = speech_cues().min_quote_words if min_words is None else min_words
    marks = [i for i, ch in enumerate(text) if ch == '"']
    spans = []
    for k in range(0, len(marks), 2):
        start = marks[k] + 1
        end = marks[k + 1] if k + 1 < len(marks) else len(text)
        if len(_WORD.findall(text[start:end])) >= limit:
            spans.append((start, end))
    return spans


def _name_after(text: str) -> str:
    head = text.lstrip(" ,:")
    match = _NAME.match(head) or _ROLE_THEN_NAME.match(head.split(",")[0])
    if match:
        return (match.group(1) if match.re is _ROLE_THEN_NAME else match.group()).strip()
    head = text.lstrip(" ,:")[:30].lower()
    noun = speech_cues().speaker_nouns.search(head)
    return noun.group() if noun and "," not in head[: noun.start()] else ""


def _name_before(text: str) -> str:
    stripped = text.rstrip(" ,:")
    match = _NAME_AT_END.search(stripped)
    if match:
        name = match.group(1).strip()
        first = name.split()[0] if name else ""
        if first in {"As", "But", "And", "The", "According"}:
            name = " ".join(name.split()[1:])
        return name
    tail = stripped[-40:].lower()
    nouns = list(speech_cues().speaker_nouns.finditer(tail))
    if nouns and nouns[-1].end() >= len(tail) - 1:
        return nouns[-1].group()
    return ""


def _speaker_near(text: str, lo: int, hi: int) -> str:
    """Name next to the speech verb closest to the passage ``[lo, hi)``."""
    verbs = speech_cues().verbs
    best: tuple[int, str] | None = None
    for match in verbs.finditer(text):
        if lo <= match.start() < hi:
            continue
        distance = lo - match.end() if match.end() <= lo else match.start() - hi
        verb = match.group().lower()
        if verb.startswith("according"):
            name = _name_after(text[match.end():])
        else:
            name = _name_before(text[: match.start()]) or _name_after(text[match.end():])
        if name and (best is None or distance < best[0]):
            best = (distance, name)
    return best[1] if best else ""


def speech_voice(sentence: str, start: SupportsIndex | None = None, end: SupportsIndex | None = None) -> tuple[str, str]:
    """The voice a target mention sits in and the speaker's name.

    Parameters
    ----------
    sentence
        One sentence.
    start, end
        Character span of the target mention (any integers); None judges
        the whole sentence.

    Returns
    -------
    tuple of str
        ``(voice, speaker)``: voice is ``"author"``, ``"quoted"`` or
        ``"reported"``; speaker is the name or kind of speaker the sentence
        gives ("Tazhutov", "analysts"), or "" when it names none.
    """
    text = normalise_quotes(sentence)
    lo = 0 if start is None else operator.index(start)
    hi = len(text) if end is None else operator.index(end)
    for q_start, q_end in quote_spans(text):
        if q_start <= lo and hi <= q_end:
            return "quoted", _speaker_near(text, q_start - 1, q_end + 1)
    if start is None:
        spans = quote_spans(text)
        if spans:
            return "quoted", _speaker_near(text, spans[0][0] - 1, spans[-1][1] + 1)
    verbs = speech_cues().verbs
    for match in verbs.finditer(text):
        verb = match.group().lower()
        if verb.startswith("according"):
            clause_end = text.find(",", match.end())
            clause_end = len(text) if clause_end < 0 else clause_end
            if match.end() <= lo < clause_end:
                return "author", ""  # the target is the source itself
            if lo >= clause_end or hi <= match.start():
                return "reported", _name_after(text[match.end():])
            continue
        if match.end() <= lo:
            speaker = _name_before(text[: match.start()])
            subject = text[max(0, match.start() - 60): match.start()]
            if start is not None and text[lo:hi] and text[lo:hi] in subject:
                return "author", ""  # the target is the one speaking
            if speaker or _PRONOUN.search(text[: match.start()]):
                return "reported", speaker
    return "author", ""
