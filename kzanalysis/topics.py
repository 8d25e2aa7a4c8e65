"""Topic models over paragraphs or articles: NMF and LDA behind one interface.

Pipeline
--------
1. **Units** (:func:`topic_units`): paragraphs by default (five articles are
   too few for document-level topics), or whole articles; each unit carries
   its source (:func:`kzanalysis.corpus.source_label`: the ``outlet``, or
   ``"doc <doc_id>"`` when the outlet is empty).
2. **Entity tokens** (:func:`tag_entities`, which is
   :func:`kzanalysis.entities.canonical_text`): every gazetteer mention is
   replaced by its actor's canonical token, so "Kassym-Jomart Tokayev",
   "Tokaev" and "the Kazakh president" all count as the one term
   ``tokayev`` ("United States" becomes ``united_states``).
3. **Document-term matrix** (:func:`make_vectorizer`): scikit-learn's
   ``TfidfVectorizer`` (sublinear tf) for NMF, ``CountVectorizer`` for LDA;
   English stop words plus the domain list ``data/stopwords.txt``; words of
   two or more characters that start with a letter; rare and ubiquitous terms
   dropped (thresholds scale with the number of units).
4. **Model** (:func:`fit_topics`): NMF (deterministic ``nndsvda`` start,
   Frobenius loss) or LDA (batch variational Bayes on the most frequent
   terms).  Topics are numbered by overall prevalence, largest first.
5. **Choice of k** (:func:`choose_k`): mean NPMI coherence from the corpus
   itself and stability of the top terms across seeded subsamples, over a
   range of k; ``k="auto"`` picks the best.
6. **Prevalence by source** (:func:`topic_prevalence`): mean topic share of a
   source's units with percentile bootstrap intervals (fixed seed).

Everything is seeded: two runs with the same ``random_state`` give the same
numbers.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    TfidfVectorizer,
)

from .coherence import npmi_coherence, topic_agreement
from .config import PACKAGE_DATA_DIR
from .corpus import source_label
from .entities import canonical_text
from .resample import bootstrap_mean_interval
from .segment import paragraphs
from .validate import require_texts

METHODS = ("nmf", "lda")
UNITS = ("paragraph", "article")
UNIT_COLUMNS = ["unit_id", "doc_id", "paragraph_id", "source", "text"]
TOP_TERM_COLUMNS = ["topic", "label", "rank", "term", "weight"]
PASSAGE_COLUMNS = ["topic", "label", "rank", "unit_id", "weight", "text"]
K_SELECTION_COLUMNS = [
    "k", "coherence", "stability", "stability_sd", "score", "chosen",
]
PREVALENCE_COLUMNS = ["source", "topic", "label", "n_units", "share", "low", "high"]

TOKEN_PATTERN = r"(?u)\b[^\W\d_]\w+\b"
"""Words of two or more characters starting with a letter; ``_`` joins entity tokens."""

DEFAULT_K_RANGE = range(2, 11)
DEFAULT_STABILITY_SEEDS = (1, 2, 3, 4, 5)
LDA_RESTARTS = 4
"""LDA starts per fit; the start with the highest variational bound is kept."""
MIN_UNITS_PER_TOPIC = 5
"""``choose_k`` only considers k up to (units with words) / 5 (and at least 2)."""
LIFT_SMOOTHING = 0.01
"""Added to both shares in :func:`distinctive_topics`' lift."""
SMALL_CORPUS = 50
"""Below this many units, every term is kept (min_df=1, max_df=1.0)."""


class TopicModelError(ValueError):
    """The texts cannot be modelled (no usable words, too few units, bad k)."""


class TopicWarning(UserWarning):
    """A request was adjusted to fit the data (k clamped, empty units)."""


# --------------------------------------------------------------------------- words


@lru_cache(maxsize=4)
def domain_stop_words(path: str | None = None) -> frozenset[str]:
    """Read the domain stop words (default ``data/stopwords.txt``), lower case."""
    source = Path(path) if path is not None else PACKAGE_DATA_DIR / "stopwords.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.lstrip().startswith("#")
    )


def stop_words(path: str | None = None) -> list[str]:
    """scikit-learn's English stop words plus the domain list, sorted."""
    return sorted(ENGLISH_STOP_WORDS | domain_stop_words(path))


