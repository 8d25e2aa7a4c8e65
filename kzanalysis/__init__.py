"""kzanalysis: analyse news coverage of Kazakhstan–Russia relations.

The public API, importable from ``kzanalysis``:

* corpus: :func:`load_corpus`, :func:`load_report`, :func:`source_label`,
  :func:`iter_article_records`, :func:`reload_knowledge`, :func:`sentences`,
  :func:`paragraphs`, :func:`mentions`, :func:`removals`, :func:`quality_flags`,
  :func:`quality_evidence`, :func:`similar_passages`, :func:`shared_quotes`,
  :func:`retellings`
* sentiment: :func:`target_polarity`, :func:`label_polarity`,
  :func:`score_targets`, :func:`summarise_sentiment`, :func:`target_sentiment`,
  :func:`sentence_polarity`
* topics: :func:`fit_topics`, :func:`choose_k`, :func:`topic_units`,
  :func:`topic_prevalence`, :func:`distinctive_topics`
* stated statistics: :func:`extract_statistics`, :func:`corpus_statistics`,
  :func:`compare_statistics`, :func:`statistics_by_source`, :func:`survey_figures`,
  :func:`trade_comparison`
* output: :func:`save_figure`, :func:`save_table`, :func:`use_house_style`,
  :func:`cached` (disk cache of expensive tables)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .native import use_source_if_stale as _use_source_if_stale

_use_source_if_stale()  # before any compiled module is imported (see kzanalysis.native)

from .cache import cached
from .clean import clean_corpus, clean_text, removals
from .corpus import (
    ChecksumError,
    CorpusError,
    CorpusWarning,
    ManifestError,
    iter_article_records,
    load_corpus,
    load_report,
    source_label,
)
from .entities import check_group, find_mentions, load_gazetteer, mentions, target_groups
from .figures import save_figure, use_house_style
from .knowledge import reload_knowledge
from .quality import quality_evidence, quality_flags
from .quantities import corpus_statistics, extract_statistics
from .segment import paragraphs, sentences, split_sentences
from .retelling import retellings, shared_quotes, similar_passages
from .sentiment import (
    label_polarity,
    score_targets,
    sentence_polarity,
    summarise_sentiment,
    target_polarity,
    target_sentiment,
)
from .stat_tables import compare_statistics, statistics_by_source, survey_figures, trade_comparison
from .tables import save_table
from .topics import (
    TopicModel,
    TopicModelError,
    TopicWarning,
    choose_k,
    distinctive_topics,
    fit_topics,
    topic_prevalence,
    topic_units,
)

try:
    __version__ = version("kzanalysis")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "ChecksumError", "CorpusError", "cached", "CorpusWarning", "ManifestError", "TopicModel",
    "TopicModelError", "TopicWarning", "choose_k", "distinctive_topics",
    "check_group", "clean_corpus", "clean_text", "compare_statistics", "corpus_statistics",
    "extract_statistics", "find_mentions", "fit_topics", "iter_article_records", "label_polarity",
    "load_corpus", "load_gazetteer", "load_report", "mentions", "paragraphs",
    "quality_evidence", "quality_flags", "reload_knowledge", "removals", "retellings", "save_figure", "save_table", "score_targets", "shared_quotes", "similar_passages",
    "sentence_polarity", "sentences", "source_label", "split_sentences", "statistics_by_source", "summarise_sentiment",
    "survey_figures", "target_groups", "trade_comparison",
    "target_polarity", "target_sentiment", "topic_prevalence", "topic_units",
    "use_house_style",
]
