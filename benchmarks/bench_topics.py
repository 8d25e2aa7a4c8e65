"""Validate the topic-model defaults on the BBC News corpus (2,225 articles, 5 categories).

Run: ``.venv/bin/python benchmarks/bench_topics.py``

With k = 5 and the package's defaults, each article's dominant topic is
compared with its human category (NMI, ARI, accuracy after Hungarian
matching); the mean NPMI coherence of the topics' top ten terms is computed
from the modelled texts themselves.  Each method is fitted twice:

* on the 2,225 articles (headline + body), as in the published comparison;
* on the 10,547 paragraphs (blank-line blocks of the body), the package's
  default unit; an article's topic is then the largest mean share over its
  paragraphs.  The fit time on the paragraphs is reported.

Finally ``choose_k`` scans k = 2..10 with NMF on the articles to show whether
the coherence-and-stability rule recovers the five categories.

Results go to ``benchmarks/results/topics.md`` and ``.csv``.  The corpus is
read from ``../shared/benchmarks/bbc``; it is never copied into the project.
Reference: Xu, Zhang, Sun & Zhou (2025), PeerJ Computer Science 11:e2723,
table 3.  Data: Greene & Cunningham, ICML 2006 (research use only).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from kzanalysis import topics
from kzanalysis.config import benchmarks_data_dir, project_root

K = 5
SEED = 0
RESULTS = project_root() / "benchmarks" / "results"
PUBLISHED = [
    ("Xu et al. 2025 (table 3)", "nmf", "article", 0.812, 0.842, 0.932),
    ("Xu et al. 2025 (table 3)", "lda", "article", 0.727, 0.701, 0.862),
]


def accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Share of articles whose topic maps to their category (best one-to-one map)."""
    table = pd.crosstab(truth, predicted).to_numpy()
    rows, cols = linear_sum_assignment(-table)
    return float(table[rows, cols].sum() / len(truth))


