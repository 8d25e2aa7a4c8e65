"""Statistics notebook figures: survey bars and trade bars labelled by the normalised bound."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import kzanalysis as kz  # noqa: E402
from kzanalysis.figures import TARGET_COLOURS  # noqa: E402
from kzanalysis.quantities import BOUNDS  # noqa: E402
from kzanalysis.stat_figures import BOUND_LABELS, bound_label, plot_survey, plot_trade_comparison  # noqa: E402
from kzanalysis.stat_tables import survey_figures, trade_comparison, with_bounds  # noqa: E402


@pytest.fixture(scope="module")
def stats(corpus, corpus_sentences) -> pd.DataFrame:
    return kz.corpus_statistics(corpus_sentences, corpus)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _trade_row(partner, value, qualifier, bound, year=2021):
    return {"source": "Monitor", "doc_id": "9", "year": year, "partner": partner, "value": value, "unit": "USD",
            "qualifier": qualifier, "subject": "trade", "surface": f"{qualifier} ${value / 1e9:g} billion",
            "same_year": True, "bound": bound}


def test_every_bound_has_a_label():
    assert set(BOUND_LABELS) == set(BOUNDS)


@pytest.mark.parametrize(("bound", "label"), [
    ("exact", "24.2 bn USD"), ("approx", "about 24.2 bn USD"), ("lower", "over 24.2 bn USD"),
    ("upper", "up to 24.2 bn USD"), ("range", "from 24.2 bn USD"),
])
def test_bound_label_words(bound, label):
    assert bound_label(24.2e9, "USD", bound) == label


def test_bound_label_rejects_an_unknown_bound():
    with pytest.raises(ValueError, match="approx"):
        bound_label(1e9, "USD", "roughly")


def test_with_bounds_reads_the_normalised_bound_of_the_spun_qualifier(stats):
    trade = trade_comparison(stats)
    bounded = with_bounds(trade, stats)
    assert list(bounded.columns) == list(trade.columns) + ["bound"]
    assert bounded[["partner", "qualifier", "bound"]].values.tolist() == [
        ["Russia", "", "exact"], ["United States", "round", "approx"]]
    assert "bound" not in trade.columns  # the input is not changed


def test_with_bounds_refuses_rows_of_another_corpus(stats):
    foreign = pd.DataFrame([_trade_row("Russia", 1e9, "", "exact")]).drop(columns="bound")
    with pytest.raises(ValueError, match="same kz.corpus_statistics"):
        with_bounds(foreign, stats)


def test_trade_bars_of_the_bundled_corpus_are_labelled_by_bound(stats):
    trade = trade_comparison(stats)
    fig = plot_trade_comparison(with_bounds(trade[trade["same_year"]], stats))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["24.2 bn USD", "about 2.5 bn USD"]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Russia\n2021 · Geopolitical Monitor", "United States\n2021 · Geopolitical Monitor"]
    assert [round(p.get_height(), 6) for p in ax.patches] == [24.2, 2.5]
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == [TARGET_COLOURS["russia"], TARGET_COLOURS["west"]]
    assert ax.get_ylabel() == "trade with Kazakhstan (billion USD)"


def test_trade_bars_label_lower_and_upper_bounds():
    paired = pd.DataFrame([_trade_row("Russia", 26e9, "more than", "lower"),
                           _trade_row("China", 3e9, "almost", "upper")])
    ax = plot_trade_comparison(paired).axes[0]
    assert [t.get_text() for t in ax.texts] == ["over 26 bn USD", "up to 3 bn USD"]


def test_trade_bars_need_the_bound(stats):
    trade = trade_comparison(stats)
    with pytest.raises(ValueError, match="bound"):
        plot_trade_comparison(trade)
    with pytest.raises(ValueError, match="not empty"):
        plot_trade_comparison(with_bounds(trade.iloc[0:0], stats))


def test_survey_bars_of_the_bundled_corpus(stats):
    survey = survey_figures(stats)
    ax = plot_survey(survey).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(survey) == 4
    assert all(label.startswith(stance + " (") for label, stance in zip(labels, survey["stance"]))
    assert [p.get_width() for p in ax.patches] == [87, 8, 88, 6]
    assert [t.get_text() for t in ax.texts] == ["87%", "8%", "88%", "6%"]
    assert ax.yaxis_inverted() and ax.get_xlim() == (0, 105)


def test_survey_bars_name_a_missing_period():
    survey = pd.DataFrame({"stance": ["favourable opinion"], "source": ["Brief"], "period": [""], "value": [61.0]})
    ax = plot_survey(survey).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["favourable opinion (Brief, year not stated)"]
