"""The dashboard's pages through streamlit.testing.v1.AppTest: the landing comparison (headline
first, names instead of identifiers, noise marked as such), the language switch, links that
reproduce a view, hostile links, the scenario builder and uploads, and the model page.

The app runs at a small scale (FRAUDCHAIN_DASHBOARD_SCALE) with its result store in a temporary
folder (FRAUDCHAIN_DASHBOARD_STORE), filled first by the same code `make run` uses (work.compute) for
the comparisons these tests open; one test leaves a comparison to the background worker and waits for
it. The caches are cleared before and after the module.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
import streamlit as st
from fraudchain.dashboard import data, headline, jobs, specs, state, store, work
from fraudchain.dashboard.names import scenario_name
from fraudchain.scenarios.loader import load_scenario
from fraudchain.scenarios.schema import parameter_table
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
SCALE = {"seeds": "2", "agents": "4000", "years": "2"}
SECOND = state.landing_scenarios()[1]
RAW_IDS = re.compile(r"nl_baseline|ecp_full_package|uk_psr_2024|\bhub\.|\bTrue\b|\bFalse\b|_eur\b")


def precompute(names: list[str], scale: state.Scale) -> None:
    scenarios = [load_scenario(n) for n in names]
    work.compute(work.missing(scenarios, scale.seeds, scale.agents, scale.years, "assumptions"), scale.agents,
                 scale.years)


@pytest.fixture(scope="module", autouse=True)
def small_scale(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv(state.SCALE_ENV, "seeds=2,agents=4000,years=2")
    mp.setenv(store.STORE_ENV, str(tmp_path_factory.mktemp("store")))
    st.cache_data.clear()
    st.cache_resource.clear()
    scale = state.default_scale()
    precompute(["nl_baseline", SECOND, "uk_psr_2024"], scale)
    precompute(["nl_baseline", SECOND], state.Scale(2, 10_000, 2))
    precompute(["nl_baseline", "uk_psr_2024"], state.Scale(2, 4_000, 1))
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    mp.undo()


def app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query)
    return at.run()


def ok(at: AppTest) -> None:
    """No exception and no friendly error (the app turns an exception into one)."""
    assert not at.exception
    assert not [e.value for e in at.error if "ging iets mis" in e.value or "went wrong" in e.value]


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def titles(at: AppTest) -> list[str]:
    return [c["layout"]["title"]["text"].split("<br>")[0] for c in charts(at)]


def visible_text(at: AppTest) -> str:
    """What the page says in words: headings, text, captions, cards, tab and widget labels, the
    options as shown, and every chart's titles, annotations, legends and category labels."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info",
                                  "success") for e in at.get(kind)]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    for w in list(at.selectbox) + list(at.multiselect):
        parts += [w.label] + [w.format_func(o) for o in w.options] if hasattr(w, "format_func") else [w.label]
        parts += [str(o) for o in w.options]
    parts += [tab.label for tab in at.tabs]
    for c in charts(at):
        parts.append(c["layout"]["title"]["text"])
        parts += [a.get("text", "") for a in c["layout"].get("annotations", [])]
        for tr in c["data"]:
            parts.append(str(tr.get("name", "")))
            for axis in ("x", "y"):
                parts += [v for v in tr.get(axis, []) or [] if isinstance(v, str)]
            parts += [v for v in tr.get("text", []) or [] if isinstance(v, str)]
    return "\n".join(parts)