tag_entities = canonical_text
"""Replace every gazetteer mention by its canonical token: :func:`kzanalysis.entities.canonical_text`."""


# --------------------------------------------------------------------------- units


def topic_units(
    corpus: pd.DataFrame, unit: str = "paragraph", include_headings: bool = False
) -> pd.DataFrame:
    """The texts to model: one row per paragraph (default) or per article.

    Parameters
    ----------
    corpus
        A cleaned corpus table (:func:`kzanalysis.load_corpus`): ``doc_id``,
        ``body``, ``text`` and optionally ``outlet``.
    unit
        ``"paragraph"`` (cleaned body paragraphs) or ``"article"`` (headline
        plus body, the corpus' ``text`` column).
    include_headings
        Keep heading-like paragraphs (short lines without a full stop);
        paragraphs only.

    Returns
    -------
    DataFrame
        ``unit_id`` (``"<doc_id>-p<NN>"`` or the doc_id), ``doc_id``,
        ``paragraph_id`` (-1 for articles), ``source``
        (:func:`kzanalysis.corpus.source_label`: the outlet, or
        ``"doc <doc_id>"`` when the outlet is empty) and ``text``.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; use one of {list(UNITS)}")
    missing = [c for c in ("doc_id", "body") if c not in corpus.columns]
    if missing:
        raise ValueError(f"corpus lacks columns {missing}; pass the table load_corpus returns")
    source_of = dict(zip(corpus["doc_id"].astype(str), source_label(corpus)))
    if corpus.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in UNIT_COLUMNS})
    if unit == "article":
        text_column = "text" if "text" in corpus.columns else "body"
        doc_ids = corpus["doc_id"].astype(str)
        return pd.DataFrame(
            {
                "unit_id": doc_ids.to_numpy(),
                "doc_id": doc_ids.to_numpy(),
                "paragraph_id": -1,
                "source": [source_of[d] for d in doc_ids],
                "text": corpus[text_column].fillna("").astype(str).to_numpy(),
            },
            columns=UNIT_COLUMNS,
        )
    table = paragraphs(corpus)
    if not include_headings:
        table = table[~table["is_heading"]]
    doc_ids = table["doc_id"].astype(str)
    return pd.DataFrame(
        {
            "unit_id": [f"{d}-p{p:02d}" for d, p in zip(doc_ids, table["paragraph_id"])],
            "doc_id": doc_ids.to_numpy(),
            "paragraph_id": table["paragraph_id"].to_numpy(),
            "source": [source_of[d] for d in doc_ids],
            "text": table["paragraph"].to_numpy(),
        },
        columns=UNIT_COLUMNS,
    ).reset_index(drop=True)


# --------------------------------------------------------------------------- matrix


def make_vectorizer(
    method: str = "nmf", n_documents: int = 1000, **overrides
) -> TfidfVectorizer | CountVectorizer:
    """The package's default vectorizer for ``method`` and a corpus size.

    NMF gets sublinear tf-idf; LDA gets raw counts of the 3,000 most frequent
    terms (LDA models counts, and a short vocabulary steadies it).  With at
    least ``SMALL_CORPUS`` units, terms in fewer than 2 units or in more than
    half of them are dropped; smaller corpora keep every term.

    Parameters
    ----------
    method
        ``"nmf"`` or ``"lda"``.
    n_documents
        Number of units the vectorizer will see (sets the thresholds).
    **overrides
        Any scikit-learn vectorizer argument (``min_df``, ``max_df``,
        ``ngram_range``, ``stop_words``...), replacing the default.
    """
    _check_method(method)
    small = n_documents < SMALL_CORPUS
    params: dict = {
        "lowercase": True,
        "token_pattern": TOKEN_PATTERN,
        "stop_words": stop_words(),
        "min_df": 1 if small else 2,
        "max_df": 1.0 if small else 0.5,
        "dtype": np.float64,
    }
    if method == "nmf":
        params.update(sublinear_tf=True)
    else:
        params.update(max_features=3000)
    params.update(overrides)
    cls = TfidfVectorizer if method == "nmf" else CountVectorizer
    if cls is CountVectorizer:
        params.pop("sublinear_tf", None)
    return cls(**params)


def _check_method(method: str) -> str:
    if method not in METHODS:
        raise ValueError(f"unknown topic method {method!r}; use one of {list(METHODS)}")
    return method


def _as_texts(texts) -> tuple[list[str], list]:
    """Texts as a list of str and their ids (Series index, else 0..n-1)."""
    if isinstance(texts, str):
        raise TypeError("fit_topics needs a sequence of texts, not one string")
    if isinstance(texts, pd.DataFrame):
        raise TypeError(
            "fit_topics needs a sequence of texts; pass a column, e.g. units['text']"
        )
    ids = list(texts.index) if isinstance(texts, pd.Series) else None
    values = require_texts(texts)
    return values, ids if ids is not None else list(range(len(values)))


def _prepare(texts: list[str], method: str, entity_tokens: bool, vectorizer_params: Mapping):
    tagged = [tag_entities(t) for t in texts] if entity_tokens else list(texts)
    vectorizer = make_vectorizer(method, len(tagged), **dict(vectorizer_params))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # stop-word consistency notice
            matrix = vectorizer.fit_transform(tagged)
    except ValueError as exc:
        if "max_df corresponds to < documents than min_df" in str(exc):
            vectorizer.set_params(min_df=1, max_df=1.0)
            try:
                matrix = vectorizer.fit_transform(tagged)
            except ValueError as inner:
                raise TopicModelError(f"no usable words in the {len(texts)} texts: {inner}") from inner
        else:
            raise TopicModelError(
                f"no usable words in the {len(texts)} texts after removing stop words "
                f"and rare terms ({exc})"
            ) from exc
    return tagged, vectorizer, matrix.tocsr()


def _max_k(matrix) -> int:
    n_docs = int((matrix.getnnz(axis=1) > 0).sum())
    return int(min(n_docs, matrix.shape[1]))


def _fit_estimator(
    matrix, k: int, method: str, seed: int, model_params: Mapping, with_strength: bool = False
):
    """Fit one estimator; return it, doc-topic shares (rows sum to 1 or 0) and
    topic-term weights, plus (``with_strength``) the unnormalised doc-topic
    weights: NMF activations on unit-norm topics, LDA expected topic counts."""
    if method == "nmf":
        params = {"init": "nndsvda", "beta_loss": "frobenius", "max_iter": 400, "tol": 1e-4}
        params.update(model_params)
        estimator = NMF(n_components=k, random_state=seed, **params)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=Warning)  # ConvergenceWarning on tiny data
            raw = estimator.fit_transform(matrix)
        components = estimator.components_
        norms = np.linalg.norm(components, axis=1)
        norms[norms == 0] = 1.0
        raw = raw * norms  # put every topic on the same scale before comparing
        term_weights = components / norms[:, None]
    else:
        params = {"learning_method": "batch", "max_iter": 20}
        params.update(model_params)
        n_restarts = int(params.pop("n_restarts", LDA_RESTARTS))
        if n_restarts < 1:
            raise ValueError(f"n_restarts must be at least 1, not {n_restarts}")
        # Several seeded starts; keep the one the model itself finds likeliest
        # (highest variational bound): no labels involved.
        starts = np.random.default_rng(seed).integers(0, 2**31 - 1, size=n_restarts)
        estimator, raw, best = None, None, -np.inf
        for start in starts:
            candidate = LatentDirichletAllocation(n_components=k, random_state=int(start), **params)
            weights = candidate.fit_transform(matrix)
            bound = candidate.score(matrix)
            if bound > best:
                estimator, raw, best = candidate, weights, bound
        components = estimator.components_
        term_weights = components / components.sum(axis=1, keepdims=True)
        raw = raw * (matrix.getnnz(axis=1) > 0)[:, None]  # LDA gives empty rows the prior
    totals = raw.sum(axis=1, keepdims=True)
    weights = np.divide(raw, totals, out=np.zeros_like(raw), where=totals > 0)
    if with_strength:
        if method == "lda":
            raw = weights * np.asarray(matrix.sum(axis=1))
        return estimator, weights, term_weights, raw
    return estimator, weights, term_weights


def _top_indices(term_weights: np.ndarray, n: int) -> list[list[int]]:
    n = min(n, term_weights.shape[1])
    # stable: ties broken by vocabulary order; terms with zero weight are left out
    return [
        [i for i in np.argsort(-row, kind="stable")[:n] if row[i] > 0] for row in term_weights
    ]


# --------------------------------------------------------------------------- model


class TopicModel:
    """A fitted topic model: top terms, document-topic weights, passages, labels.

    Build it with :func:`fit_topics`.  Topics are numbered 0..k-1 by overall
    prevalence (largest first).  ``labels`` maps topic number to a label and
    can be edited (``model.set_labels({0: "Security"})``); every table uses
    the current labels.

    Attributes
    ----------
    method, k, random_state
        How the model was fitted.
    ids
        The unit ids (the Series index of the texts, else 0..n-1).
    texts
        The original texts.
    vectorizer, estimator
        The fitted scikit-learn objects.
    terms
        The vocabulary (ndarray of str).
    doc_term
        The document-term matrix (sparse, units × terms).
    doc_topic
        DataFrame (index ``ids``, columns 0..k-1): each unit's topic shares,
        summing to 1 (all 0 for a unit without any vocabulary word).
    strength
        ndarray units × k: unnormalised weights (NMF activations on unit-norm
        topics; LDA expected word counts per topic).
    term_topic
        ndarray k × terms: topic-term weights (NMF: unit-norm rows; LDA:
        probabilities).
    k_selection
        The :func:`choose_k` table when ``k="auto"``, else None.
    """

    def __init__(
        self, *, method, k, random_state, ids, texts, tagged, vectorizer, estimator,
        doc_term, doc_topic, term_topic, n_top_terms, order, strength, k_selection=None,
    ):
        self.method = method
        self.k = k
        self.random_state = random_state
        self.ids = list(ids)
        self.texts = list(texts)
        self.tagged_texts = list(tagged)
        self.vectorizer = vectorizer
        self.estimator = estimator
        self.terms = np.asarray(vectorizer.get_feature_names_out(), dtype=object)
        self.doc_term = doc_term
        self.doc_topic = pd.DataFrame(doc_topic, index=pd.Index(self.ids, name="unit_id"))
        self.doc_topic.columns = pd.RangeIndex(k, name="topic")
        self.term_topic = term_topic
        self.strength = np.asarray(strength)
        self.n_top_terms = n_top_terms
        self.k_selection = k_selection
        self._order = np.asarray(order)
        self.labels: dict[int, str] = {}
        self.reset_labels()

    def __repr__(self) -> str:
        return (
            f"TopicModel(method={self.method!r}, k={self.k}, units={len(self.ids)}, "
            f"terms={len(self.terms)}, random_state={self.random_state})"
        )

    # labels
    def default_labels(self, n_terms: int = 3) -> dict[int, str]:
        """Labels made of each topic's top terms: ``"0: tokayev, putin, war"``."""
        return {
            t: f"{t}: " + ", ".join(self.terms[i] for i in idx)
            for t, idx in enumerate(_top_indices(self.term_topic, n_terms))
        }

    def reset_labels(self) -> "TopicModel":
        """Restore the labels derived from top terms."""
        self.labels = self.default_labels()
        return self

    def set_labels(self, labels: Mapping[int, str] | Sequence[str]) -> "TopicModel":
        """Replace some or all labels (a mapping topic -> label, or a list of k labels)."""
        if isinstance(labels, Mapping):
            unknown = sorted(set(labels) - set(range(self.k)))
            if unknown:
                raise ValueError(f"unknown topics {unknown}; the model has topics 0..{self.k - 1}")
            updates = {int(t): str(v) for t, v in labels.items()}
        else:
            labels = list(labels)
            if len(labels) != self.k:
                raise ValueError(f"got {len(labels)} labels for {self.k} topics")
            updates = {t: str(v) for t, v in enumerate(labels)}
        self.labels.update(updates)
        return self

    # tables
    def top_terms(self, n: int | None = None) -> pd.DataFrame:
        """Top terms per topic: ``topic``, ``label``, ``rank`` (1 = top), ``term``, ``weight``."""
        n = self.n_top_terms if n is None else n
        rows = []
        for t, idx in enumerate(_top_indices(self.term_topic, n)):
            for rank, i in enumerate(idx, start=1):
                rows.append((t, self.labels[t], rank, self.terms[i], float(self.term_topic[t, i])))
        return pd.DataFrame(rows, columns=TOP_TERM_COLUMNS)

    def top_term_lists(self, n: int | None = None) -> list[list[str]]:
        """Top terms as one list per topic."""
        n = self.n_top_terms if n is None else n
        return [[str(self.terms[i]) for i in idx] for idx in _top_indices(self.term_topic, n)]

    def dominant_topics(self) -> pd.DataFrame:
        """Each unit's largest topic: ``unit_id``, ``topic`` (-1 when the unit has
        no vocabulary word), ``label`` (empty then) and ``weight``."""
        values = self.doc_topic.to_numpy()
        has_words = values.sum(axis=1) > 0
        topic = np.where(has_words, values.argmax(axis=1), -1) if len(values) else np.array([], int)
        weight = values.max(axis=1) if len(values) else np.array([])
        return pd.DataFrame(
            {
                "unit_id": self.ids,
                "topic": topic.astype(int),
                "label": [self.labels.get(int(t), "") for t in topic],
                "weight": weight,
            }
        )

    def unit_topics(self, units: pd.DataFrame) -> pd.DataFrame:
        """The unit table with each unit's dominant topic and every topic share.

        Parameters
        ----------
        units
            The units the model was fitted on, as from :func:`topic_units`
            (needs ``unit_id``; the model's ids are these unit ids).

        Returns
        -------
        DataFrame
            The columns of ``units`` except ``text`` (``unit_id``,
            ``doc_id``, ``paragraph_id``, ``source``), then ``topic``,
            ``label`` and ``weight`` of :meth:`dominant_topics`, then
            ``topic_0`` .. ``topic_<k-1>`` (the unit's share of each topic).
            One row per unit found in the model, in the order of ``units``.

        Raises
        ------
        ValueError
            When ``units`` has no ``unit_id`` column.
        """
        if "unit_id" not in units.columns:
            raise ValueError("unit_topics needs the unit table with a 'unit_id' column (see topic_units)")
        table = units.merge(self.dominant_topics(), on="unit_id").drop(columns="text", errors="ignore")
        return table.merge(self.doc_topic.add_prefix("topic_").reset_index(), on="unit_id")

    def representative_passages(self, n: int = 3) -> pd.DataFrame:
        """The ``n`` units with the largest share of each topic.

        Equal shares (often 1.0 for short paragraphs) are ranked by the
        unit's unnormalised weight on the topic, so longer, richer passages
        come first.

        Returns
        -------
        DataFrame
            ``topic``, ``label``, ``rank``, ``unit_id``, ``weight`` (the
            unit's share of the topic) and ``text``.  Ties keep unit order.
        """
        values = self.doc_topic.to_numpy()
        rows = []
        for t in range(self.k):
            # largest share first; among equal shares, the unit with more topic words
            order = np.lexsort((-self.strength[:, t], -values[:, t]))[:n] if len(values) else []
            rank = 0
            for i in order:
                if values[i, t] <= 0:
                    continue
                rank += 1
                rows.append((t, self.labels[t], rank, self.ids[i], float(values[i, t]), self.texts[i]))
        return pd.DataFrame(rows, columns=PASSAGE_COLUMNS)

    def coherence(self, n: int | None = None) -> pd.DataFrame:
        """NPMI coherence of each topic's top terms in the modelled corpus:
        ``topic``, ``label``, ``npmi``."""
        n = self.n_top_terms if n is None else n
        scores = npmi_coherence(_top_indices(self.term_topic, n), self.doc_term)
        return pd.DataFrame(
            {"topic": range(self.k), "label": [self.labels[t] for t in range(self.k)], "npmi": scores}
        )

    def summary(self) -> pd.DataFrame:
        """One row per topic: ``topic``, ``label``, ``top_terms`` (comma-joined),
        ``prevalence`` (mean share over units with words) and ``npmi``."""
        values = self.doc_topic.to_numpy()
        used = values[values.sum(axis=1) > 0]
        prevalence = used.mean(axis=0) if len(used) else np.zeros(self.k)
        return pd.DataFrame(
            {
                "topic": range(self.k),
                "label": [self.labels[t] for t in range(self.k)],
                "top_terms": [", ".join(terms) for terms in self.top_term_lists()],
                "prevalence": prevalence,
                "npmi": self.coherence()["npmi"].to_numpy(),
            }
        )

    def transform(self, texts: Iterable[str], entity_tokens: bool = True) -> pd.DataFrame:
        """Topic shares of new texts (rows sum to 1, or 0 without vocabulary words)."""
        values, ids = _as_texts(texts if isinstance(texts, pd.Series) else list(texts))
        tagged = [tag_entities(t) for t in values] if entity_tokens else values
        matrix = self.vectorizer.transform(tagged)
        raw = self.estimator.transform(matrix)
        if self.method == "nmf":
            raw = raw * np.linalg.norm(self.estimator.components_, axis=1)
        else:
            raw = raw * (matrix.getnnz(axis=1) > 0)[:, None]
        raw = raw[:, self._order]
        totals = raw.sum(axis=1, keepdims=True)
        out = np.divide(raw, totals, out=np.zeros_like(raw), where=totals > 0)
        frame = pd.DataFrame(out, index=pd.Index(ids, name="unit_id"))
        frame.columns = pd.RangeIndex(self.k, name="topic")
        return frame


