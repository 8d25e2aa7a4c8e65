"""Argument checks shared by the package's functions: tables with the right columns, lists of texts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd


def require_columns(
    table: object, columns: Iterable[str], what: str, built_by: str | None = None
) -> None:
    """Raise a clear error unless ``table`` is a DataFrame with ``columns``.

    Parameters
    ----------
    table
        The argument to check.
    columns
        The columns the caller reads.
    what
        How the error names the argument, e.g. ``"plot_survey: survey"``.
    built_by
        The function that builds such a table, named in the error as a hint.

    Raises
    ------
    TypeError
        When ``table`` is not a DataFrame.
    ValueError
        Listing the missing columns and the ones the table has.
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what} must be a DataFrame, got {type(table).__name__}")
    missing = sorted(set(columns) - set(table.columns))
    if missing:
        hint = f"; build it with {built_by}" if built_by else ""
        raise ValueError(f"{what} lacks columns {missing}; it has {list(table.columns)}{hint}")


def require_texts(items: Iterable[Any]) -> list[str]:
    """Return ``items`` as a list, or raise a TypeError naming the non-string positions.

    Raises
    ------
    TypeError
        Listing the first positions that hold something other than a string
        and the types found there.
    """
    values = list(items)
    bad = [i for i, t in enumerate(values) if not isinstance(t, str)]
    if bad:
        raise TypeError(
            f"texts must be strings; items at positions {bad[:5]} are "
            f"{sorted({type(values[i]).__name__ for i in bad})}"
        )
    return values
