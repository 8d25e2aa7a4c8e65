"""Topic models over paragraphs or articles (placeholder: being written)."""

from __future__ import annotations


def fit_topics(texts, k, method="nmf", random_state=0, **kwargs):
    raise NotImplementedError
