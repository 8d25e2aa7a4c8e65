"""Exact, fast re-implementations of TextBlob's pattern sentiment and VADER.

:class:`PatternScorer` returns, for a string, the ``(polarity, subjectivity)``
pair that ``textblob.en.sentiment(text)`` (what ``TextBlob(text).sentiment``
calls) returns; :class:`VaderScorer` returns what
``SentimentIntensityAnalyzer().polarity_scores(text)`` returns.  The results
are the same floats, bit for bit: every rule of the engines is followed in the
same order with the same arithmetic.  The speed comes from doing less work per
text, never from changing a rule:

* the lexicons are read once from the installed packages into plain dicts
  (no ``lazydict`` dispatch per lookup), with each word's flags
  (modifier, negation) worked out in advance;
* TextBlob's seven contraction substitutions run as one compiled pattern, its
  tokenizer touches only tokens that begin or end with punctuation, and its
  sentence splitter and emoticon/sarcasm substitutions run only on texts where
  they could change a word (see :meth:`PatternScorer.words`);
* VADER's character-by-character emoji pass runs only on texts holding an
  emoji character, and its rules are applied only to lexicon words (every
  other word contributes 0, so a text without one scores 0.0).

The re-implementation mirrors the engine source it was checked against.  The
scorers therefore fingerprint the installed engine files
(:data:`VERIFIED_SOURCES`); :func:`engines_verified` says whether they match,
and :mod:`kzanalysis.sentence_sentiment` calls the engines themselves when they
do not.  The lexicons are snapshotted on first use: later edits to the engines'
in-memory lexicons are not seen.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import string as _string
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

# SHA-256 of the engine files whose rules the scorers mirror (textblob 0.20.1,
# vaderSentiment 3.3.2).  Any other version is scored by the engine itself.
VERIFIED_SOURCES = {
    ("textblob", "_text.py"): "d198f26dffcf573d49a7ff680a7bcf712fb15f8f195d1472b50aed6cbe2a6fb2",
    ("textblob", "en/__init__.py"): "27dfd0379a9ec627b0fba7ab0a35a72478c0ecb934b39d9f310df693f2ad0bf6",
    ("textblob", "en/sentiments.py"): "4b260df6220939b1eacee67f5c0b4f7d055721e72cb8929b501265b2063ae909",
    ("vaderSentiment", "vaderSentiment.py"): "25cd814d23000b41c0e242d99960832c6620b3f1b844469173404500ce63206b",
}


def _package_dir(package: str) -> Path | None:
    """Folder of an installed top-level package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _source_digest(package: str, relative: str) -> str:
    folder = _package_dir(package)
    path = None if folder is None else folder / relative
    return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None and path.is_file() else ""


@lru_cache(maxsize=None)
def engines_verified(package: str | None = None) -> bool:
    """Whether the installed engine files are the ones the scorers mirror.

    Parameters
    ----------
    package
        ``"textblob"`` or ``"vaderSentiment"``; ``None`` checks both.
    """
    return all(_source_digest(pkg, rel) == digest for (pkg, rel), digest in VERIFIED_SOURCES.items()
               if package is None or pkg == package)


def _textblob_pattern():
    """TextBlob's ``_text`` module and its loaded English sentiment analyser.

    When ``textblob.en`` is already imported, its own ``sentiment`` object is
    used; otherwise :func:`_standalone_pattern` builds the same one.
    """
    en = sys.modules.get("textblob.en")
    if en is not None:
        return sys.modules["textblob._text"], en.sentiment
    return _standalone_pattern()


