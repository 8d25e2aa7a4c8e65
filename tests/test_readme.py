"""The README's newcomer commands work as written."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import nbformat
import pytest

from kzanalysis.clean import boilerplate_rules, normalise_text, remove_boilerplate
from kzanalysis.config import PACKAGE_DATA_DIR, project_root
from kzanalysis.entities import find_mentions, load_gazetteer

README = (project_root() / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def readme_command(program: str) -> list[str]:
    """The README's shell command that starts with ``program`` (as an argv list)."""
    for block in _blocks("bash"):
        for line in block.splitlines():
            if line.strip().startswith(program):
                return shlex.split(line.split("#")[0])
    raise AssertionError(f"README shows no command starting with {program!r}")


def _with_out(argv: list[str], flag: str, value: str) -> list[str]:
    argv = list(argv)
    argv[argv.index(flag) + 1] = value
    return argv


def test_readme_gazetteer_rows_add_a_variant_and_a_group(tmp_path):
    rows = [line for block in _blocks("text") for line in block.strip().splitlines()]
    assert rows, "the README shows gazetteer rows"
    original = (PACKAGE_DATA_DIR / "gazetteer.csv").read_text(encoding="utf-8").splitlines()
    new_variants = {line.split(",")[3] for line in rows}
    kept = [line for line in original if line.split(",")[3] not in new_variants]
    edited = tmp_path / "gazetteer.csv"
    edited.write_text("\n".join(kept + rows) + "\n", encoding="utf-8")
    gazetteer = load_gazetteer(str(edited))
    assert "china" in gazetteer.groups
    found = find_mentions("Kassym-Zhomart Tokayev met officials from Beijing.", gazetteer)
    assert [(m["actor"], m["groups"]) for m in found] == [("Tokayev", ("tokayev",)), ("China", ("china",))]


def test_readme_boilerplate_rule_removes_its_line(tmp_path):
    (block,) = [b for b in _blocks("toml") if "[[rule]]" in b]
    rules_file = tmp_path / "boilerplate.toml"
    rules_file.write_text((PACKAGE_DATA_DIR / "boilerplate.toml").read_text(encoding="utf-8") + "\n" + block, encoding="utf-8")
    rules = boilerplate_rules(str(rules_file))
    text, removed = remove_boilerplate(normalise_text("Body text.\nSign up for our daily newsletter today"), rules)
    assert text == "Body text."
    assert removed[0]["rule"] == "newsletter_signup"


@pytest.mark.slow
def test_readme_papermill_command_runs_one_notebook_on_a_user_corpus(tmp_path):
    argv = readme_command(".venv/bin/papermill")
    argv[0] = str(project_root() / ".venv" / "bin" / "papermill")
    argv[2] = str(tmp_path / "out.ipynb")
    argv = _with_out(argv, "OUTPUT_DIR", str(tmp_path / "reports"))
    done = subprocess.run(argv, capture_output=True, text=True, cwd=project_root())
    assert done.returncode == 0, done.stderr[-3000:]
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    assert any((tmp_path / "reports" / "figures").glob("*.png"))


def test_readme_report_command_is_the_module_entry_point():
    argv = readme_command(".venv/bin/python -m kzanalysis report")
    assert argv[1:4] == ["-m", "kzanalysis", "report"] and "--corpus" in argv and "--out" in argv
    assert (project_root() / argv[argv.index("--corpus") + 1]).is_dir()
    help_text = subprocess.run([sys.executable, "-m", "kzanalysis", "report", "--help"], capture_output=True, text=True).stdout
    assert "--corpus" in help_text and "--out" in help_text
