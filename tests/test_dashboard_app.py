"""The dashboard's pages through streamlit.testing.v1.AppTest: the landing comparison, the
language switch, links (query parameters) that reproduce a view, the scenario builder's widgets
and inline validation, and the model page.

The app runs at a small scale (FRAUDCHAIN_DASHBOARD_SCALE); cached runs are shared by this module
(the same scenario, seeds and agents give the same result) and cleared before and after it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import data
from scenarios.schema import parameter_table

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
SCALE = {"seeds": "2", "agents": "4000", "years": "2"}
SECOND = data.landing_scenarios()[1]


@pytest.fixture(scope="module", autouse=True)
def small_scale():
    mp = pytest.MonkeyPatch()
    mp.setenv(data.SCALE_ENV, "seeds=2,agents=4000,years=2")
    st.cache_data.clear()
    yield
    st.cache_data.clear()
    mp.undo()


def app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query)
    return at.run()


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def titles(at: AppTest) -> list[str]:
    return [c["layout"]["title"]["text"].split("<br>")[0] for c in charts(at)]


def test_landing_shows_the_dutch_comparison_without_a_click():
    at = app()
    assert not at.exception
    assert at.query_params["s"] == ["nl_baseline", SECOND]
    assert at.query_params["lang"] == "nl" and at.query_params["view"] == "compare"
    labels = [m.label for m in at.metric]
    assert labels[:4] == ["Slachtoffers", "Netto schade", "Schade gedragen door slachtoffers", "Vergoed deel"]
    net = at.metric[1]
    assert net.value.startswith("EUR ") and ("mln" in net.value or "." in net.value)
    assert net.delta[0] in "+-±"
    assert any("95 %-interval" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) >= 3
    assert titles(at)[:3] == ["Netto schade per maand, alle fraudevormen", "Wie draagt de schade?",
                              "Rekening per sector: gedragen schade + preventie"]
    bearers = charts(at)[1]
    assert [tr["name"] for tr in bearers["data"] if tr["type"] == "bar"] == \
        ["Slachtoffers", "Banken", "Platforms", "Telecom", "Verzekeraars"]
    assert bearers["data"][0]["x"] == ["nl_baseline", SECOND]
    diff = at.dataframe[0].value
    assert "Parameter" in diff.columns and len(diff) >= 1
    assert {b.label for b in at.get("download_button")} >= {"Kerncijfers als CSV", "Rapport als HTML (werkt offline)"}


def test_language_switch_translates_labels_and_the_link():
    at = app()
    at.radio(key="w_lang").set_value("en").run()
    assert not at.exception
    assert at.query_params["lang"] == "en"
    assert [m.label for m in at.metric][:2] == ["Victims", "Net loss"]
    assert "m" in at.metric[1].value.split()[-1] or "," in at.metric[1].value
    assert titles(at)[1] == "Who bears the loss?"
    assert at.radio(key="w_view").options == ["Compare", "Scenario builder", "What does it buy?", "Model and sources"]


def test_a_link_reproduces_the_view():
    at = app(lang="en", s=["nl_baseline", "uk_psr_2024"], sankey="nl_baseline", **SCALE)
    assert not at.exception
    assert at.multiselect(key="w_scenarios").value == ["nl_baseline", "uk_psr_2024"]
    assert any(h.value == "uk_psr_2024 compared with nl_baseline" for h in at.subheader)
    assert at.selectbox(key="w_sankey").value == "nl_baseline"
    assert "(nl_baseline)" in [t for t in titles(at) if "fraud type through channel" in t][0]
    assert at.query_params["sankey"] == "nl_baseline"


def test_a_custom_scenario_in_the_link_is_run_and_a_bad_one_is_reported():
    spec = data.build_spec("nl_baseline", {"een_loket.enabled": True}, 365, "loket_link", "one desk")
    at = app(s=["nl_baseline", "loket_link"], c=[json.dumps(spec)], **SCALE)
    assert not at.exception
    assert any(h.value == "loket_link vergeleken met nl_baseline" for h in at.subheader)
    diff = at.dataframe[0].value
    assert "een_loket.enabled" in set(diff["Parameter"])
    bad = app(s=["nl_baseline", SECOND], c=['{"name": "x1", "base": "nl_baseline", "set": {"hub.enabled": 3}}'],
              **SCALE)
    assert not bad.exception
    assert any("x1" in w.value for w in bad.warning)


def test_fewer_than_two_scenarios_asks_for_more():
    at = app(s=["nl_baseline"], **SCALE)
    assert not at.exception
    assert [i.value for i in at.info] == ["Kies minstens twee scenario's om te vergelijken."]
    assert len(at.get("plotly_chart")) == 0


def test_builder_levers_validation_and_adding_to_the_comparison():
    at = app(view="builder", b="nl_baseline", d="365", n="mijn_pakket")
    assert not at.exception
    assert "Het scenario is geldig." in [s.value for s in at.success]
    # every lever carries its explanation and source
    assert any("Bron:" in c.value and "position paper" in c.value for c in at.caption)
    at.toggle(key="lv_nl_baseline_een_loket.enabled").set_value(True).run()
    at.slider(key="lv_nl_baseline_hub.data_sharing_scope").set_value(0.6).run()
    changes = at.dataframe[0].value
    assert set(changes["Parameter"]) == {"een_loket.enabled", "hub.data_sharing_scope"}
    assert json.loads(at.query_params["o"]) == {"een_loket.enabled": True, "hub.data_sharing_scope": 0.6}
    # the same validator as the CLI, inline: a value out of range and a misspelt key
    at.text_area(key="w_b_adv").input("hub.signal_delay_days=100\nhub.fragmentaton=0.1").run()
    assert not at.exception
    error = at.error[0].value
    assert "Het scenario is nog niet geldig" in error
    assert "hub.signal_delay_days" in error and "less than or equal to 60" in error
    assert "did you mean 'fragmentation'" in error
    assert at.button(key="add_to_compare").disabled
    at.text_area(key="w_b_adv").input("hub.signal_delay_days=1").run()
    assert "Het scenario is geldig." in [s.value for s in at.success]
    at.button(key="add_to_compare").click().run()
    assert not at.exception
    assert at.query_params["view"] == "compare"
    assert at.query_params["s"] == ["nl_baseline", SECOND, "mijn_pakket"]
    spec = json.loads(at.query_params["c"])
    assert spec["name"] == "mijn_pakket" and spec["set"]["reforms"][-1]["day"] == 365
    assert any(h.value == "mijn_pakket vergeleken met nl_baseline" for h in at.subheader)


def test_builder_rejects_a_builtin_name():
    at = app(view="builder", n="nl_baseline", lang="en")
    assert "already a built-in scenario" in at.error[0].value


def test_model_page_lists_every_parameter_with_unit_and_source():
    at = app(view="model", lang="en")
    assert not at.exception
    headers = [h.value for h in at.header]
    assert headers[:3] == ["How the model works", "Main assumptions", "Known limitations"]
    table = [d.value for d in at.dataframe if "Source or assumption" in d.value.columns][0]
    assert len(table) == len(parameter_table())
    assert table["Unit"].astype(bool).all() and table["Source or assumption"].astype(bool).all()
    at.text_input(key="w_param_filter").input("data_sharing_scope").run()
    filtered = [d.value for d in at.dataframe if "Source or assumption" in d.value.columns][0]
    assert list(filtered["Parameter"]) == ["hub.data_sharing_scope"]


def test_builder_changes_in_the_link_are_restored():
    at = app(view="builder", b="uk_psr_2024", d="0", n="uit_link",
             o=json.dumps({"een_loket.enabled": True, "banks.case_cost_eur": 70}))
    assert not at.exception
    assert at.selectbox(key="w_b_base").value == "uk_psr_2024"
    assert at.radio(key="w_b_day").value == 0
    assert at.toggle(key="lv_uk_psr_2024_een_loket.enabled").value is True
    assert at.text_area(key="w_b_adv").value == "banks.case_cost_eur=70"
    assert set(at.dataframe[0].value["Parameter"]) == {"een_loket.enabled", "banks.case_cost_eur"}
    assert json.loads(at.query_params["o"]) == {"een_loket.enabled": True, "banks.case_cost_eur": 70}
