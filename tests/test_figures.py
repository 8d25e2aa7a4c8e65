"""The figure and table helpers: every format, the data beside it, the same bytes on rerun."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import kzanalysis as kz
from kzanalysis.figures import HOUSE_STYLE, TARGET_COLOURS, house_style


def small_figure():
    with house_style():
        fig, ax = plt.subplots()
        ax.bar(["russia", "west", "tokayev"], [3, 2, 1], color=[TARGET_COLOURS[g] for g in ("russia", "west", "tokayev")])
        ax.set_title("Mentions per target")
    return fig


def test_save_figure_writes_every_format_and_the_data(tmp_path):
    data = pd.DataFrame({"group": ["russia", "west", "tokayev"], "mentions": [3, 2, 1]})
    fig = small_figure()
    written = kz.save_figure(fig, "mentions", data=data, out_dir=tmp_path, caption="Mentions per target.")
    plt.close(fig)
    assert set(written) == {"png", "svg", "pdf", "csv", "txt"}
    for path in written.values():
        assert path.parent == tmp_path / "figures" and path.stat().st_size > 0
    assert written["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert written["pdf"].read_bytes()[:5] == b"%PDF-"
    assert pd.read_csv(written["csv"]).equals(data)
    assert written["txt"].read_text() == "Mentions per target.\n"


def png_dpi(tmp_path) -> int:
    from PIL import Image

    fig = small_figure()
    written = kz.save_figure(fig, "dpi", out_dir=tmp_path, formats=("png",))
    plt.close(fig)
    return round(Image.open(written["png"]).info["dpi"][0])


def test_png_is_300_dpi_in_the_house_style(tmp_path):
    with house_style():
        assert png_dpi(tmp_path) == 300


def test_png_is_300_dpi_without_the_house_style(tmp_path):
    with plt.rc_context({"savefig.dpi": 100}):
        assert png_dpi(tmp_path) == 300


def test_rerun_writes_the_same_bytes(tmp_path):
    data = pd.DataFrame({"x": [1.0, 2.5]})
    outputs = []
    for run in ("a", "b"):
        fig = small_figure()
        written = kz.save_figure(fig, "same", data=data, out_dir=tmp_path / run)
        plt.close(fig)
        outputs.append({fmt: path.read_bytes() for fmt, path in written.items()})
    assert outputs[0] == outputs[1]


def test_bad_names_and_formats_are_rejected(tmp_path):
    fig = small_figure()
    with pytest.raises(ValueError, match="letters, digits"):
        kz.save_figure(fig, "../escape", out_dir=tmp_path)
    with pytest.raises(ValueError, match="unknown figure formats"):
        kz.save_figure(fig, "ok", out_dir=tmp_path, formats=("gif",))
    plt.close(fig)


def test_save_table_writes_stable_csv_with_list_cells(tmp_path):
    table = pd.DataFrame({"doc_id": ["000"], "removed": [[{"rule": "tags"}]], "share": [0.123456789]})
    path = kz.save_table(table, "removed", out_dir=tmp_path)
    assert path == tmp_path / "tables" / "removed.csv"
    assert path.read_text() == "doc_id,removed,share\n000,[{'rule': 'tags'}],0.123456789\n"
    with pytest.raises(ValueError, match="letters, digits"):
        kz.save_table(table, "bad name", out_dir=tmp_path)


def test_house_style_is_applied():
    kz.use_house_style()
    assert plt.rcParams["savefig.dpi"] == HOUSE_STYLE["savefig.dpi"] == 300
