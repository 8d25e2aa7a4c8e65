"""Shared fixtures: the bundled corpus, its sentences, and the ../shared guard."""

from __future__ import annotations

import pytest

import kzanalysis as kz
from kzanalysis.config import benchmarks_data_dir
from kzanalysis.native import native_status

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


def pytest_collection_modifyitems(config, items):
    """Skip the ``pure_python`` tests where the package runs compiled: ``make test`` runs them again on the source.

    Such a test swaps functions inside a module to compare a shortcut with a
    plain path; compiled code calls its own functions directly, so the swap
    would not take effect and the comparison would prove nothing.
    """
    if not any(item.get_closest_marker("pure_python") for item in items):
        return
    if "compiled" not in native_status().values():
        return
    skip = pytest.mark.skip(
        reason="swaps functions inside a compiled module: run with KZANALYSIS_PURE_PYTHON=1 (`make test` does)"
    )
    for item in items:
        if item.get_closest_marker("pure_python"):
            item.add_marker(skip)
