"""The fast whole-sentence scorers give exactly the engines' own floats.

Every comparison is ``==`` on the floats (and on VADER's whole score
dictionary), never approximate: the bundled corpus, crafted edge cases, random
text mixing lexicon words with negations, punctuation and emoticons, and (with
../shared) every BBC sentence as the pipeline segments it and every NewsMTSC
sentence.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import requires_shared
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from textblob._text import find_tokens
from textblob.en import sentiment as pattern_engine
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from kzanalysis import lexicon_scorers, sentence_sentiment
from kzanalysis.config import benchmarks_data_dir
from kzanalysis.lexicon_scorers import PatternScorer, VaderScorer, engines_verified
from kzanalysis.sentence_sentiment import (
    sentence_polarity,
    sentence_subjectivity,
    textblob_score_arrays,
    textblob_scores,
    vader_compound,
)

VADER_ENGINE = SentimentIntensityAnalyzer()
PATTERN = PatternScorer()
VADER = VaderScorer()

CRAFTED = [
    # empty, blank, line and paragraph breaks
    "", " ", "   \t ", "\n", "\n\n", "\r\n\r\n", "Good.\n\nBad.", "Good\n\nnews\r\n\r\nawful",
    "A fine day.\nA grim night.", "good :\n\n) fine", "good :\n\nD fine", "good :\r\n\r\nD fine",
    "good : D fine", "Great\u00a0result\u2003today", "END-OF-SENTENCE good",
    # contractions, straight and curly quotes
    "It isn't good.", "I don't like it, it's awful.", "We'll win; they're sad and you've lost.",
    "He'd say I'm happy.", "It's not bad at all.", "Don't be sad!", "I can't stand it.",
    "He said 'great' and 'terrible'.", 'She called it "a disaster".', "“Wonderful,” she said.",
    "‘Bad news’ came.", "Rock 'n' roll", "''Good''", "n't", "'s", "can't won't shan't",
    # emoticons, with and without spaces, and the sarcasm mark
    "I love it :)", "I love it : )", "Sad day :(", "Sad day : (", "Great :D", "Great : D", "xD", "X D",
    "<3", "< 3", "so good ;)", ":'(", ": ' (", "8)", "born in 1958 )", "(1998)", "o_O", ":-/", ">:(",
    "Wow (!)", "Wow ( ! )", "Really (!) good", "good (!", "! ) good", "Happy =) day", "♥ love",
    "Catch 😁 and 💘 and 😂", "Fine 🙂.", "Smile:) please", "a.m. :-D", ": -D", ":-.",
    # exclamation and question marks
    "Good!", "Good!!", "Good!!!!!!", "Bad!", "Is it good?", "Is it good??", "Is it good???", "Good????",
    "Terrible!?", "! good", "Hello!", "(!)",
    # ellipses and abbreviations
    "Well... good.", "Good...", "... bad", "Wait.... what?", "The U.S. did well.", "Mr. Smith was happy.",
    "Mrs. Jones was sad.", "e.g. good, i.e. bad", "T. Smith won.", "It is 5 p.m. now.", "Dr. No.",
    "U.K.-based firm did great.", "etc. etc.", "vs. bad", "St. Petersburg is beautiful.",
    # negation across small words, modifiers, "kind of", "least", "but", idioms
    "not a good idea", "not very good", "never so good", "never this good", "really not good",
    "very good", "extremely bad", "really very good", "not at all good", "not good", "not bad",
    "not the best", "no problem", "no good", "no or bad", "no nor good", "no, no, good", "No good at all",
    "kind of good", "kind of bad", "kinda good", "sort of great", "the least good", "at least good",
    "very least good", "least good", "good but bad", "bad but good", "Good, but not great.",
    "but", "but but good", "good but", "the shit", "the bomb", "bad ass", "badass", "kiss of death",
    "to die for", "It was the bomb", "It was a bomb", "I am kind of good", "It was kind of", "yeah right",
    "bus stop", "beating heart", "cut the mustard", "Without a doubt, great.",
    "without doubt good", "this good", "so good", "It was so this good", "hardly good", "barely bad",
    "just enough good", "sort of kind of good", "terribly good", "incredibly bad", "greatly happy",
    # ALL-CAPS emphasis
    "VERY GOOD", "very GOOD indeed", "VERY good indeed", "GOOD", "This is GOOD", "NOT good at all",
    "I LOVE IT", "I love IT", "BBC says good", "US and UK good", "SO GOOD but bad",
    # non-ASCII text and digits
    "Café was nice.", "naïve and happy", "ΟΔΟΣ ΚΑΛΗ.", "İstanbul is lovely.", "Straße gut", "Ünlü good",
    "Kazakhstan’s ‘good’ year", "Tokayev’s reforms won’t work.", "100% good", "3 good 4 bad",
    "It rose 2.5% in 2019.", "£8m deal (2005) was great.", "1,000 happy fans", "8 )", "3 :",
    "Ｇｏｏｄ", "good\u200bnews", "\x1cgood\x1dbad",
    # stray punctuation
    "((good))", "--bad--", "good,bad", "good.bad", "good;", "-good-", "@good #bad", "*great*", "_bad_",
    "[good]", "{bad}", "~great~", "good|bad", "=good=", "+good+", "^bad^", "$good$", "&bad&",
]


def _engine_pattern(text: str) -> tuple[float, float]:
    score = pattern_engine(text)
    return score[0], score[1]


def _mismatches(texts, whole_vader_dict: bool = True) -> list[str]:
    """Texts where a fast scorer differs from its engine (empty when all agree).

    VADER's compound score (what the package uses) is always compared; its
    whole ``neg/neu/pos/compound`` dictionary too unless ``whole_vader_dict``
    is False.
    """
    bad = []
    for text in texts:
        if PATTERN.scores(text) != _engine_pattern(text):
            bad.append(f"textblob: {text!r}")
        expected = VADER_ENGINE.polarity_scores(text)
        if VADER.compound(text) != expected["compound"] or (
                whole_vader_dict and VADER.polarity_scores(text) != expected):
            bad.append(f"vader: {text!r}")
    return bad


def test_installed_engines_are_the_mirrored_versions():
    # Otherwise the package silently falls back to the (slow) engines and the
    # fast scorers tested here are not the ones in use.
    assert engines_verified(), "textblob/vaderSentiment differ from the versions lexicon_scorers mirrors"


def test_unverified_engine_is_detected(monkeypatch):
    key = ("textblob", "_text.py")
    monkeypatch.setitem(lexicon_scorers.VERIFIED_SOURCES, key, "0" * 64)
    engines_verified.cache_clear()
    try:
        assert not engines_verified("textblob")
        assert engines_verified("vaderSentiment")
    finally:
        monkeypatch.undo()
        engines_verified.cache_clear()
    assert engines_verified("textblob")


def test_standalone_lexicon_equals_textblobs_own(corpus_sentences):
    # Without textblob imported the scorer loads textblob's lexicon itself.
    standalone = lexicon_scorers._standalone_pattern()
    _, analyser = standalone
    assert dict(analyser) == dict(pattern_engine.items())
    assert tuple(analyser.negations) == tuple(pattern_engine.negations)
    assert tuple(analyser.modifiers) == tuple(pattern_engine.modifiers)
    assert "terribly" in dict(analyser)  # the adverbs the English loader adds are there
    scorer = PatternScorer(standalone)
    assert scorer.lexicon == PATTERN.lexicon and scorer.special == PATTERN.special
    texts = corpus_sentences["sentence"].tolist() + CRAFTED
    assert [scorer.scores(t) for t in texts] == [_engine_pattern(t) for t in texts]


def test_corpus_sentences_score_exactly(corpus_sentences):
    texts = corpus_sentences["sentence"].tolist()
    assert len(texts) > 100
    assert _mismatches(texts) == []
    naive = [TextBlob(t).sentiment for t in texts]
    polarity, subjectivity = textblob_score_arrays(texts)
    assert polarity.tolist() == [s.polarity for s in naive]
    assert subjectivity.tolist() == [s.subjectivity for s in naive]
    assert list(sentence_polarity(texts, "textblob")) == [s.polarity for s in naive]
    assert list(sentence_subjectivity(texts)) == [s.subjectivity for s in naive]
    fresh = SentimentIntensityAnalyzer()
    assert list(sentence_polarity(texts, "vader")) == [fresh.polarity_scores(t)["compound"] for t in texts]
    assert [vader_compound(t) for t in texts] == [fresh.polarity_scores(t)["compound"] for t in texts]
    assert len({round(v, 6) for v in polarity}) > 20  # real, varied scores


def test_corpus_words_equal_the_engine_tokenizer(corpus_sentences):
    for text in corpus_sentences["sentence"]:
        assert PATTERN.words(text) == [w.lower() for w in " ".join(find_tokens(text)).split()]


@pytest.mark.parametrize("text", CRAFTED)
def test_crafted_edge_cases_score_exactly(text):
    assert PATTERN.words(text) == [w.lower() for w in " ".join(find_tokens(text)).split()]
    assert PATTERN.scores(text) == _engine_pattern(text) == tuple(TextBlob(text).sentiment)
    assert textblob_scores(text) == _engine_pattern(text)
    expected = VADER_ENGINE.polarity_scores(text)
    assert VADER.polarity_scores(text) == expected
    assert VADER.compound(text) == expected["compound"] == vader_compound(text)


def test_crafted_cases_reach_the_rare_rules():
    # The edge cases above are only worth their keep if they exercise the
    # engines' unusual paths; these checks fail if a case stops doing so.
    assert PATTERN.words("I love it : )")[-1] == ":)"  # emoticon joined across a space
    assert PATTERN.words("born in 1958 )")[-1] == "1958)"  # the engine's emoticon pattern has no left edge
    assert PATTERN.words("Wow ( ! )")[-1] == "(!)"  # sarcasm mark joined
    assert "end-of-sentence" not in PATTERN.words("Good\n\nnews")  # paragraph marker dropped
    assert PATTERN.scores("The report (!)") == (0.0, 1.0)  # sarcasm alone: polarity 0, subjectivity 1
    assert PATTERN.scores("Good!")[0] > PATTERN.scores("Good")[0]  # "!" boosts
    assert PATTERN.scores("not good")[0] < 0 < PATTERN.scores("good")[0]
    assert PATTERN.scores("really not good")[0] < 0  # negation after an -ly modifier
    assert VADER.compound("VERY GOOD indeed") != VADER.compound("very good indeed")  # caps emphasis
    assert VADER.compound("good but bad") < 0 < VADER.compound("bad but good")
    assert VADER.compound("the least good") < 0 < VADER.compound("at least good")
    assert VADER.compound("It was the bomb") > 0 > VADER.compound("It was a bomb")  # special idiom
    assert VADER.compound("I am kind of good") < VADER.compound("I am good")  # "kind of" dampens
    assert VADER.compound("Catch 😁 and 💘") > 0  # emojis become their descriptions
    assert VADER.compound("") == 0.0 and PATTERN.scores("   ") == (0.0, 0.0)


def test_fallback_to_the_engines_gives_the_same_scores(monkeypatch, corpus_sentences):
    texts = corpus_sentences["sentence"].tolist()[:40] + CRAFTED[:40]
    fast = ([textblob_scores(t) for t in texts], list(sentence_polarity(texts, "vader")))
    monkeypatch.setattr(sentence_sentiment, "pattern_scorer", lambda: None)
    monkeypatch.setattr(sentence_sentiment, "vader_scorer", lambda: None)
    slow = ([textblob_scores(t) for t in texts], list(sentence_polarity(texts, "vader")))
    assert fast == slow
    assert textblob_score_arrays(texts)[0].tolist() == [p for p, _ in fast[0]]


def test_batch_and_single_text_apis_agree():
    texts = CRAFTED[:60]
    polarity, subjectivity = textblob_score_arrays(texts)
    assert polarity.dtype == np.float64 and polarity.shape == (len(texts),)
    assert [(p, s) for p, s in zip(polarity, subjectivity)] == [textblob_scores(t) for t in texts]
    assert isinstance(sentence_polarity("Good!", "textblob"), float)
    assert sentence_polarity("Good!", "vader") == vader_compound("Good!")
    with pytest.raises(TypeError, match="positions"):
        textblob_score_arrays(["good", 3])
    assert textblob_score_arrays([])[0].shape == (0,)


# Random text: lexicon words (a fixed sample of both lexicons), the rule words,
# negations, punctuation, emoticons, abbreviations, caps, non-ASCII, digits,
# joined by spaces, line breaks or nothing at all (so punctuation sticks to words).
_RULE_WORDS = (
    "good bad great terrible terribly happy love hate best worst nice awful no not never very really "
    "extremely kind of sort kinda but least at so this without doubt or nor the shit bomb ass kiss death "
    "to die for yeah right just enough hardly barely isn't don't can't won't it's I'll we're they've he'd "
    "I'm GOOD BAD VERY NOT LOVE Good Bad Not Never a is it was"
).split()
_MARKS = [".", ",", "!", "?", "...", "(!)", "( ! )", "(", ")", "'", '"', "“", "”", "‘", "’", ":", ";", "-",
          "--", "&", "*", "!!", "??", "..", "....", "'s", "n't"]
_FACES = [":)", ": )", ":-)", ":(", ": (", ":D", ": D", "xD", "X D", "<3", "< 3", ";)", ":'(", "8)", "8 )",
          "=)", ":/", ":p", "o_O", ":o)", "(:", "</3", "♥", "😁", "💘", "😂", "🙂", ":-.", ">:("]
_OTHER = ["U.S.", "Mr.", "e.g.", "etc.", "a.m.", "Dr.", "St.", "U.K.", "vs.", "i.e.", "No.", "T.", "1998",
          "8", "3", "2.5", "100%", "café", "naïve", "Zürich", "ΟΔΟΣ", "İstanbul", "Straße", "END-OF-SENTENCE"]
_SEPARATORS = [" ", " ", " ", "  ", "", "\n", "\n\n", "\r\n\r\n", "\t", "\u00a0"]


def _vocabulary() -> list[str]:
    pattern_words = sorted(w for w in PATTERN.lexicon if " " not in w)[::25]
    vader_words = sorted(w for w in VADER.lexicon if " " not in w)[::60]
    return sorted(set(_RULE_WORDS + _MARKS + _FACES + _OTHER + pattern_words + vader_words))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(_vocabulary()), st.sampled_from(_SEPARATORS)), max_size=30))
def test_random_text_scores_exactly(pieces):
    text = "".join(word + separator for word, separator in pieces)
    assert _mismatches([text]) == []


def _bbc_sentences() -> list[str]:
    from kzanalysis.clean import clean_text
    from kzanalysis.segment import sentences

    bbc = pd.read_csv(benchmarks_data_dir() / "bbc" / "bbc_news.csv", dtype=str, keep_default_na=False)
    bodies = [clean_text(raw, head if head else None).body for raw, head in zip(bbc["text"], bbc["title"])]
    table = sentences(pd.DataFrame({"doc_id": bbc["id"].tolist(), "body": bodies}))
    return table["sentence"].tolist()


def _newsmtsc_sentences() -> list[str]:
    found = []
    for path in sorted((benchmarks_data_dir() / "newsmtsc").rglob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            found.extend(json.loads(line)["sentence_normalized"] for line in handle if line.strip())
    return found


@requires_shared
def test_every_bbc_and_newsmtsc_sentence_scores_exactly():
    bbc = _bbc_sentences()
    news = _newsmtsc_sentences()
    assert len(bbc) == 41_669 and len(news) > 9_000
    texts = list(dict.fromkeys(bbc + news))  # each distinct sentence once, in order
    assert _mismatches(texts, whole_vader_dict=False) == []
