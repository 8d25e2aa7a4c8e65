"""Whole-sentence lexicon sentiment: TextBlob and VADER, fast and exact.

:func:`sentence_polarity` returns, for each text, exactly the number that
``TextBlob(text).sentiment.polarity`` or VADER's
``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]`` returns,
without their per-call overhead: the TextBlob pattern analyser is called
directly (no ``TextBlob`` object and no namedtuple class per call) and one
VADER analyser is built once and reused.  These scorers are target-blind: they
say how positive a sentence reads, not what it says about anyone in it.

Both lexicons ship inside their packages, so nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from .validate import require_texts

SENTENCE_ENGINES = ("textblob", "vader")
"""Engines that score a whole sentence."""


@lru_cache(maxsize=1)
def vader_analyzer():
    """The one shared VADER ``SentimentIntensityAnalyzer`` (built on first use)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _pattern_sentiment():
    """TextBlob's pattern sentiment analyser (what ``TextBlob.sentiment`` calls)."""
    from textblob.en import sentiment

    return sentiment


def check_sentence_engine(engine: str) -> str:
    """Return ``engine`` lower-cased, or raise a ValueError naming the valid ones."""
    name = str(engine).lower()
    if name not in SENTENCE_ENGINES:
        raise ValueError(
            f"unknown whole-sentence engine {engine!r}; valid engines are {list(SENTENCE_ENGINES)}"
        )
    return name


def textblob_scores(text: str) -> tuple[float, float]:
    """``(polarity, subjectivity)`` exactly as ``TextBlob(text).sentiment`` gives them."""
    score = _pattern_sentiment()(text)
    return float(score[0]), float(score[1])


def vader_compound(text: str) -> float:
    """VADER's ``compound`` score of ``text`` from the shared analyser."""
    return float(vader_analyzer().polarity_scores(text)["compound"])


def _as_list(texts: str | Iterable[str]) -> tuple[list[str], bool]:
    if isinstance(texts, str):
        return [texts], True
    return require_texts(texts), False


def sentence_polarity(texts: str | Iterable[str], engine: str = "vader") -> float | np.ndarray:
    """Whole-sentence polarity in [-1, 1] from TextBlob or VADER.

    Parameters
    ----------
    texts
        One text or an iterable of texts.
    engine
        ``"textblob"`` (pattern polarity) or ``"vader"`` (compound score).

    Returns
    -------
    float or numpy.ndarray
        A float for one text, else an array of float64 in input order.  The
        values are identical to ``TextBlob(t).sentiment.polarity`` and to
        ``SentimentIntensityAnalyzer().polarity_scores(t)["compound"]``.
    """
    name = check_sentence_engine(engine)
    items, single = _as_list(texts)
    if name == "textblob":
        analyse = _pattern_sentiment()
        values = [float(analyse(t)[0]) for t in items]
    else:
        scores = vader_analyzer().polarity_scores
        values = [float(scores(t)["compound"]) for t in items]
    return values[0] if single else np.asarray(values, dtype=float)


def sentence_subjectivity(texts: str | Iterable[str]) -> float | np.ndarray:
    """TextBlob subjectivity in [0, 1] (identical to ``TextBlob(t).sentiment.subjectivity``)."""
    items, single = _as_list(texts)
    analyse = _pattern_sentiment()
    values = [float(analyse(t)[1]) for t in items]
    return values[0] if single else np.asarray(values, dtype=float)


def textblob_drivers(text: str) -> list[tuple[str, float]]:
    """The word groups TextBlob scored in ``text`` and their polarity, in text order."""
    return [(" ".join(words), float(pol)) for words, pol, _, _ in _pattern_sentiment()(text).assessments]


def vader_valence(word: str) -> float:
    """VADER's lexicon valence of one lower-case word (0.0 when absent), in [-4, 4]."""
    return float(vader_analyzer().lexicon.get(word, 0.0))