def test_landing_puts_the_headline_first_in_dutch_without_identifiers():
    at = app()
    ok(at)
    assert at.query_params["s"] == ["nl_baseline", SECOND]
    assert at.query_params["lang"] == "nl" and at.query_params["view"] == "compare"
    assert [h.value for h in at.header][:2] == ["De uitkomst in het kort", "Alle kerncijfers"]
    sentence = [m.value for m in at.markdown if m.value.startswith("**")][0].replace("\\", "")
    assert "netto schade" in sentence and scenario_name("nl_baseline", "nl") in sentence
    ref = scenario_name("nl_baseline", "nl")
    assert titles(at)[:2] == [f"Verschil met {ref}: Netto schade",
                              f"Wie betaalt meer, wie minder? Verschil in rekening per sector met {ref}"]
    ranked = charts(at)[0]["data"][0]
    assert ranked["y"] == [scenario_name(SECOND, "nl")] and ranked["orientation"] == "h"
    assert "error_x" in ranked
    labels = [m.label for m in at.metric]
    assert "**Kosten voor de overheid**" in [m.value for m in at.markdown]
    assert any(c.value.startswith("Publieke kosten: alles wat de overheid") for c in at.caption)   # what it includes
    assert labels[0] == scenario_name(SECOND, "nl")                     # the public-cost card comes first
    assert {"Slachtoffers", "Netto schade", "Maatschappelijke kosten", "Publieke kosten"} <= set(labels)
    assert any("Rekenomvang: 2 herhalingen x 4.000" in c.value for c in at.caption)
    assert any("95%-interval" in c.value for c in at.caption)
    bearers = [c for c in charts(at) if c["layout"]["title"]["text"].startswith("Wie draagt")][0]
    assert [tr["name"] for tr in bearers["data"] if tr["type"] == "bar"] == \
        ["Slachtoffers", "Banken", "Platforms", "Telecom", "Verzekeraars"]
    assert bearers["data"][0]["x"] == [ref, scenario_name(SECOND, "nl")]
    assert {b.label for b in at.get("download_button")} >= {"Kerncijfers als CSV", "Rapport als HTML (werkt offline)"}
    text = visible_text(at)
    assert not RAW_IDS.search(text), RAW_IDS.search(text)


def test_differences_that_cannot_be_told_from_noise_are_grey_and_say_so():
    # a scenario identical to the baseline: every paired difference is exactly zero
    same = {"name": "kopie", "base": "nl_baseline", "set": {}}
    at = app(s=["nl_baseline", SECOND, "kopie"], c=[json.dumps(same)], **SCALE)
    ok(at)
    ranked = charts(at)[0]["data"][0]
    rows = dict(zip(ranked["y"], zip(ranked["marker"]["color"], ranked["text"], strict=True), strict=True))
    color, text = rows["kopie"]
    assert color == headline.GREY and "geen aantoonbaar verschil" in text
    # every bar is grey exactly when its interval includes zero, never green or red then
    for color, verdict in zip(ranked["marker"]["color"], ranked["customdata"], strict=True):
        assert (color == headline.GREY) == (verdict == "none")
    who = charts(at)[1]
    assert len([tr for tr in who["data"] if tr["type"] == "bar"]) == 2          # a panel per compared scenario
    kopie_panel = [tr for tr in who["data"] if tr.get("name") == "kopie"][0]
    assert set(kopie_panel["marker"]["color"]) == {headline.GREY}
    # the panels share one axis, and every bar carries its value
    axes = [v for k, v in who["layout"].items() if k.startswith("xaxis")]
    assert len(axes) == 2 and all(a["range"] == axes[0]["range"] for a in axes)
    labels = [tr for tr in who["data"] if tr.get("mode") == "text"]
    assert len(labels) == 2 and all(len(tr["text"]) == len(kopie_panel["y"]) and all(tr["text"]) for tr in labels)
    public = [m for m in at.metric if m.label == "kopie"][0]
    assert "aantoonbaar" not in public.delta and len(public.delta) < 20      # a card's delta is never cut off
    assert any(c.value.startswith("Geen aantoonbaar verschil") for c in at.caption)


def test_switching_language_back_and_forth_keeps_every_choice_and_computes_nothing():
    at = app(lang="en", s=["nl_baseline", SECOND], **SCALE)
    ok(at)
    at.select_slider(key="w_agents_en").set_value(10_000).run()
    at.selectbox(key="w_kpi_en").set_value("victims").run()
    assert at.query_params["agents"] == "10000" and at.query_params["k"] == "victims"
    for lang, label in (("nl", "Netto schade"), ("en", "Net loss"), ("nl", "Netto schade"), ("en", "Net loss")):
        at.radio(key="w_lang").set_value(lang).run()
        ok(at)
        assert at.select_slider(key=f"w_agents_{lang}").value == 10_000
        assert at.selectbox(key=f"w_kpi_{lang}").value == "victims"        # an id, never a label
        assert at.query_params["agents"] == "10000" and at.query_params["k"] == "victims"
        assert at.query_params["lang"] == lang
        assert not at.get("progress")                   # nothing recomputed: the same comparison
        assert label in [m.label for m in at.metric]
    assert at.radio(key="w_view_en").options == ["Compare", "What does it buy?", "Scenario builder",
                                                 "Model and sources"]
    assert at.radio(key="w_view_en").value == "compare"


