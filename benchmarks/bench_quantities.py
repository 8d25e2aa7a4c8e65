"""Stated statistics: kzanalysis beside quantulum3 on the bundled corpus.

Run:  .venv/bin/python benchmarks/bench_quantities.py

Both extractors read every sentence of the bundled corpus.  Their figures are
scored against the hand-made list of every stated statistic in the corpus
(``tests/data/corpus_statistics_gold.csv``): a gold figure is found when a
figure overlaps its span with the right value and unit.  The peer gets a
lenient unit match: any currency for money, a bare share (0.5 for "half") for
a percentage, any unit or none for a count, any unit of the right dimension
for measures and durations.

quantulum3's bundled classifier fails to unpickle under current scikit-learn
("No module named '_loss'"), so the peer runs with
``quantulum3.classifier.USE_CLF = False`` (its rule-based disambiguation).

Writes ``benchmarks/results/quantities.md`` and ``.csv``.  Uses only the
bundled corpus, so it needs no ``../shared``.
"""

from __future__ import annotations

import math
import time
import warnings
from pathlib import Path

import pandas as pd

import kzanalysis as kz
from kzanalysis.config import project_root

GOLD = project_root() / "tests" / "data" / "corpus_statistics_gold.csv"
RESULTS = Path(__file__).resolve().parent / "results"
TYPES = ["money", "percent", "count", "measure", "duration"]
CLASSIFIER_NOTE = (
    "quantulum3 ran with its classifier off (quantulum3.classifier.USE_CLF = False): the bundled "
    "classifier fails to unpickle under current scikit-learn (\"No module named '_loss'\")."
)


