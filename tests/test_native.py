"""The compiled modules: same tables as the Python source, and never run when stale."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import pickle
import shutil
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pandas as pd
import pytest

from kzanalysis import native
from kzanalysis.cache import _fingerprinted
from kzanalysis.pipeline import run_pipeline

PACKAGE_DIR = Path(native.__file__).resolve().parent
TABLES = ("articles", "mentions", "sentiment", "statistics", "summary", "sentences")

_SEED_RUN = """
import json, pickle, sys
from kzanalysis.native import native_status
from kzanalysis.pipeline import run_pipeline
result = run_pipeline(None, workers=1, progress=False, keep_sentences=True)
with open(sys.argv[1], "wb") as handle:
    pickle.dump({name: getattr(result, name) for name in %r}, handle)
print(json.dumps(native_status()))
""" % (TABLES,)


def _python(code: str, *args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def test_compiled_build_gives_the_tables_of_the_python_source(tmp_path):
    if not native.extension_modules():
        pytest.skip("kzanalysis was installed without compiled modules (KZANALYSIS_NATIVE=off, or no mypy or C compiler)")
    if native.stale_modules():
        pytest.skip(f"the compiled modules are older than {native.stale_modules()}: `make env` compiles them again")
    if os.environ.get(native.PURE_PYTHON_ENV, "").strip() not in ("", "0"):
        pytest.skip(f"{native.PURE_PYTHON_ENV} is set: the source runs here")
    assert set(native.native_status().values()) == {"compiled"}
    out = tmp_path / "source.pickle"
    run = _python(_SEED_RUN, str(out), env={**os.environ, native.PURE_PYTHON_ENV: "1"})
    assert run.returncode == 0, run.stderr
    assert set(json.loads(run.stdout.splitlines()[-1]).values()) == {"source"}
    with open(out, "rb") as handle:
        source = pickle.load(handle)
    compiled = run_pipeline(None, workers=1, progress=False, keep_sentences=True)
    assert len(compiled.statistics) > 20 and len(compiled.mentions) > 100
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(compiled, name), source[name], check_exact=True, obj=name)


@pytest.fixture
def package_copy(tmp_path):
    """The package's Python sources and knowledge in ``tmp_path/kzanalysis``, with a fake extension of ``numbers``.

    The fake extension cannot be loaded, so an import of ``kzanalysis.numbers``
    succeeds only when the guard sends Python to the source.
    """
    target = tmp_path / "kzanalysis"
    shutil.copytree(PACKAGE_DIR, target, ignore=shutil.ignore_patterns("__pycache__", *(f"*{s}" for s in EXTENSION_SUFFIXES), native.RECORD_NAME))
    (target / f"numbers{EXTENSION_SUFFIXES[0]}").write_bytes(b"not a shared library")
    return target


_STATUS = "import json, kzanalysis.native as n; print(json.dumps(n.native_status()))"


def _status_in(package: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != native.PURE_PYTHON_ENV}
    environment.update(PYTHONPATH=str(package.parent), **env)
    return _python(_STATUS, env=environment, cwd=package.parent)


def _record(package: Path, digest: str) -> None:
    (package / native.RECORD_NAME).write_text(json.dumps({"modules": {"numbers": digest}}), encoding="utf-8")


def test_without_a_record_the_source_runs_with_a_warning(package_copy):
    run = _status_in(package_copy)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"numbers": "source"}
    assert "NativeModuleWarning" in run.stderr and "have no build record" in run.stderr


def test_an_edited_source_sets_the_compiled_modules_aside(package_copy):
    source = package_copy / "numbers.py"
    _record(package_copy, hashlib.sha256(source.read_bytes()).hexdigest())
    # the record matches: the (fake) extension is loaded, which shows the guard trusts a matching record
    trusted = _status_in(package_copy)
    assert trusted.returncode != 0 and "numbers" in trusted.stderr and "NativeModuleWarning" not in trusted.stderr
    source.write_text(source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    run = _status_in(package_copy)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"numbers": "source"}
    assert "numbers.py changed since the compiled modules were built" in run.stderr


def test_the_source_can_be_asked_for(package_copy):
    _record(package_copy, hashlib.sha256((package_copy / "numbers.py").read_bytes()).hexdigest())
    run = _status_in(package_copy, **{native.PURE_PYTHON_ENV: "1"})
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"numbers": "source"} and "Warning" not in run.stderr


def test_build_products_are_not_part_of_the_code_fingerprint(package_copy):
    assert not _fingerprinted(package_copy / f"numbers{EXTENSION_SUFFIXES[0]}")
    _record(package_copy, "0" * 64)
    assert not _fingerprinted(package_copy / native.RECORD_NAME)
    assert _fingerprinted(package_copy / "numbers.py")
    assert native.extension_modules(package_copy) == ["numbers"]
    assert native.stale_modules(package_copy) == ["numbers"]


def _setup_module():
    spec = importlib.util.spec_from_file_location("kzanalysis_setup", PACKAGE_DIR.parent / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines the build helpers; setup() runs only as a script
    return module


def test_a_build_that_compiles_nothing_leaves_no_compiled_module_behind(package_copy, monkeypatch):
    setup = _setup_module()
    assert setup.native_modules() and all((PACKAGE_DIR / f"{m}.py").is_file() for m in setup.native_modules())
    suffix = EXTENSION_SUFFIXES[0]
    for name in ("quantities", "_native__mypyc"):
        (package_copy / f"{name}{suffix}").write_bytes(b"")
    _record(package_copy, "0" * 64)
    # a module no longer listed goes, the listed ones, the shared library and the record stay
    assert setup.remove_builds(package_copy, keep=("quantities", "_native__mypyc")) == [f"numbers{suffix}"]
    assert sorted(setup.remove_builds(package_copy)) == sorted([f"_native__mypyc{suffix}", native.RECORD_NAME, f"quantities{suffix}"])
    assert native.extension_modules(package_copy) == [] and (package_copy / "quantities.py").is_file()
    monkeypatch.setenv("KZANALYSIS_NATIVE", "sometimes")
    with pytest.raises(SystemExit, match="auto, required, off"):
        setup.build_mode()
    monkeypatch.setenv("KZANALYSIS_NATIVE", " OFF ")
    assert setup.build_mode() == "off"


def test_public_functions_take_numpy_integers_and_paths_as_the_python_source_does(corpus_sentences):
    """Compiled code checks annotations at each call: they must admit what users pass (table values, paths)."""
    import numpy as np

    from kzanalysis import clean, entities, segment, target_features, voice
    from kzanalysis.config import PACKAGE_DATA_DIR

    sentence = next(s for s in corpus_sentences["sentence"] if "Russia" in s)
    start = sentence.index("Russia")
    end = start + len("Russia")
    assert segment.sentence_spans(sentence, np.int64(0), np.int64(len(sentence))) == segment.sentence_spans(sentence)
    assert target_features.target_features(sentence, np.int64(start), np.int32(end)) == target_features.target_features(sentence, start, end)
    assert voice.speech_voice(sentence, np.int64(start), np.int64(end)) == voice.speech_voice(sentence, start, end)
    with pytest.raises(TypeError):
        segment.sentence_spans(sentence, 1.5)
    gazetteer_path = PACKAGE_DATA_DIR / "gazetteer.csv"
    assert entities.load_gazetteer(gazetteer_path).table.equals(entities.load_gazetteer(str(gazetteer_path)).table)
    rules_path = PACKAGE_DATA_DIR / "boilerplate.toml"
    assert [r.pattern.pattern for r in clean.boilerplate_rules(rules_path)] == [r.pattern.pattern for r in clean.boilerplate_rules(str(rules_path))]
