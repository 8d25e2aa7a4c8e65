"""The large-corpus pipeline: chunked, streamed, on every core, cached.

:func:`run_pipeline` reads articles in chunks from a folder, a CSV or Parquet
file, a table or any iterable of records, and runs each chunk through the
per-article stages of the package:

1. ``clean``: :func:`kzanalysis.clean.clean_text` (headline, body, removals);
2. ``segment``: the sentences of each body, as :func:`kzanalysis.sentences`;
3. ``mentions``: the actor mentions, as :func:`kzanalysis.mentions`;
4. ``sentiment``: the sentiment toward each target group mentioned, with
   every engine asked for (TextBlob and VADER by default);
5. ``statistics``: the stated statistics, as
   :func:`kzanalysis.corpus_statistics`.

Chunks are shared by as many processes as there are cores, the calling one
included (:func:`kzanalysis.parallel.map_in_order`), and read only a few
ahead of the work, so memory stays bounded by the chunk size whatever the
corpus size; results are gathered in input order, so a run gives the same
tables with one process or many.  Per-chunk results can be cached on disk
(:mod:`kzanalysis.cache`) and written to Parquet part files as they arrive.
Aggregations over the whole corpus (:func:`summarise_pipeline`) are computed
from the gathered tables.

:func:`analyse_chunk` is the one place where the per-article work happens;
the Dask path (:mod:`kzanalysis.distributed`) calls the same function on
each partition.

Speed
-----
The stages call the package's own functions, whose hot paths are fast where
they are defined (the literal pre-checks of :mod:`kzanalysis.literals` in
cleaning and statistics, the joined-sentence scan of
:mod:`kzanalysis.entities`, the exact engine re-implementations of
:mod:`kzanalysis.lexicon_scorers`); TextBlob and VADER score only the
sentences that mention a target, once per sentence and engine.
"""

from __future__ import annotations

import gc
import os
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from . import entities as _entities
from . import segment as _segment
from .clean import boilerplate_share, clean_text, count_words
from .config import raw_dir
from .corpus import SUPPORTED_SUFFIXES, iter_article_records, source_label
from .entities import MENTION_COLUMNS
from .parallel import map_in_order
from .segment import SENTENCE_COLUMNS

STAGES = ("clean", "segment", "mentions", "sentiment", "statistics")
"""The per-article stages, in order."""

ENGINES = ("textblob", "vader")
"""Default sentiment engines (whole-sentence TextBlob and VADER)."""

WHOLE_SENTENCE_ENGINES = ("textblob", "vader")
"""Engines scored by the fast whole-sentence path (identical to the engines' own output)."""

RECORD_COLUMNS = ["doc_id", "outlet", "date", "headline", "raw_text"]
"""Columns of an article record fed to :func:`analyse_chunk`."""

ARTICLE_COLUMNS = [
    "doc_id", "outlet", "date", "headline", "n_chars", "n_words", "n_removed",
    "boilerplate_share", "n_sentences", "n_mentions", "n_target_mentions", "n_statistics",
]
"""Columns of the per-article table of a pipeline run."""

SENTIMENT_COLUMNS = [
    "doc_id", "outlet", "sentence_id", "target", "engine", "polarity", "subjectivity", "method",
]
"""Columns of the sentiment table: one row per (sentence, target group mentioned, engine).

``method`` is "sentence" for the whole-sentence engines (TextBlob, VADER:
the sentence's score, as :func:`kzanalysis.score_targets` gives it for these
engines) and "target" for the target-dependent ones ("kz", "kz-rules", from
:func:`kzanalysis.score_targets`); ``subjectivity`` is TextBlob's (NaN for
VADER)."""

SUMMARY_COLUMNS = [
    "outlet", "target", "engine", "n", "mean_polarity", "ci_low", "ci_high", "sd_polarity",
    "share_below_zero", "share_zero", "share_above_zero",
]
"""Columns of :func:`summarise_pipeline`.

``ci_low`` / ``ci_high`` bound the 95% t-interval of the mean.  The shares
are by the sign of the polarity (< 0, exactly 0, > 0), not the negative /
neutral / positive labels of :func:`kzanalysis.summarise_sentiment` (which
use each engine's label thresholds); the names say so."""

SUMMARY_LEVEL = 0.95
"""Level of the summary's interval of the mean polarity."""

DEFAULT_CHUNK_SIZE = 250


class PipelineError(ValueError):
    """The pipeline was asked for something it cannot do; the message says what."""


# =================================================================== sources
def _normalise_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    mapping = {c: c for c in RECORD_COLUMNS}
    mapping.update(columns or {})
    unknown = sorted(set(mapping) - set(RECORD_COLUMNS))
    if unknown:
        raise PipelineError(f"unknown record fields {unknown}; the fields are {RECORD_COLUMNS}")
    return mapping


def records_from_table(table: pd.DataFrame, columns: Mapping[str, str] | None = None, offset: int = 0) -> pd.DataFrame:
    """Turn any table of articles into article records (:data:`RECORD_COLUMNS`).

    Parameters
    ----------
    table
        One row per article.  It needs a text column: ``raw_text`` or
        ``text`` unless ``columns`` names another.
    columns
        Record field -> column of ``table``, e.g. ``{"raw_text": "body",
        "outlet": "source"}``.  Missing optional fields become empty strings;
        a missing ``doc_id`` becomes the running row number (``offset`` +
        position, zero-padded).
    offset
        Row number of the first row (for ids of a streamed table).

    Raises
    ------
    PipelineError
        When no text column is found, naming the columns there are, or when
        a ``doc_id`` occurs more than once, naming the repeated ids.
    """
    mapping = _normalise_columns(columns)
    text_column = mapping["raw_text"]
    if text_column not in table.columns and "raw_text" not in (columns or {}) and "text" in table.columns:
        text_column = "text"
    if text_column not in table.columns:
        raise PipelineError(
            f"no text column {mapping['raw_text']!r} among {list(table.columns)}; "
            "pass columns={'raw_text': '<name of the text column>'}"
        )
    out = {}
    for fld in RECORD_COLUMNS:
        source = text_column if fld == "raw_text" else mapping[fld]
        if source in table.columns:
            values = table[source].tolist()
            out[fld] = ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in values]
        elif fld == "doc_id":
            out[fld] = [f"{offset + i:08d}" for i in range(len(table))]
        else:
            out[fld] = [""] * len(table)
    _check_unique_ids(out["doc_id"])
    return pd.DataFrame(out, columns=RECORD_COLUMNS)


