"""Topic quality measures: NPMI coherence and top-term stability.

Both measures need nothing beyond the corpus being modelled, so they work
offline and on a user's own texts.

* **NPMI coherence** (Bouma 2009; Lau, Newman & Baldwin 2014): for every pair
  of a topic's top terms, the normalised pointwise mutual information of the
  two terms appearing in the same document (paragraph or article) of the
  corpus itself.  It runs from -1 (never together) through 0 (independent) to
  +1 (always together); a topic's coherence is the mean over its pairs.
* **Stability** (after Greene, O'Callaghan & Cunningham 2014): two runs of a
  model are compared by matching their topics one to one (Hungarian
  algorithm) on the *average Jaccard* agreement of their ranked top-term
  lists; 1 means the same terms in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment


def npmi_coherence(top_term_indices: Sequence[Sequence[int]], doc_term) -> np.ndarray:
    """Mean NPMI of each topic's top-term pairs, from document co-occurrence.

    Parameters
    ----------
    top_term_indices
        One list of column indices (into ``doc_term``) per topic.
    doc_term
        Document-term matrix of the corpus (counts or weights; only whether a
        cell is non-zero matters), documents in rows.

    Returns
    -------
    ndarray
        One value per topic in [-1, 1]; NaN for a topic with fewer than two
        terms or a corpus without documents.  A pair that never co-occurs
        scores -1.
    """
    matrix = sparse.csc_matrix(doc_term)
    n_docs = matrix.shape[0]
    scores = np.full(len(top_term_indices), np.nan)
    if n_docs == 0:
        return scores
    for t, indices in enumerate(top_term_indices):
        idx = np.asarray(list(indices), dtype=int)
        if idx.size < 2:
            continue
        present = (matrix[:, idx] != 0).astype(np.float64)
        joint = (present.T @ present).toarray() / n_docs
        single = np.diag(joint).copy()
        upper = np.triu_indices(idx.size, k=1)
        p_ij = joint[upper]
        p_i = single[upper[0]]
        p_j = single[upper[1]]
        values = np.full(p_ij.shape, -1.0)
        together = p_ij > 0
        always = together & (p_ij >= 1.0)
        values[always] = 1.0
        usual = together & ~always
        values[usual] = np.log(p_ij[usual] / (p_i[usual] * p_j[usual])) / -np.log(p_ij[usual])
        scores[t] = float(values.mean())
    return scores


def average_jaccard(first: Sequence[str], second: Sequence[str]) -> float:
    """Average Jaccard agreement of two ranked term lists over depths 1..n.

    Examples
    --------
    >>> average_jaccard(["a", "b"], ["a", "b"])
    1.0
    >>> average_jaccard(["a", "b"], ["b", "a"])
    0.5
    """
    depth = min(len(first), len(second))
    if depth == 0:
        return 0.0
    total = 0.0
    for d in range(1, depth + 1):
        a, b = set(first[:d]), set(second[:d])
        total += len(a & b) / len(a | b)
    return total / depth


def topic_agreement(
    reference: Sequence[Sequence[str]], other: Sequence[Sequence[str]]
) -> float:
    """Agreement of two topic models' top-term lists, topics matched one to one.

    Parameters
    ----------
    reference, other
        Ranked top terms, one list per topic (same number of topics).

    Returns
    -------
    float
        Mean average-Jaccard score of the best one-to-one matching, in [0, 1].
    """
    if len(reference) != len(other):
        raise ValueError(
            f"cannot compare {len(reference)} topics with {len(other)}: the counts differ"
        )
    if not reference:
        return float("nan")
    scores = np.array([[average_jaccard(r, o) for o in other] for r in reference])
    rows, cols = linear_sum_assignment(-scores)
    return float(scores[rows, cols].mean())
