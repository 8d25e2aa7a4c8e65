"""Stated statistics extraction (placeholder: being written)."""

from __future__ import annotations


def extract_statistics(text, **kwargs):
    raise NotImplementedError


def corpus_statistics(sentences_df, **kwargs):
    raise NotImplementedError