_SHOWN_IDS = 20


def _duplicate_error(repeated: Iterable[str], where: str) -> PipelineError:
    ids = sorted(set(repeated))
    shown = f"{ids[:_SHOWN_IDS]}" + (f" and {len(ids) - _SHOWN_IDS} more" if len(ids) > _SHOWN_IDS else "")
    return PipelineError(
        f"duplicate doc_id values {shown} {where}; every article needs its own doc_id "
        "(map doc_id to a unique column with columns={'doc_id': ...}, or leave it out to number the rows)"
    )


def _check_unique_ids(doc_ids: Sequence[str]) -> None:
    """Raise a :class:`PipelineError` naming the ids that occur more than once."""
    if len(set(doc_ids)) != len(doc_ids):
        seen: set[str] = set()
        repeated = [d for d in doc_ids if d in seen or seen.add(d)]
        raise _duplicate_error(repeated, "within one chunk of articles")


def _unique_across_chunks(chunks: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Pass chunks on, raising as soon as a ``doc_id`` of an earlier chunk comes again.

    Memory grows with the number of ids (a set of strings), never with the text.
    """
    seen: set[str] = set()
    for chunk in chunks:
        ids = chunk["doc_id"].tolist()
        repeated = seen.intersection(ids)
        if repeated:
            raise _duplicate_error(repeated, "in different chunks of the source")
        seen.update(ids)
        yield chunk


def _folder_records(
    folder: Path | None, manifest: str | os.PathLike | None, errors: str, report: list[dict] | None
) -> Iterator[dict]:
    """Article records from a folder, read and checked as :func:`kzanalysis.load_corpus` reads it."""
    for record in iter_article_records(folder, manifest, errors=errors, report=report):
        yield {fld: record.get(fld) or "" for fld in RECORD_COLUMNS}


def _batched(records: Iterable[Mapping], chunk_size: int, columns: Mapping[str, str] | None) -> Iterator[pd.DataFrame]:
    batch: list[Mapping] = []
    offset = 0
    for record in records:
        batch.append(record)
        if len(batch) == chunk_size:
            yield records_from_table(pd.DataFrame(batch), columns, offset)
            offset += len(batch)
            batch = []
    if batch:
        yield records_from_table(pd.DataFrame(batch), columns, offset)


def iter_article_chunks(
    source: str | os.PathLike | pd.DataFrame | Iterable[Mapping] | None = None,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    columns: Mapping[str, str] | None = None,
    manifest: str | os.PathLike | None = None,
    errors: str = "warn",
    report: list[dict] | None = None,
) -> Iterator[pd.DataFrame]:
    """Stream a corpus as chunks of article records, never all at once.

    Parameters
    ----------
    source
        None (the bundled corpus); a folder of ``.txt``/``.md``/``.html``
        files (with an optional manifest CSV, read like
        :func:`kzanalysis.load_corpus`); a ``.csv`` or ``.parquet`` file with
        one article per row; a DataFrame; or an iterable of dicts.
    chunk_size
        Articles per chunk.
    columns
        Record field -> source column (see :func:`records_from_table`).
    manifest
        A manifest CSV for a folder source.
    errors
        For a folder: "warn" skips an unreadable file with a
        :class:`~kzanalysis.corpus.CorpusWarning` naming it, "raise" raises.
        A folder is read by :func:`kzanalysis.corpus.iter_article_records`,
        with every check of :func:`kzanalysis.load_corpus` (missing and
        unlisted files, duplicate ids, checksums, the size limit).
    report
        For a folder: a list that receives every problem met while reading,
        as ``{"file", "message"}``.

    Yields
    ------
    DataFrame
        :data:`RECORD_COLUMNS`, at most ``chunk_size`` rows.

    Raises
    ------
    PipelineError
        When a ``doc_id`` occurs twice, in one chunk or in two, naming it.
    """
    if chunk_size < 1:
        raise PipelineError(f"chunk_size must be a positive number of articles, not {chunk_size}")
    if errors not in {"warn", "raise"}:
        raise PipelineError(f"errors must be 'warn' or 'raise', not {errors!r}")
    yield from _unique_across_chunks(_read_chunks(source, chunk_size, columns, manifest, errors, report))


def _read_chunks(
    source: str | os.PathLike | pd.DataFrame | Iterable[Mapping] | None,
    chunk_size: int,
    columns: Mapping[str, str] | None,
    manifest: str | os.PathLike | None,
    errors: str,
    report: list[dict] | None,
) -> Iterator[pd.DataFrame]:
    """The chunks of :func:`iter_article_chunks`, before the check across chunks."""
    if isinstance(source, pd.DataFrame):
        for start in range(0, len(source), chunk_size):
            yield records_from_table(source.iloc[start:start + chunk_size], columns, start)
        return
    if source is None or isinstance(source, (str, os.PathLike)):
        path = raw_dir() if source is None else Path(source)
        if path.is_dir():
            folder = None if path == raw_dir() else path  # None: the bundled corpus with its manifest
            yield from _batched(_folder_records(folder, manifest, errors, report), chunk_size, None)
            return
        if not path.is_file():
            raise PipelineError(f"corpus source {path} is neither a folder nor a file")
        suffix = path.suffix.lower()
        if suffix == ".csv":
            reader = pd.read_csv(path, chunksize=chunk_size, dtype=str, keep_default_na=False)
            offset = 0
            for block in reader:
                yield records_from_table(block, columns, offset)
                offset += len(block)
            return
        if suffix in {".parquet", ".pq"}:
            import pyarrow.parquet as pq

            offset = 0
            for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_size):
                block = batch.to_pandas()
                yield records_from_table(block, columns, offset)
                offset += len(block)
            return
        raise PipelineError(f"{path.name}: use a folder, a .csv or a .parquet file, not {suffix!r}")
    if isinstance(source, Iterable):
        yield from _batched(source, chunk_size, columns)
        return
    raise PipelineError(f"cannot read articles from a {type(source).__name__}")


# ================================================================ sentiment
# positions in a mention row (kzanalysis.entities.MENTION_COLUMNS)
_DOC_ID, _SENTENCE_ID, _GROUP, _START = (MENTION_COLUMNS.index(c) for c in ("doc_id", "sentence_id", "group", "start"))


def _sentence_scores(texts: list[str], engine: str) -> tuple[np.ndarray, np.ndarray]:
    """Whole-sentence (polarity, subjectivity) arrays, identical to the engines' own output.

    TextBlob's polarity and subjectivity come from one analysis per text
    (:func:`kzanalysis.sentence_sentiment.textblob_score_arrays`); VADER has
    no subjectivity (NaN).
    """
    from .sentence_sentiment import sentence_polarity, textblob_score_arrays

    if not texts:
        return np.empty(0), np.empty(0)
    if engine == "textblob":
        return textblob_score_arrays(texts)
    return np.asarray(sentence_polarity(texts, engine), dtype=float), np.full(len(texts), np.nan)


def _empty_sentiment_table() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="float64" if c in {"polarity", "subjectivity"} else "str") for c in SENTIMENT_COLUMNS}
    ).astype({"sentence_id": "int64"})


def _sentiment_table(
    sentence_lists: tuple[list, list, list], mention_rows: list[tuple], outlets: Mapping[str, str], engines: Sequence[str]
) -> pd.DataFrame:
    """Sentiment toward each target group mentioned in a chunk's sentences.

    ``sentence_lists`` are the ``doc_id``, ``sentence_id`` and ``sentence``
    columns of the sentence table, ``mention_rows`` the rows of its mention
    table.  One row per (sentence, target group, engine), in the order the
    target groups are first mentioned and then in the order of ``engines``:
    the same order however the articles are split into chunks.
    """
    # (doc_id, sentence_id, group) once each, in order of first mention
    keys = list(dict.fromkeys(
        (row[_DOC_ID], row[_SENTENCE_ID], row[_GROUP]) for row in mention_rows if row[_GROUP] != ""
    ))
    if not keys:
        return _empty_sentiment_table()
    unique = list(dict.fromkeys((doc_id, sentence_id) for doc_id, sentence_id, _ in keys))
    doc_ids, sentence_ids, all_texts = sentence_lists
    sentence_text = dict(zip(zip(doc_ids, sentence_ids), all_texts))
    texts = [sentence_text[key] for key in unique]
    row_of = {key: i for i, key in enumerate(unique)}
    rows = [row_of[(doc_id, sentence_id)] for doc_id, sentence_id, _ in keys]
    target_engines = [e for e in engines if e not in WHOLE_SENTENCE_ENGINES]
    if not target_engines:
        return _whole_sentence_table(keys, texts, rows, outlets, engines)
    subset = pd.DataFrame({"doc_id": [d for d, _ in unique], "sentence_id": [i for _, i in unique], "sentence": texts})
    frames = [_target_engine_rows(subset, outlets, e) for e in target_engines]
    whole_sentence_engines = [e for e in engines if e in WHOLE_SENTENCE_ENGINES]
    if whole_sentence_engines:
        frames.append(_whole_sentence_table(keys, texts, rows, outlets, whole_sentence_engines))
    table = pd.concat(frames, ignore_index=True)
    position = {key: i for i, key in enumerate(keys)}
    rank = {e: i for i, e in enumerate(engines)}
    row_keys = zip(table["doc_id"].tolist(), table["sentence_id"].tolist(), table["target"].tolist())
    mention_order = np.fromiter((position[key] for key in row_keys), dtype=np.int64, count=len(table))
    engine_order = np.fromiter((rank[e] for e in table["engine"].tolist()), dtype=np.int64, count=len(table))
    order = np.lexsort((engine_order, mention_order))
    return table.iloc[order].reset_index(drop=True)[SENTIMENT_COLUMNS]


def _whole_sentence_table(
    keys: list[tuple[str, int, str]], texts: list[str], rows: list[int], outlets: Mapping[str, str], engines: Sequence[str]
) -> pd.DataFrame:
    """:func:`_sentiment_table` when every engine scores whole sentences: built in its final order.

    ``keys`` are the (doc_id, sentence_id, group) mentions in order, ``texts``
    the distinct sentences, ``rows`` the index into ``texts`` of each key.
    Each key gets one row per engine, in the order of ``engines``: the order
    :func:`_sentiment_table` sorts the rows into.
    """
    scores = [_sentence_scores(texts, engine) for engine in engines]
    per_key = len(engines)

    def spread(values: list) -> list:
        return [value for value in values for _ in range(per_key)]

    # one column per engine, then read row by row: key-major, engine-minor
    polarity = np.column_stack([p[rows] for p, _ in scores]).ravel()
    subjectivity = np.column_stack([q[rows] for _, q in scores]).ravel()
    return pd.DataFrame(
        {
            "doc_id": spread([doc_id for doc_id, _, _ in keys]),
            "outlet": spread([outlets[doc_id] for doc_id, _, _ in keys]),
            "sentence_id": np.asarray(spread([sentence_id for _, sentence_id, _ in keys]), dtype="int64"),
            "target": spread([group for _, _, group in keys]),
            "engine": list(engines) * len(keys),
            "polarity": polarity,
            "subjectivity": subjectivity,
            "method": "sentence",
        },
        columns=SENTIMENT_COLUMNS,
    )


def _target_engine_rows(subset: pd.DataFrame, outlets: Mapping[str, str], engine: str) -> pd.DataFrame:
    """Rows of :func:`kzanalysis.score_targets` with a target-dependent engine ("kz", "kz-rules")."""
    from .sentiment import score_targets

    scored = score_targets(subset, engine=engine)
    return pd.DataFrame(
        {
            "doc_id": scored["doc_id"],
            "outlet": scored["doc_id"].map(outlets),
            "sentence_id": scored["sentence_id"].astype("int64"),
            "target": scored["target"],
            "engine": engine,
            "polarity": scored["polarity"].astype(float),
            "subjectivity": scored["subjectivity"].astype(float),
            "method": "target",
        }
    )


# ================================================================= one chunk
@dataclass
class ChunkResult:
    """The tables of one chunk of articles (see :func:`analyse_chunk`)."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    sentiment: pd.DataFrame
    statistics: pd.DataFrame
    sentences: pd.DataFrame | None = None
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    TABLES = ("articles", "mentions", "sentiment", "statistics", "sentences")

    def tables(self) -> dict[str, pd.DataFrame]:
        """The non-empty tables by name."""
        return {name: getattr(self, name) for name in self.TABLES if getattr(self, name) is not None}


def _check_stages(stages: Sequence[str]) -> tuple[str, ...]:
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise PipelineError(f"unknown stages {unknown}; the stages are {list(STAGES)}")
    return tuple(s for s in STAGES if s in stages)


def _check_engines(engines: Sequence[str]) -> tuple[str, ...]:
    from .sentiment import check_engine

    checked = tuple(check_engine(e) for e in engines)
    repeated = sorted({e for e in checked if checked.count(e) > 1})
    if repeated:
        raise PipelineError(f"engines name {repeated} more than once; give each engine once")
    return checked


def _statistics(
    sentences: pd.DataFrame, documents: pd.DataFrame, sources: Mapping[str, str], sentence_lists: tuple[list, list, list]
) -> pd.DataFrame:
    """:func:`kzanalysis.corpus_statistics` of a chunk whose sources are labelled already.

    ``sentence_lists`` are the ``doc_id`` (text), ``sentence_id`` and
    ``sentence`` columns of ``sentences`` as lists.
    """
    from . import quantities  # imported when the stage runs

    return quantities._statistics_of_sentences(
        sentences, sources, quantities._document_dates(documents), columns=sentence_lists
    )


def _source_labels(records: pd.DataFrame, doc_ids: list[str], outlets: list) -> dict[str, str]:
    """doc_id -> :func:`kzanalysis.corpus.source_label` of a chunk's records (``outlets``: their outlet column).

    An outlet that is text opening and closing with a letter or digit is its
    own label (no stripping can change it, and it is not empty); any other
    chunk is labelled by ``source_label`` itself.
    """
    if all(isinstance(o, str) and o[:1].isalnum() and o[-1:].isalnum() for o in outlets):
        return dict(zip(doc_ids, outlets))
    return dict(zip(doc_ids, source_label(records).tolist()))


def analyse_chunk(
    records: pd.DataFrame,
    *,
    stages: Sequence[str] = STAGES,
    engines: Sequence[str] = ENGINES,
    keep_sentences: bool = False,
) -> ChunkResult:
    """Run the per-article stages on one chunk of article records.

    Parameters
    ----------
    records
        :data:`RECORD_COLUMNS` (see :func:`iter_article_chunks`).
    stages
        Which of :data:`STAGES` to run; a stage's prerequisites always run
        (cleaning and segmentation feed the others).
    engines
        Sentiment engines, "textblob" and/or "vader".
    keep_sentences
        Return the sentence table too (large: one row per sentence).

    Returns
    -------
    ChunkResult
        ``articles`` (:data:`ARTICLE_COLUMNS`), ``mentions``
        (:data:`kzanalysis.entities.MENTION_COLUMNS`), ``sentiment``
        (:data:`SENTIMENT_COLUMNS`: one row per sentence, target group
        mentioned and engine), ``statistics`` (the columns of
        :func:`kzanalysis.corpus_statistics`), optionally ``sentences``
        (:data:`kzanalysis.segment.SENTENCE_COLUMNS`), ``timings`` (seconds
        per stage) and ``notes`` (remarks on the chunk, kept with it in the
        cache; every stage asked for runs or raises, none is skipped).

    Raises
    ------
    PipelineError
        Missing record columns, or a ``doc_id`` that occurs twice.
    """
    stages = _check_stages(stages)
    engines = _check_engines(engines)
    missing = [c for c in RECORD_COLUMNS if c not in records.columns]
    if missing:
        raise PipelineError(f"article records lack columns {missing}; build them with records_from_table")
    doc_ids = records["doc_id"].tolist()
    not_text = [d for d in doc_ids if not isinstance(d, str)]
    if not_text:
        raise PipelineError(
            f"doc_id must be text, not {type(not_text[0]).__name__} ({not_text[0]!r}); "
            "build the records with records_from_table"
        )
    _check_unique_ids(doc_ids)
    timings: dict[str, float] = {}
    notes: list[str] = []

    clock = time.perf_counter()
    raw_texts = records["raw_text"].tolist()
    cleaned = [clean_text(raw, head if head else None) for raw, head in zip(raw_texts, records["headline"].tolist())]
    timings["clean"] = time.perf_counter() - clock

    clock = time.perf_counter()
    # the sentence table (kz.sentences), and its columns as lists for the later stages
    columns = _segment.sentence_columns(doc_ids, [r.body for r in cleaned])
    sentences = _segment.sentence_frame(columns)
    sentence_lists = (columns["doc_id"], columns["sentence_id"], columns["sentence"])
    timings["segment"] = time.perf_counter() - clock

    mention_rows: list[tuple] = []  # the rows of the mention table (kz.mentions), as tuples
    if {"mentions", "sentiment"} & set(stages):
        clock = time.perf_counter()
        mention_rows = _entities.mention_rows(*sentence_lists, _entities.load_gazetteer())
        mention_table = pd.DataFrame(mention_rows, columns=MENTION_COLUMNS)
        timings["mentions"] = time.perf_counter() - clock
    else:
        mention_table = pd.DataFrame(columns=MENTION_COLUMNS)

    # sentiment rows name their source as every other table does: the outlet, or "doc <doc_id>"
    outlet_values = records["outlet"].tolist()
    outlets = _source_labels(records, doc_ids, outlet_values)
    if "sentiment" in stages:
        clock = time.perf_counter()
        sentiment = _sentiment_table(sentence_lists, mention_rows, outlets, engines)
        timings["sentiment"] = time.perf_counter() - clock
    else:
        sentiment = pd.DataFrame(columns=SENTIMENT_COLUMNS)

    if "statistics" in stages:
        clock = time.perf_counter()
        statistics = _statistics(sentences, records, outlets, sentence_lists)
        timings["statistics"] = time.perf_counter() - clock
    else:
        statistics = pd.DataFrame(columns=["doc_id", "sentence_id"])

    articles = pd.DataFrame(
        {
            "doc_id": doc_ids,
            "outlet": outlet_values,
            "date": records["date"].tolist(),
            "headline": [r.headline for r in cleaned],
            "n_chars": [len(raw) for raw in raw_texts],
            "n_words": count_words([r.body for r in cleaned]),
            "n_removed": [len(r.removed) for r in cleaned],
            "boilerplate_share": [boilerplate_share(raw, r.removed) for r, raw in zip(cleaned, raw_texts)],
            "n_sentences": _count_ids(sentence_lists[0], doc_ids),
            "n_mentions": _count_distinct_mentions(mention_rows, doc_ids),
            "n_target_mentions": _count_target_mentions(mention_rows, doc_ids),
            "n_statistics": _count_by_doc(statistics, doc_ids),
        },
        columns=ARTICLE_COLUMNS,
    )
    return ChunkResult(
        articles=articles,
        mentions=mention_table,
        sentiment=sentiment,
        statistics=statistics,
        sentences=sentences if keep_sentences else None,
        timings=timings,
        notes=notes,
    )


def _count_ids(ids: Iterable[str], doc_ids: list[str]) -> list[int]:
    """How often each of ``doc_ids`` occurs in ``ids``, in the order of ``doc_ids``."""
    counts = Counter(ids)
    return [counts.get(d, 0) for d in doc_ids]


def _count_by_doc(table: pd.DataFrame, doc_ids: list[str]) -> list[int]:
    """Rows of ``table`` per article, in the order of ``doc_ids``."""
    if table.empty or "doc_id" not in table.columns:
        return [0] * len(doc_ids)
    return _count_ids(table["doc_id"].tolist(), doc_ids)


def _count_target_mentions(mention_rows: list[tuple], doc_ids: list[str]) -> list[int]:
    """Mention rows naming a target group (``group`` not empty) per article, in the order of ``doc_ids``."""
    return _count_ids((row[_DOC_ID] for row in mention_rows if row[_GROUP] != ""), doc_ids)


def _count_distinct_mentions(mention_rows: list[tuple], doc_ids: list[str]) -> list[int]:
    """Distinct mention spans per article: one span mapped to several groups counts once."""
    spans = {(row[_DOC_ID], row[_SENTENCE_ID], row[_START]) for row in mention_rows}
    return _count_ids((doc_id for doc_id, _, _ in spans), doc_ids)


# ================================================================ the run
@dataclass
class PipelineResult:
    """The tables of a pipeline run.

    Attributes
    ----------
    articles, mentions, sentiment, statistics
        The concatenated chunk tables (see :func:`analyse_chunk`); empty
        when the run wrote them to ``output_dir`` without keeping them.
    summary
        :func:`summarise_pipeline` of the sentiment table.
    sentences
        The sentence table when ``keep_sentences=True``.
    timings
        Seconds per stage summed over chunks (work time, across processes),
        and ``wall`` for the whole run.
    notes
        Problems met while reading a folder source (unreadable, missing or
        unlisted files: the messages of :func:`kzanalysis.load_report`) and
        the chunks' own notes.
    n_chunks, cache_hits
        How many chunks were processed, and how many came from the cache.
    n_articles
        How many articles were analysed (also when the tables were not kept).
    """

    articles: pd.DataFrame
    mentions: pd.DataFrame
    sentiment: pd.DataFrame
    statistics: pd.DataFrame
    summary: pd.DataFrame
    sentences: pd.DataFrame | None = None
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    n_chunks: int = 0
    cache_hits: int = 0
    n_articles: int = 0


def _chunk_params(stages: Sequence[str], engines: Sequence[str], keep_sentences: bool) -> dict:
    return {"stages": list(stages), "engines": list(engines), "keep_sentences": keep_sentences}


def _run_chunk(records: pd.DataFrame, params: dict) -> tuple[ChunkResult, CellSums]:
    """:func:`analyse_chunk`, with the chunk's summary sums made by the process that analysed it."""
    result = analyse_chunk(records, **params)
    return result, _cell_sums(result.sentiment)


def _concat(frames: list[pd.DataFrame], columns: Sequence[str] | None = None) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f.columns)]
    non_empty = [f for f in frames if len(f)]
    if non_empty:
        return pd.concat(non_empty, ignore_index=True)
    if frames:
        return frames[0].iloc[0:0].reset_index(drop=True)
    return pd.DataFrame(columns=list(columns or []))


