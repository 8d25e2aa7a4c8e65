"""Target-aware features of one sentence: what the words around a mention say.

:func:`target_features` turns ``(sentence, start, end)`` into a sparse
feature dictionary used both by the rule engine (``"kz-rules"``) and by the
trained model (``"kz"``) in :mod:`kzanalysis.sentiment_model`.  Training and
scoring call the same function, so the model sees the same features in both.

Steps
-----
1. Tokenise (words, ``n't``, punctuation); the mention's tokens become one
   placeholder ``<t>`` so no name is ever a feature ("target masking").
2. Find the target's clause: the tokens between the nearest clause breaks
   (punctuation, contrast words, relative pronouns; ``data/sentiment_cues.toml``).
3. Score each other word with VADER's lexicon valence (``/4``), flipped and
   damped after a negator, weighted by ``1 / (1 + distance / 3)`` from the
   target, and halved across a contrast boundary whose other side weighs more.
4. Emit n-gram indicators (sentence words, words in the target's clause, the
   words just before and after the target, bigrams with ``<t>``), lexicon sums
   (sentence, clause, window, distance-weighted; positive and negative apart),
   the whole-sentence and clause VADER and TextBlob scores, and position and
   speech cues (target is first / a speaker / inside a quote / after "by").
5. Add finer lexicon features (:func:`lexicon_layout`): TextBlob's word
   polarities weighted by distance and summed over the clause; VADER valences
   split by side of the target (left / right part of its clause) and by
   distance band; and valences split by whether the word stands nearer the
   target or nearer another capitalised name ("other" people and places, a
   crude stand-in for the other targets of a multi-target sentence), with
   how many such names there are and on which side.
6. Add character 3- to 5-grams of the words within :data:`CHAR_WINDOW` tokens
   of the target (target masked), each worth :data:`CHAR_WEIGHT`, which catch
   word forms the word n-grams miss ("destabilis-", "-ruption").
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import SupportsIndex

from .sentence_sentiment import _pattern_sentiment, textblob_scores, vader_analyzer, vader_compound
from .voice import load_cues, normalise_quotes, speech_voice

TARGET_TOKEN = "<t>"
WINDOW = 4
"""Tokens on each side of the target that count as its immediate context."""
CHAR_WINDOW = 6
"""Tokens on each side of the target whose character n-grams are features."""
CHAR_NGRAMS = (3, 5)
"""Shortest and longest character n-gram (each word padded by one space on each side)."""
CHAR_WEIGHT = 0.3
"""Value of one character n-gram feature (word features are worth 1)."""
CHAR_PREFIX = "ch:"
"""Name prefix of the character n-gram features."""
DISTANCE_BANDS = ((2, "1"), (5, "2"), (10, "3"))
"""Token-distance bands of the lexicon-by-distance features (further away: band "4")."""

_TOKEN = re.compile(r"n't|\w+(?:'\w+)*(?=n't)|\w+(?:'\w+)*|[^\w\s]")
_NEGATION_SCALE = -0.74  # VADER's own factor for a negated word


@dataclass(frozen=True)
class Cues:
    """Word sets from ``data/sentiment_cues.toml``."""

    negation: frozenset[str]
    negation_scope: int
    contrast_after: frozenset[str]
    contrast_before: frozenset[str]
    breaks: frozenset[str]
    speech: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """Load the cue lists once (multi-word entries keep their first word)."""
    raw = load_cues()
    return Cues(
        negation=frozenset(raw["negation"]["words"]),
        negation_scope=int(raw["negation"]["scope"]),
        contrast_after=frozenset(w.split()[0] for w in raw["contrast"]["after_weighs_more"]),
        contrast_before=frozenset(w.split()[0] for w in raw["contrast"]["before_weighs_more"]),
        breaks=frozenset(raw["clause"]["breaks"]) | frozenset(",.!?\""),
        speech=frozenset(w.split()[0] for w in raw["speech"]["verbs"]),
    )


def tokenize(sentence: str) -> list[tuple[str, int, int]]:
    """``(lower-case token, start, end)`` for words, ``n't`` and punctuation marks."""
    text = normalise_quotes(sentence)
    return [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def mask_target(tokens: list[tuple[str, int, int]], start: SupportsIndex, end: SupportsIndex) -> tuple[list[str], int]:
    """Replace the tokens overlapping ``[start, end)`` by one ``<t>``.

    Returns the masked token list and the placeholder's index.  A span that
    covers no token (e.g. an empty span) puts ``<t>`` where it would start.
    The offsets may be any integers (a NumPy integer from a table row, say).
    """
    first, stop = operator.index(start), operator.index(end)
    out: list[str] = []
    position = -1
    for token, t_start, t_end in tokens:
        if t_start < stop and t_end > first:
            if position < 0:
                position = len(out)
                out.append(TARGET_TOKEN)
            continue
        if position < 0 and t_start >= stop:
            position = len(out)
            out.append(TARGET_TOKEN)
        out.append(token)
    if position < 0:
        position = len(out)
        out.append(TARGET_TOKEN)
    return out, position


def clause_bounds(words: list[str], index: int, cue: Cues | None = None) -> tuple[int, int, str, str]:
    """Token range ``[lo, hi)`` of the clause around ``words[index]`` and the contrast words bounding it."""
    cue = cues() if cue is None else cue
    stops = cue.breaks | cue.contrast_after | cue.contrast_before
    lo = index
    while lo > 0 and words[lo - 1] not in stops:
        lo -= 1
    hi = index + 1
    while hi < len(words) and words[hi] not in stops:
        hi += 1
    left = next((w for w in reversed(words[:lo]) if w in cue.contrast_after | cue.contrast_before), "")
    right = words[hi] if hi < len(words) and words[hi] in cue.contrast_after | cue.contrast_before else ""
    return lo, hi, left, right


def word_valences(words: list[str], cue: Cues | None = None) -> list[float]:
    """VADER lexicon valence of each word on [-1, 1], negation applied."""
    cue = cues() if cue is None else cue
    lexicon = vader_analyzer().lexicon
    values = []
    negated_until = -1
    for i, word in enumerate(words):
        if word in cue.negation or word.endswith("n't"):
            negated_until = i + cue.negation_scope
            values.append(0.0)
            continue
        value = lexicon.get(word, 0.0) / 4.0
        if value and i <= negated_until:
            value *= _NEGATION_SCALE
        values.append(value)
    return values


@lru_cache(maxsize=1)
def textblob_lexicon() -> dict[str, float]:
    """TextBlob's word polarities (the part-of-speech-free entry of each non-zero word)."""
    return {word: float(senses[None][0]) for word, senses in _pattern_sentiment().items()
            if None in senses and senses[None][0]}


def other_names(cased: list[str], t: int, cue: Cues | None = None) -> list[int]:
    """Token index of the first word of each run of capitalised words other than the target.

    The sentence's first word (and a word right after an opening quote mark) is
    skipped, since it is capitalised anyway.  This is a cheap stand-in for the
    other people and places a sentence mentions.
    """
    cue = cues() if cue is None else cue
    starts: list[int] = []
    previous = -2
    for i, word in enumerate(cased):
        capitalised = (
            i != t and i > 0 and len(word) > 1 and word[:1].isupper()
            and word.lower() not in cue.breaks and not (i == 1 and cased[0] == "\"")
        )
        if capitalised and previous != i - 1:
            starts.append(i)
        if capitalised:
            previous = i
    return starts


def lexicon_layout(words: list[str], t: int, lo: int, hi: int, valences: list[float],
                   names: list[int], cue: Cues | None = None) -> dict[str, float]:
    """Signed lexicon sums around the target, before the square-root squashing.

    Keys: ``tb_dist_*`` / ``tb_clause_*`` (TextBlob word polarities, negation
    damped, weighted by distance / within the clause); ``clL_*`` / ``clR_*``
    (VADER valences left / right of the target inside its clause);
    ``band{L,R}{1-4}_*`` (VADER valences by side and distance band);
    ``own_*`` / ``oth_*`` (distance-weighted VADER valences of words at least
    as near the target as any other name / nearer another name).  ``*`` is
    ``pos`` or ``neg``.
    """
    cue = cues() if cue is None else cue
    tb = textblob_lexicon()
    sums: dict[str, float] = {}

    def acc(key: str, value: float) -> None:
        sums[key] = sums.get(key, 0.0) + value

    negated_until = -1
    for i, word in enumerate(words):
        if i == t:
            continue
        distance = abs(i - t)
        weight = 1.0 / (1.0 + distance / 3.0)
        polarity = tb.get(word, 0.0)
        if word in cue.negation or word.endswith("n't"):
            negated_until = i + cue.negation_scope
        elif polarity and i <= negated_until:
            polarity *= -0.5  # TextBlob's own factor for a negated word
        if polarity:
            sign = "pos" if polarity > 0 else "neg"
            acc(f"tb_dist_{sign}", polarity * weight)
            if lo <= i < hi:
                acc(f"tb_clause_{sign}", polarity)
        value = valences[i]
        if not value:
            continue
        sign = "pos" if value > 0 else "neg"
        side = "L" if i < t else "R"
        if lo <= i < hi:
            acc(f"cl{side}_{sign}", value)
        band = next((name for limit, name in DISTANCE_BANDS if distance <= limit), "4")
        acc(f"band{side}{band}_{sign}", value)
        nearest_other = min((abs(i - j) for j in names), default=len(words))
        acc(f"{'own' if distance <= nearest_other else 'oth'}_{sign}", value * weight)
    return sums


def char_ngrams(words: list[str], t: int) -> set[str]:
    """Character n-grams (:data:`CHAR_NGRAMS`) of the words within :data:`CHAR_WINDOW` of ``<t>``."""
    shortest, longest = CHAR_NGRAMS
    grams: set[str] = set()
    for word in words[max(0, t - CHAR_WINDOW): t + CHAR_WINDOW + 1]:
        padded = f" {word} "
        for n in range(shortest, longest + 1):
            for i in range(max(1, len(padded) - n + 1)):
                grams.add(padded[i:i + n])
    return grams


def _bucket(value: float, low: float = -0.05, high: float = 0.05) -> str:
    return "neg" if value < low else ("pos" if value > high else "neu")


def target_features(sentence: str, start: SupportsIndex, end: SupportsIndex) -> tuple[dict[str, float], dict[str, str]]:
    """Sparse features of the target at ``[start, end)`` in ``sentence`` (any integers).

    Returns
    -------
    tuple
        ``(features, words)``: ``features`` maps feature name to value;
        ``words`` maps each n-gram or lexicon feature name to the sentence
        word(s) behind it, for explanations.
    """
    cue = cues()
    tokens = tokenize(sentence)
    words, t = mask_target(tokens, start, end)
    text = normalise_quotes(sentence)
    cased, _ = mask_target([(text[a:b], a, b) for _, a, b in tokens], start, end)
    n = len(words)
    lo, hi, left_contrast, right_contrast = clause_bounds(words, t, cue)
    valences = word_valences(words, cue)
    features: dict[str, float] = {}
    source: dict[str, str] = {}

    def add(name: str, value: float = 1.0, word: str = "") -> None:
        features[name] = features.get(name, 0.0) + value
        if word:
            source[name] = word

    alpha = [w for w in words if w[0].isalnum() or w == TARGET_TOKEN or w in {"!", "?", "\""}]
    for w in set(alpha) - {TARGET_TOKEN}:
        add("u:" + w, 1.0, w)
    seq = [w for w in words if w != "\""]
    for a, b in zip(seq, seq[1:]):
        if TARGET_TOKEN in (a, b) or (a[0].isalnum() and b[0].isalnum()):
            add(f"b:{a}_{b}", 1.0, f"{a} {b}")
    for w in set(words[lo:hi]) - {TARGET_TOKEN}:
        if w[0].isalnum():
            add("c:" + w, 1.0, w)
    for d in range(1, WINDOW + 1):
        if t - d >= 0 and words[t - d][0].isalnum():
            add("l:" + words[t - d], 1.0, words[t - d])
        if t + d < n and words[t + d][0].isalnum():
            add("r:" + words[t + d], 1.0, words[t + d])
    add("l1:" + (words[t - 1] if t > 0 else "<s>"), 1.0, words[t - 1] if t > 0 else "")
    add("r1:" + (words[t + 1] if t + 1 < n else "</s>"), 1.0, words[t + 1] if t + 1 < n else "")
    if t + 2 < n:
        add(f"r2:{words[t + 1]}_{words[t + 2]}", 1.0, f"{words[t + 1]} {words[t + 2]}")
    if t >= 2:
        add(f"l2:{words[t - 2]}_{words[t - 1]}", 1.0, f"{words[t - 2]} {words[t - 1]}")

    # contrast: which side of "but" / "although" the target stands on
    contrast_positions = [i for i, w in enumerate(words) if w in cue.contrast_after or w in cue.contrast_before]
    for i in contrast_positions:
        side = "before" if t < i else "after"
        add(f"contrast:{words[i]}:{side}")

    lex_words: dict[str, list[str]] = {}
    lex = {"sent_pos": 0.0, "sent_neg": 0.0, "clause_pos": 0.0, "clause_neg": 0.0,
           "win_pos": 0.0, "win_neg": 0.0, "dist_pos": 0.0, "dist_neg": 0.0}
    for i, value in enumerate(valences):
        if not value:
            continue
        sign = "pos" if value > 0 else "neg"
        distance = abs(i - t)
        weight = 1.0 / (1.0 + distance / 3.0)
        between = words[min(i, t) + 1: max(i, t)]
        if any(w in cue.contrast_after for w in between):
            weight *= 0.5 if i < t else 1.0
        if any(w in cue.contrast_before for w in between):
            weight *= 0.5 if i > t else 1.0
        lex[f"sent_{sign}"] += value
        lex[f"dist_{sign}"] += value * weight
        lex_words.setdefault(f"sent_{sign}", []).append(words[i])
        lex_words.setdefault(f"dist_{sign}", []).append(words[i])
        if lo <= i < hi:
            lex[f"clause_{sign}"] += value
            lex_words.setdefault(f"clause_{sign}", []).append(words[i])
        if distance <= WINDOW:
            lex[f"win_{sign}"] += value
            lex_words.setdefault(f"win_{sign}", []).append(words[i])
    for name, value in lex.items():
        if value:
            add("lex:" + name, math.copysign(math.sqrt(abs(value)), value), ", ".join(lex_words[name]))

    clause_text = " ".join(w for w in words[lo:hi] if w != TARGET_TOKEN)
    sent_tb, sent_subj = textblob_scores(sentence)
    clause_tb, _ = textblob_scores(clause_text) if clause_text else (0.0, 0.0)
    sent_vader = vader_compound(sentence)
    clause_vader = vader_compound(clause_text) if clause_text else 0.0
    for name, value in (("tb_sent", sent_tb), ("tb_clause", clause_tb),
                        ("vader_sent", sent_vader), ("vader_clause", clause_vader)):
        add("num:" + name, value)
        add(f"bin:{name}:{_bucket(value)}")
    add("num:subjectivity", sent_subj)

    # position, speech and quotation cues
    add("pos:first" if t <= 1 else ("pos:last" if t >= n - 2 else "pos:middle"))
    add(f"pos:third:{min(2, int(3 * t / max(n, 1)))}")
    add(f"clause:{left_contrast or 'none'}:{right_contrast or 'none'}")
    voice, speaker = speech_voice(sentence, start, end)
    add("voice:" + voice)
    if t + 1 < n and words[t + 1] in cue.speech:
        add("speech:target_speaks")
    if any(w in cue.speech for w in words[lo:hi]):
        add("speech:in_clause")
    add(f"len:{min(4, n // 10)}")

    # finer lexicon layout, other names, character n-grams (steps 5 and 6)
    names = other_names(cased, t, cue)
    add(f"oth:n{min(3, len(names))}")
    if any(j < t for j in names):
        add("oth:left")
    if any(j > t for j in names):
        add("oth:right")
    for name, value in lexicon_layout(words, t, lo, hi, valences, names, cue).items():
        if value:
            add("x:" + name, math.copysign(math.sqrt(abs(value)), value))
    for gram in char_ngrams(words, t):
        add(CHAR_PREFIX + gram, CHAR_WEIGHT)
    return features, source
