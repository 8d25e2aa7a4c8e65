"""Readers for the human-labelled sentiment benchmarks beside the project.

The data stay in ``../shared/benchmarks`` (see
:func:`kzanalysis.config.benchmarks_data_dir`); nothing is copied into the
package.

* NewsMTSC (Hamborg & Donnay, EACL 2021): news sentences with one or more
  people labelled negative / neutral / positive.  :func:`load_newsmtsc`
  flattens it to one row per labelled target.
* VADER's NYT editorial snippets (Hutto & Gilbert, ICWSM 2014): sentences with
  the mean of 20 human ratings on [-4, 4].  :func:`load_vader_nyt`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .config import benchmarks_data_dir

NEWSMTSC_LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
NEWSMTSC_SPLITS = {
    "train": "train.jsonl",
    "rw-dev": "dev_test_split/newsmtsc-rw/dev.jsonl",
    "rw-test": "dev_test_split/newsmtsc-rw/test.jsonl",
    "mt-dev": "dev_test_split/newsmtsc-mt/dev.jsonl",
    "mt-test": "dev_test_split/newsmtsc-mt/test.jsonl",
}
"""Split name to file under ``benchmarks/newsmtsc``.  Tune on train and *-dev only."""

NEWSMTSC_COLUMNS = ["split", "sentence_index", "gid", "sentence", "start", "end", "mention", "label"]


class BenchmarkMissingError(FileNotFoundError):
    """A benchmark file is not where the package expects it."""


def _require(path: Path) -> Path:
    if not path.is_file():
        raise BenchmarkMissingError(
            f"benchmark file {path} is missing; the benchmarks live in ../shared/benchmarks "
            "beside the project (set KZANALYSIS_SHARED to point elsewhere)"
        )
    return path


def load_newsmtsc(split: str) -> pd.DataFrame:
    """One row per labelled target of a NewsMTSC split.

    Parameters
    ----------
    split
        One of ``"train"``, ``"rw-dev"``, ``"rw-test"``, ``"mt-dev"``, ``"mt-test"``.

    Returns
    -------
    DataFrame
        ``split``, ``sentence_index`` (line number in the file), ``gid``,
        ``sentence``, ``start`` and ``end`` (the mention's character span,
        end exclusive), ``mention`` and ``label`` ("negative", "neutral",
        "positive").
    """
    if split not in NEWSMTSC_SPLITS:
        raise ValueError(f"unknown NewsMTSC split {split!r}; valid splits are {list(NEWSMTSC_SPLITS)}")
    path = _require(benchmarks_data_dir() / "newsmtsc" / NEWSMTSC_SPLITS[split])
    rows = []
    with path.open(encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            record = json.loads(line)
            sentence = record["sentence_normalized"]
            for target in record["targets"]:
                rows.append(
                    (
                        split, index, target["Input.gid"], sentence, int(target["from"]),
                        int(target["to"]), target["mention"], NEWSMTSC_LABELS[float(target["polarity"])],
                    )
                )
    return pd.DataFrame(rows, columns=NEWSMTSC_COLUMNS)


def load_vader_nyt() -> pd.DataFrame:
    """The NYT editorial sentences: ``id``, ``rating`` (mean of 20, in [-4, 4]), ``sentence``."""
    path = _require(benchmarks_data_dir() / "vader_nyt" / "nytEditorialSnippets_GroundTruth.txt")
    rows = []
    with path.open(encoding="utf-8", newline=None) as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                continue
            ident, rating, text = line.split("\t", 2)
            rows.append((ident, float(rating), text))
    return pd.DataFrame(rows, columns=["id", "rating", "sentence"])
