"""Which articles retell the same story: similar passages and shared quotes across sources.

Three kinds of evidence, all between *different* articles:

1. :func:`similar_passages` – sentence pairs whose TF-IDF vectors are close
   (cosine similarity at or above a threshold).  Before vectorising, every
   actor mention is replaced by its canonical actor token from the gazetteer
   (:func:`kzanalysis.entities.canonical_text`), so "Ahas Tazhutov" and
   "Akhas Tazhutov", or "Tokaev" and "Tokayev", count as the same word.
2. :func:`shared_quotes` – quoted passages of two articles that share enough
   content words (translations of the same quote rarely match word for word).
3. Rare people – persons whom both articles name but few other articles do.

:func:`retellings` sums them up per article pair and marks pairs that retell
the same story.  The vectoriser is fitted on the corpus passed in (no fitted
state is kept), so results depend on that corpus; thresholds are module
constants documented below.
"""

from __future__ import annotations

import re
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .entities import Gazetteer, canonical_text, find_mentions, load_gazetteer
from .segment import sentences as sentence_table

SIMILARITY_THRESHOLD = 0.30
"""Cosine similarity (TF-IDF, canonical actors) at which two sentences count as similar.

On the bundled corpus the two articles that report the same analyst's claims
share six sentence pairs at or above 0.30; every other pair of articles shares
at most one."""

MIN_SENTENCE_WORDS = 6
"""Shorter sentences (and headings) are not compared: they match by chance."""

MIN_SIMILAR_PASSAGES = 3
"""An article pair with at least this many similar sentence pairs retells the same story."""

MIN_QUOTE_CONTENT_WORDS = 2
"""Quotes with fewer content words (scare quotes such as "loyal") are not compared."""

MIN_SHARED_QUOTE_WORDS = 3
QUOTE_OVERLAP = 0.3
"""Two quotes are shared when they have at least ``MIN_SHARED_QUOTE_WORDS`` content
words in common and these make up at least ``QUOTE_OVERLAP`` of the shorter quote."""

RARE_PERSON_SHARE = 0.4
"""A person is "rare" when named by at most this share of the articles (and at least two)."""

STEM_LENGTH = 6
"""Content words are compared by their first letters, so "region" matches "regions"."""

PASSAGE_COLUMNS = [
    "doc_id_a", "sentence_id_a", "sentence_a", "doc_id_b", "sentence_id_b", "sentence_b", "similarity",
]
QUOTE_COLUMNS = ["doc_id_a", "quote_a", "doc_id_b", "quote_b", "shared_words", "overlap"]
PAIR_COLUMNS = [
    "doc_id_a", "doc_id_b", "n_similar_passages", "max_similarity", "n_shared_quotes",
    "shared_people", "same_story", "evidence",
]
_QUOTE = re.compile(r'"([^"\n]+)"')
_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _comparable_sentences(corpus: pd.DataFrame) -> pd.DataFrame:
    table = sentence_table(corpus)
    keep = ~table["is_heading"] & (table["sentence"].str.split().str.len() >= MIN_SENTENCE_WORDS)
    return table[keep].reset_index(drop=True)


def similar_passages(
    corpus: pd.DataFrame,
    threshold: float = SIMILARITY_THRESHOLD,
    gazetteer: Gazetteer | None = None,
) -> pd.DataFrame:
    """Sentence pairs from different articles whose wording is close.

    Parameters
    ----------
    corpus
        A cleaned corpus (``doc_id``, ``body``), as from :func:`kzanalysis.load_corpus`.
    threshold
        Minimum cosine similarity (0–1).
    gazetteer
        For canonical actor names; default: the package's.

    Returns
    -------
    DataFrame
        ``doc_id_a``, ``sentence_id_a``, ``sentence_a``, ``doc_id_b``,
        ``sentence_id_b``, ``sentence_b`` (``doc_id_a`` < ``doc_id_b``;
        sentence ids as in :func:`kzanalysis.sentences`) and ``similarity``
        (rounded to 3 decimals), most similar first.  Empty when fewer than
        two articles have comparable sentences.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    table = _comparable_sentences(corpus)
    if table.empty or table["doc_id"].nunique() < 2:
        return pd.DataFrame(columns=PASSAGE_COLUMNS)
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    texts = [canonical_text(s, gaz) for s in table["sentence"]]
    vectoriser = TfidfVectorizer(stop_words="english", sublinear_tf=True, lowercase=True)
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return pd.DataFrame(columns=PASSAGE_COLUMNS)
    similarity = (matrix @ matrix.T).toarray()
    docs = table["doc_id"].to_numpy()
    rows = []
    for i, j in zip(*np.nonzero(np.triu(similarity >= threshold, k=1))):
        if docs[i] == docs[j]:
            continue
        a, b = (i, j) if docs[i] < docs[j] else (j, i)
        rows.append((
            docs[a], int(table.at[a, "sentence_id"]), table.at[a, "sentence"],
            docs[b], int(table.at[b, "sentence_id"]), table.at[b, "sentence"],
            round(float(similarity[i, j]), 3),
        ))
    out = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
    return out.sort_values(
        ["similarity", "doc_id_a", "sentence_id_a", "doc_id_b", "sentence_id_b"],
        ascending=[False, True, True, True, True], kind="stable",
    ).reset_index(drop=True)


def content_stems(text: str) -> set[str]:
    """Lower-cased content words (no stop words), cut to ``STEM_LENGTH`` letters."""
    return {
        w.lower()[:STEM_LENGTH] for w in _WORD.findall(text)
        if w.lower() not in ENGLISH_STOP_WORDS and len(w) > 1
    }


def quotes(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every quoted passage (between straight double quotes, within one paragraph).

    A quote that runs over several sentences is kept whole; an opening quote
    that never closes in its paragraph is ignored.

    Returns
    -------
    DataFrame
        ``doc_id``, ``quote``, ``start``, ``end`` (offsets into ``body``).
    """
    rows = [
        (doc_id, m.group(1).strip(), m.start(1), m.end(1))
        for doc_id, body in zip(corpus["doc_id"], corpus["body"])
        for m in _QUOTE.finditer(body)
    ]
    return pd.DataFrame(rows, columns=["doc_id", "quote", "start", "end"])


