"""Text-quality flags (placeholder: being written)."""

from __future__ import annotations


def quality_flags(corpus, **kwargs):
    raise NotImplementedError
