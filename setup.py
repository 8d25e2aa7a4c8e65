"""Build kzanalysis, compiling its hot modules to C with mypyc when it can.

The metadata lives in ``pyproject.toml``; this file only adds the compiled
modules.  The modules named in ``[tool.kzanalysis] native-modules`` are
ordinary, typed Python.  mypyc type-checks them and compiles them to C
extensions, which Python imports in place of the source.  The results are the
same: the tests compare the compiled build with the source on the seed corpus.

``KZANALYSIS_NATIVE`` chooses what happens:

* ``auto`` (the default): compile when mypy and a C compiler are at hand,
  otherwise install the Python source (the build log says why);
* ``required``: fail the build when the modules cannot be compiled;
* ``off``: install the Python source only.

Each build records a SHA-256 digest of every compiled module's source in
``kzanalysis/_native_sources.json``.  ``kzanalysis.native`` reads it at import
time: when a source no longer matches its record, every compiled module is
set aside and the source runs, so an edit takes effect before the next build.
A build that compiles nothing removes the compiled modules an earlier build
left in the source tree, so they cannot outlive a change of mode.
"""

from __future__ import annotations

import importlib.util
import json
import os
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
PACKAGE = "kzanalysis"
GROUP = f"{PACKAGE}._native"
"""Name of the shared library mypyc adds (``kzanalysis/_native__mypyc``): inside the package."""
MODES = ("auto", "required", "off")


def native_modules(root: Path = HERE) -> list[str]:
    """The modules to compile, from ``pyproject.toml``."""
    with open(root / "pyproject.toml", "rb") as handle:
        return list(tomllib.load(handle)["tool"]["kzanalysis"]["native-modules"])


def build_mode() -> str:
    """``KZANALYSIS_NATIVE``, checked."""
    mode = os.environ.get("KZANALYSIS_NATIVE", "auto").strip().lower() or "auto"
    if mode not in MODES:
        raise SystemExit(f"KZANALYSIS_NATIVE={mode!r}: use one of {', '.join(MODES)}")
    return mode


def _load_native():
    """``kzanalysis/native.py`` on its own (standard library only): the package's own rules for its build products."""
    spec = importlib.util.spec_from_file_location("_kzanalysis_native", HERE / PACKAGE / "native.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


native = _load_native()


def remove_builds(package_dir: Path, keep: tuple[str, ...] = ()) -> list[str]:
    """Remove compiled modules (and the record) from ``package_dir``, except those of the modules in ``keep``.

    The record stays when ``keep`` names modules.  Returns the names of the
    files removed.
    """
    removed = []
    for path in sorted(package_dir.iterdir()):
        if not native.is_native_file(path):
            continue
        stem = native.extension_stem(path.name)
        if (stem is None and not keep) or (stem is not None and stem not in keep):
            path.unlink()
            removed.append(path.name)
    return removed


class BuildNative(build_ext):
    """build_ext that writes the source record beside the compiled modules, or steps aside in ``auto`` mode."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any compiler failure leaves the Python source, which works
            if build_mode() == "required":
                raise
            self.warn(f"compiling the native modules failed ({exc}); kzanalysis is installed as Python source")
            remove_builds(HERE / PACKAGE)
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            return
        if not self.extensions:
            return
        modules = native_modules()
        record = {"modules": {m: native.source_digest(HERE / PACKAGE / f"{m}.py") for m in modules}}
        target = Path(self.get_ext_fullpath(f"{PACKAGE}.{modules[0]}")).parent / native.RECORD_NAME
        target.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def extensions() -> list:
    """mypyc's extensions of the native modules, or none (and no leftovers) when they are not compiled."""
    mode = build_mode()
    modules = native_modules()
    # compiled modules of names no longer listed would set every module aside at import
    remove_builds(HERE / PACKAGE, keep=(*modules, f"{GROUP.rsplit('.', 1)[1]}__mypyc"))
    if mode == "off":
        remove_builds(HERE / PACKAGE)
        return []
    paths = [f"{PACKAGE}/{m}.py" for m in modules]
    try:
        from mypyc.build import mypycify

        return mypycify(paths, group_name=GROUP, opt_level="3")
    except (SystemExit, Exception) as exc:  # noqa: BLE001 - mypy missing (ImportError) or a type error (SystemExit)
        if mode == "required":
            raise
        print(f"kzanalysis: not compiling {', '.join(paths)} ({type(exc).__name__}: {exc}); installing Python source")
        remove_builds(HERE / PACKAGE)
        return []


if __name__ == "__main__":  # also how setuptools' build backend runs this file
    setup(ext_modules=extensions(), cmdclass={"build_ext": BuildNative})
