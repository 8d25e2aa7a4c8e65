"""Train the package's target-sentiment model and tune every engine's label thresholds.

Run from the project root::

    .venv/bin/python scripts/train_target_sentiment.py

Uses only NewsMTSC ``train`` and the ``rw-dev`` / ``mt-dev`` splits (never the
test splits), from ``../shared/benchmarks/newsmtsc``:

1. Extract target features for train and both dev splits.
2. For each regularisation strength C and class weighting (none or
   "balanced") in the grid, fit on train and score macro-F1 (arg-max class) on
   each dev split; keep the setting with the best mean.
3. With that setting fitted on train, choose the polarity thresholds of the ``kz``
   engine that maximise macro-F1 on the pooled dev splits (the model itself
   labels by its most probable class, which scored higher on dev; the cut is
   for users who threshold the polarity).  The thresholds of
   ``textblob``, ``vader`` and ``kz-rules`` maximise macro-F1 on train + dev.
4. Refit on train + dev with the chosen setting; write
   ``kzanalysis/data/target_sentiment_model.json.gz`` and
   ``kzanalysis/data/sentiment_thresholds.csv``.

The fit is deterministic (lbfgs, fixed seed), so a rerun writes the same bytes.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from kzanalysis.config import PACKAGE_DATA_DIR, benchmarks_data_dir
from kzanalysis.sentence_sentiment import sentence_polarity
from kzanalysis.sentiment_benchmarks import load_newsmtsc
from kzanalysis.sentiment_model import MODEL_PATH, TargetSentimentModel, rules_polarity
from kzanalysis.target_features import target_features
from kzanalysis.tables import write_csv

SEED = 0
C_GRID = (0.03, 0.05, 0.1, 0.2, 0.3)
CLASS_WEIGHTS = (None, "balanced")
MIN_COUNT = 2
CHAR_MIN_COUNT = 10
THRESHOLD_GRID = np.round(np.arange(0.0, 0.6001, 0.025), 3)
THRESHOLDS_PATH = PACKAGE_DATA_DIR / "sentiment_thresholds.csv"


def labels_from(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Three classes from a polarity and two thresholds (negative < low, positive > high)."""
    return np.where(values < low, "negative", np.where(values > high, "positive", "neutral"))


def tune_thresholds(values: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    """``(low, high, macro_f1)`` maximising macro-F1 over the threshold grid (first best wins)."""
    best = (0.0, 0.0, -1.0)
    for low in -THRESHOLD_GRID:
        for high in THRESHOLD_GRID:
            score = f1_score(gold, labels_from(values, low, high), average="macro")
            if score > best[2] + 1e-12:
                best = (float(low) + 0.0 if low else 0.0, float(high), float(score))
    return best


def featurise(frame: pd.DataFrame) -> list[dict[str, float]]:
    return [target_features(s, a, b)[0] for s, a, b in zip(frame["sentence"], frame["start"], frame["end"])]


def main() -> int:
    if not (benchmarks_data_dir() / "newsmtsc").is_dir():
        print(f"skip: NewsMTSC not found under {benchmarks_data_dir()}; nothing trained")
        return 0
    splits = {name: load_newsmtsc(name) for name in ("train", "rw-dev", "mt-dev")}
    features = {name: featurise(frame) for name, frame in splits.items()}
    gold = {name: frame["label"].to_numpy() for name, frame in splits.items()}
    print("examples:", {name: len(frame) for name, frame in splits.items()})

    def new_model(c: float, class_weight: str | None) -> TargetSentimentModel:
        return TargetSentimentModel(C=c, min_count=MIN_COUNT, char_min_count=CHAR_MIN_COUNT,
                                    class_weight=class_weight, seed=SEED)

    search = []
    for class_weight in CLASS_WEIGHTS:
        for c in C_GRID:
            model = new_model(c, class_weight).fit(features["train"], list(gold["train"]))
            scores = {}
            for dev in ("rw-dev", "mt-dev"):
                proba = model.predict_proba(features[dev])
                predicted = np.asarray(["negative", "neutral", "positive"])[proba.argmax(axis=1)]
                scores[dev] = f1_score(gold[dev], predicted, average="macro")
            search.append({"C": c, "class_weight": class_weight or "none", **scores,
                           "mean": (scores["rw-dev"] + scores["mt-dev"]) / 2})
            print(f"C={c:<5} class_weight={class_weight or 'none':9} rw-dev F1m {scores['rw-dev']:.3f}  "
                  f"mt-dev F1m {scores['mt-dev']:.3f}", flush=True)
    best = max(search, key=lambda row: row["mean"])  # first best wins
    best_c = best["C"]
    best_weight = None if best["class_weight"] == "none" else best["class_weight"]
    print("chosen:", best)

    model = new_model(best_c, best_weight).fit(features["train"], list(gold["train"]))
    dev_feats = features["rw-dev"] + features["mt-dev"]
    dev_gold = np.concatenate([gold["rw-dev"], gold["mt-dev"]])
    kz_low, kz_high, kz_f1 = tune_thresholds(model.polarity(dev_feats), dev_gold)

    all_frames = pd.concat(list(splits.values()), ignore_index=True)
    all_gold = all_frames["label"].to_numpy()
    all_feats = features["train"] + dev_feats
    rows = [{"engine": "kz", "negative_below": kz_low, "positive_above": kz_high,
             "tuned_on": "NewsMTSC rw-dev + mt-dev (model fitted on train); the model labels by its most probable class", "tuning_macro_f1": round(kz_f1, 4)}]
    for engine in ("textblob", "vader"):
        low, high, f1 = tune_thresholds(sentence_polarity(all_frames["sentence"], engine), all_gold)
        rows.append({"engine": engine, "negative_below": low, "positive_above": high,
                     "tuned_on": "NewsMTSC train + rw-dev + mt-dev", "tuning_macro_f1": round(f1, 4)})
    low, high, f1 = tune_thresholds(np.asarray([rules_polarity(f) for f in all_feats]), all_gold)
    rows.append({"engine": "kz-rules", "negative_below": low, "positive_above": high,
                 "tuned_on": "NewsMTSC train + rw-dev + mt-dev", "tuning_macro_f1": round(f1, 4)})
    thresholds = pd.DataFrame(rows)
    print(thresholds.to_string(index=False))

    final = new_model(best_c, best_weight)
    final.fit(features["train"] + dev_feats, list(gold["train"]) + list(dev_gold))
    final.thresholds_ = (kz_low, kz_high)
    final.metadata_ = {
        "trained_on": "NewsMTSC train + rw-dev + mt-dev (Hamborg & Donnay, EACL 2021)",
        "examples": len(all_feats),
        "search": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()} for row in search],
        "script": "scripts/train_target_sentiment.py",
    }
    final.to_json(MODEL_PATH)
    write_csv(thresholds, THRESHOLDS_PATH)
    print(f"wrote {MODEL_PATH.name} ({MODEL_PATH.stat().st_size / 1e6:.2f} MB, "
          f"{len(final.features_)} features) and {THRESHOLDS_PATH.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
