"""Target-dependent sentiment (placeholder: being written)."""

from __future__ import annotations


def target_polarity(sentence, target, engine="kz"):
    raise NotImplementedError


def label_polarity(value):
    raise NotImplementedError


def score_targets(sentences_df, **kwargs):
    raise NotImplementedError


def summarise_sentiment(scored, by=("outlet", "target"), **kwargs):
    raise NotImplementedError
