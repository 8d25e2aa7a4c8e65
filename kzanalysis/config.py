"""Every path the package uses, from one place.

The project root is found from the package's own location, never from the
current working directory, so a notebook runs the same from JupyterLab (kernel
started in ``notebooks/``), from papermill and from pytest.  Set the
environment variable ``KZANALYSIS_ROOT`` to point the package at another
checkout, and ``KZANALYSIS_REPORTS`` to send generated output elsewhere.

Nothing here reads data: the functions only build paths.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
"""The installed package folder (holds the editable knowledge files)."""

PACKAGE_DATA_DIR = PACKAGE_DIR / "data"
"""Gazetteer, boilerplate patterns, stop words and other editable knowledge."""


def project_root() -> Path:
    """Return the project root (the folder holding ``data/`` and ``notebooks/``).

    ``KZANALYSIS_ROOT`` overrides the default, which is the parent folder of
    the package.
    """
    override = os.environ.get("KZANALYSIS_ROOT")
    return Path(override).resolve() if override else PACKAGE_DIR.parent


def raw_dir() -> Path:
    """Folder of the bundled raw articles (never written by code)."""
    return project_root() / "data" / "raw"


def manifest_path() -> Path:
    """The bundled corpus' manifest, ``data/articles.csv``."""
    return project_root() / "data" / "articles.csv"


def interim_dir() -> Path:
    """Folder for cached intermediate tables (git-ignored, safe to delete)."""
    return project_root() / "data" / "interim"


def notebooks_dir() -> Path:
    """Folder of the themed notebooks."""
    return project_root() / "notebooks"


def shared_dir() -> Path:
    """The ``shared`` folder that sits beside the project (benchmarks live there).

    ``KZANALYSIS_SHARED`` overrides the default ``<root>/../shared``.
    """
    override = os.environ.get("KZANALYSIS_SHARED")
    return Path(override).resolve() if override else project_root().parent / "shared"


def benchmarks_data_dir() -> Path:
    """Human-labelled benchmark sets (``../shared/benchmarks``); never copied in."""
    return shared_dir() / "benchmarks"


def reports_dir(out_dir: str | os.PathLike | None = None) -> Path:
    """Folder for generated output: executed notebooks, figures and tables.

    Parameters
    ----------
    out_dir
        Explicit folder; when None, ``KZANALYSIS_REPORTS`` or ``<root>/reports``.
    """
    if out_dir is not None:
        return Path(out_dir).resolve()
    override = os.environ.get("KZANALYSIS_REPORTS")
    return Path(override).resolve() if override else project_root() / "reports"


def figures_dir(out_dir: str | os.PathLike | None = None) -> Path:
    """``<reports>/figures``: every figure as PNG, SVG and PDF with its CSV."""
    return reports_dir(out_dir) / "figures"


def tables_dir(out_dir: str | os.PathLike | None = None) -> Path:
    """``<reports>/tables``: every result table as CSV."""
    return reports_dir(out_dir) / "tables"
