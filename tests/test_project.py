"""The project's own set-up: lock file, environment.yml, Makefile, CI and README."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from kzanalysis.config import project_root

ROOT = project_root()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.lock line {line!r} is not an exact pin"
            pins[re.sub(r"[-_.]+", "-", name.lower())] = version
    return pins


def test_environment_yml_mirrors_the_lock():
    import yaml

    spec = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in spec["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section
    env_pins = {}
    for item in pip_section:
        if item != "-e .":
            name, _, version = item.partition("==")
            env_pins[re.sub(r"[-_.]+", "-", name.lower())] = version
    assert env_pins == _lock()
    assert any(str(d).startswith("python=3.11") for d in spec["dependencies"])


def test_every_declared_dependency_is_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared += extra
    lock = _lock()
    for requirement in declared:
        name = re.split(r"[<>=!~\[ ]", requirement, maxsplit=1)[0]
        assert re.sub(r"[-_.]+", "-", name.lower()) in lock, f"{name} is not pinned in requirements.lock"


def test_make_lists_targets_with_help():
    done = subprocess.run(["make", "-s", "-C", str(ROOT)], capture_output=True, text=True)
    assert done.returncode == 0
    for target in ("report", "test", "lab", "env", "sync"):
        assert re.search(rf"make {target}\s+\S", done.stdout), f"`make` does not list {target}"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make report" in first_block and "make test" in first_block
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_raw_files_match_the_manifest_and_gitignore_keeps_outputs_out():
    import pandas as pd

    from kzanalysis.corpus import sha256_of

    manifest = pd.read_csv(ROOT / "data" / "articles.csv", dtype=str, keep_default_na=False)
    for row in manifest.itertuples():
        assert sha256_of(ROOT / "data" / "raw" / row.file) == row.sha256
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert {"reports/", ".venv/", "data/interim/"} <= set(ignored)


def test_importing_the_package_reads_no_data():
    """Config that reads data at import is a fault: watch every file opened by the import."""
    probe = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' else None)\n"
        "import kzanalysis\n"
        "print('\\n'.join(p for p in opened if 'kzanalysis' in p and ('/data/' in p or p.endswith('.csv'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"files read at import: {done.stdout}"


def test_the_compiler_that_builds_the_package_is_the_locked_one():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    build = {re.split(r"[<>=!~ ]", r, maxsplit=1)[0].lower(): r for r in pyproject["build-system"]["requires"]}
    assert build["mypy"].replace(" ", "") in {line.strip().lower() for line in (ROOT / "requirements.lock").read_text().splitlines()}
    for module in pyproject["tool"]["kzanalysis"]["native-modules"]:
        assert (ROOT / "kzanalysis" / f"{module}.py").is_file(), f"native module {module} has no source"
    # the Makefile reads the same list, to rebuild when one of these sources changes
    database = subprocess.run(["make", "-p", "-n", "-C", str(ROOT), "help"], capture_output=True, text=True).stdout
    made = next(line for line in database.splitlines() if line.startswith("NATIVE := "))
    assert made.split(":=", 1)[1].split() == pyproject["tool"]["kzanalysis"]["native-modules"]