def test_a_link_reproduces_the_view():
    at = app(lang="en", s=["nl_baseline", "uk_psr_2024"], sankey="nl_baseline", k="social_cost_eur", **SCALE)
    ok(at)
    assert at.multiselect(key="w_scenarios_en").value == ["nl_baseline", "uk_psr_2024"]
    assert at.selectbox(key="w_kpi_en").value == "social_cost_eur"
    assert titles(at)[0] == "Difference from Status quo (NL 2024): Social cost"
    assert at.selectbox(key="w_sankey_en").value == "nl_baseline"
    assert "(Status quo (NL 2024))" in [t for t in titles(at) if "fraud type through channel" in t][0]
    assert at.query_params["sankey"] == "nl_baseline" and at.query_params["k"] == "social_cost_eur"
    at.selectbox(key="w_kpi_en").set_value("victims").run()         # a fragment: the link follows it
    ok(at)
    assert at.query_params["k"] == "victims" and titles(at)[0].endswith(": Victims")


def test_hostile_link_text_is_shown_as_text_never_as_markup():
    img = "![x](http://evil.example/p.png)"
    link = "[Log opnieuw in](http://evil.example/login)"
    at = app(s=["nl_baseline", img, link], c=[json.dumps({"name": img, "base": "nl_baseline", "set": {}}),
                                              "<img src=http://evil.example/q.png>"],
             o=json.dumps({link: 1}), **SCALE)
    ok(at)
    warnings = [w.value for w in at.warning]
    assert len(warnings) >= 4 and sum("evil" in w for w in warnings) >= 3
    md = MarkdownIt("commonmark")
    for w in warnings:
        rendered = md.render(w)
        assert "<img" not in rendered and "<a " not in rendered
        assert "://" not in w and "www." not in w          # no bare URL that GFM would turn into a link


def test_bad_values_in_a_link_are_dropped_with_a_message_not_a_traceback():
    at = app(view="builder", o=json.dumps({"hub.enabled": 3, "liability.regime": "nope",
                                            "hub.data_sharing_scope": 0.7}), seeds="x", d="12")
    ok(at)
    assert len(at.warning) == 2 and all("niet overgenomen" in w.value for w in at.warning)
    assert at.select_slider(key="lv_nl_baseline_hub.data_sharing_scope_nl").value == 0.7
    assert at.radio(key="w_b_day_nl").value == 365


def test_a_builtin_run_shorter_than_its_reform_day_is_warned_about():
    at = app(s=["nl_baseline", "uk_psr_2024"], seeds="2", agents="4000", years="1")
    ok(at)
    warning = [w.value.replace("\\", "") for w in at.warning if "dag 365" in w.value.replace("\\", "")]
    assert warning and "1 jaar (365 dagen)" in warning[0] and scenario_name("uk_psr_2024", "nl") in warning[0]


def test_fewer_than_two_scenarios_asks_for_more():
    at = app(s=["nl_baseline"], **SCALE)
    ok(at)
    assert [i.value for i in at.info] == ["Kies minstens twee scenario's om te vergelijken."]
    assert len(at.get("plotly_chart")) == 0


def finish_background_work(at: AppTest, timeout: float = 300) -> AppTest:
    """Wait for the background worker computing the page's comparison, then run the page again."""
    vs = at.session_state["view_state"]
    params = data.replications_job([specs.resolve(n, vs.custom) for n in vs.scenarios], vs.scale, vs.uncertainty)
    deadline = time.monotonic() + timeout
    while (status := jobs.status("replications", params)).state != "done":
        assert status.state in ("queued", "running"), status
        assert time.monotonic() < deadline, "the background worker did not finish"
        time.sleep(0.5)
    return at.run()


