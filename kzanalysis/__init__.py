"""kzanalysis: analyse news coverage of Kazakhstan–Russia relations.

The public API, importable from ``kzanalysis``:

* corpus: :func:`load_corpus`, :func:`load_report`, :func:`sentences`,
  :func:`paragraphs`, :func:`mentions`, :func:`removals`, :func:`quality_flags`
* sentiment: :func:`target_polarity`, :func:`label_polarity`,
  :func:`score_targets`, :func:`summarise_sentiment`
* topics: :func:`fit_topics`
* stated statistics: :func:`extract_statistics`, :func:`corpus_statistics`
* output: :func:`save_figure`, :func:`save_table`, :func:`use_house_style`
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .clean import clean_corpus, clean_text, removals
from .corpus import (
    ChecksumError,
    CorpusError,
    CorpusWarning,
    ManifestError,
    load_corpus,
    load_report,
)
from .entities import check_group, find_mentions, load_gazetteer, mentions, target_groups
from .figures import save_figure, use_house_style
from .quality import quality_flags
from .quantities import corpus_statistics, extract_statistics
from .segment import paragraphs, sentences, split_sentences
from .sentiment import label_polarity, score_targets, summarise_sentiment, target_polarity
from .tables import save_table
from .topics import fit_topics

try:
    __version__ = version("kzanalysis")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "ChecksumError", "CorpusError", "CorpusWarning", "ManifestError",
    "check_group", "clean_corpus", "clean_text", "corpus_statistics",
    "extract_statistics", "find_mentions", "fit_topics", "label_polarity",
    "load_corpus", "load_gazetteer", "load_report", "mentions", "paragraphs",
    "quality_flags", "removals", "save_figure", "save_table", "score_targets",
    "sentences", "split_sentences", "summarise_sentiment", "target_groups",
    "target_polarity", "use_house_style",
]
