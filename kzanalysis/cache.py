"""On-disk cache of expensive intermediate tables, never stale.

A cached table lives under :func:`kzanalysis.config.interim_dir` (git-ignored,
safe to delete) in a folder named by its key.  The key is a SHA-256 over
everything the table depends on:

* the content of the inputs (a hash of every value of an input table, or of
  the bytes of an input file), never their names or modification times;
* the parameters of the computation;
* the package version and a *code fingerprint*: the hash of every source file
  of the package and of every knowledge file in ``kzanalysis/data``
  (gazetteer, false friends, boilerplate rules, abbreviations, lexicons ...),
  so editing a rule or a name variant invalidates every table built with it;
* the versions of the libraries that compute or store the tables (pandas,
  pyarrow, TextBlob, VADER).

The package keeps its knowledge in memory once read (``lru_cache``'d
loaders).  So that a table is never computed with the old knowledge and
stored under the key of the edited files, :func:`cached` (and
``run_pipeline``) first call :func:`sync_knowledge`, which empties those
loaders (:func:`kzanalysis.knowledge.reload_knowledge`) whenever the
knowledge files differ from the ones this process last saw.

A cache entry is written atomically (to a temporary folder, then renamed) and
records the key's components in ``meta.json``; on reading, the components
are compared again, so a changed input can never be served an old table.
Flat tables are stored as Parquet; a table holding nested Python objects
(lists or dicts in a cell) is stored as a pickle, which restores it exactly.

Examples
--------
>>> from kzanalysis.cache import cached
>>> table = cached("sentences", kz.sentences, corpus)        # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import config
from .config import PACKAGE_DIR, interim_dir
from .knowledge import reload_knowledge
from .native import is_native_file

CACHE_FORMAT = 1
"""Bumped whenever the layout of a cache entry changes."""

_LIBRARIES = ("pandas", "pyarrow", "numpy", "textblob", "vaderSentiment")


class CacheError(RuntimeError):
    """A cache entry cannot be written or read back."""


# ------------------------------------------------------------------ hashing
def _library_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


_FILE_HASHES: dict[Path, tuple[int, int, bytes]] = {}


def _file_sha(path: Path) -> bytes:
    """SHA-256 of a file, re-read only when its size or modification time changed."""
    stat = path.stat()
    known = _FILE_HASHES.get(path)
    if known is None or known[:2] != (stat.st_mtime_ns, stat.st_size):
        known = (stat.st_mtime_ns, stat.st_size, hashlib.sha256(path.read_bytes()).digest())
        _FILE_HASHES[path] = known
    return known[2]


def _fingerprinted(path: Path) -> bool:
    """Source and knowledge files; not bytecode, nor compiled modules (built from the sources, see kzanalysis.native)."""
    return (path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}
            and not is_native_file(path))


def _knowledge_files() -> list[tuple[str, Path]]:
    """``("data/<relative path>", path)`` of every knowledge file in use."""
    folder = config.PACKAGE_DATA_DIR
    if not folder.is_dir():
        return []
    return [(f"data/{p.relative_to(folder).as_posix()}", p) for p in folder.rglob("*") if _fingerprinted(p)]


def _digest_files(files: list[tuple[str, Path]]) -> str:
    digest = hashlib.sha256()
    for label, path in sorted(files, key=lambda item: item[0].split("/")):
        digest.update(label.encode())
        digest.update(b"\0")
        digest.update(_file_sha(path))
    return digest.hexdigest()


def knowledge_fingerprint() -> str:
    """SHA-256 of the knowledge files (``kzanalysis/data``: names and bytes)."""
    return _digest_files(_knowledge_files())


def code_fingerprint() -> str:
    """SHA-256 of the package's source and knowledge files (names and bytes).

    Any edit to a module or to a file in ``kzanalysis/data`` changes it, also
    within a running kernel.
    """
    knowledge_dir = config.PACKAGE_DATA_DIR
    sources = [
        (p.relative_to(PACKAGE_DIR).as_posix(), p) for p in PACKAGE_DIR.rglob("*")
        if _fingerprinted(p) and not p.is_relative_to(knowledge_dir)
    ]
    return _digest_files(sources + _knowledge_files())


_KNOWLEDGE_SEEN: list[str] = []


def sync_knowledge() -> bool:
    """Reload the in-memory knowledge when its files changed since this process last looked.

    The first call in a process always reloads (what was read before is not
    known); later calls reload only when :func:`knowledge_fingerprint`
    differs from the previous call's.

    Returns
    -------
    bool
        True when the loaders were emptied
        (:func:`kzanalysis.knowledge.reload_knowledge`).
    """
    current = knowledge_fingerprint()
    if _KNOWLEDGE_SEEN and _KNOWLEDGE_SEEN[-1] == current:
        return False
    reload_knowledge()
    _KNOWLEDGE_SEEN[:] = [current]
    return True


def environment_fingerprint() -> dict[str, str]:
    """The package version, code fingerprint and library versions a key includes."""
    from . import __version__

    return {
        "cache_format": str(CACHE_FORMAT),
        "kzanalysis": __version__,
        "code": code_fingerprint(),
        **{name: _library_version(name) for name in _LIBRARIES},
    }


def _hash_value(value: Any, digest: "hashlib._Hash") -> None:
    """Feed a deterministic serialisation of ``value`` to ``digest``."""
    if isinstance(value, pd.DataFrame):
        digest.update(b"DataFrame")
        digest.update(json.dumps([str(c) for c in value.columns]).encode())
        digest.update(json.dumps([str(t) for t in value.dtypes]).encode())
        for column in value.columns:
            _hash_series(value[column], digest)
        _hash_series(value.index.to_series(), digest)
    elif isinstance(value, pd.Series):
        digest.update(b"Series")
        _hash_series(value, digest)
    elif isinstance(value, (str, bytes)):
        digest.update(b"s" if isinstance(value, str) else b"b")
        data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    elif isinstance(value, os.PathLike):
        path = Path(value)
        if path.is_file():
            digest.update(b"file")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        elif path.is_dir():
            digest.update(b"dir")
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                _hash_value(child.relative_to(path).as_posix(), digest)
                _hash_value(child, digest)
        else:
            raise CacheError(f"cannot key a cache on {path}: it does not exist")
    elif isinstance(value, Mapping):
        digest.update(b"map")
        for key in sorted(value, key=str):
            _hash_value(str(key), digest)
            _hash_value(value[key], digest)
    elif isinstance(value, (list, tuple)):
        digest.update(b"seq")
        digest.update(len(value).to_bytes(8, "little"))
        for item in value:
            _hash_value(item, digest)
    elif isinstance(value, np.ndarray):
        digest.update(b"nd")
        digest.update(str(value.dtype).encode())
        digest.update(np.ascontiguousarray(value).tobytes() if value.dtype != object else repr(value.tolist()).encode())
    elif value is None or isinstance(value, (bool, int, float, np.generic)):
        digest.update(repr(value).encode())
    else:
        raise CacheError(
            f"cannot key a cache on a {type(value).__name__}; pass tables, strings, numbers, "
            "paths or lists/dicts of them"
        )


def _hash_series(series: pd.Series, digest: "hashlib._Hash") -> None:
    values = series.tolist() if series.dtype == object else None
    if values is not None and not all(isinstance(v, str) for v in values):
        # mixed or nested cells: pandas' hash would fold 1 and "1" together
        for item in values:
            _hash_value(f"{type(item).__name__}:{item!r}", digest)
        return
    hashed = pd.util.hash_pandas_object(series, index=False, categorize=False)
    digest.update(hashed.to_numpy().tobytes())


def content_hash(*values: Any) -> str:
    """SHA-256 (hex) of the content of tables, strings, numbers, files and containers.

    Tables hash their column names, dtypes, every value and the index; files
    and folders hash their bytes, never a name or a modification time.

    Raises
    ------
    CacheError
        For a value it cannot serialise deterministically, naming its type.
    """
    digest = hashlib.sha256()
    for value in values:
        _hash_value(value, digest)
    return digest.hexdigest()


def cache_key(name: str, *inputs: Any, params: Mapping[str, Any] | None = None) -> tuple[str, dict]:
    """Build a cache key for the table ``name`` computed from ``inputs``.

    Returns
    -------
    key : str
        ``<name>-<sha256>``.
    components : dict
        What went into the key (environment fingerprint, input hash,
        parameters), stored with the entry and checked on reading.
    """
    components = {
        "name": name,
        "environment": environment_fingerprint(),
        "inputs": content_hash(*inputs),
        "params": content_hash(dict(params or {})),
    }
    return f"{name}-{content_hash(json.dumps(components, sort_keys=True))[:32]}", components


# ------------------------------------------------------------------ storage
def _is_flat(table: pd.DataFrame) -> bool:
    """True when every cell is a scalar Parquet stores and restores exactly."""
    for column in table.columns:
        series = table[column]
        if series.dtype == object:
            if not all(v is None or isinstance(v, str) for v in series.tolist()):
                return False
        elif isinstance(series.dtype, pd.CategoricalDtype):
            return False
    return isinstance(table.index, pd.RangeIndex) and table.index.start == 0 and table.index.step == 1 \
        and all(isinstance(c, str) for c in table.columns)


class TableCache:
    """A folder of cached tables, one sub-folder per key.

    Parameters
    ----------
    root
        Where entries live; default ``<interim_dir>/cache``.
    """

    def __init__(self, root: str | os.PathLike | None = None) -> None:
        self.root = Path(root) if root is not None else interim_dir() / "cache"

    def path(self, key: str) -> Path:
        """Folder of the entry ``key``."""
        return self.root / key

    def get(self, key: str, components: Mapping[str, Any]) -> dict[str, pd.DataFrame] | None:
        """The tables stored under ``key``, or None when absent or not matching ``components``."""
        folder = self.path(key)
        meta_file = folder / "meta.json"
        if not meta_file.is_file():
            return None
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None
        if meta.get("components") != json.loads(json.dumps(dict(components), sort_keys=True)):
            return None
        tables = {}
        for name, spec in meta["tables"].items():
            file = folder / spec["file"]
            try:
                if spec["format"] == "parquet":
                    table = pd.read_parquet(file)
                    table = table.astype(spec["dtypes"]) if spec["dtypes"] else table
                else:
                    with open(file, "rb") as handle:
                        table = pickle.load(handle)
            except (OSError, ValueError, TypeError, pickle.UnpicklingError, EOFError):
                return None  # a damaged entry is recomputed, never half-served
            table.attrs.update(spec.get("attrs", {}))
            tables[name] = table
        return tables

    def put(self, key: str, components: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]) -> Path:
        """Store ``tables`` under ``key`` atomically; returns the entry's folder."""
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=self.root))
        try:
            specs = {}
            for i, (name, table) in enumerate(tables.items()):
                attrs = _json_attrs(table.attrs)
                if _is_flat(table):
                    file = f"{i:02d}.parquet"
                    table.to_parquet(staging / file, index=False)
                    dtypes = {str(c): str(t) for c, t in table.dtypes.items()}
                    specs[name] = {"file": file, "format": "parquet", "dtypes": dtypes, "attrs": attrs}
                else:
                    file = f"{i:02d}.pickle"
                    with open(staging / file, "wb") as handle:
                        pickle.dump(table, handle, protocol=pickle.HIGHEST_PROTOCOL)
                    specs[name] = {"file": file, "format": "pickle", "attrs": attrs}
            meta = {"components": json.loads(json.dumps(dict(components), sort_keys=True)), "tables": specs}
            (staging / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True), encoding="utf-8")
            target = self.path(key)
            if target.exists():
                shutil.rmtree(target, ignore_errors=True)
            os.replace(staging, target)
            return target
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def clear(self) -> int:
        """Delete every entry; returns how many were removed."""
        if not self.root.is_dir():
            return 0
        entries = [p for p in self.root.iterdir() if p.is_dir()]
        for entry in entries:
            shutil.rmtree(entry, ignore_errors=True)
        return len(entries)


