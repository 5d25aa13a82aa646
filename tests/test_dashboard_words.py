"""How the dashboard says things, without running a model: the value page's sentence per measure, the budget
verdict, the builder's units, links that carry identifiers only, and the time left of background work."""

from __future__ import annotations

from fraudchain.dashboard import budget, jobs, state, value_figures, view_budget, view_builder
from fraudchain.dashboard.levers import Widget
from fraudchain.sim.studies.value import Metric


def metrics(ratio: Metric, net: Metric, public: Metric) -> dict[str, Metric]:
    return {"loss_avoided_per_public_eur": ratio, "net_benefit_eur": net, "public_cost_eur": public}


def test_one_sentence_per_measure_with_its_intervals_in_dutch():
    m = metrics(Metric(4.72, 3.47, 5.86), Metric(72e6, 20e6, 124e6), Metric(8e6, 7e6, 9e6))
    assert value_figures.measure_sentence("een_loket", m, 8, "nl") == \
        "Eén Loket: EUR 4,72 minder schade per publieke euro [3,47; 5,86]; netto +EUR 72 mln [20; 124]"
    assert value_figures.measure_sentence("een_loket", m, 8, "en") == \
        "One desk (Eén Loket): EUR 4.72 less loss per public euro [3.47; 5.86]; net +EUR 72 m [20; 124]"
    unclear = metrics(Metric(None, None, None), Metric(-3e6, -9e6, 2e6), Metric(-1e5, -2e5, 0.0))
    assert value_figures.measure_sentence("fraud_hub", unclear, 8, "nl") == \
        "Fraudehub: kost de overheid niets extra; netto -EUR 3,0 mln [-9,0; 2,0] (niet van nul te onderscheiden)"
    # with one replication nothing can be told from zero, however narrow the interval looks
    assert value_figures.measure_sentence("een_loket", m, 1, "nl").endswith("(niet van nul te onderscheiden)")


def test_the_budget_verdict_says_plainly_when_no_split_beats_today():
    def point(lo: float, hi: float) -> dict:
        return {"params": {"budget.hub": 1.0}, "allocation": {},
                "difference": {"social_cost_eur": {"mean": (lo + hi) / 2, "ci_low": lo, "ci_high": hi}}}
    res = {"front": [point(-40e6, 30e6), point(-5e6, 2e6)], "objectives": ["social_cost_eur"], "budget_eur": 800_000,
           "fresh_seeds": [10000, 10001, 10002, 10003], "trials": 12}
    assert budget.verdict(res) == {"better": [], "worse": []}
    assert view_budget.verdict_sentence(res, "nl").startswith("Met EUR 0,8 mln is geen pakket aantoonbaar beter dan nu")
    res["front"].append(point(-60e6, -10e6))
    assert [(i, k) for i, k, _ in budget.verdict(res)["better"]] == [(3, "social_cost_eur")]
    assert view_budget.verdict_sentence(res, "nl").startswith(
        "Met EUR 0,8 mln is verdeling 3 aantoonbaar beter dan nu op de maatschappelijke kosten: -EUR 35,0 mln per jaar")


def test_builder_sliders_speak_in_units_and_dutch_formats():
    share = Widget("slider", 0.0, 1.0)
    assert view_builder.unit_kind("share of fraud signals members may lawfully share", share) == "pct"
    assert view_builder.unit_kind("quality of regie 0-1", share) == "score"
    assert view_builder.format_value("pct", 0.25, "nl") == "25 %" and view_builder.format_value("score", 0.4, "nl") == "0,40"
    hours = Widget("number", 0.0, 72.0)
    assert view_builder.unit_kind("hours a risky first payment is held", hours) == "hours"
    assert view_builder.format_value("hours", 72.0, "nl") == "72 uur" and view_builder.format_value("hours", 1, "en") == "1 hour"
    assert view_builder.format_value("days", 3.0, "nl") == "3 dagen"
    assert view_builder.format_value("eur", 800_000, "nl") == "EUR 800.000"
    grid = view_builder.lever_options("eur", 800_000, Widget("number", 0.0, 1e12))
    assert 800_000 in grid and 0.0 in grid and all(b > a for a, b in zip(grid, grid[1:], strict=False))
    assert view_builder.lever_options("pct", 0.333, share)[:3] == [0.0, 0.01, 0.02] and 0.333 in \
        view_builder.lever_options("pct", 0.333, share)


def test_links_carry_identifiers_only_and_read_back_the_same_view():
    vs = state.ViewState("nl", "value", ["nl_baseline", "een_loket"], {}, state.Scale(2, 10_000, 2), "nl_baseline",
                         365, {}, "Mijn scenario", kpi="victims", uncertainty="seeds",
                         extra={"pkg": "ecp_full_package", "kpi": "social_cost_eur", "budget": "5000000"})
    q = state.state_to_query(vs)
    assert q["u"] == "seeds" and q["v_pkg"] == "ecp_full_package" and q["k"] == "victims"
    assert all(not any(c.isspace() for c in v) for k, v in q.items() if isinstance(v, str) and k != "n")
    back, problems = state.state_from_query({k: v if isinstance(v, list) else [v] for k, v in q.items()})
    assert problems == [] and back == vs
    label, _ = state.state_from_query({"k": ["Netto schade"], "u": ["misschien"]})      # a label is not an id
    assert label.kpi == "net_loss_eur" and label.uncertainty == "assumptions"


def test_time_left_is_the_job_s_own_pace_once_it_has_one():
    assert jobs.time_left({"done": 0, "total": 10, "estimate_s": 120.0}, now=100.0) == 120.0
    assert jobs.time_left({"done": 4, "total": 10, "running_since": 60.0}, now=100.0) == 60.0   # 10 s each
    assert jobs.time_left({"done": 10, "total": 10, "running_since": 60.0}, now=100.0) is None
    assert jobs.time_left({"done": 0, "total": 0}) is None
