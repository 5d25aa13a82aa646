"""The page "Wat levert het op?" through streamlit.testing.v1.AppTest at a tiny scale (2 replications x 2,000
agents x 2 years, 2 search trials), with the store filled by warm.py (called in-process, the code `make run`
runs) for the measures and the EUR 0.8 M front: decision first in Dutch (one sentence per measure, Dutch
names and numbers), the warning under 4 replications, the budget verdict and a split that opens in the
builder; a package's contributions computed in the background worker, with partial results as
replications finish, drawn as a waterfall with intervals in the compare page's colours. (The full
warm-up, the full package's contributions included, runs in tests/test_dashboard_e2e.py.)
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
import streamlit as st
from fraudchain.dashboard import budget, headline, jobs, specs, state, store, view_budget, warm, work
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
TINY = {"name": "tiny", "base": "nl_baseline", "set": {"reforms": [
    {"day": 365, "label": "tiny", "set": {"hub.data_sharing_scope": 0.6, "een_loket.enabled": True},
     "measures": {"hub": ["hub.data_sharing_scope"], "een_loket": ["een_loket.enabled"]}}]}}
RAW_IDS = re.compile(r"nl_baseline|ecp_full_package|een_loket|fraud_hub|_eur\b|\bPareto\b|without levers|Shapley over")


@pytest.fixture(scope="module", autouse=True)
def tiny_store(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv(state.SCALE_ENV, "seeds=2,agents=2000,years=2")
    mp.setenv(store.STORE_ENV, str(tmp_path_factory.mktemp("store")))
    mp.setenv(budget.TRIALS_ENV, "2")
    st.cache_data.clear()
    st.cache_resource.clear()
    assert warm.main(["--only", *work.MEASURES]) == 0
    assert warm.plan(state.default_scale(), list(work.MEASURES)) == {"replications": [], "studies": []}
    warm.run_study("front", budget.front_params(800_000, 2, 2, 2000, 2))
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    mp.undo()


def page(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params.update({"view": "value", "lang": "nl", **query})
    return at.run()


def charts(at: AppTest) -> dict[str, dict]:
    return {c.proto.id.rsplit("-", 1)[-1] if c.proto.id else str(i): json.loads(c.proto.spec)
            for i, c in enumerate(at.get("plotly_chart"))}


def test_the_value_page_answers_first_in_dutch_from_the_precomputed_store():
    at = page()
    assert not at.exception and not at.get("progress")            # precomputed: nothing to wait for
    assert at.title[0].value == "Wat levert het op?"
    assert any("minder dan 4" in w.value for w in at.warning)      # 2 replications: intervals unreliable
    sentences = [m.value.replace("\\", "").replace("\u200b", "") for m in at.markdown if m.value.startswith("- ")][0]
    lines = sentences.splitlines()
    assert len(lines) == len(work.MEASURES)
    loket = [line for line in lines if line.startswith("- Eén Loket:")][0]
    # "Eén Loket: EUR 4,72 minder schade per publieke euro [3,47; 5,86]; netto +EUR 72 mln [20; 124]"
    assert re.search(r"(EUR \d+,\d\d (minder|méér) schade per publieke euro( \[-?\d+,\d\d; -?\d+,\d\d\])?"
                     r"|kost de overheid niets extra|de extra publieke kosten zijn niet van nul te onderscheiden); "
                     r"netto [+-]EUR [\d.,]+( mln| mld)? \[-?[\d.,]+; -?[\d.,]+\]", loket), loket
    text = "\n".join([m.value for m in at.markdown] + [h.value for h in at.header] + [c.value for c in at.caption])
    assert not RAW_IDS.search(text.replace("\\", "")), RAW_IDS.search(text.replace("\\", ""))
    figs = list(charts(at).values())
    net = figs[0]
    assert net["layout"]["title"]["text"].startswith("Netto opbrengst voor de samenleving")
    assert "error_x" in net["data"][0] and net["layout"]["separators"] == ",."
    assert {c for c in net["data"][0]["marker"]["color"]} <= {headline.GOOD, headline.BAD, headline.GREY}


def test_the_budget_answer_is_a_plain_verdict_and_a_split_opens_in_the_builder():
    at = page()
    params = budget.front_params(800_000, 2, 2, 2000, 2)
    res = jobs.status("front", params).result
    verdict = budget.verdict(res)
    plain = [m.value.replace("\\", "") for m in at.markdown if m.value.replace("\\", "").startswith("**Met EUR 0,8 mln")][0]
    if verdict["better"]:
        assert "aantoonbaar beter dan nu op" in plain
    else:
        assert plain.startswith("**Met EUR 0,8 mln is geen pakket aantoonbaar beter dan nu")
    assert not any("Een Loket needs" in m.value or "38" in m.value and "EUR 38" in m.value for m in at.markdown)
    front = [f for f in charts(at).values() if f["layout"]["title"]["text"].startswith("Beste verdelingen")][0]
    assert front["data"][1]["text"] == ["verdeling van nu"]
    at.button(key="w_v_open_0").click().run()
    assert not at.exception
    vs = at.session_state["view_state"]
    assert vs.view == "builder" and vs.builder_name == "Budgetverdeling 1"
    assert "hub.funding_eur_per_year" in vs.builder_changes
    assert at.query_params["view"] == "builder"


def test_a_package_s_contributions_run_in_the_background_as_a_waterfall_with_intervals():
    partials: list[dict] = []
    scenario = specs.spec_to_scenario(TINY)
    params = work.contributions_params(scenario, ["net_loss_eur"], 2, 2000, 2, "assumptions")
    res = work.contributions(params, partial=partials.append)
    assert [p["seeds_done"] for p in partials] == [[0]] and res["seeds_done"] == [0, 1]
    one = partials[0]["kpis"]["net_loss_eur"]["package_effect"]
    assert one["ci_low"] == one["mean"] == one["ci_high"]                  # one replication: no interval yet
    at = page(c=json.dumps(TINY), v_pkg="tiny")
    at.button(key="w_v_compute").click().run()
    assert not at.exception and at.get("progress")                      # a worker computes; the page waits
    job = work.contributions_params(scenario, work.PACKAGE_KPIS, 2, 2000, 2, "assumptions")
    deadline = time.monotonic() + 300
    while (status := jobs.status("contributions", job)).state != "done":
        assert status.state in ("queued", "running") and time.monotonic() < deadline, status
        time.sleep(0.5)
    at.run()
    assert not at.exception and not at.get("progress")
    fall = [f for f in charts(at).values() if f["layout"]["title"]["text"].startswith("Bijdrage per maatregel")][0]
    bars, whiskers = fall["data"][0], fall["data"][1]
    assert bars["x"] == ["Fraudehub", "Eén Loket", "Heel pakket"]
    assert sum(bars["y"][:-1]) == pytest.approx(bars["y"][-1], rel=1e-9, abs=1e-6)      # Shapley values add up
    assert "error_y" in whiskers and len(whiskers["error_y"]["array"]) == len(bars["x"])
    done = status.result["kpis"]["net_loss_eur"]
    for name, color, step in zip(bars["x"], bars["marker"]["color"],
                                 [*done["contributions"].values(), done["package_effect"]], strict=True):
        if step["ci_high"] < 0:
            assert color == headline.GOOD, name                    # a demonstrable fall in net loss is green
        elif step["ci_low"] > 0:
            assert color == headline.BAD, name
        else:
            assert color == headline.GREY, name
    sentence = [m.value for m in at.markdown if m.value.startswith("**Het pakket verandert")]
    assert sentence and "de netto schade" in sentence[0]


def test_a_package_too_large_for_the_worker_is_refused_before_anything_starts():
    """A link with a 20-measure package at the landing scale: every coalition is priced (sim/runs/workload.py)
    and the page says it is too large instead of offering to start about 1,200 coalitions per replication."""
    big = {"name": "Groot pakket", "base": "nl_baseline", "set": {"reforms": [
        {"day": 365, "label": f"m{i}", "measure": f"m{i}", "set": {"awareness.campaign_reach": 0.3 + i / 100}}
        for i in range(20)]}}
    at = page(c=json.dumps(big), v_pkg="Groot pakket", seeds="2", agents="150000", years="3")
    assert not at.exception
    assert any("te groot" in e.value for e in at.error), [e.value for e in at.error]
    assert not [b for b in at.button if b.key == "w_v_compute"]           # nothing to start
    scenario = specs.spec_to_scenario(big)
    params = work.contributions_params(scenario, work.PACKAGE_KPIS, 2, 150_000, 3, "assumptions")
    assert jobs.status("contributions", params).state == "none"


def test_uploaded_fronts_are_checked_as_data():
    good = {"front": [{"params": {"budget.hub": 0.5, "awareness.campaign_reach": 0.4},
                       "objectives": {"victims": {"mean": 1.0, "ci_low": 1.0, "ci_high": 1.0}}}], "trials": 3,
            "budget_eur": 800_000.0}
    assert view_budget.check_front(good) is good
    for bad, why in (({"front": []}, "needs"), ({**good, "scenario": "../etc/passwd"}, "not built in"),
                     ({"front": [{"params": {"extensions": 1}, "objectives": {}}], "trials": 1}, "unknown levers"),
                     ({"front": [{"params": {"budget.hub": "x"}, "objectives": {}}], "trials": 1}, "numbers"),
                     ({**good, "budget_eur": -1}, "budget_eur")):
        with pytest.raises(ValueError, match=why):
            view_budget.check_front(bad)


def test_the_budget_search_reports_a_partial_front_as_trials_finish(tmp_path):
    partials: list[dict] = []
    steps: list[tuple[int, int]] = []
    params = budget.front_params(800_000, 2, 1, 2000, 2)
    res = budget.compute_front(params, lambda d, n: steps.append((d, n)), partials.append, tmp_path)
    assert partials and partials[0]["partial"] and partials[0]["trials"] == 1 and partials[0]["front"]
    assert set(partials[0]["front"][0]["objectives"]) == set(res["objectives"])
    assert steps[-1][0] == 2 and steps[-1][1] >= steps[-1][0]          # search done; re-run on fresh seeds counted
    assert res["trials"] == 2 and res["front"] and "out" not in res
    assert (tmp_path / "search" / "journal.log").is_file()              # a restarted job resumes from here
