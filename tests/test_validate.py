"""Functions that take tables name the mistake when given the wrong one."""

from __future__ import annotations

import pandas as pd
import pytest

import kzanalysis as kz
from kzanalysis.stat_tables import survey_figures
from kzanalysis.validate import require_columns


def test_missing_columns_are_listed_with_the_builder():
    with pytest.raises(ValueError, match=r"survey_figures lacks columns \['category', .*build it with kz.corpus_statistics"):
        survey_figures(pd.DataFrame({"value": [1.0]}))


def test_a_non_table_is_a_type_error():
    with pytest.raises(TypeError, match="sentences_df must be a DataFrame, got list"):
        kz.score_targets(["Russia is a neighbour."])


def test_a_complete_table_passes():
    require_columns(pd.DataFrame({"a": [1], "b": [2]}), ["a", "b"], "t")
