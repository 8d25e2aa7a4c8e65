"""The report command: every notebook executes headless, on the bundled corpus
and on a crafted user corpus, with deterministic tables and figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kzanalysis.config import project_root
from kzanalysis.report import NotebookFailed, discover_notebooks, run_report
from test_readme import _with_out, readme_command

quiet = lambda *args, **kwargs: None  # noqa: E731


def _outputs(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for sub in ("tables", "figures")
        for p in sorted((folder / sub).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def bundled_report(tmp_path_factory):
    return run_report(out_dir=tmp_path_factory.mktemp("report"), echo=quiet)


@pytest.mark.slow
def test_report_executes_every_notebook(bundled_report):
    names = [p.name for p in bundled_report.notebooks]
    assert names == [p.name for p in discover_notebooks()]
    for path in bundled_report.notebooks:
        nb = nbformat.read(path, as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert not errors, f"{path.name} has error outputs"


@pytest.mark.slow
def test_report_html_has_every_notebook_and_contents(bundled_report):
    page = bundled_report.html.read_text(encoding="utf-8")
    for path in bundled_report.notebooks:
        assert f'href="#{path.stem}"' in page and f'id="{path.stem}"' in page
    assert "data:image/png;base64" in page, "figures are embedded, the page stands alone"


@pytest.mark.slow
def test_every_figure_has_all_formats_and_its_data(bundled_report):
    figures = bundled_report.out_dir / "figures"
    pngs = sorted(figures.glob("*.png"))
    assert len(pngs) >= 8
    for png in pngs:
        for suffix in (".svg", ".pdf", ".csv"):
            assert png.with_suffix(suffix).is_file(), f"{png.stem} lacks {suffix}"
    assert len(list((bundled_report.out_dir / "tables").glob("*.csv"))) >= 4


@pytest.mark.slow
def test_cli_report_on_user_corpus_is_byte_identical_on_rerun(tmp_path):
    """Runs the README's own command twice (with a temporary output folder)."""
    argv = readme_command(".venv/bin/python -m kzanalysis report")
    argv[0] = sys.executable
    assert argv[argv.index("--corpus") + 1] == "tests/data/user_corpus"
    runs = []
    for name in ("first", "second"):
        out = tmp_path / name
        done = subprocess.run(
            _with_out(argv, "--out", str(out)), capture_output=True, text=True, cwd=project_root()
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert "5 notebooks" in done.stdout
        runs.append(_outputs(out))
        executed = (out / "notebooks" / "02-sentiment.ipynb").read_text(encoding="utf-8")
        cache_notes = re.findall(r"disk cache: (hit|miss)", executed)
        assert cache_notes, "the sentiment notebook reports whether it read the disk cache"
    # the rerun read the expensive tables back instead of recomputing them
    assert cache_notes == ["hit"]
    assert runs[0].keys() == runs[1].keys() and len(runs[0]) > 10
    changed = [k for k in runs[0] if runs[0][k] != runs[1][k]]
    assert not changed, f"outputs differ between two runs: {changed}"


def test_failing_notebook_names_notebook_and_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Broken"),
        nbformat.v4.new_code_cell("CORPUS_DIR = None\nOUTPUT_DIR = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('deliberate failure')"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "99-broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(NotebookFailed, match=r"99-broken.ipynb failed at cell 3: ValueError: deliberate failure"):
        run_report(out_dir=tmp_path / "out", notebooks=[path], echo=quiet)
    done = subprocess.run(
        [sys.executable, "-m", "kzanalysis", "report", "--notebook", str(path), "--out", str(tmp_path / "cli")],
        capture_output=True, text=True,
    )
    assert done.returncode == 1
    assert "99-broken.ipynb failed at cell 3" in done.stderr


def test_report_refuses_a_missing_corpus_folder(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "kzanalysis", "report", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path)],
        capture_output=True, text=True,
    )
    assert done.returncode == 2 and "does not exist" in done.stderr


def test_rerun_into_the_same_folder_leaves_nothing_from_the_earlier_run(tmp_path):
    out = tmp_path / "out"
    for sub in ("figures", "tables"):
        (out / sub).mkdir(parents=True)
        (out / sub / "from_an_earlier_run.csv").write_text("x\n1\n", encoding="utf-8")
    (out / "notes.txt").write_text("the user's own file", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("CORPUS_DIR = None\nOUTPUT_DIR = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import kzanalysis as kz, pandas as pd\nkz.save_table(pd.DataFrame({'a': [1]}), 'fresh', out_dir=OUTPUT_DIR)"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "01-tiny.ipynb")
    run_report(out_dir=out, notebooks=[tmp_path / "01-tiny.ipynb"], echo=quiet)
    assert sorted(p.name for p in (out / "tables").iterdir()) == ["fresh.csv"]
    assert not (out / "figures").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "the user's own file"


@pytest.mark.slow
def test_notebook_runs_as_in_jupyterlab_with_its_own_defaults(tmp_path, monkeypatch):
    """No injected parameters, kernel started in notebooks/: what a JupyterLab user gets."""
    from nbclient import NotebookClient

    from kzanalysis.config import notebooks_dir

    monkeypatch.setenv("KZANALYSIS_REPORTS", str(tmp_path / "reports"))
    path = notebooks_dir() / "01-corpus.ipynb"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(notebooks_dir())}}).execute()
    assert (tmp_path / "reports" / "figures" / "mentions_by_source.png").is_file()
    assert (tmp_path / "reports" / "tables" / "corpus_provenance.csv").is_file()
