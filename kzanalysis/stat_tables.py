"""Views of a stated-statistics table: across sources, survey figures, trade.

Every function takes the table of :func:`kzanalysis.corpus_statistics` (or of
:func:`kzanalysis.extract_statistics` with a ``source`` column added) and
returns a new table; none of them changes its input.  The word lists they use
(subject synonyms, uninformative words, survey stances) are in
``data/statistic_rules.toml``.
"""

from __future__ import annotations

import math
import re
import tomllib
from functools import lru_cache

import pandas as pd

from .config import PACKAGE_DATA_DIR
from .validate import require_columns

COMPARISON_COLUMNS = [
    "group_id", "category", "unit", "subject", "period", "n_sources", "sources", "surfaces",
    "values", "low", "high", "verdict",
]
SURVEY_COLUMNS = ["source", "doc_id", "period", "stance", "value", "qualifier", "subject", "surface"]
TRADE_COLUMNS = ["source", "doc_id", "year", "partner", "value", "unit", "qualifier", "subject", "surface",
                 "same_year"]
_WORD = re.compile(r"[a-z][a-z'-]*")


@lru_cache(maxsize=1)
def _rules() -> dict:
    with (PACKAGE_DATA_DIR / "statistic_rules.toml").open("rb") as handle:
        toml = tomllib.load(handle)
    stances = tuple((re.compile(s["pattern"]), s["stance"]) for s in toml.get("survey_stance", []))
    return {
        "synonyms": {k.lower(): v.lower() for k, v in toml.get("subject_synonyms", {}).items()},
        "uninformative": frozenset(w.lower() for w in toml.get("uninformative_subject_words", [])),
        "stances": stances,
    }



def subject_key(subject: str, partner: str = "") -> frozenset[str]:
    """The comparable words of a subject: lower case, synonyms merged, plurals cut.

    Examples
    --------
    >>> sorted(subject_key("Bilateral commerce", "Russia"))
    ['russia', 'trade']
    """
    rules = _rules()
    words = set()
    for word in _WORD.findall(f"{subject} {partner}".lower().replace("-", " ")):
        word = rules["synonyms"].get(word, word)
        if word in rules["uninformative"]:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(rules["synonyms"].get(word, word))
    return frozenset(words)


def _interval(row, tolerance: float) -> tuple[float, float]:
    value, high, bound = float(row.value), float(row.value_high), row.bound
    if bound == "range" and not math.isnan(high):
        return value, high
    if bound == "lower":
        return value, math.inf
    if bound == "upper":
        return -math.inf, value
    slack = tolerance * (2 if bound == "approx" else 1)
    return value * (1 - slack), value * (1 + slack)


def _years_compatible(a, b) -> bool:
    a_known, b_known = not pd.isna(a.year_start), not pd.isna(b.year_start)
    if a_known != b_known:
        return False
    if not a_known:
        return True
    return int(a.year_start) <= int(b.year_end) and int(b.year_start) <= int(a.year_end)