def test_builder_levers_validation_description_and_adding_to_the_comparison():
    at = app(view="builder", b="nl_baseline", d="365", n="VK plus verificatie platforms")
    ok(at)
    assert "Het scenario is geldig." in [s.value for s in at.success]
    # every lever carries its explanation and source
    assert any("Bron:" in c.value and "position paper" in c.value for c in at.caption)
    at.toggle(key="lv_nl_baseline_een_loket.enabled").set_value(True).run()
    at.select_slider(key="lv_nl_baseline_hub.data_sharing_scope_nl").set_value(0.6).run()
    at.text_area(key="w_b_desc").input("Eén Loket plus meer delen in de hub").run()
    changes = at.dataframe[0].value
    assert set(changes["Parameter"]) == {"Eén Loket: Eén Loket", "Fraudehub: Wat mag gedeeld worden"}
    assert json.loads(at.query_params["o"]) == {"een_loket.enabled": True, "hub.data_sharing_scope": 0.6}
    assert "VK+plus+verificatie+platforms" in at.code[0].value and "view=compare" in at.code[0].value  # copy link
    assert [b.label for b in at.get("download_button")] == ["Opslaan als scenariobestand"]
    # the same validator as the CLI, inline: a value out of range and a misspelt key
    at.text_area(key="w_b_adv").input("hub.signal_delay_days=100\nhub.fragmentaton=0.1").run()
    ok(at)
    error = at.error[0].value.replace("\\", "")
    assert "Het scenario is nog niet geldig" in error
    assert "hub.signal_delay_days" in error and "less than or equal to 60" in error
    assert "did you mean 'fragmentation'" in error
    assert at.button(key="add_to_compare").disabled
    at.text_area(key="w_b_adv").input("hub.signal_delay_days=1").run()
    assert "Het scenario is geldig." in [s.value for s in at.success]
    at.button(key="add_to_compare").click().run()
    ok(at)
    assert at.query_params["view"] == "compare"
    assert at.query_params["s"] == ["nl_baseline", SECOND, "VK plus verificatie platforms"]
    spec = json.loads(at.query_params["c"])
    assert spec["name"] == "VK plus verificatie platforms" and spec["set"]["reforms"][-1]["day"] == 365
    assert spec["description"] == "Eén Loket plus meer delen in de hub"
    notes = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "Eén Loket plus meer delen in de hub" in notes
    # its replications are computed by a background worker while the page shows the progress
    assert at.get("progress") and any("achtergrond" in i.value for i in at.info)
    at = finish_background_work(at)
    ok(at)
    assert not at.get("progress") and "De uitkomst in het kort" in [h.value for h in at.header]
    ranked = charts(at)[0]["data"][0]
    assert "VK plus verificatie platforms" in ranked["y"]


def test_an_upload_with_four_scenarios_chosen_says_it_is_not_in_the_comparison():
    four = ["nl_baseline", "uk_psr_2024", "een_loket", "fraud_hub"]
    at = app(view="builder", s=four, **SCALE)
    ok(at)
    at.file_uploader(key="w_upload").upload("mijn_upload.toml",
                                            b'extends = "nl_baseline"\n[hub]\ndata_sharing_scope = 0.7\n').run()
    ok(at)
    assert not [s.value for s in at.success if "mijn" in s.value]
    full = [w.value.replace("\\", "") for w in at.warning]
    assert any("mijn_upload" in w and "niet in de vergelijking" in w for w in full)
    assert at.query_params["s"] == four


def test_builder_rejects_a_builtin_name():
    at = app(view="builder", n="nl_baseline", lang="en")
    assert "already the name of a built-in scenario" in at.error[0].value.replace("\\", "")


def test_model_page_lists_every_parameter_by_name_and_searches_both_languages():
    at = app(view="model", lang="en")
    ok(at)
    headers = [h.value for h in at.header]
    assert headers[:3] == ["How the model works", "Main assumptions", "Known limitations"]
    table = [d.value for d in at.dataframe if "Source or assumption" in d.value.columns][0]
    assert len(table) == len(parameter_table())
    assert "id" not in table.columns and "Fraud hub: Quality of coordination" in set(table["Parameter"])
    assert table["Unit"].astype(bool).all() and table["Source or assumption"].astype(bool).all()
    at.text_input(key="w_param_filter").input("kosten").run()
    found = [d.value for d in at.dataframe if "Source or assumption" in d.value.columns][0]
    assert found["Parameter"].str.contains("Cost|cost").sum() >= 8      # Dutch 'kosten' finds the cost parameters
    at.toggle(key="w_param_ids").set_value(True).run()
    found = [d.value for d in at.dataframe if "Source or assumption" in d.value.columns][0]
    assert "banks.case_cost_eur" in set(found["id"])


