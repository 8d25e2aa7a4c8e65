"""The Dask pipeline on a local two-worker cluster equals the pandas path."""

from __future__ import annotations

import pandas as pd
import pytest

from kzanalysis import pipeline as pl

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
kd = pytest.importorskip("kzanalysis.distributed")

TABLES = ("articles", "mentions", "sentiment", "statistics", "sentences", "summary")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def pandas_run():
    return pl.run_pipeline(workers=1, chunk_size=2, keep_sentences=True, progress=False)


def test_cluster_run_equals_the_pandas_path(client, pandas_run):
    frame = kd.articles_frame(None, partition_size=2)
    assert frame.npartitions == 3
    result = kd.run_dask(frame, client=client, keep_sentences=True)
    assert len(client.scheduler_info()["workers"]) == 2
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(result, name), getattr(pandas_run, name), obj=name)
    assert len(result.mentions) > 100 and len(result.statistics) > 0
    assert result.n_chunks == 3 and result.n_articles == pandas_run.n_articles == 5
    assert set(result.timings) >= {"clean", "segment", "mentions", "sentiment", "statistics"}


def test_parquet_on_storage_runs_and_writes_parquet(client, pandas_run, tmp_path):
    records = pd.concat(list(pl.iter_article_chunks(None)), ignore_index=True)
    source = tmp_path / "articles.parquet"
    records.to_parquet(source, row_group_size=2, index=False)
    result = kd.run_dask(kd.articles_frame(source), client=client, output_dir=tmp_path / "out")
    pd.testing.assert_frame_equal(result.mentions, pandas_run.mentions)
    pd.testing.assert_frame_equal(result.summary, pandas_run.summary)
    written = pd.read_parquet(tmp_path / "out" / "sentiment")
    assert len(written) == len(pandas_run.sentiment)


def test_lazy_run_computes_nothing_until_asked(pandas_run):
    lazy = kd.run_dask(kd.articles_frame(None, partition_size=5), compute=False)
    assert {"articles", "mentions", "sentiment", "statistics", "summary_sums"} <= set(lazy)
    assert len(lazy["mentions"].compute(scheduler="sync")) == len(pandas_run.mentions)
