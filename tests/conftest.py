"""Shared fixtures: the bundled corpus, its sentences, and the ../shared guard."""

from __future__ import annotations

import pytest

import kzanalysis as kz
from kzanalysis.config import benchmarks_data_dir

SHARED_MISSING = not benchmarks_data_dir().is_dir()
requires_shared = pytest.mark.skipif(
    SHARED_MISSING,
    reason="../shared/benchmarks is absent (a user's clone): benchmark-data tests skip",
)


@pytest.fixture(scope="session")
def corpus():
    """The bundled corpus, cleaned."""
    return kz.load_corpus()


@pytest.fixture(scope="session")
def corpus_sentences(corpus):
    """Sentence table of the bundled corpus."""
    return kz.sentences(corpus)