def _clamp_k(k: int, matrix, n_texts: int) -> int:
    limit = _max_k(matrix)
    if limit < 1:
        raise TopicModelError(f"none of the {n_texts} texts has a usable word; nothing to model")
    if k > limit:
        warnings.warn(
            f"k={k} is more topics than the data allow; using k={limit} "
            f"({n_texts} units, {matrix.shape[1]} terms)",
            TopicWarning,
            stacklevel=3,
        )
        return limit
    return k


def fit_topics(
    texts,
    k: int | str = "auto",
    method: str = "nmf",
    random_state: int = 0,
    *,
    entity_tokens: bool = True,
    n_top_terms: int = 10,
    ids: Sequence | None = None,
    vectorizer_params: Mapping | None = None,
    model_params: Mapping | None = None,
    k_range: Iterable[int] = DEFAULT_K_RANGE,
    stability_seeds: Sequence[int] = DEFAULT_STABILITY_SEEDS,
) -> TopicModel:
    """Fit an NMF or LDA topic model to a list of texts.

    Parameters
    ----------
    texts
        Sequence of str, e.g. ``topic_units(corpus)["text"]``.  A Series'
        index becomes the unit ids unless ``ids`` is given.
    k
        Number of topics, or ``"auto"`` to pick it with :func:`choose_k`
        (the table is kept as ``model.k_selection``).  A k larger than the
        data allow (number of units with words, or vocabulary size) is
        clamped with a :class:`TopicWarning`.
    method
        ``"nmf"`` (default: tf-idf, deterministic start) or ``"lda"``.
    random_state
        Seed for the estimator (and for ``k="auto"``'s subsamples).
    entity_tokens
        Replace gazetteer mentions by canonical tokens (:func:`tag_entities`)
        before counting words.
    n_top_terms
        Terms per topic in the top-term lists, labels and coherence.
    ids
        Unit ids, one per text.
    vectorizer_params, model_params
        Overrides for :func:`make_vectorizer` and for scikit-learn's ``NMF``
        or ``LatentDirichletAllocation`` (defaults: NMF ``init="nndsvda"``,
        Frobenius loss, 400 iterations; LDA batch, 20 iterations).  For LDA,
        ``n_restarts`` (default 4) sets how many seeded starts are fitted;
        the one with the highest variational bound is kept.
    k_range, stability_seeds
        Passed to :func:`choose_k` when ``k="auto"``.

    Returns
    -------
    TopicModel

    Raises
    ------
    TopicModelError
        No usable words, or an invalid k.
    """
    _check_method(method)
    values, default_ids = _as_texts(texts)
    if ids is not None:
        ids = list(ids)
        if len(ids) != len(values):
            raise ValueError(f"got {len(ids)} ids for {len(values)} texts")
    else:
        ids = default_ids
    if not values:
        raise TopicModelError("no texts to model")
    vectorizer_params = dict(vectorizer_params or {})
    model_params = dict(model_params or {})
    tagged, vectorizer, matrix = _prepare(values, method, entity_tokens, vectorizer_params)
    k_selection = None
    if isinstance(k, str):
        if k != "auto":
            raise TopicModelError(f"k must be a positive integer or 'auto', not {k!r}")
        k_selection = _choose_k_from_matrix(
            matrix, method, k_range, stability_seeds, random_state, n_top_terms, model_params
        )
        if k_selection.empty:
            k = 1
        else:
            k = int(k_selection.loc[k_selection["chosen"], "k"].iloc[0])
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise TopicModelError(f"k must be a positive integer or 'auto', not {k!r}")
    k = _clamp_k(int(k), matrix, len(values))
    estimator, weights, term_weights, strength = _fit_estimator(
        matrix, k, method, random_state, model_params, with_strength=True
    )
    order = np.argsort(-weights.sum(axis=0), kind="stable")
    model = TopicModel(
        method=method, k=k, random_state=random_state, ids=ids, texts=values, tagged=tagged,
        vectorizer=vectorizer, estimator=estimator, doc_term=matrix, strength=strength[:, order],
        doc_topic=weights[:, order], term_topic=term_weights[order],
        n_top_terms=n_top_terms, order=order, k_selection=k_selection,
    )
    return model


