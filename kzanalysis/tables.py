"""Write result tables as deterministic CSV under ``<reports>/tables``."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .config import tables_dir


def write_csv(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a table as UTF-8 CSV with ``\\n`` line ends.

    Floats are written at full precision (the shortest text that reads back as
    the same number), so no digit of a stated figure is lost.  List or dict
    cells are written as their ``repr`` so the bytes stay stable.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: repr(v) if isinstance(v, (list, dict, tuple)) else v)
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def save_table(table: pd.DataFrame, name: str, out_dir: str | os.PathLike | None = None) -> Path:
    """Save a result table as ``<out_dir>/tables/<name>.csv`` and return the path.

    The README documents every table's columns and the notebook that writes it.
    """
    if not name or any(not (c.isalnum() or c in "-_") for c in name):
        raise ValueError(f"table name {name!r}: use letters, digits, '-' and '_' only")
    return write_csv(table, tables_dir(out_dir) / f"{name}.csv")