def agreement(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    return {
        "nmi": normalized_mutual_info_score(truth, predicted),
        "ari": adjusted_rand_score(truth, predicted),
        "accuracy": accuracy(truth, predicted),
    }


def load_bbc(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles (``id``, ``category``, ``text``) and paragraphs (``id``, ``text``)."""
    bbc = pd.read_csv(path, keep_default_na=False)
    articles = pd.DataFrame(
        {"id": bbc["id"], "category": bbc["category"], "text": bbc["title"] + "\n\n" + bbc["text"]}
    )
    blocks = [
        (article_id, block.strip())
        for article_id, body in zip(bbc["id"], bbc["text"])
        for block in body.split("\n\n")
        if block.strip()
    ]
    paragraphs = pd.DataFrame(blocks, columns=["id", "text"])
    return articles, paragraphs


def run(method: str, unit: str, articles: pd.DataFrame, paragraphs: pd.DataFrame) -> dict:
    texts = articles["text"] if unit == "article" else paragraphs["text"]
    start = time.perf_counter()
    model = topics.fit_topics(texts.tolist(), K, method=method, random_state=SEED)
    seconds = time.perf_counter() - start
    shares = model.doc_topic.to_numpy()
    if unit == "paragraph":
        shares = pd.DataFrame(shares).groupby(paragraphs["id"].to_numpy(), sort=False).mean()
        shares = shares.loc[articles["id"]].to_numpy()
    predicted = shares.argmax(axis=1)
    row = {
        "source": "kzanalysis defaults",
        "method": method,
        "unit": unit,
        "n_units": len(texts),
        **agreement(articles["category"].to_numpy(), predicted),
        "npmi": float(model.coherence()["npmi"].mean()),
        "fit_seconds": seconds,
        "top_terms": " | ".join(", ".join(t[:5]) for t in model.top_term_lists()),
    }
    print(
        f"{method:>3} {unit:<9} NMI {row['nmi']:.3f}  ARI {row['ari']:.3f}  "
        f"ACC {row['accuracy']:.3f}  NPMI {row['npmi']:.3f}  {seconds:6.1f} s",
        flush=True,
    )
    return row


def markdown(results: pd.DataFrame, selection: pd.DataFrame, n_articles: int, n_paragraphs: int) -> str:
    lines = [
        "# Topic models on BBC News (k = 5)",
        "",
        "Command: `.venv/bin/python benchmarks/bench_topics.py`",
        "",
        f"BBC News: {n_articles:,} articles in five categories, {n_paragraphs:,} paragraphs "
        "(Greene & Cunningham, ICML 2006; research use only). Dominant topic against "
        "category; ACC after Hungarian matching; NPMI = mean coherence of the top ten "
        "terms, from document co-occurrence in the modelled texts. Package defaults, seed 0. "
        "Paragraph rows: an article's topic is its largest mean paragraph share. "
        "Fit time includes entity tagging and vectorising, on the machine that ran the script.",
        "",
        "| source | method | unit | units | NMI | ARI | ACC | NPMI | fit (s) |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results.itertuples(index=False):
        npmi = "" if pd.isna(r.npmi) else f"{r.npmi:.3f}"
        seconds = "" if pd.isna(r.fit_seconds) else f"{r.fit_seconds:.1f}"
        units = "" if pd.isna(r.n_units) else f"{int(r.n_units):,}"
        lines.append(
            f"| {r.source} | {r.method.upper()} | {r.unit} | {units} | {r.nmi:.3f} | "
            f"{r.ari:.3f} | {r.accuracy:.3f} | {npmi} | {seconds} |"
        )
    ratio = results.query("unit == 'paragraph'").set_index("method")["fit_seconds"]
    if {"nmf", "lda"} <= set(ratio.index):
        lines += ["", f"LDA / NMF fit time on the paragraphs: {ratio['lda'] / ratio['nmf']:.0f}x."]
    lines += [
        "",
        "Published figures: Xu, Zhang, Sun & Zhou (2025), *PeerJ Computer Science* 11:e2723, "
        "table 3; their preprocessing and document count are not restated there, so compare "
        "with care.",
        "",
        "## Choice of k (NMF, articles, k = 2..10)",
        "",
        "| k | coherence (NPMI) | stability | score | chosen |",
        "| ---: | ---: | ---: | ---: | :---: |",
    ]
    for r in selection.itertuples(index=False):
        lines.append(
            f"| {r.k} | {r.coherence:.3f} | {r.stability:.3f} | {r.score:.3f} | "
            f"{'yes' if r.chosen else ''} |"
        )
    lines += ["", "Top five terms per topic (kzanalysis rows):", ""]
    for r in results.dropna(subset=["top_terms"]).itertuples(index=False):
        lines.append(f"- {r.method.upper()} {r.unit}: {r.top_terms}")
    return "\n".join(lines) + "\n"


def main() -> int:
    path = benchmarks_data_dir() / "bbc" / "bbc_news.csv"
    if not path.is_file():
        print(f"skip: {path} not found (the shared benchmarks folder sits beside the project)")
        return 0
    articles, paragraphs = load_bbc(path)
    print(f"BBC: {len(articles)} articles, {len(paragraphs)} paragraphs; k = {K}", flush=True)
    rows = [
        run(method, unit, articles, paragraphs)
        for method in topics.METHODS
        for unit in ("article", "paragraph")
    ]
    for source, method, unit, nmi, ari, acc in PUBLISHED:
        rows.append(
            {"source": source, "method": method, "unit": unit, "n_units": np.nan, "nmi": nmi,
             "ari": ari, "accuracy": acc, "npmi": np.nan, "fit_seconds": np.nan, "top_terms": None}
        )
    results = pd.DataFrame(rows)
    start = time.perf_counter()
    selection = topics.choose_k(articles["text"].tolist(), range(2, 11), method="nmf", random_state=SEED)
    print(f"choose_k (NMF, articles): chosen k = "
          f"{int(selection.loc[selection['chosen'], 'k'].iloc[0])} in {time.perf_counter() - start:.0f} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    table = results.drop(columns="top_terms")
    table.to_csv(RESULTS / "topics.csv", index=False, float_format="%.4f", lineterminator="\n")
    selection.to_csv(RESULTS / "topics_k.csv", index=False, float_format="%.4f", lineterminator="\n")
    (RESULTS / "topics.md").write_text(
        markdown(results, selection, len(articles), len(paragraphs)), encoding="utf-8"
    )
    print(f"wrote {RESULTS / 'topics.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