# --------------------------------------------------------------------------- choice of k


def _choose_k_from_matrix(
    matrix, method, k_range, seeds, random_state, n_top_terms, model_params,
    sample_fraction: float = 0.8,
) -> pd.DataFrame:
    n_with_words = int((matrix.getnnz(axis=1) > 0).sum())
    limit = min(_max_k(matrix), max(2, n_with_words // MIN_UNITS_PER_TOPIC))
    ks = sorted({int(k) for k in k_range if 1 <= int(k) <= limit})
    if not ks and limit >= 1:
        ks = [min(limit, 2)] if limit >= 2 else [1]
    n_docs = matrix.shape[0]
    n_sample = max(2, int(round(sample_fraction * n_docs)))
    rows = []
    for k in ks:
        _, _, reference = _fit_estimator(matrix, k, method, random_state, model_params)
        ref_idx = _top_indices(reference, n_top_terms)
        coherence = float(np.nanmean(npmi_coherence(ref_idx, matrix))) if k and ref_idx else np.nan
        ref_terms = [[int(i) for i in idx] for idx in ref_idx]
        agreements = []
        for seed in seeds:
            rng = np.random.default_rng(seed)
            rows_taken = np.sort(rng.choice(n_docs, size=min(n_sample, n_docs), replace=False))
            sub = matrix[rows_taken]
            if _max_k(sub) < k:
                continue
            # one start per subsample: stability is that of a single run
            single = {**model_params, "n_restarts": 1} if method == "lda" else model_params
            _, _, weights = _fit_estimator(sub, k, method, seed, single)
            other = [[int(i) for i in idx] for idx in _top_indices(weights, n_top_terms)]
            agreements.append(topic_agreement(ref_terms, other))
        stability = float(np.mean(agreements)) if agreements else np.nan
        spread = float(np.std(agreements)) if agreements else np.nan
        rows.append((k, coherence, stability, spread))
    table = pd.DataFrame(rows, columns=K_SELECTION_COLUMNS[:4])
    coherence01 = (table["coherence"].fillna(-1.0) + 1.0) / 2.0
    table["score"] = coherence01 * table["stability"].fillna(0.0)
    table["chosen"] = False
    if not table.empty:
        best = table["score"].to_numpy().argmax()  # first (smallest k) among ties
        table.loc[best, "chosen"] = True
    return table[K_SELECTION_COLUMNS]


def choose_k(
    texts,
    k_range: Iterable[int] = DEFAULT_K_RANGE,
    method: str = "nmf",
    random_state: int = 0,
    *,
    stability_seeds: Sequence[int] = DEFAULT_STABILITY_SEEDS,
    n_top_terms: int = 10,
    entity_tokens: bool = True,
    vectorizer_params: Mapping | None = None,
    model_params: Mapping | None = None,
) -> pd.DataFrame:
    """Score each candidate k by coherence and stability.

    For every k, a reference model is fitted to all units (seed
    ``random_state``); its **coherence** is the mean NPMI of its topics' top
    terms in the corpus itself.  Then, per seed in ``stability_seeds``, a
    model is fitted to a random 80 % of the units; **stability** is the mean
    agreement of those models' top terms with the reference (average
    Jaccard, topics matched one to one); LDA fits these with a single start
    each, so stability measures one run.  The **score** is
    ``(coherence + 1) / 2 × stability`` and the chosen k has the highest
    score (the smallest k among ties).  k values above what the data allow
    are skipped, and so are k values that would leave fewer than
    ``MIN_UNITS_PER_TOPIC`` units per topic (k = 2 is always tried when the
    data allow it).

    Returns
    -------
    DataFrame
        ``k``, ``coherence``, ``stability``, ``stability_sd`` (spread over
        seeds), ``score`` and ``chosen`` (one True row).
    """
    _check_method(method)
    values, _ = _as_texts(texts)
    if not values:
        raise TopicModelError("no texts to model")
    _, _, matrix = _prepare(values, method, entity_tokens, dict(vectorizer_params or {}))
    return _choose_k_from_matrix(
        matrix, method, k_range, stability_seeds, random_state, n_top_terms,
        dict(model_params or {}),
    )


# --------------------------------------------------------------------------- prevalence


def topic_prevalence(
    model: TopicModel,
    sources: Sequence,
    n_boot: int = 1000,
    level: float = 0.95,
    random_state: int = 0,
) -> pd.DataFrame:
    """Mean topic share per source, with percentile bootstrap intervals.

    Parameters
    ----------
    model
        A fitted :class:`TopicModel`.
    sources
        One source label per modelled unit (e.g. ``units["source"]``).
    n_boot
        Bootstrap resamples of each source's units (with replacement).
    level
        Coverage of the interval.
    random_state
        Seed of the resampling (same seed, same intervals).

    Returns
    -------
    DataFrame
        ``source``, ``topic``, ``label``, ``n_units`` (units with at least one
        vocabulary word; units without any are left out), ``share`` (mean
        topic share, summing to 1 over a source's topics), ``low`` and
        ``high`` (interval bounds).  Sources in sorted order.  A source with
        one unit gets ``low == high == share``: the interval cannot show the
        uncertainty of a single paragraph.
    """
    sources = [str(s) for s in sources]
    if len(sources) != len(model.ids):
        raise ValueError(f"got {len(sources)} sources for {len(model.ids)} modelled units")
    if not 0 < level < 1:
        raise ValueError(f"level must lie between 0 and 1, not {level}")
    values = model.doc_topic.to_numpy()
    has_words = values.sum(axis=1) > 0
    rng = np.random.default_rng(random_state)
    rows = []
    source_array = np.asarray(sources, dtype=object)
    for source in sorted(set(sources)):
        unit_values = values[(source_array == source) & has_words]
        n = len(unit_values)
        if n == 0:
            continue
        share = unit_values.mean(axis=0)
        low, high = bootstrap_mean_interval(unit_values, n_boot, level, rng)
        for t in range(model.k):
            rows.append((source, t, model.labels[t], n, float(share[t]), float(low[t]), float(high[t])))
    return pd.DataFrame(rows, columns=PREVALENCE_COLUMNS)


def distinctive_topics(prevalence: pd.DataFrame) -> pd.DataFrame:
    """Each source's largest topic and its most over-represented topic.

    Parameters
    ----------
    prevalence
        Table from :func:`topic_prevalence`.

    Returns
    -------
    DataFrame
        One row per source: ``source``, ``n_units``, ``top_topic``,
        ``top_label``, ``top_share``, ``top_low``, ``top_high`` (the largest
        topic and its interval), ``distinctive_label`` and ``lift`` (the topic
        whose share most exceeds its mean share over the other sources, and the
        ratio of the two, each plus ``LIFT_SMOOTHING`` so that a topic absent
        elsewhere gives a finite lift; NaN with a single source).
    """
    columns = [
        "source", "n_units", "top_topic", "top_label", "top_share", "top_low", "top_high",
        "distinctive_label", "lift",
    ]
    rows = []
    sources = sorted(prevalence["source"].unique()) if not prevalence.empty else []
    for source in sources:
        own = prevalence[prevalence["source"] == source].set_index("topic")
        others = prevalence[prevalence["source"] != source].groupby("topic")["share"].mean()
        top = own["share"].idxmax()
        if others.empty:
            distinctive, lift = "", float("nan")
        else:
            ratio = (own["share"] + LIFT_SMOOTHING) / (others.reindex(own.index) + LIFT_SMOOTHING)
            best = ratio.idxmax()
            distinctive, lift = own.loc[best, "label"], float(ratio[best])
        rows.append(
            (source, int(own["n_units"].iloc[0]), int(top), own.loc[top, "label"],
             float(own.loc[top, "share"]), float(own.loc[top, "low"]), float(own.loc[top, "high"]),
             distinctive, lift)
        )
    return pd.DataFrame(rows, columns=columns)
