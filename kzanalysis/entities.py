"""Canonical actors, analysis target groups and mention finding.

The gazetteer (``data/gazetteer.csv``) maps every name variant to a canonical
actor with a type and an analysis group.  One row per variant:

========  ==============================================================
column    meaning
========  ==============================================================
actor     canonical name ("Tokayev", "Russia", "CSTO")
type      person, organisation, country, bloc or place
group     analysis target group ("russia", "west", "tokayev"); several
          groups are separated by ";"; empty for actors that are not a target
variant   the surface form as written ("Tokaev", "the Kazakh president")
case_sensitive  "yes" to match the exact case (acronyms, "Western")
kind      name, title, adjective or spun (a synonym-spinner's substitution)
========  ==============================================================

``data/false_friends.csv`` lists phrases that contain a variant but do not
refer to the actor ("Russian-speaking", "western regions").  A row with a
``context`` pattern only applies when the sentence also matches it.

Edit either file to add a name variant or a new target group; no code changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .config import PACKAGE_DATA_DIR

GAZETTEER_COLUMNS = ["actor", "type", "group", "variant", "case_sensitive", "kind"]
MENTION_COLUMNS = [
    "doc_id", "sentence_id", "actor", "type", "group", "surface", "start", "end", "kind",
]
_ACTOR_TYPES = {"person", "organisation", "country", "bloc", "place"}


class GazetteerError(ValueError):
    """The gazetteer or false-friend file is malformed."""


@dataclass(frozen=True)
class Gazetteer:
    """A compiled gazetteer: the table plus the patterns that find mentions."""

    table: pd.DataFrame
    sensitive: re.Pattern[str] | None
    insensitive: re.Pattern[str] | None
    lookup: dict[str, tuple[str, str, tuple[str, ...], str]]
    false_friends: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...]

    @property
    def groups(self) -> list[str]:
        """Sorted names of every target group."""
        return sorted({g for gs in self.lookup.values() for g in gs[2]})

    @property
    def actors(self) -> list[str]:
        """Sorted canonical actor names."""
        return sorted(self.table["actor"].unique())

    def actors_in_group(self, group: str) -> list[str]:
        """Canonical actors belonging to ``group``."""
        return sorted({a for a, _, gs, _ in self.lookup.values() if group in gs})


def _alternation(variants: list[str]) -> str:
    ordered = sorted(set(variants), key=lambda v: (-len(v), v))
    body = "|".join(re.escape(v) for v in ordered)
    return rf"(?<!\w)(?:{body})(?!\w)"


def read_gazetteer(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate a gazetteer CSV (default: the package's own).

    Raises
    ------
    GazetteerError
        Naming the file and the problem: missing columns, empty variants,
        unknown types, or one variant given to two different actors.
    """
    source = Path(path) if path is not None else PACKAGE_DATA_DIR / "gazetteer.csv"
    try:
        table = pd.read_csv(source, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read gazetteer {source}: {exc}") from exc
    missing = [c for c in GAZETTEER_COLUMNS if c not in table.columns]
    if missing:
        raise GazetteerError(f"gazetteer {source} lacks columns {missing}")
    table = table[GAZETTEER_COLUMNS].apply(lambda col: col.str.strip())
    if (table["variant"] == "").any() or (table["actor"] == "").any():
        rows = list(table.index[(table["variant"] == "") | (table["actor"] == "")] + 2)
        raise GazetteerError(f"gazetteer {source}: empty actor or variant on lines {rows}")
    bad_types = sorted(set(table["type"]) - _ACTOR_TYPES)
    if bad_types:
        raise GazetteerError(
            f"gazetteer {source}: unknown types {bad_types}; use one of {sorted(_ACTOR_TYPES)}"
        )
    owners = table.groupby("variant")["actor"].nunique()
    clashes = sorted(owners.index[owners > 1])
    if clashes:
        raise GazetteerError(f"gazetteer {source}: variants given to several actors: {clashes}")
    return table


def read_false_friends(path: str | Path | None = None) -> pd.DataFrame:
    """Read the false-friend patterns (``pattern``, ``context``, ``reason``)."""
    source = Path(path) if path is not None else PACKAGE_DATA_DIR / "false_friends.csv"
    table = pd.read_csv(source, dtype=str, keep_default_na=False)
    if "pattern" not in table.columns:
        raise GazetteerError(f"false-friend file {source} lacks a 'pattern' column")
    for column in ("context", "reason"):
        if column not in table.columns:
            table[column] = ""
    return table


@lru_cache(maxsize=8)
def load_gazetteer(path: str | None = None, false_friends_path: str | None = None) -> Gazetteer:
    """Load, validate and compile the gazetteer (cached per path)."""
    table = read_gazetteer(path)
    sensitive_rows = table["case_sensitive"].str.lower().isin({"yes", "true", "1"})
    lookup: dict[str, tuple[str, str, tuple[str, ...], str]] = {}
    for row in table.itertuples(index=False):
        groups = tuple(g.strip().lower() for g in row.group.split(";") if g.strip())
        key = row.variant if row.case_sensitive.lower() in {"yes", "true", "1"} else row.variant.lower()
        lookup[key] = (row.actor, row.type, groups, row.kind)
    sensitive = list(table.loc[sensitive_rows, "variant"])
    insensitive = list(table.loc[~sensitive_rows, "variant"])
    friends = []
    for row in read_false_friends(false_friends_path).itertuples(index=False):
        try:
            friends.append(
                (
                    re.compile(row.pattern),
                    re.compile(row.context, re.IGNORECASE) if row.context else None,
                    row.reason,
                )
            )
        except re.error as exc:
            raise GazetteerError(f"false friend {row.pattern!r} does not compile: {exc}") from exc
    return Gazetteer(
        table=table,
        sensitive=re.compile(_alternation(sensitive)) if sensitive else None,
        insensitive=re.compile(_alternation(insensitive), re.IGNORECASE) if insensitive else None,
        lookup=lookup,
        false_friends=tuple(friends),
    )


def _excluded_spans(sentence: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    spans = []
    for pattern, context, _ in gazetteer.false_friends:
        if context is not None and not context.search(sentence):
            continue
        spans.extend(m.span() for m in pattern.finditer(sentence))
    return spans


def find_mentions(sentence: str, gazetteer: Gazetteer | None = None) -> list[dict]:
    """Find the actor mentions in one sentence.

    Overlapping matches keep the longest; adjacent mentions of the same actor
    ("Kazakh President" + "Kassym-Jomart Tokayev") merge into one; mentions
    inside a false friend ("Russian-speaking") are dropped.

    Returns
    -------
    list of dict
        ``actor``, ``type``, ``groups`` (tuple), ``surface``, ``start``,
        ``end`` (offsets into ``sentence``) and ``kind``, in text order.
    """
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    found = []
    if gaz.sensitive is not None:
        found.extend((m.start(), m.end(), m.group()) for m in gaz.sensitive.finditer(sentence))
    if gaz.insensitive is not None:
        found.extend(
            (m.start(), m.end(), m.group().lower()) for m in gaz.insensitive.finditer(sentence)
        )
    if not found:
        return []
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    excluded = _excluded_spans(sentence, gaz)
    out: list[dict] = []
    last_end = -1
    for start, end, key in found:
        if start < last_end:
            continue
        if any(s <= start and end <= e for s, e in excluded):
            continue
        actor, kind_of, groups, kind = gaz.lookup[key]
        previous = out[-1] if out else None
        if previous and previous["actor"] == actor and not sentence[previous["end"]:start].strip():
            previous["end"] = end
            previous["surface"] = sentence[previous["start"]:end]
            last_end = end
            continue
        out.append(
            {
                "actor": actor,
                "type": kind_of,
                "groups": groups,
                "surface": sentence[start:end],
                "start": start,
                "end": end,
                "kind": kind,
            }
        )
        last_end = end
    return out


def mentions(sentences_df: pd.DataFrame, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per actor mention (and per group the actor belongs to).

    Parameters
    ----------
    sentences_df
        A sentence table with ``doc_id``, ``sentence_id`` and ``sentence``
        (see :func:`kzanalysis.sentences`).
    gazetteer
        A compiled gazetteer; default: the package's.

    Returns
    -------
    DataFrame
        ``doc_id``, ``sentence_id``, ``actor``, ``type``, ``group`` (empty
        string for actors outside every target group), ``surface``, ``start``
        and ``end`` (offsets into the sentence) and ``kind``.
    """
    gaz = load_gazetteer() if gazetteer is None else gazetteer
    rows = []
    for doc_id, s_id, sentence in zip(
        sentences_df["doc_id"], sentences_df["sentence_id"], sentences_df["sentence"]
    ):
        for m in find_mentions(sentence, gaz):
            for group in m["groups"] or ("",):
                rows.append(
                    (doc_id, s_id, m["actor"], m["type"], group, m["surface"], m["start"], m["end"], m["kind"])
                )
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def target_groups(gazetteer: Gazetteer | None = None) -> list[str]:
    """Names of the analysis target groups ("russia", "tokayev", "west", ...)."""
    return (load_gazetteer() if gazetteer is None else gazetteer).groups


def check_group(group: str, gazetteer: Gazetteer | None = None) -> str:
    """Return ``group`` lower-cased, or raise a ValueError listing valid groups."""
    valid = target_groups(gazetteer)
    if group.lower() not in valid:
        raise ValueError(f"unknown target group {group!r}; valid groups are {valid}")
    return group.lower()
