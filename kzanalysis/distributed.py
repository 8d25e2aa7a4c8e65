"""The large-corpus pipeline on Dask, for corpora beyond one machine.

A ``dask.dataframe`` partitions the articles; every partition goes through
:func:`kzanalysis.pipeline.analyse_chunk`, the same per-article work as the
pandas path (load, clean, segment, mentions, sentiment, statistics), on
whichever worker holds it; aggregations (the outlet × target × engine
summary, the counts) run globally over all partitions.  With a
``distributed.Client`` the work runs on a cluster; without one, on Dask's
local scheduler.

The result equals :func:`kzanalysis.pipeline.run_pipeline` on the same
articles: the same tables, row for row (the summary to 12 decimals).

Examples
--------
On a cluster, with the corpus as Parquet on storage every worker can read::

    from distributed import Client
    from kzanalysis.distributed import articles_frame, run_dask

    client = Client("tcp://scheduler:8786")
    articles = articles_frame("s3://bucket/news/*.parquet")    # or a shared folder
    result = run_dask(articles, client=client, output_dir="s3://bucket/kz-out")
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .pipeline import (
    ARTICLE_COLUMNS,
    ENGINES,
    PARTIAL_COLUMNS,
    RECORD_COLUMNS,
    SENTIMENT_COLUMNS,
    STAGES,
    ChunkResult,
    PipelineError,
    PipelineResult,
    _check_engines,
    _check_stages,
    _partial_summary,
    analyse_chunk,
    finish_summary,
    iter_article_chunks,
    records_from_table,
)

DEFAULT_PARTITION_SIZE = 250
"""Articles per partition when building a frame from a local source."""


def _require_dask():
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as exc:  # pragma: no cover - dask is an optional extra
        raise ImportError(
            "the Dask pipeline needs dask[dataframe] and distributed: "
            "pip install 'kzanalysis[dask]'"
        ) from exc
    return dask, dd


def articles_frame(
    source: Any = None,
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    columns: Mapping[str, str] | None = None,
    storage_options: Mapping[str, Any] | None = None,
):
    """A ``dask.dataframe`` of article records (:data:`~kzanalysis.pipeline.RECORD_COLUMNS`).

    Parameters
    ----------
    source
        A Dask DataFrame (used as it is partitioned); a Parquet file, folder
        or glob, local or remote (``s3://``, ``gs://``, ``hdfs://`` ... as
        ``dask.dataframe.read_parquet`` reads it: one partition per row
        group); a pandas DataFrame; or anything
        :func:`kzanalysis.pipeline.iter_article_chunks` reads (None, a folder
        of article files, a CSV file), read here and partitioned by
        ``partition_size``.
    partition_size
        Articles per partition for local sources.
    columns
        Record field -> source column, as in
        :func:`kzanalysis.pipeline.records_from_table`.
    storage_options
        Passed to ``read_parquet`` for remote storage.

    Returns
    -------
    dask.dataframe.DataFrame
    """
    _, dd = _require_dask()
    if hasattr(source, "map_partitions") and hasattr(source, "npartitions"):
        frame = source
    elif isinstance(source, (str, os.PathLike)) and _is_parquet(source):
        frame = dd.read_parquet(str(source), storage_options=dict(storage_options or {}), split_row_groups=True)
    else:
        if isinstance(source, pd.DataFrame):
            records = records_from_table(source, columns)
        else:
            records = pd.concat(
                list(iter_article_chunks(source, chunk_size=max(partition_size, 1), columns=columns)),
                ignore_index=True,
            )
        npartitions = max(1, -(-len(records) // max(partition_size, 1)))
        return dd.from_pandas(records, npartitions=npartitions, sort=False)
    meta = pd.DataFrame({c: pd.Series(dtype="str") for c in RECORD_COLUMNS})
    return frame.map_partitions(_records_partition, dict(columns or {}), meta=meta)


def _is_parquet(source: str | os.PathLike) -> bool:
    text = str(source)
    if text.endswith((".parquet", ".pq")) or "*" in text and ".parq" in text:
        return True
    path = Path(text)
    return path.is_dir() and any(path.glob("*.parquet"))


def _records_partition(frame: pd.DataFrame, columns: dict, partition_info: dict | None = None) -> pd.DataFrame:
    offset = 0
    if partition_info is not None and "number" in partition_info:
        offset = partition_info["number"] * 10**7
    return records_from_table(frame, columns or None, offset)


def _analyse_partition(records: pd.DataFrame, params: dict) -> ChunkResult:
    return analyse_chunk(records.reset_index(drop=True), **params)


def run_dask(
    articles: Any,
    *,
    stages: Sequence[str] = STAGES,
    engines: Sequence[str] = ENGINES,
    client: Any = None,
    keep_sentences: bool = False,
    output_dir: str | os.PathLike | None = None,
    compute: bool = True,
    storage_options: Mapping[str, Any] | None = None,
) -> PipelineResult | dict[str, Any]:
    """Run the pipeline on Dask: per-partition analysis, global aggregation.

    Parameters
    ----------
    articles
        A Dask DataFrame of article records (see :func:`articles_frame`), or
        any source :func:`articles_frame` accepts.
    stages, engines, keep_sentences
        As in :func:`kzanalysis.pipeline.run_pipeline`.
    client
        A ``distributed.Client`` (or a scheduler address such as
        ``"tcp://host:8786"``) to run on; None uses the current client if
        one exists, else Dask's local scheduler.
    output_dir
        When given, every partition's tables are also written by the worker
        that made them, as ``<output_dir>/<table>/part-NNNNNN.parquet`` (a
        local path every worker can reach, or a remote URL).
    compute
        False returns the lazy tables (a dict of Dask DataFrames plus the
        lazy summary) without running anything.
    storage_options
        For a remote ``output_dir``.

    Returns
    -------
    PipelineResult
        With ``articles``, ``mentions``, ``sentiment``, ``statistics``
        (and ``sentences``) gathered to pandas, ``summary`` from a global
        aggregation, ``timings`` summed over partitions and ``n_chunks`` the
        number of partitions.
    """
    dask, dd = _require_dask()

    # keep pandas' own string dtype, so the tables equal the pandas path's
    with dask.config.set({"dataframe.convert-string": False}):
        return _run_dask(
            dask, dd, articles, stages=stages, engines=engines, client=client,
            keep_sentences=keep_sentences, output_dir=output_dir, compute=compute,
            storage_options=storage_options,
        )


def _run_dask(dask, dd, articles, *, stages, engines, client, keep_sentences, output_dir, compute, storage_options):
    from dask import delayed

    stages = _check_stages(stages)
    engines = _check_engines(engines)
    params = {"stages": list(stages), "engines": list(engines), "keep_sentences": keep_sentences}
    if isinstance(client, str):
        from distributed import Client

        client = Client(client)
    frame = articles_frame(articles)
    parts = frame.to_delayed()
    if not parts:
        raise PipelineError("the article frame has no partitions")
    results = [delayed(_analyse_partition, pure=True)(part, params) for part in parts]
    compute_kwargs = {} if client is None else {"scheduler": client}
    if compute:
        # analyse every partition once; the tables and aggregations below reuse it
        results = list(dask.persist(*results, **compute_kwargs))

    def table(name: str, meta: pd.DataFrame):
        pieces = [delayed(getattr, pure=True)(r, name) for r in results]
        return dd.from_delayed(pieces, meta=meta, verify_meta=False)

    probe = analyse_chunk(pd.DataFrame({c: pd.Series(dtype="str") for c in RECORD_COLUMNS}), **params)
    names = ["articles", "mentions", "sentiment", "statistics"] + (["sentences"] if keep_sentences else [])
    tables = {name: table(name, getattr(probe, name)) for name in names}
    partials = dd.from_delayed(
        [delayed(_partial_summary, pure=True)(delayed(getattr, pure=True)(r, "sentiment")) for r in results],
        meta=_partial_summary(probe.sentiment),
        verify_meta=False,
    )
    # the global aggregation: sums per cell over every partition
    sums = partials.groupby(["outlet", "target", "engine"]).sum(split_out=1)
    timings = delayed(_sum_timings)([delayed(getattr, pure=True)(r, "timings") for r in results])
    notes = delayed(_merge_notes)([delayed(getattr, pure=True)(r, "notes") for r in results])
    if not compute:
        return {**tables, "summary_sums": sums, "timings": timings, "notes": notes}

    writes = []
    if output_dir is not None:
        target = str(output_dir).rstrip("/")
        writes = [
            delayed(_write_partition)(r, index, target, names, dict(storage_options or {}))
            for index, r in enumerate(results)
        ]
    computed = dask.compute(*[tables[n] for n in names], sums, **compute_kwargs)
    gathered = dict(zip(names, computed[: len(names)]))
    summary = finish_summary(computed[-1].reset_index()[PARTIAL_COLUMNS])
    timing, note_list, *_ = dask.compute(timings, notes, *writes, **compute_kwargs)
    return PipelineResult(
        articles=gathered["articles"].reset_index(drop=True)[ARTICLE_COLUMNS],
        mentions=gathered["mentions"].reset_index(drop=True),
        sentiment=gathered["sentiment"].reset_index(drop=True)[SENTIMENT_COLUMNS],
        statistics=gathered["statistics"].reset_index(drop=True),
        summary=summary,
        sentences=gathered["sentences"].reset_index(drop=True) if keep_sentences else None,
        timings=timing,
        notes=note_list,
        n_chunks=len(parts),
        n_articles=len(gathered["articles"]),
    )


def _write_partition(result: ChunkResult, index: int, target: str, names: list[str], storage_options: dict) -> int:
    """Write one partition's tables as ``<target>/<table>/part-NNNNNN.parquet`` (local or remote)."""
    local = "://" not in target
    for name in names:
        table = getattr(result, name)
        if local:
            Path(target, name).mkdir(parents=True, exist_ok=True)
        table.to_parquet(f"{target}/{name}/part-{index:06d}.parquet", index=False,
                         storage_options=None if local else storage_options or None)
    return index


def _sum_timings(items: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        for stage, seconds in item.items():
            out[stage] = out.get(stage, 0.0) + seconds
    return out


def _merge_notes(items: list[list[str]]) -> list[str]:
    out: list[str] = []
    for item in items:
        for note in item:
            if note not in out:
                out.append(note)
    return out
