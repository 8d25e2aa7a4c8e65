"""The package's trained target-sentiment model (engine ``"kz"``).

A multinomial logistic regression over the target-aware features of
:func:`kzanalysis.target_features.target_features` (word and character
n-grams around the masked target, lexicon sums, position and speech cues),
trained on the NewsMTSC training split by ``scripts/train_target_sentiment.py``
(fixed seed, settings chosen on the dev splits only).  The fitted weights ship as
``data/target_sentiment_model.json.gz``: a gzipped JSON file with the feature
names, one weight per class and feature, the intercepts and the label
thresholds.  Loading it needs neither scikit-learn nor pickle and nothing is
downloaded.

The polarity of a target is ``P(positive) - P(negative)``, in [-1, 1].
"""

from __future__ import annotations

import gzip
import io
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from .config import PACKAGE_DATA_DIR
from .target_features import CHAR_PREFIX, target_features

MODEL_PATH = PACKAGE_DATA_DIR / "target_sentiment_model.json.gz"
CLASSES = ("negative", "neutral", "positive")


@dataclass
class TargetSentimentModel:
    """Linear target-sentiment classifier: fit with scikit-learn, score with numpy.

    Parameters
    ----------
    C
        Inverse L2 regularisation strength of the logistic regression.
    min_count
        Keep features seen in at least this many training examples.
    char_min_count
        The same for character n-gram features (names starting ``"ch:"``),
        which are many and individually weak.
    class_weight
        ``None`` or ``"balanced"`` (classes weighted inversely to their
        frequency in the training data), passed to scikit-learn.
    seed
        Random seed passed to the solver (the fit is deterministic anyway).
    """

    C: float = 0.1
    min_count: int = 2
    char_min_count: int = 10
    class_weight: str | None = None
    seed: int = 0
    features_: list[str] = field(default_factory=list)
    coef_: np.ndarray | None = None
    intercept_: np.ndarray | None = None
    thresholds_: tuple[float, float] = (-0.05, 0.05)
    metadata_: dict = field(default_factory=dict)

    # --- fitting -----------------------------------------------------------------
    def fit(self, feature_dicts: list[dict[str, float]], labels: list[str]) -> "TargetSentimentModel":
        """Fit on feature dictionaries and labels ("negative", "neutral", "positive")."""
        from sklearn.linear_model import LogisticRegression

        unknown = sorted(set(labels) - set(CLASSES))
        if unknown:
            raise ValueError(f"unknown labels {unknown}; use {list(CLASSES)}")
        counts: dict[str, int] = {}
        for feats in feature_dicts:
            for name in feats:
                counts[name] = counts.get(name, 0) + 1
        self.features_ = sorted(
            name for name, c in counts.items()
            if c >= (self.char_min_count if name.startswith(CHAR_PREFIX) else self.min_count)
        )
        matrix = self._matrix(feature_dicts)
        model = LogisticRegression(C=self.C, max_iter=5000, random_state=self.seed,
                                   class_weight=self.class_weight)
        model.fit(matrix, np.asarray(labels))
        order = [list(model.classes_).index(c) for c in CLASSES]
        self.coef_ = model.coef_[order].astype(float)
        self.intercept_ = model.intercept_[order].astype(float)
        return self

    # --- scoring -----------------------------------------------------------------
    @property
    def _index(self) -> dict[str, int]:
        cached = getattr(self, "_index_cache", None)
        if cached is None or len(cached) != len(self.features_):
            cached = {name: i for i, name in enumerate(self.features_)}
            object.__setattr__(self, "_index_cache", cached)
        return cached

    def _matrix(self, feature_dicts: list[dict[str, float]]):
        from scipy.sparse import csr_matrix

        index = self._index
        rows, cols, vals = [], [], []
        for r, feats in enumerate(feature_dicts):
            for name, value in feats.items():
                j = index.get(name)
                if j is not None and value:
                    rows.append(r)
                    cols.append(j)
                    vals.append(value)
        return csr_matrix(
            (np.asarray(vals, dtype=float), (np.asarray(rows, dtype=np.int32), np.asarray(cols, dtype=np.int32))),
            shape=(len(feature_dicts), len(self.features_)),
        )

    def _check_fitted(self) -> None:
        if self.coef_ is None:
            raise RuntimeError("the model is not fitted: call fit() or load_model()")

    def predict_proba(self, feature_dicts: list[dict[str, float]]) -> np.ndarray:
        """Class probabilities, columns in :data:`CLASSES` order."""
        self._check_fitted()
        scores = np.asarray(self._matrix(feature_dicts) @ self.coef_.T) + self.intercept_
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def polarity(self, feature_dicts: list[dict[str, float]]) -> np.ndarray:
        """``P(positive) - P(negative)`` for each example."""
        proba = self.predict_proba(feature_dicts)
        return proba[:, 2] - proba[:, 0]

    def explain(self, features: dict[str, float], words: dict[str, str], top: int = 4) -> list[str]:
        """The sentence words whose features pushed the polarity most, strongest first.

        Only features that push in the direction of the final polarity are
        listed; each is shown as its words (``"criticised"``, ``"<t> said"``).
        """
        self._check_fitted()
        index = self._index
        direction = self.coef_[2] - self.coef_[0]
        contributions = []
        for name, value in features.items():
            j = index.get(name)
            if j is None or not value or not words.get(name) or _uninformative(words[name]):
                continue
            contributions.append((value * direction[j], words[name]))
        total = sum(c for c, _ in contributions)
        sign = 1.0 if total >= 0 else -1.0
        ranked = sorted((c for c in contributions if c[0] * sign > 0), key=lambda c: -abs(c[0]))
        out: list[str] = []
        for _, text in ranked:
            if text not in out:
                out.append(text)
            if len(out) == top:
                break
        return out

    # --- storage -----------------------------------------------------------------
    def to_json(self, path: str | Path) -> Path:
        """Write the model as deterministic gzipped JSON (weights rounded to 5 digits)."""
        self._check_fitted()
        payload = {
            "format": "kzanalysis-target-sentiment/1",
            "classes": list(CLASSES),
            "C": self.C,
            "min_count": self.min_count,
            "char_min_count": self.char_min_count,
            "class_weight": self.class_weight,
            "seed": self.seed,
            "thresholds": [round(float(t), 4) for t in self.thresholds_],
            "metadata": self.metadata_,
            "intercept": [round(float(v), 5) for v in self.intercept_],
            "features": self.features_,
            "coef": [[round(float(v), 5) for v in row] for row in self.coef_.T],
        }
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
            handle.write(text.encode("utf-8"))
        path = Path(path)
        path.write_bytes(buffer.getvalue())
        return path

    @classmethod
    def from_json(cls, path: str | Path) -> "TargetSentimentModel":
        """Read a model written by :meth:`to_json`."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(
                f"target-sentiment model {path} is missing; run scripts/train_target_sentiment.py"
            )
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            payload = json.load(handle)
        if payload.get("format") != "kzanalysis-target-sentiment/1":
            raise ValueError(f"{path} is not a kzanalysis target-sentiment model")
        model = cls(C=payload["C"], min_count=payload["min_count"], seed=payload["seed"],
                    char_min_count=payload.get("char_min_count", cls.char_min_count),
                    class_weight=payload.get("class_weight"))
        model.features_ = list(payload["features"])
        model.coef_ = np.asarray(payload["coef"], dtype=float).T.copy()
        model.intercept_ = np.asarray(payload["intercept"], dtype=float)
        model.thresholds_ = tuple(payload["thresholds"])
        model.metadata_ = payload.get("metadata", {})
        return model


def _uninformative(text: str) -> bool:
    """True for driver text made only of function words, punctuation and the target slot."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    tokens = [t for t in text.replace(",", " ").split() if t != "<t>"]
    return all(t in ENGLISH_STOP_WORDS or not t[0].isalnum() for t in tokens)


