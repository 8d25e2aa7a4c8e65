"""Normalise text and remove boilerplate, recording everything removed.

Cleaning is composed of small pure steps:

1. :func:`normalise_text` folds Unicode quotes, dashes and spaces to one form.
2. :func:`remove_boilerplate` drops lines and fragments matched by the rules in
   ``data/boilerplate.toml`` and returns what it removed, rule by rule.
3. :func:`split_headline` keeps the headline apart from the body.

:func:`clean_text` runs all three; :func:`clean_corpus` applies it to a corpus
table.  Every step is idempotent: cleaning clean text changes nothing.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from .config import PACKAGE_DATA_DIR

_SINGLE_QUOTES = dict.fromkeys(map(ord, "‘’‚‛′ʼ"), "'")
_DOUBLE_QUOTES = dict.fromkeys(map(ord, "“”„‟«»″"), '"')
_HYPHENS = dict.fromkeys(map(ord, "‐‑−"), "-")
_DASHES = dict.fromkeys(map(ord, "‒—―"), "–")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_LINE_BREAKS = dict.fromkeys(map(ord, "\u2028\u2029\u0085\x0b\x0c"), "\n")
_TRANSLATION = {**_SINGLE_QUOTES, **_DOUBLE_QUOTES, **_HYPHENS, **_DASHES, **_SPACES, **_INVISIBLE, **_LINE_BREAKS, ord("…"): "..."}
_MULTI_SPACE = re.compile(r" {2,}")
_MULTI_BLANK = re.compile(r"\n{3,}")
_HEADLINE_MAX_WORDS = 25


@dataclass(frozen=True)
class BoilerplateRule:
    """One boilerplate rule from ``data/boilerplate.toml``."""

    name: str
    scope: str
    pattern: re.Pattern[str]
    description: str = ""
    window: int = 0
    after: str = ""
    unseen_name: bool = False


@dataclass
class CleanText:
    """The result of cleaning one text.

    Attributes
    ----------
    headline
        The headline (empty when none was found or given).
    body
        The cleaned body without the headline.
    removed
        One dict per removal: ``rule``, ``text`` and ``line`` (0-based line
        number in the normalised text).
    """

    headline: str
    body: str
    removed: list[dict] = field(default_factory=list)


@lru_cache(maxsize=None)
def boilerplate_rules(path: str | None = None) -> tuple[BoilerplateRule, ...]:
    """Load and compile the boilerplate rules.

    Parameters
    ----------
    path
        A TOML file of rules; default: the package's ``data/boilerplate.toml``.

    Raises
    ------
    ValueError
        When a rule has an unknown scope or a pattern that does not compile,
        naming the rule.
    """
    source = PACKAGE_DATA_DIR / "boilerplate.toml" if path is None else path
    with open(source, "rb") as handle:
        spec = tomllib.load(handle)
    rules = []
    for entry in spec.get("rule", []):
        name = entry.get("name", "<unnamed>")
        scope = entry.get("scope", "line")
        if scope not in {"line", "inline", "footer", "header", "caption"}:
            raise ValueError(f"boilerplate rule {name!r}: unknown scope {scope!r}")
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        try:
            pattern = re.compile(entry["pattern"], flags)
        except (KeyError, re.error) as exc:
            raise ValueError(f"boilerplate rule {name!r}: bad or missing pattern ({exc})") from exc
        rules.append(
            BoilerplateRule(
                name=name,
                scope=scope,
                pattern=pattern,
                description=entry.get("description", ""),
                window=int(entry.get("window", 0)),
                after=entry.get("after", ""),
                unseen_name=bool(entry.get("unseen_name", False)),
            )
        )
    return tuple(rules)


def normalise_text(text: str) -> str:
    """Fold quotes, dashes and spaces to one form and tidy line ends.

    Curly quotes become straight quotes, every dash becomes an en dash ("–"),
    hyphen look-alikes become "-", exotic spaces become a plain space,
    invisible characters go, runs of spaces shrink to one, lines are stripped
    and runs of blank lines shrink to one blank line.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_TRANSLATION)
    lines = [_MULTI_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _MULTI_BLANK.sub("\n\n", "\n".join(lines)).strip("\n")


def _name_is_unseen(match: re.Match[str], lines: list[str], index: int, rule: BoilerplateRule) -> bool:
    """For ``unseen_name`` rules: the line's ``name`` group appears on no other line.

    An author biography names someone the article is not about; a closing
    line about a person the article discusses ("Tokayev is the president of
    ...") is news, not a footer.
    """
    if not rule.unseen_name:
        return True
    words = [w for w in match.group("name").split() if len(w) > 2]
    others = "\n".join(line for i, line in enumerate(lines) if i != index)
    return not any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", others) for w in words)


def remove_boilerplate(
    text: str, rules: tuple[BoilerplateRule, ...] | None = None
) -> tuple[str, list[dict]]:
    """Remove boilerplate lines and fragments from normalised text.

    The rules are applied until nothing more matches (a fixed point), so that
    removing one footer line brings the next one into its rule's window and
    removing an inline fragment can expose a whole boilerplate line; this is
    what makes cleaning idempotent.  Line numbers always refer to the input.
    Footers and captions are never taken from the first content line (the
    headline), however short the text.

    Returns
    -------
    text : str
        The text without boilerplate (blank-line runs collapsed).
    removed : list of dict
        ``rule``, ``text`` and ``line`` (0-based, in the input) for every
        removal, in line order.
    """
    rules = boilerplate_rules() if rules is None else rules
    lines = text.split("\n")
    removed: list[dict] = []
    dropped: dict[int, str] = {}

    def alive() -> list[int]:
        return [i for i, line in enumerate(lines) if line.strip() and i not in dropped]

    def drop(i: int, rule: BoilerplateRule) -> None:
        dropped[i] = rule.name
        removed.append({"rule": rule.name, "text": lines[i], "line": i})

    while True:
        before = len(removed)
        for rule in rules:
            if rule.scope == "line":
                for i in alive():
                    if rule.pattern.fullmatch(lines[i]):
                        drop(i, rule)
            elif rule.scope == "footer":
                # one line at a time from the end, so a stack of footer lines goes together
                while True:
                    live = alive()[1:]  # the first content line is the headline, never a footer
                    window = live[-rule.window:] if rule.window else live
                    hit = next(
                        (i for i in reversed(window)
                         if (m := rule.pattern.fullmatch(lines[i])) and _name_is_unseen(m, lines, i, rule)),
                        None,
                    )
                    if hit is None:
                        break
                    drop(hit, rule)
            elif rule.scope == "header":
                live = alive()
                # a label is only a label when something follows it
                for i in (live[: rule.window] if rule.window else live):
                    if len(alive()) > 1 and rule.pattern.fullmatch(lines[i]):
                        drop(i, rule)
        for rule in rules:
            if rule.scope != "caption":
                continue
            for i, name in sorted(dropped.items()):
                if name != rule.after:
                    continue
                live = alive()
                above = [j for j in live if j < i]
                if len(above) < 2:  # the first content line is the headline, never a caption
                    continue
                j = above[-1]
                adjacent = all(not lines[k].strip() for k in range(j + 1, i)) and i - j <= 2
                if adjacent and rule.pattern.fullmatch(lines[j]):
                    drop(j, rule)
        for rule in rules:
            if rule.scope != "inline":
                continue
            for i in alive():
                matches = [m.group().strip() for m in rule.pattern.finditer(lines[i])]
                if matches:
                    removed.extend({"rule": rule.name, "text": m, "line": i} for m in matches)
                    lines[i] = rule.pattern.sub("", lines[i]).strip()
        if len(removed) == before:
            break
    removed.sort(key=lambda r: r["line"])
    kept = [line for i, line in enumerate(lines) if i not in dropped]
    return _MULTI_BLANK.sub("\n\n", "\n".join(kept)).strip("\n"), removed


def split_headline(text: str, headline: str | None = None) -> tuple[str, str]:
    """Separate the headline from the body.

    Parameters
    ----------
    text
        Normalised text without boilerplate.
    headline
        A known headline (from the manifest or HTML metadata).  When given and
        the text opens with it, that line is taken off the body; when given but
        absent from the text, the body is left whole.  When None, the first
        line is taken as the headline if it is short (at most 25 words), has no
        closing full stop and a body follows it.

    Returns
    -------
    headline, body : str
    """
    first, _, rest = text.partition("\n")
    if headline:
        headline = normalise_text(headline)
        if first.strip() == headline:
            return headline, rest.strip("\n")
        return headline, text
    looks_like_headline = (
        rest.strip()
        and len(first.split()) <= _HEADLINE_MAX_WORDS
        and not first.rstrip().endswith((".", ":", ";", ","))
    )
    if looks_like_headline:
        return first.strip(), rest.strip("\n")
    return "", text


def clean_text(text: str, headline: str | None = None) -> CleanText:
    """Normalise, remove boilerplate and split off the headline.

    Examples
    --------
    >>> result = clean_text("Title\\n\\nBody text.\\n\\nSource link")
    >>> result.headline, result.body, result.removed[0]["rule"]
    ('Title', 'Body text.', 'source_link')
    """
    stripped, removed = remove_boilerplate(normalise_text(text))
    head, body = split_headline(stripped, headline)
    return CleanText(headline=head, body=body, removed=removed)


def boilerplate_share(raw_text: str, removed: list[dict]) -> float:
    """Share of an article's raw characters that cleaning removed as boilerplate.

    Parameters
    ----------
    raw_text
        The article before cleaning.
    removed
        The removals of :func:`clean_text` for that text (dicts with ``text``).

    Returns
    -------
    float
        Removed characters over raw characters, rounded to 4 decimals (0 for
        an empty text).

    Examples
    --------
    >>> raw = "Title\\n\\nBody text.\\n\\nSource link"
    >>> boilerplate_share(raw, clean_text(raw).removed)
    0.3667
    """
    return round(sum(len(item["text"]) for item in removed) / max(len(raw_text), 1), 4)


def clean_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """Clean every article of a corpus table.

    Parameters
    ----------
    corpus
        A table with ``raw_text`` and optionally ``headline`` (a known
        headline, e.g. from the manifest).

    Returns
    -------
    DataFrame
        A copy with ``headline``, ``body``, ``text`` (headline, blank line,
        body), ``removed`` (list of removals), ``n_removed``,
        ``boilerplate_share`` (removed characters over raw characters),
        ``n_words`` and ``n_paragraphs``.
    """
    out = corpus.copy()
    known = out["headline"] if "headline" in out else pd.Series([None] * len(out), index=out.index)
    results = [
        clean_text(raw, head if isinstance(head, str) and head else None)
        for raw, head in zip(out["raw_text"], known)
    ]
    out["headline"] = [r.headline for r in results]
    out["body"] = [r.body for r in results]
    out["text"] = [f"{r.headline}\n\n{r.body}" if r.headline else r.body for r in results]
    out["removed"] = [r.removed for r in results]
    out["n_removed"] = [len(r.removed) for r in results]
    out["boilerplate_share"] = [boilerplate_share(raw, r.removed) for r, raw in zip(results, out["raw_text"])]
    out["n_words"] = [len(r.body.split()) for r in results]
    out["n_paragraphs"] = [sum(1 for line in r.body.split("\n") if line.strip()) for r in results]
    return out


def removals(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per removal: ``doc_id``, ``rule``, ``line`` and removed ``text``."""
    rows = [
        {"doc_id": doc_id, **item}
        for doc_id, items in zip(corpus["doc_id"], corpus["removed"])
        for item in items
    ]
    return pd.DataFrame(rows, columns=["doc_id", "rule", "line", "text"])
