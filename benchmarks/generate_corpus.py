"""Generate a scaled corpus of distinct news-like articles for the benchmarks.

Articles are built from real sentences: the BBC news corpus (when
``../shared/benchmarks/bbc`` is there) and the sentences of the bundled seed
corpus, recombined at random and perturbed with a fixed seed.  Every sentence
is changed (a word swapped for another word of the corpus vocabulary, two
neighbouring words exchanged, a number redrawn), so articles and, to any
practical degree, sentences are distinct: no cache keyed on repeated text can
fake throughput.  Some articles get curly quotes and aggregator footers, so
cleaning has work to do.

Stream the articles (:func:`generate_articles`), or write them to a Parquet or
CSV file::

    .venv/bin/python benchmarks/generate_corpus.py --n 10000 --out corpus-10k.parquet
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

import kzanalysis as kz
from kzanalysis.config import benchmarks_data_dir

SEED = 20240611
OUTLETS = (
    "Astana Times", "Azattyq", "AsiaNews", "AFP", "Eurasianet", "Kursiv", "TASS", "Geopolitical Monitor",
)
FOOTERS = ("Source link", "Tags", "Exit mobile version", "Share this article")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD = re.compile(r"[A-Za-z]{4,}")
SEED_SHARE = 0.2
"""Share of sentences drawn from the seed corpus (rich in the three targets)."""


def sentence_pool(include_bbc: bool = True) -> tuple[list[str], list[str]]:
    """Real sentences to recombine: (BBC sentences, seed-corpus sentences).

    BBC sentences are empty when ``../shared`` is absent or ``include_bbc``
    is False.
    """
    seed_sentences = [s for s in kz.sentences(kz.load_corpus())["sentence"] if len(s.split()) >= 4]
    bbc_sentences: list[str] = []
    bbc_file = benchmarks_data_dir() / "bbc" / "bbc_news.csv"
    if include_bbc and bbc_file.is_file():
        bbc = pd.read_csv(bbc_file, dtype=str, keep_default_na=False)
        for text in bbc["text"]:
            bbc_sentences.extend(s for s in kz.split_sentences(text) if len(s.split()) >= 4)
    return bbc_sentences, seed_sentences


def _perturb(sentence: str, rng: random.Random, vocabulary: list[str]) -> str:
    """Change one sentence: swap a word for a vocabulary word, exchange two words, redraw numbers."""
    words = sentence.split(" ")
    if len(words) > 3:
        i = rng.randrange(1, len(words) - 1)
        if _WORD.fullmatch(words[i]):
            words[i] = rng.choice(vocabulary)
        j = rng.randrange(1, len(words) - 2)
        words[j], words[j + 1] = words[j + 1], words[j]
    text = " ".join(words)
    return _NUMBER.sub(lambda m: str(rng.randint(2, 999)) if "." not in m.group() else f"{rng.uniform(1, 99):.1f}", text)


def generate_articles(n: int, seed: int = SEED, include_bbc: bool = True) -> Iterator[dict]:
    """Yield ``n`` article records (doc_id, outlet, date, headline, raw_text).

    Deterministic for a given ``n``, ``seed`` and sentence pool: the same
    bytes on every run.
    """
    bbc_sentences, seed_sentences = sentence_pool(include_bbc)
    main = bbc_sentences or seed_sentences
    vocabulary = sorted({w for s in main[:20000] for w in _WORD.findall(s) if w.islower()})
    rng = random.Random(seed)
    for index in range(n):
        n_paragraphs = rng.randint(4, 12)
        paragraphs = []
        for _ in range(n_paragraphs):
            picked = [
                rng.choice(seed_sentences if rng.random() < SEED_SHARE else main)
                for _ in range(rng.randint(1, 4))
            ]
            paragraphs.append(" ".join(_perturb(s, rng, vocabulary) for s in picked))
        headline = " ".join(_perturb(rng.choice(main), rng, vocabulary).split()[:9]).rstrip(".")
        body = "\n\n".join(paragraphs)
        if rng.random() < 0.3:
            body = body.replace('"', "\u201c", 1).replace('"', "\u201d", 1)
        if rng.random() < 0.2:
            body += "\n\n" + rng.choice(FOOTERS)
        yield {
            "doc_id": f"gen{index:07d}",
            "outlet": OUTLETS[rng.randrange(len(OUTLETS))],
            "date": f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}",
            "headline": headline,
            "raw_text": f"{headline}\n\n{body}",
        }


def write_corpus(n: int, out: Path, seed: int = SEED, batch: int = 5000) -> Path:
    """Write ``n`` generated articles to a ``.parquet`` or ``.csv`` file, in batches."""
    out = Path(out)
    if out.suffix not in {".parquet", ".csv"}:
        raise SystemExit(f"--out must end in .parquet or .csv, not {out.suffix!r}")
    out.parent.mkdir(parents=True, exist_ok=True)
    records = generate_articles(n, seed)
    if out.suffix == ".csv":
        first = True
        while True:
            block = [r for _, r in zip(range(batch), records)]
            if not block:
                break
            pd.DataFrame(block).to_csv(out, mode="w" if first else "a", header=first, index=False)
            first = False
        return out
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    try:
        while True:
            block = [r for _, r in zip(range(batch), records)]
            if not block:
                break
            table = pa.Table.from_pylist(block)
            if writer is None:
                writer = pq.ParquetWriter(out, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (e.g. 1000, 10000, 100000)")
    parser.add_argument("--out", type=Path, required=True, help="output .parquet or .csv file")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    path = write_corpus(args.n, args.out, args.seed)
    print(f"wrote {args.n:,} articles to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