def test_builder_changes_in_the_link_are_restored():
    at = app(view="builder", b="uk_psr_2024", d="0", n="uit_link",
             o=json.dumps({"een_loket.enabled": True, "banks.case_cost_eur": 70}))
    ok(at)
    assert at.selectbox(key="w_b_base_nl").value == "uk_psr_2024"
    assert at.radio(key="w_b_day_nl").value == 0
    assert at.toggle(key="lv_uk_psr_2024_een_loket.enabled").value is True
    assert at.text_area(key="w_b_adv").value == "banks.case_cost_eur=70"
    assert len(at.dataframe[0].value) == 2
    assert json.loads(at.query_params["o"]) == {"een_loket.enabled": True, "banks.case_cost_eur": 70}


def test_a_url_the_app_did_not_write_becomes_the_view_as_back_and_forward_do():
    at = app(**SCALE)
    ok(at)
    for view in ("value", "model"):
        at.radio(key="w_view_nl").set_value(view).run()
        ok(at)
        assert at.query_params["view"] == view
    at.query_params["view"] = "value"                  # the browser went Back: the URL changed under the app
    at.run()
    ok(at)
    assert at.session_state["view_state"].view == "value" and at.title[0].value == "Wat levert het op?"
    assert at.radio(key="w_view_nl").value == "value" and at.query_params["view"] == "value"
    at.query_params["view"] = "compare"
    at.query_params["lang"] = "en"
    at.run()
    ok(at)
    assert at.session_state["view_state"].lang == "en" and at.radio(key="w_view_en").value == "compare"
    assert "The result in brief" in [h.value for h in at.header]


def test_a_click_whose_request_still_carries_the_old_address_is_not_undone():
    """Under load a click's rerun can carry the address from before the app's last write (the browser had not
    applied it yet). That is not Back: the click wins, and the app writes the address for the new section."""
    at = app(**SCALE)
    ok(at)
    at.radio(key="w_view_nl").set_value("value").run()
    ok(at)
    assert at.query_params["view"] == "value"
    at.query_params["view"] = "compare"                # stale: the address before the last write
    at.radio(key="w_view_nl").set_value("model").run()  # ... sent with the visitor's next click
    ok(at)
    assert at.session_state["view_state"].view == "model" and at.query_params["view"] == "model"
    assert at.title[0].value == "Model en bronnen"
    at.query_params["view"] = "value"                  # a real Back afterwards still moves the view
    at.run()
    ok(at)
    assert at.session_state["view_state"].view == "value" and at.radio(key="w_view_nl").value == "value"


def test_the_country_picker_offers_a_packs_baseline_and_its_reforms():
    """Issue 22 item 5: the dashboard shows a country's baseline and its reforms; switching country offers only
    that pack's scenarios and starts from its baseline beside its reform."""
    at = app(**SCALE)
    ok(at)
    assert at.selectbox(key=state.wkey("w_country", "nl")).value == "nl"
    at.selectbox(key=state.wkey("w_country", "nl")).set_value("uk").run()
    ok(at)
    assert at.multiselect(key=state.wkey("w_scenarios", "nl")).value == ["uk_baseline_2023", "uk_reform_2024"]
    assert at.slider(key="w_years").value == 4          # the UK's rules start in year 4
    offered = " ".join(at.multiselect(key=state.wkey("w_scenarios", "nl")).options)
    assert "VK" in offered and scenario_name("nl_baseline", "nl") not in offered
    at.selectbox(key=state.wkey("w_country", "nl")).set_value("nl").run()
    ok(at)
    assert at.multiselect(key=state.wkey("w_scenarios", "nl")).value == state.landing_scenarios()


def test_a_chosen_country_survives_switching_language_both_ways():
    """The picker's labels are in the visitor's language: switching language keeps the chosen country and its
    scenarios and never feeds a label ('Nederland', 'Verenigd Koninkrijk') back as a country code."""
    at = app(**SCALE)
    at.selectbox(key=state.wkey("w_country", "nl")).set_value("uk").run()
    ok(at)
    for lang in ("en", "nl", "en"):
        at.radio(key="w_lang").set_value(lang).run()
        ok(at)
        assert at.selectbox(key=state.wkey("w_country", lang)).value == "uk"
        assert at.session_state["view_state"].scenarios == ["uk_baseline_2023", "uk_reform_2024"]