def shared_quotes(corpus: pd.DataFrame) -> pd.DataFrame:
    """Quotes of two different articles that share enough content words.

    Returns
    -------
    DataFrame
        ``doc_id_a``, ``quote_a``, ``doc_id_b``, ``quote_b``,
        ``shared_words`` (the shared word stems, sorted, joined by ", ") and
        ``overlap`` (shared stems over the shorter quote's stems).
    """
    table = quotes(corpus)
    table["stems"] = [content_stems(q) for q in table["quote"]]
    table = table[table["stems"].map(len) >= MIN_QUOTE_CONTENT_WORDS].reset_index(drop=True)
    rows = []
    for i, j in combinations(range(len(table)), 2):
        a, b = table.loc[i], table.loc[j]
        if a["doc_id"] == b["doc_id"]:
            continue
        if a["doc_id"] > b["doc_id"]:
            a, b = b, a
        shared = a["stems"] & b["stems"]
        overlap = len(shared) / min(len(a["stems"]), len(b["stems"]))
        if len(shared) >= MIN_SHARED_QUOTE_WORDS and overlap >= QUOTE_OVERLAP:
            rows.append((a["doc_id"], a["quote"], b["doc_id"], b["quote"], ", ".join(sorted(shared)), round(overlap, 3)))
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    return out.sort_values(["doc_id_a", "doc_id_b", "overlap"], ascending=[True, True, False], kind="stable").reset_index(drop=True)


def _rare_people(corpus: pd.DataFrame, gazetteer: Gazetteer) -> dict[str, set[str]]:
    """Persons per article, keeping only those named by few articles."""
    per_doc: dict[str, set[str]] = {}
    for doc_id, body in zip(corpus["doc_id"], corpus["body"]):
        per_doc[doc_id] = {m["actor"] for m in find_mentions(body, gazetteer) if m["type"] == "person"}
    n_docs = len(per_doc)
    counts: dict[str, int] = {}
    for people in per_doc.values():
        for person in people:
            counts[person] = counts.get(person, 0) + 1
    limit = max(2, int(RARE_PERSON_SHARE * n_docs))
    return {doc: {p for p in people if counts[p] <= limit} for doc, people in per_doc.items()}


def retellings(
    corpus: pd.DataFrame,
    threshold: float = SIMILARITY_THRESHOLD,
    min_passages: int = MIN_SIMILAR_PASSAGES,
    gazetteer: Gazetteer | None = None,
) -> pd.DataFrame:
    """One row per pair of articles with the evidence that they tell the same story.

    Parameters
    ----------
    corpus
        A cleaned corpus, as from :func:`kzanalysis.load_corpus`.
    threshold
        Sentence similarity threshold (see :func:`similar_passages`).
    min_passages
        Similar sentence pairs needed to call it the same story.
    gazetteer
        For canonical actor names; default: the package's.

    Returns
    -------
    DataFrame
        ``doc_id_a``, ``doc_id_b``, ``n_similar_passages``,
        ``max_similarity`` (0 when no sentence pair passes the threshold),
        ``n_shared_quotes``, ``shared_people`` (rare persons both name,
        joined by ", "), ``same_story`` (at least ``min_passages`` similar
        passages, or a shared quote together with a shared rare person) and
        ``evidence`` (a one-line summary).  Pairs with no evidence at all are
        left out; sorted with the strongest pairs first.
    """
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    passages = similar_passages(corpus, threshold, gaz)
    shared = shared_quotes(corpus)
    people = _rare_people(corpus, gaz)
    rows = []
    for a, b in combinations(sorted(corpus["doc_id"]), 2):
        pairs = passages[(passages["doc_id_a"] == a) & (passages["doc_id_b"] == b)]
        n_quotes = int(((shared["doc_id_a"] == a) & (shared["doc_id_b"] == b)).sum())
        common = sorted(people.get(a, set()) & people.get(b, set()))
        if pairs.empty and not n_quotes and not common:
            continue
        same = len(pairs) >= min_passages or (n_quotes > 0 and bool(common))
        evidence = [f"{len(pairs)} similar sentence pair(s)"]
        if n_quotes:
            evidence.append(f"{n_quotes} shared quote(s)")
        if common:
            evidence.append("both name " + ", ".join(common))
        rows.append((
            a, b, len(pairs), float(pairs["similarity"].max()) if len(pairs) else 0.0,
            n_quotes, ", ".join(common), same, "; ".join(evidence),
        ))
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    return out.sort_values(
        ["same_story", "n_similar_passages", "max_similarity", "doc_id_a", "doc_id_b"],
        ascending=[False, False, False, True, True], kind="stable",
    ).reset_index(drop=True)