def _write_parts(output_dir: Path, index: int, result: ChunkResult) -> None:
    for name, table in result.tables().items():
        folder = output_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        table.to_parquet(folder / f"part-{index:06d}.parquet", index=False)


def _remove_parts(output_dir: Path) -> None:
    """Remove the part files an earlier run wrote under ``output_dir`` (and nothing else)."""
    for name in ChunkResult.TABLES:
        for part in (output_dir / name).glob("part-*.parquet"):
            part.unlink()


def read_parts(output_dir: str | os.PathLike, table: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """One table of a run that streamed to ``output_dir``, its parts in chunk order.

    Parameters
    ----------
    output_dir
        The ``output_dir`` given to :func:`run_pipeline`.
    table
        "articles", "mentions", "sentiment", "statistics" or "sentences".
    columns
        Read only these columns (the rest stay on disk).

    Raises
    ------
    PipelineError
        For an unknown table, or when the run wrote no part of it there.
    """
    if table not in ChunkResult.TABLES:
        raise PipelineError(f"unknown table {table!r}; a run writes {list(ChunkResult.TABLES)}")
    parts = sorted((Path(output_dir) / table).glob("part-*.parquet"))
    if not parts:
        raise PipelineError(
            f"no parts of {table!r} under {output_dir}: run run_pipeline(..., output_dir=...) first"
            + (" with keep_sentences=True" if table == "sentences" else "")
        )
    frames = [pd.read_parquet(part, columns=list(columns) if columns is not None else None) for part in parts]
    return _concat(frames, columns)


def balanced_chunk_size(total: int | None, workers: int, largest: int = DEFAULT_CHUNK_SIZE) -> int:
    """A chunk size up to ``largest`` that gives every process the same number of chunks.

    The articles are cut into the fewest chunks of at most ``largest`` whose
    number is a multiple of ``workers``, all of nearly the same size.

    With 2,225 articles, 2 workers and chunks of 250 there would be 9 chunks,
    so one process would run 5 while the other runs 4 and then waits; chunks
    of 223 make 10, 5 each.

    Parameters
    ----------
    total
        Number of articles; None (unknown) or 0 gives ``largest``.
    workers
        Processes that analyse chunks; fewer than 2 gives ``largest``.
    largest
        The chunk size not to exceed.

    Examples
    --------
    >>> balanced_chunk_size(2225, 2)
    223
    >>> balanced_chunk_size(2225, 1), balanced_chunk_size(None, 2), balanced_chunk_size(100, 2)
    (250, 250, 50)
    """
    if not total or workers < 2 or largest < 1:
        return largest
    n_chunks = -(-total // largest)
    n_chunks = -(-n_chunks // workers) * workers
    return max(1, -(-total // n_chunks))


def _default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def run_pipeline(
    source: str | os.PathLike | pd.DataFrame | Iterable[Mapping] | None = None,
    *,
    stages: Sequence[str] = STAGES,
    engines: Sequence[str] = ENGINES,
    chunk_size: int | None = None,
    workers: int | None = None,
    columns: Mapping[str, str] | None = None,
    manifest: str | os.PathLike | None = None,
    errors: str = "warn",
    keep: bool = True,
    keep_sentences: bool = False,
    output_dir: str | os.PathLike | None = None,
    cache: bool | str | os.PathLike = False,
    progress: bool = True,
    total: int | None = None,
) -> PipelineResult:
    """Analyse a corpus of any size, chunk by chunk, on every core.

    Parameters
    ----------
    source
        Where the articles are (see :func:`iter_article_chunks`); None is the
        bundled corpus.
    stages
        Which of :data:`STAGES` to run.
    engines
        Sentiment engines ("textblob", "vader").
    chunk_size
        Articles per chunk: the unit of work, of memory and of caching.
        None: :data:`DEFAULT_CHUNK_SIZE`, made a little smaller when that
        gives every process the same number of chunks (see
        :func:`balanced_chunk_size`; only when the number of articles is
        known and the cache is off, so a cached run keeps fixed chunks and
        articles added at the end leave the earlier cache entries valid).
        Results do not depend on it.
    workers
        Processes that analyse chunks, this one included (it forks
        ``workers - 1`` helpers, only when there are chunks for them; see
        :func:`kzanalysis.parallel.map_in_order`); default: one per
        available core.  1 runs everything in this process.  Results do not
        depend on it.
    columns, manifest, errors
        How to read the source (see :func:`iter_article_chunks`).
    keep
        Keep the gathered tables in memory; False with ``output_dir`` keeps
        memory flat however long the corpus (the summary is still built).
    keep_sentences
        Also keep (or write) the sentence table; large.
    output_dir
        When given, every chunk's tables are written as Parquet part files,
        ``<output_dir>/<table>/part-NNNNNN.parquet``, as they arrive (the
        part files of an earlier run there are removed first); read one
        back with :func:`read_parts`.
    cache
        Read and write per-chunk results in the on-disk cache
        (:mod:`kzanalysis.cache`, under ``interim_dir()``, or in the folder
        given): a rerun recomputes only changed chunks.
    progress
        Show a progress bar (articles done).
    total
        Number of articles, for the progress bar, when the source cannot say.

    Returns
    -------
    PipelineResult

    Notes
    -----
    Knowledge files (gazetteer, rules, ...) edited since the last run in this
    process are read again before the run
    (:func:`kzanalysis.cache.sync_knowledge`), so results, and the cache
    entries keyed on those files, always reflect the files as they are.
    """
    from tqdm.auto import tqdm

    from .cache import sync_knowledge

    sync_knowledge()
    stages = _check_stages(stages)
    engines = _check_engines(engines)
    params = _chunk_params(stages, engines, keep_sentences)
    workers = _default_workers() if workers is None else int(workers)
    if workers < 1:
        raise PipelineError(f"workers must be at least 1, not {workers}")
    out_dir = Path(output_dir) if output_dir is not None else None
    if out_dir is not None:
        _remove_parts(out_dir)
    if total is None:
        total = _count_articles(source)
    store = None
    if cache is not False and cache is not None:
        from .cache import TableCache

        store = TableCache(None if cache is True else cache)
    if chunk_size is None:
        chunk_size = DEFAULT_CHUNK_SIZE if store is not None else balanced_chunk_size(total, workers)

    gathered: dict[str, list[pd.DataFrame]] = {name: [] for name in ChunkResult.TABLES}
    sentiment_sums: list[CellSums] = []
    timings: dict[str, float] = {}
    notes: list[str] = []
    n_chunks = 0
    n_articles = 0
    hits = 0
    started = time.perf_counter()
    read_report: list[dict] = []
    chunks = iter_article_chunks(
        source, chunk_size=chunk_size, columns=columns, manifest=manifest, errors=errors, report=read_report
    )
    bar = tqdm(total=total, unit="article", desc="kzanalysis pipeline", disable=not progress)

    def collect(index: int, result: ChunkResult, cell_sums: CellSums | None) -> None:
        nonlocal n_chunks, n_articles
        n_chunks += 1
        n_articles += len(result.articles)
        for stage, seconds in result.timings.items():
            timings[stage] = timings.get(stage, 0.0) + seconds
        for note in result.notes:
            if note not in notes:
                notes.append(note)
        if out_dir is not None:
            _write_parts(out_dir, index, result)
        sentiment_sums.append(_cell_sums(result.sentiment) if cell_sums is None else cell_sums)
        if keep:
            for name, table in result.tables().items():
                gathered[name].append(table)
        bar.update(len(result.articles))

    def cached_or_none(records: pd.DataFrame) -> tuple[ChunkResult | None, tuple | None]:
        if store is None:
            return None, None
        from .cache import cache_key

        key, components = cache_key("pipeline-chunk", records, params=params)
        tables = store.get(key, components)
        if tables is None:
            return None, (key, components)
        return ChunkResult(**{n: tables.get(n) for n in ChunkResult.TABLES}, notes=list(tables["articles"].attrs.get("notes", []))), None

    def remember(slot: tuple | None, result: ChunkResult) -> None:
        if store is not None and slot is not None:
            result.articles.attrs["notes"] = list(result.notes)
            store.put(slot[0], slot[1], result.tables())

    hits_and_slots: deque = deque()  # (index, cache slot, cached?) of every chunk handed to map_in_order

    def work_items() -> Iterator[tuple[bool, object]]:
        for index, records in enumerate(chunks):
            result, slot = cached_or_none(records)
            hits_and_slots.append((index, slot, result is not None))
            yield (False, (result, None)) if result is not None else (True, records)

    froze = _freeze_heap()
    try:
        results = map_in_order(partial(_run_chunk, params=params), work_items(), processes=workers)
        with closing(results):
            for result, cell_sums in results:
                index, slot, cached = hits_and_slots.popleft()
                if cached:
                    hits += 1
                else:
                    remember(slot, result)
                collect(index, result, cell_sums)
    finally:
        bar.close()
        if froze:
            gc.unfreeze()
    timings["wall"] = time.perf_counter() - started
    notes.extend(item["message"] for item in read_report if item["message"] not in notes)

    def table(name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        return _concat(gathered[name], columns)

    return PipelineResult(
        articles=table("articles", ARTICLE_COLUMNS),
        mentions=table("mentions", MENTION_COLUMNS),
        sentiment=table("sentiment", SENTIMENT_COLUMNS),
        statistics=table("statistics"),
        summary=_summary_from_sums(_merge_cell_sums(cell for sums in sentiment_sums for cell in sums.items())),
        sentences=table("sentences", SENTENCE_COLUMNS) if keep_sentences and keep else None,
        timings=timings,
        notes=notes,
        n_chunks=n_chunks,
        cache_hits=hits,
        n_articles=n_articles,
    )


def _count_articles(source: object) -> int | None:
    """Number of articles a source holds when it can tell cheaply (for the progress bar).

    A folder (None: the bundled corpus) yields one article per supported
    file, listed in its manifest or not; a file that cannot be read is
    skipped with a warning, so the bar may then stop short of its total.
    """
    if isinstance(source, pd.DataFrame):
        return len(source)
    folder = raw_dir() if source is None else Path(source) if isinstance(source, (str, os.PathLike)) else None
    if folder is not None and folder.is_dir():  # a missing folder: the reader names it
        return sum(1 for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
    if isinstance(source, (str, os.PathLike)) and str(source).lower().endswith((".parquet", ".pq")):
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(source).metadata.num_rows
        except (OSError, ValueError):
            return None
    return None


def _freeze_heap() -> bool:
    """Move every object that exists now out of the collector's reach for the run (``gc.freeze``).

    A full collection during the run then walks only what the run makes,
    not the caller's whole heap (a notebook's tables, say); forked helpers
    inherit the frozen heap.  Returns False, freezing nothing, when the
    caller froze objects already: theirs to unfreeze.
    """
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


# =========================================================== aggregation
PARTIAL_COLUMNS = ["outlet", "target", "engine", "n", "polarity_sum", "polarity_sq_sum", "n_below_zero", "n_zero", "n_above_zero"]
"""Mergeable per-chunk (or per-partition) sums: the table of :func:`_partial_summary`, read by :func:`finish_summary`."""


CellSums = dict[tuple[str, str, str], list[float]]
"""(outlet, target, engine) -> the sums of :data:`PARTIAL_COLUMNS` (``n`` ... ``n_above_zero``), sorted by cell."""


def _cell_sums(sentiment: pd.DataFrame) -> CellSums:
    """Per (outlet, target, engine) cell of a sentiment table: the sums of :data:`PARTIAL_COLUMNS`.

    ``n`` counts the rows, then come the sums of the polarity and of its
    square and the counts of polarities below, at and above zero: each row
    adds ``(1, p, p * p, p < 0, p == 0, p > 0)`` by :func:`_merge_cell_sums`,
    in plain Python, since a chunk has a few thousand rows, too few to repay
    building a frame and grouping it.  A missing polarity counts in ``n``
    only.
    """
    if sentiment.empty:
        return {}
    keys = zip(*(sentiment[column].astype(str).tolist() for column in ("outlet", "target", "engine")))
    polarities = sentiment["polarity"].astype(float).tolist()
    return _merge_cell_sums(
        (key, (1.0, p, p * p, float(p < 0), float(p == 0), float(p > 0))) for key, p in zip(keys, polarities)
    )


def _merge_cell_sums(parts: Iterable[tuple[tuple[str, str, str], Sequence[float]]]) -> CellSums:
    """Add up ``(cell, sums)`` pairs, in order, into one set of sums per cell, sorted by cell.

    Each of the six sums is a compensated (Kahan) sum in pair order: the
    bits pandas' grouped ``sum`` gives for rows out of cell order (a test
    compares the two); for rows already in cell order and without a missing
    value pandas sums pairwise, which can differ in the last bits.  NaN is
    skipped; a pair whose outlet, target or engine is missing (NaN after
    ``astype(str)``) is dropped.
    """
    cells: dict[tuple[str, str, str], list[float]] = {}
    for key, values in parts:
        cell = cells.get(key)
        if cell is None:
            if not all(isinstance(part, str) for part in key):
                continue
            cell = cells[key] = [0.0] * 12  # each sum, then its compensation
        for slot, value in enumerate(values):
            if value == value:
                total, compensation = cell[slot], cell[slot + 6]
                adjusted = value - compensation
                cell[slot] = new_total = total + adjusted
                compensation = new_total - total - adjusted
                cell[slot + 6] = 0.0 if compensation != compensation else compensation
    return {key: cell[:6] for key, cell in sorted(cells.items())}


def _partial_summary(sentiment: pd.DataFrame) -> pd.DataFrame:
    """Per (outlet, target, engine) sums that add up across chunks or partitions (:data:`PARTIAL_COLUMNS`)."""
    return _cell_frame(_cell_sums(sentiment))


def _cell_frame(cells: CellSums) -> pd.DataFrame:
    """The table (:data:`PARTIAL_COLUMNS`) of ``cells``: outlet, target and engine as text, then the sums."""
    keys = list(cells)
    columns: dict[str, object] = {
        name: pd.Series([key[k] for key in keys], dtype="str") for k, name in enumerate(PARTIAL_COLUMNS[:3])
    }
    for slot, name in enumerate(PARTIAL_COLUMNS[3:]):
        columns[name] = np.array([cells[key][slot] for key in keys], dtype="float64")
    return pd.DataFrame(columns, columns=PARTIAL_COLUMNS)


def finish_summary(partials: pd.DataFrame) -> pd.DataFrame:
    """Combine per-chunk sums into the summary table (:data:`SUMMARY_COLUMNS`).

    ``mean_polarity`` and ``sd_polarity`` (population) of the polarity of
    each (outlet, target, engine) cell, the :data:`SUMMARY_LEVEL` t-interval
    of the mean (``ci_low``, ``ci_high``, cut to [-1, 1]; NaN for a cell of
    one mention), and the shares of scores below zero, exactly zero and
    above zero over ``n`` scored mentions (``share_below_zero``,
    ``share_zero``, ``share_above_zero``: by sign, not by the label
    thresholds of :func:`kzanalysis.summarise_sentiment`).  Sorted by
    outlet, target, engine.

    The interval treats the mentions as independent draws.  Mentions in one
    article are not, so on a corpus of few articles per outlet it is too
    narrow; it needs only the sums, so every chunking and the Dask path give
    the same interval.  Outlet, target and engine are read as text.
    """
    if partials.empty:
        return _summary_from_sums({})
    keys = zip(*(partials[column].astype(str).tolist() for column in ("outlet", "target", "engine")))
    values = zip(*(partials[column].astype(float).tolist() for column in PARTIAL_COLUMNS[3:]))
    return _summary_from_sums(_merge_cell_sums(zip(keys, values)))


def _summary_from_sums(cells: CellSums) -> pd.DataFrame:
    """The summary table (:data:`SUMMARY_COLUMNS`) of the summed cells (see :func:`finish_summary`)."""
    sums = _cell_frame(cells)
    if sums.empty:
        return pd.DataFrame({c: pd.Series(dtype="str" if c in {"outlet", "target", "engine"} else "float64") for c in SUMMARY_COLUMNS}).astype({"n": "int64"})
    n = sums["n"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):  # NaN and infinities pass quietly, as in pandas
        mean = sums["polarity_sum"].to_numpy() / n
        variance = np.clip(sums["polarity_sq_sum"].to_numpy() / n - mean * mean, 0.0, None)  # NaN stays NaN
        half_width = _t_half_width(n, variance)
        low, high = mean - half_width, mean + half_width
        shares = {f"share_{sign}": sums[f"n_{sign}"].to_numpy() / n for sign in ("below_zero", "zero", "above_zero")}
    return pd.DataFrame(
        {
            "outlet": sums["outlet"],
            "target": sums["target"],
            "engine": sums["engine"],
            "n": np.round(n).astype("int64"),
            "mean_polarity": np.round(mean, 12),
            # a polarity lies in [-1, 1], and so does its mean
            "ci_low": np.round(np.clip(low, -1.0, None), 12),
            "ci_high": np.round(np.clip(high, None, 1.0), 12),
            "sd_polarity": np.round(np.sqrt(variance), 12),
            **{name: np.round(share, 12) for name, share in shares.items()},
        },
        columns=SUMMARY_COLUMNS,
    )


def _t_half_width(n: np.ndarray, population_variance: np.ndarray) -> np.ndarray:
    """Half the width of the :data:`SUMMARY_LEVEL` t-interval of a mean; NaN where ``n < 2``."""
    from scipy.stats import t

    with np.errstate(divide="ignore", invalid="ignore"):
        standard_error = np.sqrt(population_variance / (n - 1))  # sample variance / n
        quantile = t.ppf(0.5 + SUMMARY_LEVEL / 2, n - 1)
    return np.where(n >= 2, quantile * standard_error, np.nan)


def summarise_pipeline(sentiment: pd.DataFrame) -> pd.DataFrame:
    """Mean, spread and sign shares of the polarity per (outlet, target, engine).

    Parameters
    ----------
    sentiment
        A sentiment table of a pipeline run (:data:`SENTIMENT_COLUMNS`).

    Returns
    -------
    DataFrame
        :data:`SUMMARY_COLUMNS`; values are rounded to 12 decimals so the
        result does not depend on how the rows were split into chunks.
    """
    return _summary_from_sums(_merge_cell_sums(_cell_sums(sentiment).items()))