def compare_statistics(stats: pd.DataFrame, *, min_similarity: float = 0.7, tolerance: float = 0.05,
                       min_sources: int = 2) -> pd.DataFrame:
    """Group the same statistic stated by several sources and say whether they agree.

    Two figures are the same statistic when they share category and unit,
    refer to overlapping years (or both to none) and their subjects share at
    least ``min_similarity`` of their words (Jaccard, after
    :func:`subject_key`).  Values agree when their intervals overlap: an exact
    figure is ``value ± tolerance``, an approximate one ``± 2 × tolerance``,
    "more than" is open upwards, "almost" downwards, a range is its ends.

    Parameters
    ----------
    stats
        Output of :func:`kzanalysis.corpus_statistics` (needs ``source``;
        falls back to ``doc_id`` where ``source`` is empty).
    min_similarity, tolerance
        See above.
    min_sources
        Keep groups stated by at least this many sources (1 keeps every group).

    Returns
    -------
    DataFrame
        ``group_id``, ``category``, ``unit``, ``subject`` (of the first
        figure), ``period`` (distinct periods, "; "), ``n_sources``,
        ``sources`` and ``surfaces`` ("; "), ``values`` ("; "), ``low`` and
        ``high`` (smallest and largest value), ``verdict`` ("agree" or
        "conflict").
    """
    needed = {"category", "unit", "subject", "value", "value_high", "bound", "year_start", "year_end",
              "surface", "period"}
    require_columns(stats, needed, "compare_statistics", built_by="kz.corpus_statistics")
    if stats.empty:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    table = stats.reset_index(drop=True)
    sources = _sources(table)
    partners = table["partner"] if "partner" in table.columns else pd.Series([""] * len(table))
    keys = [subject_key(str(s), str(p)) for s, p in zip(table["subject"], partners)]
    parent = list(range(len(table)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows = list(table.itertuples(index=False))
    for (_, _), block in table.groupby(["category", "unit"], sort=False):
        members = list(block.index)
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if sources[i] == sources[j] or not keys[i] or not keys[j]:
                    continue
                similarity = len(keys[i] & keys[j]) / len(keys[i] | keys[j])
                if similarity >= min_similarity and _years_compatible(rows[i], rows[j]):
                    parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(table)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in groups.values():
        names = list(dict.fromkeys(sources[i] for i in members))
        if len(names) < min_sources:
            continue
        intervals = [_interval(rows[i], tolerance) for i in members]
        agree = max(lo for lo, _ in intervals) <= min(hi for _, hi in intervals)
        values = [float(rows[i].value) for i in members]
        out.append({
            "category": rows[members[0]].category, "unit": rows[members[0]].unit,
            "subject": rows[members[0]].subject,
            "period": "; ".join(dict.fromkeys(str(rows[i].period) for i in members if rows[i].period)),
            "n_sources": len(names), "sources": "; ".join(names),
            "surfaces": "; ".join(f"{sources[i]}: {rows[i].surface}" for i in members),
            "values": "; ".join(f"{v:g}" for v in values), "low": min(values), "high": max(values),
            "verdict": "agree" if agree else "conflict",
        })
    result = pd.DataFrame(out, columns=COMPARISON_COLUMNS[1:])
    result.insert(0, "group_id", range(len(result)))
    return result


def _sources(table: pd.DataFrame) -> list[str]:
    source = table["source"] if "source" in table.columns else pd.Series([""] * len(table))
    doc = table["doc_id"] if "doc_id" in table.columns else pd.Series([""] * len(table))
    return [str(s) if isinstance(s, str) and s else str(d) for s, d in zip(source, doc)]


def survey_stance(subject: str) -> str:
    """The stance a survey figure measures ("favourable opinion", "support closer ties"), or ""."""
    lowered = str(subject).lower()
    for pattern, stance in _rules()["stances"]:
        if pattern.search(lowered):
            return stance
    return ""


def survey_figures(stats: pd.DataFrame) -> pd.DataFrame:
    """The survey shares of a statistics table, each with its stance.

    Returns
    -------
    DataFrame
        ``source``, ``doc_id``, ``period``, ``stance`` (from
        ``data/statistic_rules.toml``; "other" when no pattern matches),
        ``value`` (percent), ``qualifier``, ``subject``, ``surface``.
    """
    require_columns(stats, {"category", "unit", "subject", "value", "period", "surface", "qualifier"}, "survey_figures", built_by="kz.corpus_statistics")
    chosen = stats[(stats["category"] == "survey") & (stats["unit"] == "percent")].reset_index(drop=True)
    out = pd.DataFrame({
        "source": _sources(chosen),
        "doc_id": chosen["doc_id"].astype(str) if "doc_id" in chosen.columns else "",
        "period": chosen["period"],
        "stance": [survey_stance(s) or "other" for s in chosen["subject"]],
        "value": chosen["value"].astype("float64"),
        "qualifier": chosen["qualifier"], "subject": chosen["subject"], "surface": chosen["surface"],
    }, columns=SURVEY_COLUMNS)
    return out


def trade_comparison(stats: pd.DataFrame, partners: tuple[str, ...] = ("Russia", "United States")) -> pd.DataFrame:
    """Trade sums with the given partners, and whether all partners are stated for the same year.

    Parameters
    ----------
    stats
        Output of :func:`kzanalysis.corpus_statistics`.
    partners
        Canonical gazetteer names of the trade partners to compare.

    Returns
    -------
    DataFrame
        ``source``, ``doc_id``, ``year`` (nullable), ``partner``, ``value``,
        ``unit`` (currency code), ``qualifier``, ``subject``, ``surface``,
        ``same_year`` (True when every partner has a trade figure in the same
        currency for that year).
    """
    require_columns(stats, {"category", "kind", "partner", "value", "unit", "year_end", "subject", "surface", "qualifier"},
             "trade_comparison", built_by="kz.corpus_statistics")
    chosen = stats[(stats["category"] == "trade") & (stats["kind"] == "money")
                   & stats["partner"].isin(list(partners))].reset_index(drop=True)
    out = pd.DataFrame({
        "source": _sources(chosen),
        "doc_id": chosen["doc_id"].astype(str) if "doc_id" in chosen.columns else "",
        "year": chosen["year_end"].astype("Int64"),
        "partner": chosen["partner"], "value": chosen["value"].astype("float64"), "unit": chosen["unit"],
        "qualifier": chosen["qualifier"], "subject": chosen["subject"], "surface": chosen["surface"],
    }, columns=TRADE_COLUMNS[:-1])
    complete = set()
    for (year, unit), block in out.dropna(subset=["year"]).groupby(["year", "unit"]):
        if set(partners) <= set(block["partner"]):
            complete.add((year, unit))
    out["same_year"] = [
        (not pd.isna(y)) and (y, u) in complete for y, u in zip(out["year"], out["unit"])
    ]
    return out


def statistics_by_source(stats: pd.DataFrame) -> pd.DataFrame:
    """Count of statistics per source and category (sources as rows, a ``total`` column)."""
    require_columns(stats, {"category"}, "statistics_by_source", built_by="kz.corpus_statistics")
    table = pd.DataFrame({"source": _sources(stats.reset_index(drop=True)),
                          "category": stats["category"].to_numpy()})
    if table.empty:
        return pd.DataFrame(columns=["source", "total"])
    counts = pd.crosstab(table["source"], table["category"])
    counts["total"] = counts.sum(axis=1)
    counts.columns.name = None
    return counts.reset_index()


def with_bounds(table: pd.DataFrame, stats: pd.DataFrame) -> pd.DataFrame:
    """A copy of a view of the statistics table with each figure's normalised ``bound`` added.

    :func:`trade_comparison` and :func:`survey_figures` keep the qualifier as
    written ("round" in a spun text); the bound it was read as (``exact``,
    ``lower``, ``upper``, ``approx``, ``range``) is looked up in ``stats`` by
    article and surface text.

    Parameters
    ----------
    table
        Output of :func:`trade_comparison` or :func:`survey_figures` (needs
        ``doc_id`` and ``surface``).
    stats
        The statistics table it was built from
        (:func:`kzanalysis.corpus_statistics`).

    Returns
    -------
    DataFrame
        ``table``'s rows, index and columns, and a last column ``bound``.

    Raises
    ------
    ValueError
        When a row of ``table`` has no figure in ``stats`` (the two tables come
        from different corpora).
    """
    require_columns(table, {"doc_id", "surface"}, "with_bounds", built_by="kz.corpus_statistics")
    require_columns(stats, {"doc_id", "surface", "bound"}, "with_bounds", built_by="kz.corpus_statistics")
    lookup = {(str(d), str(s)): b for d, s, b in zip(stats["doc_id"], stats["surface"], stats["bound"])}
    keys = [(str(d), str(s)) for d, s in zip(table["doc_id"], table["surface"])]
    unknown = [key for key in keys if key not in lookup]
    if unknown:
        raise ValueError(f"with_bounds: no figure in the statistics table for (doc_id, surface) {unknown[:3]}; "
                         "build both tables from the same kz.corpus_statistics")
    return table.assign(bound=[lookup[key] for key in keys])
