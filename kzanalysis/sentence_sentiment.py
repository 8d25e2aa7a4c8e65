"""Whole-sentence lexicon sentiment: TextBlob and VADER, fast and exact.

:func:`sentence_polarity` returns, for each text, exactly the number that
``TextBlob(text).sentiment.polarity`` or VADER's
``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]`` returns,
without their per-call overhead.  The scoring runs through the exact
re-implementations in :mod:`kzanalysis.lexicon_scorers` (plain-dict lexicons
read once from the installed packages, no ``TextBlob`` object or namedtuple
class per call); when the installed engines are not the versions those mirror,
the engines themselves are called instead.  These scorers are target-blind:
they say how positive a sentence reads, not what it says about anyone in it.

Both lexicons ship inside their packages, so nothing is downloaded.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from .lexicon_scorers import PatternScorer, VaderScorer, engines_verified
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


def _unverified(package: str) -> None:
    warnings.warn(
        f"the installed {package} differs from the version the fast scorer mirrors; "
        f"calling {package} itself (same scores, slower)",
        RuntimeWarning,
        stacklevel=3,
    )


@lru_cache(maxsize=1)
def pattern_scorer() -> PatternScorer | None:
    """The shared fast TextBlob scorer, or None when the installed textblob is not the mirrored one."""
    if not engines_verified("textblob"):
        _unverified("textblob")
        return None
    return PatternScorer()


@lru_cache(maxsize=1)
def vader_scorer() -> VaderScorer | None:
    """The shared fast VADER scorer (on the shared analyser's lexicons), or None when unverified."""
    if not engines_verified("vaderSentiment"):
        _unverified("vaderSentiment")
        return None
    return VaderScorer(vader_analyzer())


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
    scorer = pattern_scorer()
    if scorer is None or type(text) is not str:
        score = _pattern_sentiment()(text)
        return float(score[0]), float(score[1])
    return scorer.scores(text)


def vader_compound(text: str) -> float:
    """VADER's ``compound`` score of ``text``, exactly as the engine gives it."""
    scorer = vader_scorer()
    if scorer is None or type(text) is not str:
        return float(vader_analyzer().polarity_scores(text)["compound"])
    return scorer.compound(text)


def _as_list(texts: str | Iterable[str]) -> tuple[list[str], bool]:
    if isinstance(texts, str):
        return [texts], True
    return require_texts(texts), False


def textblob_score_arrays(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """TextBlob polarity and subjectivity of many texts from one analysis each.

    Parameters
    ----------
    texts
        An iterable of texts.

    Returns
    -------
    tuple of numpy.ndarray
        ``(polarity, subjectivity)``, float64 arrays in input order, identical
        to ``TextBlob(t).sentiment.polarity`` and ``.subjectivity``.
    """
    items = require_texts(texts)
    scorer = pattern_scorer()
    score = scorer.scores if scorer is not None else textblob_scores
    pairs = [score(t) if type(t) is str else textblob_scores(t) for t in items]
    polarity = np.fromiter((p for p, _ in pairs), dtype=float, count=len(pairs))
    subjectivity = np.fromiter((s for _, s in pairs), dtype=float, count=len(pairs))
    return polarity, subjectivity


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
        values = [textblob_scores(t)[0] for t in items]
    else:
        scorer = vader_scorer()
        compound = scorer.compound if scorer is not None else vader_compound
        values = [compound(t) if type(t) is str else vader_compound(t) for t in items]
    return values[0] if single else np.asarray(values, dtype=float)


def sentence_subjectivity(texts: str | Iterable[str]) -> float | np.ndarray:
    """TextBlob subjectivity in [0, 1] (identical to ``TextBlob(t).sentiment.subjectivity``)."""
    items, single = _as_list(texts)
    values = [textblob_scores(t)[1] for t in items]
    return values[0] if single else np.asarray(values, dtype=float)


def textblob_drivers(text: str) -> list[tuple[str, float]]:
    """The word groups TextBlob scored in ``text`` and their polarity, in text order."""
    return [(" ".join(words), float(pol)) for words, pol, _, _ in _pattern_sentiment()(text).assessments]