def _json_attrs(attrs: Mapping[str, Any]) -> dict:
    """The JSON-serialisable part of a table's ``attrs``."""
    out = {}
    for key, value in attrs.items():
        try:
            json.dumps(value)
        except TypeError:
            continue
        out[str(key)] = value
    return out


def cached(
    name: str,
    func: Callable[..., pd.DataFrame],
    *inputs: Any,
    cache: TableCache | None = None,
    refresh: bool = False,
    **params: Any,
) -> pd.DataFrame:
    """Return ``func(*inputs, **params)``, read from disk when computed before.

    Parameters
    ----------
    name
        A name for the table ("sentences", "mentions"); part of the key.
    func
        A pure function returning a DataFrame.
    *inputs
        Its positional inputs (tables, strings, paths ...); their content is
        hashed into the key.
    cache
        Where to store; default a :class:`TableCache` under ``interim_dir()``.
    refresh
        Recompute and overwrite even when an entry exists.
    **params
        Keyword parameters passed to ``func``, also part of the key.

    Returns
    -------
    DataFrame
        Equal to ``func(*inputs, **params)``; ``attrs["cache"]`` says
        ``"hit"`` or ``"miss"``.  Knowledge files edited since the last call
        are read again first (:func:`sync_knowledge`), so the table always
        reflects the files its key names.
    """
    sync_knowledge()
    store = cache if cache is not None else TableCache()
    key, components = cache_key(name, *inputs, params={**params, "function": _qualname(func)})
    if not refresh:
        hit = store.get(key, components)
        if hit is not None:
            table = hit["table"]
            table.attrs["cache"] = "hit"
            return table
    table = func(*inputs, **params)
    if not isinstance(table, pd.DataFrame):
        raise CacheError(f"{_qualname(func)} returned a {type(table).__name__}, not a DataFrame")
    store.put(key, components, {"table": table})
    table.attrs["cache"] = "miss"
    return table


def _qualname(func: Callable) -> str:
    return f"{getattr(func, '__module__', '?')}.{getattr(func, '__qualname__', repr(func))}"
