"""Text-quality flags: synonym-spun text, machine-translation traces, boilerplate.

Each indicator is a score built from evidence a reader can check:

* **spun** – phrases a synonym spinner substitutes for ordinary words
  ("the yr", "brand spanking new", "Collective Safety Treaty Group"), listed
  with their canonical forms and weights in ``data/spinner_phrases.csv``.  The
  score sums the weights of the distinct phrases found.
* **machine_translation** – traces of automatic translation: stray spaces
  before punctuation, one-word fragments between full stops, doubled full
  stops, editor's notes, and – in the text that cleaning removed – a site's
  statement that it translates automatically.  Patterns and weights are in
  ``data/quality.toml``.
* **boilerplate** – the share of the raw text that cleaning removed, with the
  rules that removed it.

Thresholds live in ``data/quality.toml``; nothing here knows any document.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .config import PACKAGE_DATA_DIR

INDICATORS = ("spun", "machine_translation", "boilerplate")
EVIDENCE_COLUMNS = ["doc_id", "indicator", "rule", "text", "canonical", "weight", "source", "start", "context"]
FLAG_COLUMNS = [
    "doc_id", "n_words",
    "spun_score", "spun_flag", "spun_evidence",
    "mt_score", "mt_flag", "mt_evidence",
    "boilerplate_share", "boilerplate_flag", "boilerplate_evidence",
    "flags",
]
_CONTEXT = 40


@dataclass(frozen=True)
class Trace:
    """One weighted pattern of an indicator."""

    indicator: str
    rule: str
    pattern: re.Pattern[str]
    weight: float
    canonical: str = ""
    source: str = "body"


@dataclass(frozen=True)
class QualityRules:
    """Compiled quality indicators and their thresholds."""

    spinner: tuple[Trace, ...]
    body_traces: tuple[Trace, ...]
    removed_traces: tuple[Trace, ...]
    spun_min_score: float
    mt_min_score: float
    boilerplate_max_share: float


def read_spinner_phrases(path: str | Path | None = None) -> pd.DataFrame:
    """Read the spinner substitutions (``phrase``, ``canonical``, ``weight``, ``case_sensitive``, ``note``).

    Raises
    ------
    ValueError
        Naming the file when a column is missing, a phrase is empty or a
        weight is not a positive number.
    """
    source = Path(path) if path is not None else PACKAGE_DATA_DIR / "spinner_phrases.csv"
    table = pd.read_csv(source, dtype=str, keep_default_na=False)
    missing = [c for c in ("phrase", "canonical", "weight") if c not in table.columns]
    if missing:
        raise ValueError(f"spinner phrase file {source} lacks columns {missing}")
    for column in ("case_sensitive", "note"):
        if column not in table.columns:
            table[column] = ""
    table = table.apply(lambda col: col.str.strip())
    if (table["phrase"] == "").any():
        raise ValueError(f"spinner phrase file {source}: empty phrase on lines {list(table.index[table['phrase'] == ''] + 2)}")
    weights = pd.to_numeric(table["weight"], errors="coerce")
    if weights.isna().any() or (weights <= 0).any():
        bad = list(table.index[weights.isna() | (weights <= 0)] + 2)
        raise ValueError(f"spinner phrase file {source}: weight must be a positive number (lines {bad})")
    table["weight"] = weights
    return table


def _phrase_pattern(phrase: str, case_sensitive: bool) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", 0 if case_sensitive else re.IGNORECASE)


@lru_cache(maxsize=4)
def load_quality_rules(path: str | None = None, spinner_path: str | None = None) -> QualityRules:
    """Load and compile ``data/quality.toml`` and ``data/spinner_phrases.csv``.

    Raises
    ------
    ValueError
        When a pattern does not compile or a threshold is missing, naming it.
    """
    source = PACKAGE_DATA_DIR / "quality.toml" if path is None else Path(path)
    with open(source, "rb") as handle:
        spec = tomllib.load(handle)
    try:
        spun_min = float(spec["spun"]["min_score"])
        mt_min = float(spec["machine_translation"]["min_score"])
        max_share = float(spec["boilerplate"]["max_share"])
    except KeyError as exc:
        raise ValueError(f"quality rules {source}: missing threshold {exc}") from exc

    def traces(key: str, where: str) -> tuple[Trace, ...]:
        out = []
        for entry in spec.get(key, []):
            name = entry.get("name", "<unnamed>")
            try:
                pattern = re.compile(entry["pattern"])
            except (KeyError, re.error) as exc:
                raise ValueError(f"quality rule {name!r}: bad or missing pattern ({exc})") from exc
            out.append(Trace("machine_translation", name, pattern, float(entry.get("weight", 1)), source=where))
        return tuple(out)

    spinner = tuple(
        Trace(
            "spun", row.phrase,
            _phrase_pattern(row.phrase, row.case_sensitive.lower() in {"yes", "true", "1"}),
            float(row.weight), canonical=row.canonical,
        )
        for row in read_spinner_phrases(spinner_path).itertuples(index=False)
    )
    return QualityRules(
        spinner=spinner,
        body_traces=traces("mt_trace", "body"),
        removed_traces=traces("removed_trace", "removed"),
        spun_min_score=spun_min,
        mt_min_score=mt_min,
        boilerplate_max_share=max_share,
    )


def _context(text: str, start: int, end: int) -> str:
    left = max(start - _CONTEXT, 0)
    right = min(end + _CONTEXT, len(text))
    return ("…" if left else "") + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")


def _hits(doc_id: str, text: str, traces: tuple[Trace, ...]) -> list[dict]:
    rows = []
    for trace in traces:
        for match in trace.pattern.finditer(text):
            rows.append({
                "doc_id": doc_id, "indicator": trace.indicator, "rule": trace.rule,
                "text": match.group(), "canonical": trace.canonical, "weight": trace.weight,
                "source": trace.source, "start": match.start(),
                "context": _context(text, match.start(), match.end()),
            })
    return rows


def quality_evidence(corpus: pd.DataFrame, rules: QualityRules | None = None) -> pd.DataFrame:
    """Every piece of evidence behind the quality flags, one row per hit.

    Parameters
    ----------
    corpus
        A cleaned corpus (``doc_id``, ``body``, ``removed``), as from
        :func:`kzanalysis.load_corpus`.
    rules
        Compiled rules; default: the package's data files.

    Returns
    -------
    DataFrame
        ``doc_id``; ``indicator`` (spun, machine_translation, boilerplate);
        ``rule`` (the spinner phrase, trace name or boilerplate rule);
        ``text`` (what matched); ``canonical`` (the unspun form, spun only);
        ``weight``; ``source`` ("body" or "removed"); ``start`` (offset into
        the body, or the removed line number); ``context`` (the text around
        the hit).
    """
    rules = load_quality_rules() if rules is None else rules
    rows: list[dict] = []
    for doc_id, body, removed in zip(corpus["doc_id"], corpus["body"], corpus["removed"]):
        rows.extend(_hits(doc_id, body, rules.spinner))
        rows.extend(_hits(doc_id, body, rules.body_traces))
        for item in removed:
            for hit in _hits(doc_id, item["text"], rules.removed_traces):
                hit["start"] = item["line"]
                rows.append(hit)
            rows.append({
                "doc_id": doc_id, "indicator": "boilerplate", "rule": item["rule"], "text": item["text"],
                "canonical": "", "weight": float(len(item["text"])), "source": "removed",
                "start": item["line"], "context": item["text"],
            })
    table = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    order = {name: i for i, name in enumerate(INDICATORS)}
    table["_order"] = table["indicator"].map(order)
    table = table.sort_values(["doc_id", "_order", "source", "start", "rule"], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def _summary(hits: pd.DataFrame, with_canonical: bool) -> str:
    if hits.empty:
        return ""
    parts = []
    for (rule, canonical), group in hits.groupby(["rule", "canonical"], sort=False):
        label = f"'{group['text'].iloc[0]}'"
        if with_canonical and canonical:
            label += f" → {canonical}"
        elif not with_canonical:
            shown = list(dict.fromkeys(group["text"]))
            label = f"{rule}: " + ", ".join(f"'{t}'" for t in shown[:3]) + (", …" if len(shown) > 3 else "")
        parts.append(label + (f" ×{len(group)}" if len(group) > 1 else ""))
    return "; ".join(parts)


def quality_flags(corpus: pd.DataFrame, rules: QualityRules | None = None) -> pd.DataFrame:
    """Scored quality indicators per article, with the evidence that triggered them.

    Parameters
    ----------
    corpus
        A cleaned corpus (``doc_id``, ``body``, ``removed``,
        ``boilerplate_share``), as from :func:`kzanalysis.load_corpus`.
    rules
        Compiled rules; default: the package's data files.

    Returns
    -------
    DataFrame
        One row per article, in corpus order: ``doc_id``, ``n_words``;
        ``spun_score`` (sum of the weights of distinct spinner phrases),
        ``spun_flag``, ``spun_evidence`` ("'the yr' → year ×2; ...");
        ``mt_score`` (sum of machine-translation trace weights), ``mt_flag``,
        ``mt_evidence``; ``boilerplate_share`` (removed over raw
        characters), ``boilerplate_flag``, ``boilerplate_evidence`` (rules
        and counts); ``flags`` (names of the raised flags joined by ";",
        empty when none).  Thresholds: ``data/quality.toml``.
    """
    rules = load_quality_rules() if rules is None else rules
    evidence = quality_evidence(corpus, rules)
    rows = []
    for doc_id, body, share in zip(corpus["doc_id"], corpus["body"], corpus["boilerplate_share"]):
        mine = evidence[evidence["doc_id"] == doc_id]
        spun = mine[mine["indicator"] == "spun"]
        mt = mine[mine["indicator"] == "machine_translation"]
        removed = mine[mine["indicator"] == "boilerplate"]
        spun_score = float(spun.drop_duplicates("rule")["weight"].sum())
        mt_score = float(mt["weight"].sum())
        row = {
            "doc_id": doc_id,
            "n_words": len(body.split()),
            "spun_score": spun_score,
            "spun_flag": spun_score >= rules.spun_min_score,
            "spun_evidence": _summary(spun, with_canonical=True),
            "mt_score": mt_score,
            "mt_flag": mt_score >= rules.mt_min_score,
            "mt_evidence": _summary(mt, with_canonical=False),
            "boilerplate_share": float(share),
            "boilerplate_flag": float(share) >= rules.boilerplate_max_share,
            "boilerplate_evidence": "; ".join(
                f"{rule} ×{n}" if n > 1 else rule
                for rule, n in removed.groupby("rule", sort=False).size().items()
            ),
        }
        row["flags"] = ";".join(
            name for name, key in (("spun", "spun_flag"), ("machine_translation", "mt_flag"),
                                   ("boilerplate", "boilerplate_flag"))
            if row[key]
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)
