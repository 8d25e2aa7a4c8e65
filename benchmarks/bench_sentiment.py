"""Validate the sentiment engines on human labels and time the sentence scorers.

Run from the project root::

    .venv/bin/python benchmarks/bench_sentiment.py

* NewsMTSC test splits (rw = real-world mix, mt = multi-target sentences):
  macro-F1 and accuracy of whole-sentence TextBlob, whole-sentence VADER, the
  lexicon rules around the target (``kz-rules``) and the trained target model
  (``kz``).  Labels use the thresholds in ``kzanalysis/data/sentiment_thresholds.csv``
  (tuned on train/dev only); the whole-sentence engines are also shown with
  the conventional +-0.05 cut.
* VADER's NYT editorial sentences: Pearson r between each whole-sentence
  engine's polarity and the mean human rating.
* Speed: the package's whole-sentence scorers against the plain
  ``TextBlob(s).sentiment.polarity`` / new-analyser-per-call VADER loops, as
  ratios measured in this run.
* Speed on BBC (``../shared/benchmarks/bbc``): the exact fast scorers of
  :mod:`kzanalysis.lexicon_scorers` against the engines' own analysers called
  directly (one shared analyser, no per-call object), on the sentences that
  mention a target group (what the pipeline scores) and on every sentence;
  the scores are checked to be identical.

Writes ``benchmarks/results/sentiment.csv`` and ``sentiment.md``.  Prints a
skip reason and exits 0 when ``../shared/benchmarks`` is absent.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from kzanalysis.config import benchmarks_data_dir
from kzanalysis.sentence_sentiment import sentence_polarity
from kzanalysis.sentiment import label_polarity, label_thresholds, target_sentiment
from kzanalysis.sentiment_benchmarks import load_newsmtsc, load_vader_nyt
from kzanalysis.tables import write_csv

RESULTS = Path(__file__).resolve().parent / "results"
PUBLISHED = [
    # dataset, engine, macro_f1, accuracy, source
    ("newsmtsc-rw test", "published: RoBERTa GRU-TSC (neural)", 0.831, 0.838, "Hamborg & Donnay 2021, Table 2"),
    ("newsmtsc-mt test", "published: RoBERTa GRU-TSC (neural)", 0.825, 0.846, "Hamborg & Donnay 2021, Table 2"),
]


def newsmtsc_rows() -> list[dict]:
    rows = []
    for split, dataset in (("rw-test", "newsmtsc-rw test"), ("mt-test", "newsmtsc-mt test")):
        frame = load_newsmtsc(split)
        gold = frame["label"].to_numpy()
        spans = list(zip(frame["sentence"], frame["start"], frame["end"]))
        for engine in ("textblob", "vader", "kz-rules", "kz"):
            if engine in ("textblob", "vader"):
                values = sentence_polarity(frame["sentence"], engine)
                conventional = np.where(values < -0.05, "negative", np.where(values > 0.05, "positive", "neutral"))
                rows.append({"benchmark": "NewsMTSC", "dataset": dataset, "engine": f"{engine} (whole sentence, +-0.05)",
                             "macro_f1": f1_score(gold, conventional, average="macro"),
                             "accuracy": accuracy_score(gold, conventional), "pearson_r": np.nan, "n": len(frame),
                             "note": "conventional cut"})
                predicted = np.asarray([label_polarity(float(v), engine) for v in values])
            else:
                results = [target_sentiment(s, (a, b), engine=engine) for s, a, b in spans]
                predicted = np.asarray([r["label"] for r in results])
            low, high = label_thresholds().loc[engine, ["negative_below", "positive_above"]]
            label = {"textblob": "textblob (whole sentence)", "vader": "vader (whole sentence)",
                     "kz-rules": "kz-rules (lexicon around target)", "kz": "kz (trained target model)"}[engine]
            rows.append({"benchmark": "NewsMTSC", "dataset": dataset, "engine": label,
                         "macro_f1": f1_score(gold, predicted, average="macro"),
                         "accuracy": accuracy_score(gold, predicted), "pearson_r": np.nan, "n": len(frame),
                         "note": "most probable class" if engine == "kz"
                         else f"thresholds {low:+.3f} / {high:+.3f} (train/dev-tuned)"})
            print(f"{dataset:18} {label:36} F1m {rows[-1]['macro_f1']:.3f}  acc {rows[-1]['accuracy']:.3f}", flush=True)
    for dataset, engine, f1m, acc, source in PUBLISHED:
        rows.append({"benchmark": "NewsMTSC", "dataset": dataset, "engine": engine, "macro_f1": f1m,
                     "accuracy": acc, "pearson_r": np.nan, "n": np.nan, "note": source})
    return rows


def nyt_rows() -> list[dict]:
    frame = load_vader_nyt()
    rows = []
    for engine in ("textblob", "vader"):
        r = float(np.corrcoef(sentence_polarity(frame["sentence"], engine), frame["rating"])[0, 1])
        rows.append({"benchmark": "VADER NYT editorials", "dataset": "nyt editorial sentences",
                     "engine": f"{engine} (whole sentence)", "macro_f1": np.nan, "accuracy": np.nan,
                     "pearson_r": r, "n": len(frame), "note": "Pearson r with the 20-rater mean"})
        print(f"NYT editorials     {engine:36} r {r:.3f}")
    rows.append({"benchmark": "VADER NYT editorials", "dataset": "nyt editorial sentences",
                 "engine": "published: VADER 2014", "macro_f1": np.nan, "accuracy": np.nan, "pearson_r": 0.492,
                 "n": 5190, "note": "Hutto & Gilbert 2014, Table 4"})
    return rows


def speed_rows(texts: list[str]) -> list[dict]:
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    def timed(function) -> float:
        start = time.perf_counter()
        function()
        return time.perf_counter() - start

    sentence_polarity(texts[:10], "vader")  # build the shared analyser outside the timing
    naive_textblob = timed(lambda: [TextBlob(t).sentiment.polarity for t in texts])
    fast_textblob = timed(lambda: sentence_polarity(texts, "textblob"))
    subset = texts[:300]
    naive_vader = timed(lambda: [SentimentIntensityAnalyzer().polarity_scores(t)["compound"] for t in subset])
    fast_vader = timed(lambda: sentence_polarity(subset, "vader"))
    rows = []
    for engine, naive, fast, n in (("textblob", naive_textblob, fast_textblob, len(texts)),
                                   ("vader", naive_vader, fast_vader, len(subset))):
        ratio = naive / fast
        rows.append({"benchmark": "speed", "dataset": "nyt editorial sentences", "engine": engine,
                     "macro_f1": np.nan, "accuracy": np.nan, "pearson_r": np.nan, "n": n,
                     "note": f"sentence_polarity is {ratio:.1f}x the plain per-sentence loop"})
        print(f"speed              {engine:36} {ratio:.1f}x")
    return rows


def bbc_sentences() -> tuple[list[str], list[str]]:
    """Every BBC sentence as the pipeline segments it, and those that mention a target group."""
    from kzanalysis.clean import clean_text
    from kzanalysis.entities import mentions
    from kzanalysis.segment import sentences

    bbc = pd.read_csv(benchmarks_data_dir() / "bbc" / "bbc_news.csv", dtype=str, keep_default_na=False)
    bodies = [clean_text(raw, head if head else None).body for raw, head in zip(bbc["text"], bbc["title"])]
    table = sentences(pd.DataFrame({"doc_id": bbc["id"].tolist(), "body": bodies}))
    found = mentions(table)
    targeted = found.loc[found["group"] != "", ["doc_id", "sentence_id"]].drop_duplicates()
    keyed = table.set_index(["doc_id", "sentence_id"])["sentence"]
    return table["sentence"].tolist(), keyed.loc[list(zip(targeted["doc_id"], targeted["sentence_id"]))].tolist()


def bbc_speed_rows() -> list[dict]:
    from kzanalysis.sentence_sentiment import _pattern_sentiment, textblob_score_arrays, vader_analyzer

    every, targeted = bbc_sentences()
    pattern, vader = _pattern_sentiment(), vader_analyzer()
    engines = {"textblob": lambda texts: [tuple(pattern(t)) for t in texts],
               "vader": lambda texts: [vader.polarity_scores(t)["compound"] for t in texts]}
    fast = {"textblob": lambda texts: list(zip(*(a.tolist() for a in textblob_score_arrays(texts)))),
            "vader": lambda texts: sentence_polarity(texts, "vader").tolist()}
    rows = []
    for dataset, texts, repeats in (("bbc target sentences", targeted, 3), ("bbc sentences", every, 1)):
        for engine in ("textblob", "vader"):
            fast[engine](texts[:10])  # build the scorer outside the timing
            before = after = float("inf")
            for _ in range(repeats):
                start = time.perf_counter()
                expected = engines[engine](texts)
                before = min(before, time.perf_counter() - start)
                start = time.perf_counter()
                got = fast[engine](texts)
                after = min(after, time.perf_counter() - start)
            if got != expected:
                raise AssertionError(f"{engine}: fast scores differ from the engine on {dataset}")
            rows.append({"benchmark": "speed", "dataset": dataset, "engine": engine, "macro_f1": np.nan,
                         "accuracy": np.nan, "pearson_r": np.nan, "n": len(texts),
                         "note": f"exact fast scorer {before / after:.1f}x the engine's own analyser "
                                 f"({before:.2f} s -> {after:.2f} s; identical scores)"})
            print(f"speed {dataset:21} {engine:9} {before:.3f} s -> {after:.3f} s ({before / after:.1f}x)",
                  flush=True)
    return rows


def to_markdown(table: pd.DataFrame) -> str:
    lines = ["| benchmark | dataset | engine | macro-F1 | accuracy | Pearson r | n | note |",
             "|---|---|---|---:|---:|---:|---:|---|"]
    fmt = lambda v: "" if pd.isna(v) else f"{v:.3f}"  # noqa: E731
    for row in table.itertuples(index=False):
        n = "" if pd.isna(row.n) else f"{int(row.n):,}"
        lines.append(f"| {row.benchmark} | {row.dataset} | {row.engine} | {fmt(row.macro_f1)} | "
                     f"{fmt(row.accuracy)} | {fmt(row.pearson_r)} | {n} | {row.note} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    if not (benchmarks_data_dir() / "newsmtsc").is_dir() or not (benchmarks_data_dir() / "vader_nyt").is_dir():
        print(f"skip: benchmark data not found under {benchmarks_data_dir()} (../shared is absent); nothing measured")
        return 0
    rows = newsmtsc_rows() + nyt_rows()
    rows += speed_rows(list(load_vader_nyt()["sentence"]))
    if (benchmarks_data_dir() / "bbc" / "bbc_news.csv").is_file():
        rows += bbc_speed_rows()
    else:
        print("speed on BBC skipped: ../shared/benchmarks/bbc is absent")
    table = pd.DataFrame(rows)
    table["n"] = table["n"].astype("Int64")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stable = table[table["benchmark"] != "speed"]
    speed = table[table["benchmark"] == "speed"]
    write_csv(stable, RESULTS / "sentiment.csv")  # speed ratios vary by run: markdown only
    text = ("# Sentiment benchmarks\n\nWritten by `.venv/bin/python benchmarks/bench_sentiment.py`. "
            "NewsMTSC: test splits only (thresholds and model settings were chosen on train/dev). "
            "Speed ratios vary between runs and machines.\n\n" + to_markdown(stable)
            + "\n## Speed (ratios within one run)\n\n" + to_markdown(speed))
    (RESULTS / "sentiment.md").write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS / 'sentiment.csv'} and sentiment.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