def _standalone_pattern():
    """``textblob/_text.py`` and the English sentiment analyser, without importing ``textblob``.

    Importing ``textblob`` runs its ``__init__``, which imports nltk and scipy
    (about 0.3 s) for nothing the scorer needs.  ``_text.py`` imports only the
    standard library, so it is loaded on its own, and the analyser is built
    the way ``textblob/en/__init__.py`` builds it: the same lexicon file,
    negations and modifier tags, and its ``load`` step that gives each
    adjective's adverb ("terrible" -> "terribly") the adjective's scores.
    That file is fingerprinted in :data:`VERIFIED_SOURCES`, and the tests
    compare the result with ``textblob.en.sentiment`` entry by entry.
    """
    folder = _package_dir("textblob")
    spec = importlib.util.spec_from_file_location("kzanalysis._textblob_text", folder / "_text.py")
    _text = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(_text)
    analyser = _text.Sentiment(
        path=str(folder / "en" / "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        language="en",
    )
    analyser.load()
    for word, senses in list(dict.items(analyser)):
        if "JJ" in senses:
            if word.endswith("y"):
                word = word[:-1] + "i"
            if word.endswith("le"):
                word = word[:-2]
            p, s, i = senses["JJ"]
            analyser.annotate(word + "ly", "RB", p, s, i)
    return _text, analyser


_NEGATION = "negation"
_EXCLAMATION = "exclamation"
_MEMO_LIMIT = 100_000


class PatternScorer:
    """TextBlob's pattern sentiment of a string, exactly and without per-call overhead.

    Build it once (it reads the lexicon of ``textblob.en.sentiment``) and
    call :meth:`scores` per text.

    Parameters
    ----------
    pattern
        ``(textblob._text module, loaded English analyser)``; by default
        textblob's own when imported, else built without importing textblob.
    """

    def __init__(self, pattern: tuple | None = None) -> None:
        import re

        _text, analyser = _textblob_pattern() if pattern is None else pattern

        if any(value != " " + key for key, value in _text.replacements.items()):
            raise RuntimeError("textblob's contraction table is not 'insert a space before': unsupported version")
        self._text = _text
        # Known words -> (polarity, subjectivity, intensity, is_modifier, is_negation).
        # The analyser is called with part of speech None, so a word counts as
        # known only when it has a None sense (the average of its senses).
        modifiers = tuple(analyser.modifiers)
        negations = frozenset(analyser.negations)
        self.lexicon = {
            word: (*senses[None], any(tag in senses for tag in modifiers), word in negations)
            for word, senses in analyser.items()
            if None in senses
        }
        self.negations = negations
        # Unknown words that matter: the negations, "!" (boosts the previous
        # assessment), the sarcasm mark "(!)" and the emoticons (first group
        # wins, as the engine iterates its groups in order), the last two as
        # (polarity, subjectivity).  The engine looks an emoticon up only when
        # the word is not alphabetic, at most five characters and not a
        # substring of its punctuation string; those are properties of the
        # word, so they are applied to the emoticons here.
        special: dict[str, object] = {"!": _EXCLAMATION, "(!)": (0.0, 1.0)}
        for (_, polarity), faces in _text.EMOTICONS.items():
            for face in faces:
                low = face.lower()
                if not low.isalpha() and len(low) <= 5 and low not in _text.PUNCTUATION:
                    special.setdefault(low, (polarity, 1.0))
        if not negations.isdisjoint(special):
            raise RuntimeError("a textblob negation is also a special word: unsupported version")
        special.update(dict.fromkeys(negations, _NEGATION))
        self.special = special
        lead = _text.PUNCTUATION.replace(".", "")
        self.lead = frozenset(lead)
        self.trail = frozenset(lead + ".")
        self.abbreviations = frozenset(_text.ABBREVIATIONS)
        self.abbreviation_patterns = (_text.RE_ABBR1, _text.RE_ABBR2, _text.RE_ABBR3)
        self.eos = _text.EOS
        # The seven contraction substitutions in one pass: each inserts a
        # space before its match and no match can create or hide another
        # (all start with an apostrophe and differ in the next character,
        # except "n't", whose "'t" is no key).
        keys = sorted(_text.replacements, key=len, reverse=True)
        self.contractions = re.compile("(" + "|".join(map(re.escape, keys)) + ")")
        self.paragraph_break = re.compile(r"\n{2,}")
        # A substitution of the emoticon or sarcasm pattern changes a sentence
        # only when its match holds a space, i.e. two adjacent characters of
        # one emoticon (or of "(!)") with a space between them.  Grouped by
        # the first character, so the search skips other characters quickly.
        pairs = {(face[k], face[k + 1]) for faces in _text.EMOTICONS.values() for face in faces
                 for k in range(len(face) - 1)}
        pairs |= {("(", "!"), ("!", ")")}
        after: dict[str, set[str]] = {}
        for first, second in pairs:
            after.setdefault(first, set()).add(second)
        self.merge_trigger = re.compile("|".join(
            re.escape(first) + " [" + "".join(map(re.escape, sorted(seconds))) + "]"
            for first, seconds in sorted(after.items())))
        self.quotes = ("“", "”", "‘", "’", "'", '"')
        # Tokens with punctuation at an edge -> the engine's split of them.
        # Splitting is a pure function of the token; the memo is bounded.
        self.split_tokens: dict[str, list[str]] = {}

    # ------------------------------------------------------------ tokenizer
    def _split_token(self, token: str) -> list[str]:
        """The engine's punctuation splitting of one whitespace-free token (memoised).

        The engine also tests ``token not in replace``; no token can equal a
        contraction key because every apostrophe has been spaced out by then.
        """
        original = token
        lead = self.lead
        trail = self.trail
        out = []
        while token and token[0] in lead:
            out.append(token[0])
            token = token[1:]
        tail = []
        while token and token[-1] in trail:
            if token[-1] in lead:
                tail.append(token[-1])
                token = token[:-1]
            if token.endswith("..."):
                tail.append("...")
                token = token[:-3].rstrip(".")
            if token.endswith("."):
                if token in self.abbreviations or any(p.match(token) is not None for p in self.abbreviation_patterns):
                    break
                tail.append(token[-1])
                token = token[:-1]
        if token != "":
            out.append(token)
        out.extend(reversed(tail))
        if len(self.split_tokens) >= _MEMO_LIMIT:
            self.split_tokens.clear()
        self.split_tokens[original] = out
        return out

    def _sentences(self, tokens: list[str]) -> list[str]:
        """The engine's sentence grouping and emoticon/sarcasm merging (the slow, general path)."""
        _text = self._text
        eos = self.eos
        sentences: list[list[str]] = [[]]
        i = j = 0
        while j < len(tokens):
            if tokens[j] in ("...", ".", "!", "?", eos):
                while j < len(tokens) and tokens[j] in ("'", '"', "”", "’", "...", ".", "!", "?", ")", eos):
                    if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                        break
                    j += 1
                sentences[-1].extend(t for t in tokens[i:j] if t != eos)
                sentences.append([])
                i = j
            j += 1
        sentences[-1].extend(tokens[i:j])
        joined = (" ".join(s) for s in sentences if len(s) > 0)
        joined = (_text.RE_SARCASM.sub("(!)", s) for s in joined)
        return [_text.RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), s) for s in joined]

    def words(self, text: str) -> list[str]:
        """The lower-cased words the engine assesses for ``text``.

        Equal to ``[w.lower() for w in " ".join(find_tokens(text)).split()]``.
        The engine splits the tokens into sentences, drops its end-of-sentence
        markers and then applies its sarcasm and emoticon substitutions to each
        sentence; the words depend on the sentence boundaries only through
        those substitutions.  When the text holds no marker and no pair of
        characters such a substitution could join (:attr:`merge_trigger`, tried
        on all sentences joined, which contains every sentence), the words are
        the tokens themselves.
        """
        if "'" in text:
            text = self.contractions.sub(r" \1", text)
        for quote in self.quotes:
            if quote in text:
                text = text.replace(quote, f" {quote} ")
        if "\n" in text:
            text = text.replace("\r\n", "\n")
            text = self.paragraph_break.sub(f" {self.eos} ", text)
        lead = self.lead
        trail = self.trail
        split_tokens = self.split_tokens
        tokens: list[str] = []
        append = tokens.append
        extend = tokens.extend
        # str.split() splits on exactly the characters the engine's \s+ collapses.
        for token in text.split():
            if token[0] in lead or token[-1] in trail:
                parts = split_tokens.get(token)
                if parts is None:
                    parts = self._split_token(token)
                extend(parts)
            else:
                append(token)
        if self.eos in text:
            plain = [t for t in tokens if t != self.eos]
        else:
            plain = tokens
        joined = " ".join(plain)
        if self.merge_trigger.search(joined) is not None:
            plain = " ".join(self._sentences(tokens)).split()
            return [w.lower() for w in plain]
        if joined.isascii():  # ASCII lower-casing maps letter to letter, never touching spaces
            return joined.lower().split()
        return [w.lower() for w in plain]

    # ------------------------------------------------------------ scores
    def scores(self, text: str) -> tuple[float, float]:
        """``(polarity, subjectivity)`` of ``text``, equal to ``textblob.en.sentiment(text)``."""
        words = self.words(text)
        lexicon = self.lexicon
        special = self.special
        if lexicon.keys().isdisjoint(words) and special.keys().isdisjoint(words):
            return 0.0, 0.0  # no word the engine assesses: its average of nothing, 0 / 1.0
        get = lexicon.get
        # One assessment = [polarity, subjectivity, intensity, negated]; the
        # engine also keeps the words, which the scores do not need.
        found: list[list] = []
        m = None  # preceding modifier word
        n = None  # preceding negation word
        for w in words:
            entry = get(w)
            if entry is not None:
                p, s, i, is_modifier, is_negation = entry
                if m is None:
                    found.append([p, s, i, False])
                else:
                    last = found[-1]
                    intensity = last[2]
                    last[0] = max(-1.0, min(p * intensity, +1.0))
                    last[1] = max(-1.0, min(s * intensity, +1.0))
                    last[2] = i
                if n is not None:
                    last = found[-1]
                    last[2] = 1.0 / last[2]
                    last[3] = True
                m = w if is_modifier else None
                n = w if is_negation else None
                continue
            kind = special.get(w)
            if n is None and m is None and kind is None:
                continue  # an unknown, ordinary word with nothing pending changes nothing
            if kind is _NEGATION:
                n = w
            elif n is not None and len(w.strip("'")) > 1:
                n = None
            if m is not None:
                # The analyser tags nothing, so "is a modifier" is its
                # fallback rule: the modifier word ends in "ly".
                if n is not None and m.endswith("ly"):
                    found[-1][3] = True
                    n = None
                elif len(w) > 2:
                    m = None
            if kind is None or kind is _NEGATION:
                continue
            if kind is _EXCLAMATION:
                if found:
                    found[-1][0] = max(-1.0, min(found[-1][0] * 1.25, +1.0))
            else:  # the sarcasm mark or an emoticon: (polarity, subjectivity)
                found.append([*cast("tuple[Any, Any]", kind), 1.0, False])
        # The engine's average: running sums (from int 0 there; 0 + x == 0.0 + x), divided by the count.
        polarity = subjectivity = 0.0
        for p, s, _, negated in found:
            polarity += p * -0.5 if negated else p
            subjectivity += s
        count = float(len(found) or 1)
        return polarity / count, subjectivity / count


