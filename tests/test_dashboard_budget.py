"""The budget view on the page "Wat levert het op?" (dashboard/view_budget.py) through AppTest at a tiny scale
(1 seed x 2,000 agents x 1 year): Dutch labels, the curves computed on a button press, uploads checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from fraudchain.dashboard import data
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture(scope="module", autouse=True)
def tiny_scale():
    mp = pytest.MonkeyPatch()
    mp.setenv(data.SCALE_ENV, "seeds=1,agents=2000,years=1")
    st.cache_data.clear()
    yield
    st.cache_data.clear()
    mp.undo()


def test_budget_view_draws_a_curve_per_lever_in_dutch():
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params.update({"view": "value", "lang": "nl", "seeds": "1", "agents": "2000", "years": "1"})
    at.run()
    assert not at.exception
    assert "Wat levert elk extra miljoen op?" in [s.value for s in at.subheader]
    at.multiselect(key="w_bu_levers").set_value(["victim_support", "police"]).run()
    at.button(key="w_bu_compute").click().run()
    assert not at.exception
    fig = [json.loads(c.proto.spec) for c in at.get("plotly_chart")][-1]
    names = [tr["name"] for tr in fig["data"]]
    assert names == ["Slachtofferhulp", "Politiecapaciteit"]
    assert all(tr["x"] == [0.0, 1e6, 5e6, 2e7] for tr in fig["data"])
    assert fig["layout"]["xaxis"]["title"]["text"] == "Extra geld per jaar (EUR)"
    table = at.dataframe[-1].value
    assert set(table["Hefboom"]) == {"Slachtofferhulp", "Politiecapaciteit"} and len(table) == 6


def test_uploaded_curves_are_checked_as_data():
    from fraudchain.dashboard.view_budget import check_curves, curve_figure

    good = {"kpis": ["victims"], "levers": {"hub": [{"extra_eur": 1e6, "buys": "<b>x</b>",
                                                      "difference": {"victims": {"mean": -5.0, "ci_low": -9.0,
                                                                                 "ci_high": -1.0}}}]}}
    assert check_curves(good) is good
    fig = curve_figure(good, "victims", "nl")
    assert fig.data[0].name == "Fraudehub" and "<b>" not in fig.data[0].hovertext[1]
    for bad, why in (({"levers": []}, "needs"), ({"kpis": [], "levers": {"x": []}}, "unknown levers"),
                     ({"kpis": [], "levers": {"hub": [{"extra_eur": "1"}]}}, "extra_eur"),
                     ({"kpis": [], "levers": {"hub": [{"extra_eur": 1, "difference": {"v": {"mean": "x"}}}]}},
                      "numbers")):
        with pytest.raises(ValueError, match=why):
            check_curves(bad)
