"""Tables and printed summaries for the corpus notebook (01-corpus).

Every function takes the tables of :mod:`kzanalysis.corpus`,
:mod:`kzanalysis.segment`, :mod:`kzanalysis.entities`,
:mod:`kzanalysis.quality` or :mod:`kzanalysis.retelling` and returns a new
DataFrame or a list of text lines; none of them changes its input or saves
anything (the notebook passes results to :func:`kzanalysis.save_table`).
Each works on empty input (a user corpus without any target mention).
"""

from __future__ import annotations

import pandas as pd

from .validate import require_columns

LENGTH_COLUMNS = ["doc_id", "outlet", "n_words", "n_paragraphs", "n_removed", "boilerplate_share", "n_sentences"]
REMOVALS_BY_RULE_COLUMNS = ["rule", "n_removed", "n_articles"]
MENTIONS_BY_SOURCE_COLUMNS = ["actor", "group", "doc_id", "mentions"]
NO_GROUP = "other"
"""Group shown for an actor that belongs to no target group."""
EVIDENCE_WIDTH = 400
"""Characters of spinner evidence printed per article before it is cut."""



def corpus_lengths(corpus: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Words, paragraphs, removals and sentences of each article's cleaned body.

    Parameters
    ----------
    corpus
        A cleaned corpus from :func:`kzanalysis.load_corpus`.
    sentences
        Its sentence table from :func:`kzanalysis.sentences`.

    Returns
    -------
    DataFrame
        One row per article, in corpus order: ``doc_id``, ``outlet``,
        ``n_words``, ``n_paragraphs``, ``n_removed``, ``boilerplate_share``
        and ``n_sentences`` (0 for an article without sentences).
    """
    require_columns(corpus, set(LENGTH_COLUMNS[:-1]), "corpus_lengths", "kz.load_corpus")
    require_columns(sentences, {"doc_id"}, "corpus_lengths", "kz.sentences")
    counts = sentences.groupby("doc_id").size().rename("n_sentences").reset_index()
    lengths = corpus[LENGTH_COLUMNS[:-1]].merge(counts, on="doc_id", how="left").fillna({"n_sentences": 0})
    lengths["n_sentences"] = lengths["n_sentences"].astype(int)
    return lengths


def removals_by_rule(removed: pd.DataFrame) -> pd.DataFrame:
    """How often each cleaning rule removed text, and in how many articles.

    Parameters
    ----------
    removed
        Table from :func:`kzanalysis.removals` (``doc_id``, ``rule``, ``text`` ...).

    Returns
    -------
    DataFrame
        ``rule``, ``n_removed`` (removals made by the rule), ``n_articles``
        (distinct articles it removed text from), sorted by rule.
    """
    require_columns(removed, {"doc_id", "rule", "text"}, "removals_by_rule", "kz.removals")
    table = removed.groupby("rule").agg(n_removed=("text", "size"), n_articles=("doc_id", "nunique")).reset_index()
    return table[REMOVALS_BY_RULE_COLUMNS]


def quality_flag_lines(flags: pd.DataFrame, width: int = EVIDENCE_WIDTH) -> list[str]:
    """One line per article naming its raised flags, then its spun and translation evidence.

    Parameters
    ----------
    flags
        Table from :func:`kzanalysis.quality_flags`.
    width
        Spinner evidence longer than this many characters is cut and ends in "…".

    Returns
    -------
    list of str
        ``"<doc_id>: flags = <flags or none>"`` per article, followed (indented)
        by ``"spun (<score>): <evidence>"`` and ``"machine translation
        (<score>): <evidence>"`` when the article has such evidence.

    Examples
    --------
    >>> row = {"doc_id": "x", "flags": "", "spun_score": 0.0, "spun_evidence": "",
    ...        "mt_score": 2.0, "mt_evidence": "doubled_full_stop: '. .'"}
    >>> quality_flag_lines(pd.DataFrame([row]))
    ['x: flags = none', "   machine translation (2): doubled_full_stop: '. .'"]
    """
    require_columns(flags, {"doc_id", "flags", "spun_score", "spun_evidence", "mt_score", "mt_evidence"},
             "quality_flag_lines", "kz.quality_flags")
    lines = []
    for row in flags.itertuples():
        lines.append(f"{row.doc_id}: flags = {row.flags or 'none'}")
        if row.spun_evidence:
            cut = "…" if len(row.spun_evidence) > width else ""
            lines.append(f"   spun ({row.spun_score:g}): {row.spun_evidence[:width]}{cut}")
        if row.mt_evidence:
            lines.append(f"   machine translation ({row.mt_score:g}): {row.mt_evidence}")
    return lines


def actor_groups(mentions: pd.DataFrame) -> pd.Series:
    """Each actor's target groups joined by "+" ("other" when it belongs to none).

    Parameters
    ----------
    mentions
        Table from :func:`kzanalysis.mentions` (``actor``, ``group``; one row
        per mention and group, ``group`` empty for no group).

    Returns
    -------
    Series
        Indexed by actor, sorted; the distinct non-empty groups in alphabetical
        order joined by "+", e.g. ``"russia"``, ``"russia+west"``, ``"other"``.
    """
    require_columns(mentions, {"actor", "group"}, "actor_groups", "kz.mentions")
    return mentions.groupby("actor")["group"].agg(lambda g: "+".join(sorted(set(g) - {""})) or NO_GROUP)


def mentions_by_source(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions of each actor per article, with the actor's target groups.

    A mention that belongs to several groups (one row per group in
    ``mentions``) is counted once.

    Parameters
    ----------
    mentions
        Table from :func:`kzanalysis.mentions`.

    Returns
    -------
    DataFrame
        ``actor``, ``group`` (see :func:`actor_groups`), ``doc_id``,
        ``mentions`` (count), sorted by actor, group and doc_id; only the
        articles that mention the actor appear.
    """
    require_columns(mentions, {"doc_id", "sentence_id", "actor", "group", "start"}, "mentions_by_source", "kz.mentions")
    once = mentions.drop_duplicates(["doc_id", "sentence_id", "actor", "start"])
    counted = once.assign(group=once["actor"].map(actor_groups(mentions)))
    table = counted.groupby(["actor", "group", "doc_id"]).size().rename("mentions").reset_index()
    return table[MENTIONS_BY_SOURCE_COLUMNS]


def mentions_per_group(mentions: pd.DataFrame) -> dict[str, int]:
    """Number of mentions of each target group (groups never mentioned are absent).

    Parameters
    ----------
    mentions
        Table from :func:`kzanalysis.mentions`.

    Returns
    -------
    dict
        ``{group: mentions}`` in alphabetical order of group; empty when no
        target is mentioned.
    """
    require_columns(mentions, {"group"}, "mentions_per_group", "kz.mentions")
    counts = mentions[mentions["group"] != ""].groupby("group").size()
    return {str(group): int(n) for group, n in counts.items()}


def top_actor_mentions(by_source: pd.DataFrame, n: int) -> pd.DataFrame:
    """The rows of :func:`mentions_by_source` for the ``n`` most-mentioned actors.

    Parameters
    ----------
    by_source
        Table from :func:`mentions_by_source`.
    n
        How many actors to keep (by their total mentions over all articles).

    Returns
    -------
    DataFrame
        The same columns as ``by_source``, its rows for the chosen actors in
        their original order.
    """
    require_columns(by_source, set(MENTIONS_BY_SOURCE_COLUMNS), "top_actor_mentions", "mentions_by_source")
    if n < 1:
        raise ValueError(f"top_actor_mentions: n is the number of actors to show and must be at least 1, got {n}")
    totals = by_source.groupby("actor")["mentions"].sum().sort_values(ascending=False)
    return by_source[by_source["actor"].isin(totals.index[:n])]


def retelling_lines(pairs: pd.DataFrame) -> list[str]:
    """One line per pair of articles that retell the same story, with its evidence.

    Parameters
    ----------
    pairs
        Table from :func:`kzanalysis.retelling.retellings`.

    Returns
    -------
    list of str
        ``"<a> and <b> retell the same story: <evidence>"`` for each pair with
        ``same_story`` true; a single line saying no pair does otherwise.
    """
    require_columns(pairs, {"doc_id_a", "doc_id_b", "same_story", "evidence"}, "retelling_lines", "retellings")
    same = pairs[pairs["same_story"].astype(bool)]
    if same.empty:
        return ["No two articles retell the same story at this threshold."]
    return [f"{row.doc_id_a} and {row.doc_id_b} retell the same story: {row.evidence}" for row in same.itertuples()]
