"""The budget curves on the page "Wat levert het op?" (dashboard/view_budget.py, "Wat levert elk extra miljoen
op?") through AppTest at a tiny scale (1 replication x 2,000 agents x 1 year) with an empty store: Dutch labels,
the curves computed by the background worker on a button press (the page never runs a model) and shown from
the store afterwards, what the money buys in Dutch, uploads checked as data."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import streamlit as st
from fraudchain.dashboard import budget, jobs, state, store
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture(scope="module", autouse=True)
def tiny_scale(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv(state.SCALE_ENV, "seeds=1,agents=2000,years=1")
    mp.setenv(store.STORE_ENV, str(tmp_path_factory.mktemp("store")))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    mp.undo()


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_budget_curves_run_in_the_background_and_draw_a_curve_per_lever_in_dutch():
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params.update({"view": "value", "lang": "nl", "seeds": "1", "agents": "2000", "years": "1"})
    at.run()
    assert not at.exception
    assert "Wat levert elk extra miljoen op?" in [h.value for h in at.header]
    includes = [c.value for c in at.caption if c.value.startswith("Publieke kosten: alles wat de overheid")]
    assert len(includes) == 2                          # the value page's and the budget answer's line
    at.multiselect(key="w_bu_levers_nl").set_value(["victim_support", "police"]).run()
    assert not at.exception
    at.button(key="w_bu_compute").click().run()
    assert not at.exception and at.get("progress")                   # a worker computes; the page waits
    params = budget.curves_params(["victim_support", "police"], 1, 2000, 1)
    deadline = time.monotonic() + 300
    while (status := jobs.status("curves", params)).state != "done":
        assert status.state in ("queued", "running") and time.monotonic() < deadline, status
        time.sleep(0.5)
    at.run()
    assert not at.exception
    fig = [f for f in _figures(at) if f["layout"]["title"]["text"] == "Wat levert elk extra miljoen op?"][0]
    assert [tr["name"] for tr in fig["data"]] == ["Slachtofferhulp", "Politiecapaciteit"]
    assert all(tr["x"] == [0.0, 1.0, 5.0, 20.0] for tr in fig["data"])
    assert fig["layout"]["xaxis"]["title"]["text"] == "Extra geld per jaar (EUR mln)"
    assert fig["layout"]["separators"] == ",."
    table = at.dataframe[-1].value
    assert set(table["Hefboom"]) == {"Slachtofferhulp", "Politiecapaciteit"} and len(table) == 6
    assert set(table["Extra per jaar"]) == {"EUR 1 mln", "EUR 5 mln", "EUR 20 mln"}
    assert all("opsporingsonderzoeken" in b or "slachtoffers" in b for b in table["Wat het geld koopt"])
    # each point's public cost, as every page shows a measure's: the measured change in public_cost_eur
    from fraudchain.dashboard.view_budget import public_cost_text

    expected = [public_cost_text(p["difference"], "nl") for lever in ("victim_support", "police")
                for p in status.result["levers"][lever]]
    assert list(table["Publieke kosten [95%-interval]"]) == expected and all("EUR" in c for c in expected)
    assert status.result["levers"]["victim_support"][2]["extra_eur"] == 2e7
    # the police's line rests on an assumption without a source: the page says which, with the value it uses
    caveat = [i.value for i in at.info if "disruption_per_suspect" in i.value]
    assert len(caveat) == 1 and "aanname zonder bron" in caveat[0] and "0,05 %" in caveat[0]


def test_the_police_caveat_gives_the_assumed_value_in_the_readers_language():
    from fraudchain.dashboard.view_budget import police_caveat

    assert "0,05 %" in police_caveat("nl_baseline", "nl") and "0.05 %" in police_caveat("nl_baseline", "en")
    assert "disruption_per_suspect" in police_caveat("not a scenario", "en")      # falls back to the reference


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
                     ({"kpis": [], "levers": {"hub": [{"extra_eur": 1, "buys": 3, "difference": {}}]}}, "text"),
                     ({"kpis": [], "levers": {"hub": [{"extra_eur": 1, "difference": {"v": {"mean": "x"}}}]}},
                      "numbers")):
        with pytest.raises(ValueError, match=why):
            check_curves(bad)
