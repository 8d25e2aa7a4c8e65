"""Notebook hygiene: no outputs, paired text files in sync, the house structure."""

from __future__ import annotations

import re

import jupytext
import nbformat
import pytest
from papermill.translators import PythonTranslator

from kzanalysis.config import notebooks_dir
from kzanalysis.report import discover_notebooks

NOTEBOOKS = discover_notebooks()


def _cells(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def test_every_expected_notebook_exists():
    names = {p.stem for p in NOTEBOOKS}
    assert {"01-corpus", "02-sentiment", "03-topics", "04-statistics", "05-large-corpora"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_paired_and_in_sync(path):
    text_file = path.with_suffix(".py")
    assert text_file.is_file(), f"{path.name} has no paired py:percent file"
    nb = nbformat.read(path, as_version=4)
    formats = nb.metadata.get("jupytext", {}).get("formats", "")
    assert "py:percent" in formats, f"{path.name} is not paired with py:percent"
    assert _cells(jupytext.read(text_file)) == _cells(nb), (
        f"{path.name} and {text_file.name} differ: run `make sync`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_the_house_structure(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown", "the first cell states the purpose"
    io_cell = next((c for c in nb.cells[:4] if c.cell_type == "markdown" and re.search(r"(?i)inputs", c.source)), None)
    assert io_cell is not None and re.search(r"(?i)outputs", io_cell.source) and re.search(r"(?i)parameters", io_cell.source)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "exactly one cell tagged 'parameters'"
    declared = {p.name for p in PythonTranslator.inspect(params[0])}
    assert {"CORPUS_DIR", "OUTPUT_DIR"} <= declared, (
        f"papermill reads only {sorted(declared)} from the parameters cell "
        "(no '=' inside the comments)"
    )
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "import kzanalysis" in code
    assert "sys.path" not in code and "os.chdir" not in code
    assert "save_figure" in code, "figures go through the figure helper"
    assert not re.search(r"\.savefig\(", code), "no direct savefig: use kz.save_figure"


def test_notebooks_folder_has_no_stray_notebooks():
    stray = [p.name for p in notebooks_dir().glob("*.ipynb") if p not in NOTEBOOKS]
    assert not stray, f"unnumbered notebooks are not run by the report: {stray}"