def _markdown(table: pd.DataFrame) -> str:
    """A pipe table (no extra dependency)."""
    header = "| " + " | ".join(str(c) for c in table.columns) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    body = ["| " + " | ".join(str(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def _rounded(ratio: float) -> str:
    """A speed ratio to one significant figure, so reruns write the same file."""
    if not math.isfinite(ratio) or ratio <= 0:
        return "n/a"
    digits = 10 ** math.floor(math.log10(ratio))
    return f"{round(ratio / digits) * digits:g}"


def _load_peer():
    try:
        import quantulum3.classifier
        from quantulum3 import parser
    except ImportError:
        return None
    quantulum3.classifier.USE_CLF = False
    return parser


def _gold_spans(gold: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    text = sentences.set_index(["doc_id", "sentence_id"])["sentence"]
    starts = []
    for row in gold.itertuples():
        sentence = text.loc[(row.doc_id, row.sentence_id)]
        position = sentence.find(row.surface)
        if position < 0:
            raise SystemExit(f"gold surface {row.surface!r} not in sentence {row.doc_id}/{row.sentence_id}")
        starts.append(position)
    gold = gold.copy()
    gold["start"] = starts
    gold["end"] = gold["start"] + gold["surface"].str.len()
    return gold


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _peer_matches(row, q) -> bool:
    entity, unit = q["entity"], q["unit"]
    if row.benchmark_type == "money":
        return entity == "currency" and _close(q["value"], row.value)
    if row.benchmark_type == "percent":
        if unit == "percentage":
            return _close(q["value"], row.value)
        return entity == "dimensionless" and _close(q["value"] * 100, row.value)
    if row.benchmark_type == "count":
        return entity not in ("currency", "time") and unit != "percentage" and _close(q["value"], row.value)
    if row.benchmark_type == "measure":
        return entity not in ("dimensionless", "currency", "time") and _close(q["value"], row.value)
    if row.benchmark_type == "duration":
        factor = {"century": 100, "decade": 10}.get(unit, 1)
        target = row.value if row.unit != "years" else row.value / factor
        return entity == "time" and _close(q["value"], target)
    return False


def _package_matches(row, f) -> bool:
    return f["unit"] == row.unit and _close(f["value"], row.value)


def _overlaps(row, item) -> bool:
    return item["start"] < row.end and row.start < item["end"]


def _score(gold: pd.DataFrame, found: dict, match) -> tuple[list[bool], int]:
    hits, used = [], set()
    for row in gold.itertuples():
        hit = False
        for k, item in enumerate(found.get((row.doc_id, row.sentence_id), [])):
            if _overlaps(row, item) and match(row, item):
                hit = True
                used.add((row.doc_id, row.sentence_id, k))
                break
        hits.append(hit)
    total = sum(len(v) for v in found.values())
    return hits, total - len(used)


def main() -> int:
    parser = _load_peer()
    if parser is None:
        print("SKIP: quantulum3 is not installed (pip install quantulum3; a dev/benchmark dependency).")
        return 0
    print(CLASSIFIER_NOTE)
    corpus = kz.load_corpus()
    sentences = kz.sentences(corpus)
    gold = _gold_spans(pd.read_csv(GOLD, dtype={"doc_id": str}, keep_default_na=False), sentences)

    started = time.perf_counter()
    repeats = 20
    for _ in range(repeats):
        ours = kz.corpus_statistics(sentences, corpus)
    ours_seconds = (time.perf_counter() - started) / repeats

    peer: dict = {}
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for row in sentences.itertuples():
            for q in parser.parse(row.sentence):
                peer.setdefault((row.doc_id, row.sentence_id), []).append({
                    "value": float(q.value), "unit": q.unit.name, "entity": q.unit.entity.name,
                    "start": q.span[0], "end": q.span[1], "surface": q.surface,
                })
    peer_seconds = time.perf_counter() - started

    mine: dict = {}
    for row in ours.itertuples():
        mine.setdefault((row.doc_id, row.sentence_id), []).append(
            {"value": row.value, "unit": row.unit, "start": row.start, "end": row.end})
    our_hits, our_extra = _score(gold, mine, _package_matches)
    peer_hits, peer_extra = _score(gold, peer, _peer_matches)

    indexed = ours.set_index(["doc_id", "sentence_id", "surface"])
    subject_ok, category_ok, year_ok = [], [], []
    for row in gold.itertuples():
        key = (row.doc_id, row.sentence_id, row.surface)
        if key not in indexed.index:
            subject_ok.append(False), category_ok.append(False), year_ok.append(False)
            continue
        got = indexed.loc[key]
        subject_ok.append(row.subject_key.lower() in str(got["subject"]).lower())
        category_ok.append(got["category"] == row.category)
        expected = int(row.year_end) if row.year_end else None
        year_ok.append((None if pd.isna(got["year_end"]) else int(got["year_end"])) == expected)

    gold = gold.assign(kzanalysis=our_hits, quantulum3=peer_hits, subject=subject_ok, category=category_ok,
                       year=year_ok)
    rows = []
    for kind in TYPES + ["all"]:
        part = gold if kind == "all" else gold[gold["benchmark_type"] == kind]
        rows.append({
            "statements": kind, "gold": len(part),
            "kzanalysis_found": int(part["kzanalysis"].sum()), "quantulum3_found": int(part["quantulum3"].sum()),
            "kzanalysis_subject": int(part["subject"].sum()), "kzanalysis_category": int(part["category"].sum()),
            "kzanalysis_year": int(part["year"].sum()),
        })
    table = pd.DataFrame(rows)
    extra = pd.DataFrame([
        {"extractor": "kzanalysis", "figures": len(ours), "not_in_gold": our_extra,
         "seconds_per_corpus": round(ours_seconds, 4)},
        {"extractor": "quantulum3", "figures": sum(len(v) for v in peer.values()), "not_in_gold": peer_extra,
         "seconds_per_corpus": round(peer_seconds, 4)},
    ])
    missed_by_peer = gold.loc[~gold["quantulum3"], ["doc_id", "sentence_id", "surface", "benchmark_type"]]
    speed_ratio = peer_seconds / ours_seconds if ours_seconds else float("nan")

    RESULTS.mkdir(parents=True, exist_ok=True)
    table.to_csv(RESULTS / "quantities.csv", index=False, lineterminator="\n")
    lines = [
        "# Stated statistics: kzanalysis vs quantulum3 on the bundled corpus",
        "",
        "Command: `.venv/bin/python benchmarks/bench_quantities.py`",
        "",
        f"Gold: {len(gold)} stated statistics listed by hand in `tests/data/corpus_statistics_gold.csv`.",
        "A figure counts as found when it overlaps the gold span with the right value and unit "
        "(lenient unit match for quantulum3: any currency for money, a bare share for a percentage, "
        "any unit or none for a count). quantulum3 gives no subject, category or year: those columns "
        "apply to kzanalysis only.",
        "",
        CLASSIFIER_NOTE,
        "",
        _markdown(table),
        "",
        "Figures reported that are not in the gold list (years, dates, ordinals, 'the two countries' ...):",
        "",
        _markdown(extra[["extractor", "figures", "not_in_gold"]]),
        "",
        f"Speed (same run, same sentences): kzanalysis is about {_rounded(speed_ratio)}x faster than quantulum3.",
        "",
        "Gold figures quantulum3 misses:",
        "",
        _markdown(missed_by_peer),
        "",
    ]
    (RESULTS / "quantities.md").write_text("\n".join(lines), encoding="utf-8")
    print(table.to_string(index=False))
    print(extra[["extractor", "figures", "not_in_gold"]].to_string(index=False))
    print(f"speed ratio (quantulum3 time / kzanalysis time): {speed_ratio:.1f}")
    print(f"wrote {RESULTS / 'quantities.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
