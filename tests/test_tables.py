"""Result tables keep every digit of a stated figure."""

from __future__ import annotations

import pandas as pd

import kzanalysis as kz


def test_stated_figures_keep_every_digit(tmp_path):
    table = pd.DataFrame({"value": [19_398_331.0, 24_212_345_678.0, 0.1, -2.5], "unit": ["people", "USD", "percent", "percent"]})
    path = kz.save_table(table, "figures", out_dir=tmp_path)
    back = pd.read_csv(path)
    assert back["value"].tolist() == table["value"].tolist()
    assert "19398331.0" in path.read_text(encoding="utf-8")