class VaderScorer:
    """VADER's ``polarity_scores``, exactly and without per-call overhead.

    Build it once (it reads the lexicons shipped with ``vaderSentiment``) and
    call :meth:`compound` or :meth:`polarity_scores` per text.
    """

    def __init__(self, analyzer=None) -> None:
        from vaderSentiment import vaderSentiment as vs

        analyzer = vs.SentimentIntensityAnalyzer() if analyzer is None else analyzer
        self.lexicon = dict(analyzer.lexicon)
        self.emojis = dict(analyzer.emojis)
        # The engine replaces emojis character by character, so only
        # one-character keys can ever match.
        self.emoji_chars = frozenset(key for key in self.emojis if len(key) == 1)
        self.ascii_emoji = any(char.isascii() for char in self.emoji_chars)  # none in 3.3.2
        self.boosters = dict(vs.BOOSTER_DICT)
        self.special_cases = dict(vs.SPECIAL_CASES)
        self.negate = frozenset(vs.NEGATE)
        self.c_incr = vs.C_INCR
        self.n_scalar = vs.N_SCALAR
        self.normalize = vs.normalize
        self.punctuation = _string.punctuation
        # Consecutive word pairs of the multi-word idiom and booster keys: every
        # phrase the idiom check looks up is two or three consecutive words,
        # so it can match a key only where two consecutive words form such a pair.
        self.idiom_pairs = frozenset(
            pair for key in (*self.special_cases, *self.boosters) if " " in key
            for pair in zip(key.split(" "), key.split(" ")[1:])
        )

    # ------------------------------------------------------------ words
    def _text_and_words(self, text: str) -> tuple[str, list[str]]:
        """The engine's emoji-free text and its words (``words_and_emoticons``) in lower case."""
        if (self.ascii_emoji or not text.isascii()) and not self.emoji_chars.isdisjoint(text):
            emojis = self.emojis
            pieces = []
            prev_space = True
            for char in text:
                if char in emojis:
                    if not prev_space:
                        pieces.append(" ")
                    pieces.append(emojis[char])
                    prev_space = False
                else:
                    pieces.append(char)
                    prev_space = char == " "
            text = "".join(pieces).strip()
        # Without an emoji the engine's text is ``text.strip()``: the same
        # words and the same counts of "!" and "?".
        punctuation = self.punctuation
        if text.isascii():
            # ASCII lower-casing maps letter to letter and keeps every
            # punctuation mark and length, so it commutes with the stripping.
            return text, [stripped if len(stripped := token.strip(punctuation)) > 2 else token
                          for token in text.lower().split()]
        words = [stripped if len(stripped := token.strip(punctuation)) > 2 else token for token in text.split()]
        return text, [word.lower() for word in words]

    def _sentiments(self, text: str, lowers: list[str]) -> list:
        """One valence per word (0 for words outside the lexicon), after the "but" rule."""
        lexicon = self.lexicon
        sentiments: list = [0] * len(lowers)
        hits = lexicon.keys() & lowers
        if not hits:
            return sentiments
        # The engine asks words whether they are upper case.  Stripping
        # punctuation (uncased) never changes the answer, so the unstripped
        # tokens answer for them.
        cased = text.split()
        boosters = self.boosters
        is_cap_diff = 0 < len(cased) - sum(map(str.isupper, cased)) < len(cased)
        last = len(cased) - 1
        # Each word's valence depends only on the words, not on the others'
        # valences, so the lexicon words may be visited in any order.
        for lower in hits:
            if lower in boosters:
                continue
            i = -1
            for _ in range(lowers.count(lower)):
                i = lowers.index(lower, i + 1)
                if i < last and lower == "kind" and lowers[i + 1] == "of":
                    continue
                sentiments[i] = self._valence(i, cased, lowers, is_cap_diff)
        if "but" in lowers:
            # The engine pops and re-inserts at the same index, i.e. assigns;
            # list.index finds the first equal value, as in the engine.
            but = lowers.index("but")
            for sentiment in sentiments:
                at = sentiments.index(sentiment)
                if at < but:
                    sentiments[at] = sentiment * 0.5
                elif at > but:
                    sentiments[at] = sentiment * 1.5
        return sentiments

    def _negated(self, lower: str) -> bool:
        """The engine's ``negated([word])`` (which lower-cases the word once more)."""
        word = lower.lower()
        return word in self.negate or "n't" in word

    def _valence(self, i: int, words: list[str], lowers: list[str], is_cap_diff: bool) -> float:
        """Valence of the lexicon word at ``i`` after the engine's rules.

        The engine's ``scalar_inc_dec`` and ``_negation_check`` are written
        out in the loop; ``_special_idioms_check`` is :meth:`_idioms`.
        """
        lexicon = self.lexicon
        boosters = self.boosters
        negated = self._negated
        n_scalar = self.n_scalar
        c_incr = self.c_incr
        item, lower = words[i], lowers[i]
        valence = lexicon[lower]
        if lower == "no" and i != len(words) - 1 and lowers[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lowers[i - 1] == "no") or (i > 1 and lowers[i - 2] == "no") \
                or (i > 2 and lowers[i - 3] == "no" and lowers[i - 1] in ("or", "nor")):
            valence = lexicon[lower] * n_scalar
        if item.isupper() and is_cap_diff:
            if valence > 0:
                valence += c_incr
            else:
                valence -= c_incr
        for start_i in range(0, 3):
            if i <= start_i:
                break
            k = i - (start_i + 1)
            before = lowers[k]
            if before in lexicon:
                continue
            # scalar_inc_dec(words[k], valence, is_cap_diff)
            s = 0.0
            if before in boosters:
                s = boosters[before]
                if valence < 0:
                    s *= -1
                if words[k].isupper() and is_cap_diff:
                    if valence > 0:
                        s += c_incr
                    else:
                        s -= c_incr
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            valence = valence + s
            # _negation_check(valence, lowers, start_i, i)
            if start_i == 0:
                if negated(before):
                    valence = valence * n_scalar
            elif start_i == 1:
                if lowers[i - 2] == "never" and (lowers[i - 1] == "so" or lowers[i - 1] == "this"):
                    valence = valence * 1.25
                elif lowers[i - 2] == "without" and lowers[i - 1] == "doubt":
                    pass
                elif negated(before):
                    valence = valence * n_scalar
            else:
                if lowers[i - 3] == "never" and (lowers[i - 2] == "so" or lowers[i - 2] == "this") \
                        or (lowers[i - 1] == "so" or lowers[i - 1] == "this"):
                    valence = valence * 1.25
                elif lowers[i - 3] == "without" and (lowers[i - 2] == "doubt" or lowers[i - 1] == "doubt"):
                    pass
                elif negated(before):
                    valence = valence * n_scalar
                valence = self._idioms(valence, lowers, i)
        # _least_check: "least" as negation (not after "at" or "very").
        if i > 1 and lowers[i - 1] not in lexicon and lowers[i - 1] == "least":
            if lowers[i - 2] != "at" and lowers[i - 2] != "very":
                valence = valence * n_scalar
        elif i > 0 and lowers[i - 1] not in lexicon and lowers[i - 1] == "least":
            valence = valence * n_scalar
        return valence

    def _idioms(self, valence: float, w: list[str], i: int) -> float:
        """The engine's special-idiom and booster n-gram check (called with ``i >= 3``)."""
        # Every phrase it looks up joins consecutive words of w[i-3] .. w[i+2]
        # with spaces, and words hold no whitespace: no key pair there, no match.
        window = w[i - 3:i + 3]
        if self.idiom_pairs.isdisjoint(zip(window, window[1:])):
            return valence
        special = self.special_cases
        onezero = f"{w[i - 1]} {w[i]}"
        twoonezero = f"{w[i - 2]} {w[i - 1]} {w[i]}"
        twoone = f"{w[i - 2]} {w[i - 1]}"
        threetwoone = f"{w[i - 3]} {w[i - 2]} {w[i - 1]}"
        threetwo = f"{w[i - 3]} {w[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in special:
                valence = special[seq]
                break
        if len(w) - 1 > i:
            zeroone = f"{w[i]} {w[i + 1]}"
            if zeroone in special:
                valence = special[zeroone]
        if len(w) - 1 > i + 1:
            zeroonetwo = f"{w[i]} {w[i + 1]} {w[i + 2]}"
            if zeroonetwo in special:
                valence = special[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in self.boosters:
                valence = valence + self.boosters[n_gram]
        return valence

    # ------------------------------------------------------------ scores
    @staticmethod
    def _punctuation_emphasis(text: str) -> float:
        ep_count = text.count("!")
        if ep_count > 4:
            ep_count = 4
        ep_amplifier = ep_count * 0.292
        qm_count = text.count("?")
        qm_amplifier = 0.0  # the engine's int 0 gives the same sum: ep_amplifier is a float
        if qm_count > 1:
            qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
        return ep_amplifier + qm_amplifier

    def compound(self, text: str) -> float:
        """VADER's ``compound`` score of ``text`` (``polarity_scores(text)["compound"]``)."""
        text, lowers = self._text_and_words(text)
        sentiments = self._sentiments(text, lowers)
        if not any(sentiments):
            # Empty or all zero: the sum is 0.0, no emphasis is added, and
            # normalize(0.0) rounds to 0.0.
            return 0.0
        return round(self.normalize(self._emphasised_sum(sentiments, self._punctuation_emphasis(text))), 4)

    @staticmethod
    def _emphasised_sum(sentiments: list[float], punct_emph_amplifier: float) -> float:
        """The sum of the word sentiments, pushed away from 0 by "!" and "?" emphasis (VADER's rule)."""
        sum_s = float(sum(sentiments))
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        return sum_s

    def polarity_scores(self, text: str) -> dict[str, float]:
        """VADER's full ``{"neg", "neu", "pos", "compound"}`` dictionary for ``text``."""
        text, lowers = self._text_and_words(text)
        sentiments = self._sentiments(text, lowers)
        if not sentiments:
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        punct_emph_amplifier = self._punctuation_emphasis(text)
        compound = self.normalize(self._emphasised_sum(sentiments, punct_emph_amplifier))
        pos_sum = 0.0
        neg_sum = 0.0
        neu_count = 0
        for score in sentiments:
            if score > 0:
                pos_sum += (float(score) + 1)
            if score < 0:
                neg_sum += (float(score) - 1)
            if score == 0:
                neu_count += 1
        if pos_sum > math.fabs(neg_sum):
            pos_sum += punct_emph_amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= punct_emph_amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        return {"neg": round(math.fabs(neg_sum / total), 3), "neu": round(math.fabs(neu_count / total), 3),
                "pos": round(math.fabs(pos_sum / total), 3), "compound": round(compound, 4)}
