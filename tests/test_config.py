"""Paths come from the package's location (or explicit overrides), never from the working directory."""

from __future__ import annotations

import os
import subprocess
import sys

from kzanalysis import config


def test_root_is_found_from_the_package(monkeypatch, tmp_path):
    for name in ("KZANALYSIS_ROOT", "KZANALYSIS_REPORTS", "KZANALYSIS_SHARED"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # the working directory must not matter
    root = config.project_root()
    assert (root / "kzanalysis" / "config.py").is_file()
    assert config.raw_dir() == root / "data" / "raw" and config.raw_dir().is_dir()
    assert config.manifest_path().is_file()
    assert config.notebooks_dir() == root / "notebooks"
    assert config.reports_dir() == root / "reports"
    assert config.figures_dir() == root / "reports" / "figures"
    assert config.tables_dir() == root / "reports" / "tables"
    assert config.benchmarks_data_dir() == root.parent / "shared" / "benchmarks"


def test_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("KZANALYSIS_ROOT", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("KZANALYSIS_REPORTS", str(tmp_path / "out"))
    monkeypatch.setenv("KZANALYSIS_SHARED", str(tmp_path / "shared"))
    assert config.raw_dir() == (tmp_path / "elsewhere" / "data" / "raw").resolve()
    assert config.reports_dir() == (tmp_path / "out").resolve()
    assert config.benchmarks_data_dir() == (tmp_path / "shared" / "benchmarks").resolve()
    assert config.figures_dir(tmp_path / "explicit") == (tmp_path / "explicit" / "figures").resolve()


def test_package_data_is_inside_the_package():
    for name in ("gazetteer.csv", "false_friends.csv", "boilerplate.toml", "abbreviations.txt",
                 "spinner_phrases.csv", "quality.toml"):
        assert (config.PACKAGE_DATA_DIR / name).is_file(), name


def test_bundled_corpus_loads_from_any_working_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KZANALYSIS_")}
    env["PYTHONPATH"] = str(config.project_root())  # importable even before `make env` installs it
    code = "import kzanalysis as kz; c = kz.load_corpus(); print(len(c), c['n_words'].sum())"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    n_docs, n_words = result.stdout.split()
    assert int(n_docs) == 5 and int(n_words) > 4000
