"""Compiled modules: which run, and a guard that never runs a stale one.

``setup.py`` compiles a few hot modules (``[tool.kzanalysis] native-modules``
in ``pyproject.toml``) to C extensions with mypyc and records a SHA-256
digest of each one's source in ``_native_sources.json``.  Python imports an
extension in place of the ``.py`` file beside it, so after an edit to one of
those files the old compiled code would keep running until the next build.
:func:`use_source_if_stale` prevents that: it runs when the package is
imported, before any of these modules, and when a source no longer matches
its record (or the record is missing) it makes Python import the source of
every compiled module instead, with a :class:`NativeModuleWarning`.  The
modules are compiled as one group that calls across modules directly, so it
is all or none.

Set the environment variable ``KZANALYSIS_PURE_PYTHON=1`` to run the source
on purpose (to profile it line by line, say).  Results are the same either
way; only the speed differs.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RECORD_NAME = "_native_sources.json"
PURE_PYTHON_ENV = "KZANALYSIS_PURE_PYTHON"


class NativeModuleWarning(UserWarning):
    """The compiled modules are set aside because a source changed since they were built."""


def extension_stem(name: str) -> str | None:
    """The module name in a compiled extension's file name ("quantities" for
    "quantities.cpython-311-x86_64-linux-gnu.so"); None for any other file."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def extension_modules(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Names of the modules of the package that have a compiled extension beside their ``.py`` source."""
    stems = (extension_stem(path.name) for path in package_dir.iterdir())
    return sorted(stem for stem in stems if stem is not None and (package_dir / f"{stem}.py").is_file())


def is_native_file(path: Path) -> bool:
    """True for a build product of the compiled modules (an extension or the source record)."""
    return path.name == RECORD_NAME or extension_stem(path.name) is not None


def source_digest(path: Path) -> str:
    """SHA-256 of a source file, as the build record holds it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stale_modules(package_dir: Path = PACKAGE_DIR, compiled: list[str] | None = None) -> list[str]:
    """The compiled modules whose source differs from the one they were built from.

    Every compiled module counts as stale when the record is missing or
    unreadable, or does not name it.  ``compiled`` is
    :func:`extension_modules` when the caller has it.
    """
    compiled = extension_modules(package_dir) if compiled is None else compiled
    if not compiled:
        return []
    try:
        recorded = json.loads((package_dir / RECORD_NAME).read_text(encoding="utf-8"))["modules"]
    except (OSError, ValueError, KeyError, TypeError):
        return compiled
    return [name for name in compiled if recorded.get(name) != source_digest(package_dir / f"{name}.py")]


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the ``.py`` source of the named modules, ahead of their compiled extensions."""

    def __init__(self, package: str, names: list[str], package_dir: Path) -> None:
        self.sources = {f"{package}.{name}": package_dir / f"{name}.py" for name in names}

    def find_spec(self, fullname, path=None, target=None):  # noqa: ANN001 - the finder protocol
        source = self.sources.get(fullname)
        return None if source is None else importlib.util.spec_from_file_location(fullname, source)


def use_source_if_stale(package: str = __package__ or "kzanalysis", package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Make Python import the source of every compiled module when one is stale or the source is asked for.

    Call before any compiled module is imported (``kzanalysis/__init__.py``
    does).

    Returns
    -------
    list of str
        The modules that will run from source although an extension exists;
        empty when the compiled modules run (or none were built).
    """
    compiled = extension_modules(package_dir)
    if not compiled:
        return []
    if os.environ.get(PURE_PYTHON_ENV, "").strip() not in ("", "0"):
        reason = None
    else:
        stale = stale_modules(package_dir, compiled)
        if not stale:
            return []
        cause = (
            "the compiled modules have no build record" if not (package_dir / RECORD_NAME).is_file()
            else f"{', '.join(f'{n}.py' for n in stale)} changed since the compiled modules were built"
        )
        reason = (
            f"{cause}: running the Python source of {', '.join(compiled)} (same results, slower). "
            "`make env` (or `pip install -e .`) compiles them again."
        )
    finder = _SourceFinder(package, compiled, package_dir)
    if not any(isinstance(f, _SourceFinder) and f.sources == finder.sources for f in sys.meta_path):
        sys.meta_path.insert(0, finder)
    if reason:
        warnings.warn(reason, NativeModuleWarning, stacklevel=2)
    return compiled


def native_status() -> dict[str, str]:
    """How each module with a compiled extension runs in this process: ``"compiled"`` or ``"source"``.

    Examples
    --------
    >>> sorted(set(native_status().values()) - {"compiled", "source"})
    []
    """
    status = {}
    for name in extension_modules():
        module = sys.modules.get(f"{__package__}.{name}")
        if module is None:
            module = importlib.import_module(f"{__package__}.{name}")
        origin = getattr(module, "__file__", "") or ""
        status[name] = "source" if origin.endswith(".py") else "compiled"
    return status
