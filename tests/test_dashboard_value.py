"""The page "Wat levert het op?" through streamlit.testing.v1.AppTest at a tiny scale (1 seed x 2,000
agents x 1 year): value per scenario, the contributions waterfall of a package with two measures,
and a public-budget search whose front point opens in the scenario builder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from fraudchain.dashboard import data
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
TINY = {"name": "tiny", "base": "nl_baseline", "set": {"reforms": [
    {"day": 0, "label": "tiny", "set": {"hub.data_sharing_scope": 0.6, "een_loket.enabled": True},
     "measures": {"hub": ["hub.data_sharing_scope"], "loket": ["een_loket.enabled"]}}]}}


@pytest.fixture(scope="module", autouse=True)
def tiny_scale():
    mp = pytest.MonkeyPatch()
    mp.setenv(data.SCALE_ENV, "seeds=1,agents=2000,years=1")
    st.cache_data.clear()
    yield
    st.cache_data.clear()
    mp.undo()


def specs(at: AppTest) -> dict[str, dict]:
    return {c.proto.id or str(i): json.loads(c.proto.spec) for i, c in enumerate(at.get("plotly_chart"))}


def test_value_page_waterfall_and_front_opening_in_the_builder():
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params.update({"view": "value", "lang": "nl", "seeds": "1", "agents": "2000", "years": "1",
                            "c": json.dumps(TINY)})
    at.run()
    assert not at.exception
    assert at.title[0].value == "Wat levert het op?"
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert charts and charts[0]["data"][0]["type"] == "bar"
    table = at.dataframe[0].value
    assert "Voorkomen verlies" in set(table["metric"]) and set(table["scenario"]) == {"ecp_full_package"}

    at.selectbox(key="w_v_pkg").set_value("tiny").run()
    at.button(key="w_v_compute").click().run()
    assert not at.exception
    fall = [json.loads(c.proto.spec) for c in at.get("plotly_chart")][-1]["data"][0]
    assert fall["type"] == "waterfall" and fall["x"] == ["hub", "loket", "pakket"]
    assert sum(fall["y"][:-1]) == pytest.approx(fall["y"][-1], rel=1e-9, abs=1e-6)

    at.slider(key="w_v_trials").set_value(2).run()
    at.button(key="w_v_search").click().run()
    assert not at.exception
    front = [json.loads(c.proto.spec) for c in at.get("plotly_chart")][-1]
    assert front["data"][0]["name"] == "front"
    at.button(key="w_v_open_0").click().run()
    assert not at.exception
    vs = at.session_state["view_state"]
    assert vs.view == "builder" and vs.builder_name == "budget_point_1"
    assert "hub.funding_eur_per_year" in vs.builder_changes


def test_uploaded_fronts_are_checked_as_data():
    from fraudchain.dashboard.view_value import check_front

    good = {"front": [{"params": {"budget.hub": 0.5, "awareness.campaign_reach": 0.4},
                       "objectives": {"victims": {"mean": 1.0, "ci_low": 1.0, "ci_high": 1.0}}}], "trials": 3,
            "budget_eur": 800_000.0}
    assert check_front(good) is good
    for bad, why in (({"front": []}, "needs"), ({**good, "scenario": "../etc/passwd"}, "not built in"),
                     ({"front": [{"params": {"extensions": 1}, "objectives": {}}], "trials": 1}, "unknown levers"),
                     ({"front": [{"params": {"budget.hub": "x"}, "objectives": {}}], "trials": 1}, "numbers"),
                     ({**good, "budget_eur": -1}, "budget_eur")):
        with pytest.raises(ValueError, match=why):
            check_front(bad)
