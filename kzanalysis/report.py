"""Run every notebook headless and assemble the report.

``python -m kzanalysis report [--corpus DIR] [--out DIR]`` (and ``make report``)
executes the numbered notebooks in ``notebooks/`` in order with papermill,
injecting ``CORPUS_DIR`` and ``OUTPUT_DIR`` into each notebook's parameters
cell, and writes under the output folder:

* ``notebooks/<name>.ipynb`` — the executed notebooks;
* ``report.html`` — one self-contained HTML page with every notebook in order
  and a table of contents;
* ``figures/`` — every figure as PNG, SVG and PDF with its CSV (written by the
  notebooks through :func:`kzanalysis.save_figure`);
* ``tables/`` — every result table as CSV (:func:`kzanalysis.save_table`).

The run owns those four entries of the output folder and replaces them, so
nothing from an earlier run (say, on another corpus) is left beside the new
results; anything else in the folder is left alone.  A failing notebook stops
the run with a :class:`NotebookFailed` naming the notebook and the cell.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .config import notebooks_dir, reports_dir

NOTEBOOK_PATTERN = re.compile(r"^\d{2}-[\w-]+\.ipynb$")


class NotebookFailed(RuntimeError):
    """A notebook raised while executing; the message names it and the cell."""

    def __init__(self, notebook: str, cell: int | None, detail: str) -> None:
        where = f"cell {cell}" if cell is not None else "start-up"
        super().__init__(f"notebook {notebook} failed at {where}: {detail}")
        self.notebook = notebook
        self.cell = cell


@dataclass
class ReportResult:
    """What a report run wrote and how long each notebook took (seconds)."""

    out_dir: Path
    notebooks: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    html: Path | None = None

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def discover_notebooks(folder: str | os.PathLike | None = None) -> list[Path]:
    """The numbered notebooks (``NN-name.ipynb``) of a folder, in order."""
    folder = Path(folder) if folder is not None else notebooks_dir()
    found = sorted(p for p in folder.glob("*.ipynb") if NOTEBOOK_PATTERN.match(p.name))
    if not found:
        raise FileNotFoundError(f"no numbered notebooks (NN-name.ipynb) in {folder}")
    return found


def execute_notebook(
    notebook: Path, output: Path, parameters: dict, *, kernel_name: str = "python3"
) -> None:
    """Execute one notebook with papermill, raising :class:`NotebookFailed`."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            kernel_name=kernel_name,
            cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False,
        )
    except PapermillExecutionError as exc:
        detail = f"{exc.ename}: {exc.evalue}"
        # papermill counts the injected-parameters cell; report the cell in the
        # committed notebook the user can open.
        raise NotebookFailed(notebook.name, _source_cell_index(output, exc.cell_index), detail) from None
    except Exception as exc:  # kernel start-up, missing kernel, unreadable notebook
        raise NotebookFailed(notebook.name, None, f"{type(exc).__name__}: {exc}") from exc


def _source_cell_index(executed: Path, cell_index: int) -> int:
    """Map papermill's cell index (with its injected cell) to the notebook's own."""
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # the partial output could not be read; best effort
        return cell_index
    injected = sum(
        1 for cell in nb.cells[:cell_index] if "injected-parameters" in cell.metadata.get("tags", [])
    )
    return cell_index - injected


def build_html(executed: list[Path], target: Path, title: str = "kzanalysis report") -> Path:
    """Join executed notebooks into one self-contained HTML page with a contents list."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    sections, contents = [], []
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
        anchor = path.stem
        body, _ = exporter.from_notebook_node(nb)
        inner = re.search(r"<body[^>]*>(.*)</body>", body, re.S)
        head = re.search(r"<head[^>]*>(.*)</head>", body, re.S)
        sections.append(f'<section id="{anchor}">{inner.group(1) if inner else body}</section>')
        contents.append(f'<li><a href="#{anchor}">{html.escape(path.stem)}</a></li>')
    style = head.group(1) if executed and head else ""
    page = (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title>{style}</head><body>"
        f'<nav class="kz-contents"><h1>{html.escape(title)}</h1><ol>{"".join(contents)}</ol></nav>'
        + "".join(sections)
        + "</body></html>\n"
    )
    target.write_text(page, encoding="utf-8")
    return target


OWNED_OUTPUTS = ("notebooks", "figures", "tables", "report.html")
"""The entries of the output folder a report run writes, and so replaces."""


def clear_outputs(out: Path) -> None:
    """Remove what an earlier report run wrote under ``out`` (and nothing else)."""
    for name in OWNED_OUTPUTS:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def run_report(
    corpus_dir: str | os.PathLike | None = None,
    out_dir: str | os.PathLike | None = None,
    notebooks: list[Path] | None = None,
    *,
    kernel_name: str = "python3",
    echo=print,
) -> ReportResult:
    """Execute the notebooks and write the report; see the module docstring.

    Parameters
    ----------
    corpus_dir
        A user's corpus folder; None = the bundled corpus.
    out_dir
        Output folder; default ``reports/``.
    notebooks
        Notebooks to run (default: every numbered notebook, in order).
    echo
        Where progress lines go: ``print`` or any callable taking the same
        arguments (``lambda *args, **kwargs: None`` silences it).
    """
    out = reports_dir(out_dir)
    corpus = None if corpus_dir is None else str(Path(corpus_dir).resolve())
    if corpus is not None and not Path(corpus).is_dir():
        raise FileNotFoundError(f"corpus folder {corpus} does not exist")
    todo = discover_notebooks() if notebooks is None else [Path(p) for p in notebooks]
    clear_outputs(out)
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    result = ReportResult(out_dir=out)
    parameters = {"CORPUS_DIR": corpus, "OUTPUT_DIR": str(out)}
    for number, notebook in enumerate(todo, start=1):
        echo(f"[{number}/{len(todo)}] {notebook.stem} running", flush=True)
        started = time.perf_counter()
        target = out / "notebooks" / notebook.name
        try:
            execute_notebook(notebook, target, parameters, kernel_name=kernel_name)
        except NotebookFailed:
            echo(f"[{number}/{len(todo)}] {notebook.stem} FAILED", flush=True)
            raise
        result.seconds[notebook.stem] = time.perf_counter() - started
        result.notebooks.append(target)
        echo(f"[{number}/{len(todo)}] {notebook.stem} done in {result.seconds[notebook.stem]:.1f} s", flush=True)
    result.html = build_html(result.notebooks, out / "report.html")
    echo(f"report: {result.html}  ({len(todo)} notebook{'s' if len(todo) != 1 else ''}, {result.total_seconds:.1f} s in all)")
    return result


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m kzanalysis report [--corpus DIR] [--out DIR]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kzanalysis", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="run every notebook headless and write the report")
    report.add_argument("--corpus", metavar="DIR", help="a folder of .txt/.md/.html articles (default: bundled corpus)")
    report.add_argument("--out", metavar="DIR", help="output folder (default: reports/)")
    report.add_argument("--notebook", action="append", metavar="PATH", help="run only these notebooks (repeatable)")
    args = parser.parse_args(argv)
    try:
        run_report(args.corpus, args.out, [Path(p) for p in args.notebook] if args.notebook else None)
    except NotebookFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