@lru_cache(maxsize=1)
def load_model() -> TargetSentimentModel:
    """The shipped model (loaded once)."""
    return TargetSentimentModel.from_json(MODEL_PATH)


def rules_polarity(features: dict[str, float]) -> float:
    """The lexicon-rule engine ``"kz-rules"``: distance-weighted VADER valence around the target.

    Reads the two features ``lex:dist_pos`` and ``lex:dist_neg`` of
    :func:`kzanalysis.target_features.target_features`.  Each is the signed
    square root of a sum of negation-aware VADER valences (the positive ones,
    or the negative ones) weighted by closeness to the target and halved
    across a contrast boundary.  Each feature ``v`` is squared with its sign
    kept, ``copysign(v * v, v)``, which gives back that weighted sum; the
    two terms are added to ``s`` (the weighted sum of all valences) and
    ``s`` is squashed to ``s / sqrt(s^2 + 1)``, in (-1, 1).  A missing
    feature counts as 0.

    Examples
    --------
    >>> round(rules_polarity({"lex:dist_pos": 2.0, "lex:dist_neg": -1.0}), 4)  # s = 4 - 1
    0.9487
    """
    total = 0.0
    for name in ("lex:dist_pos", "lex:dist_neg"):
        value = features.get(name, 0.0)
        total += math.copysign(value * value, value)
    return total / math.sqrt(total * total + 1.0)


def score_target(sentence: str, start: int, end: int, engine: str = "kz") -> tuple[np.ndarray | float, list[str]]:
    """Score the target ``[start, end)`` with a target engine.

    Returns ``(probabilities, drivers)`` for ``"kz"`` (class probabilities in
    :data:`CLASSES` order) and ``(polarity, drivers)`` for ``"kz-rules"``.
    """
    features, words = target_features(sentence, start, end)
    if engine == "kz-rules":
        drivers = [w for key in ("lex:dist_neg", "lex:dist_pos") for w in words.get(key, "").split(", ") if w]
        return rules_polarity(features), drivers
    model = load_model()
    return model.predict_proba([features])[0], model.explain(features, words)
