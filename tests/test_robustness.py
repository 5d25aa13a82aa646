"""`fraudchain robustness` (sim/studies/robustness.py) on cases whose answer is known: a reform without effect
beats the baseline in about half of the plausible worlds, a strong one in all; the parameter that drives a
difference ranks first; JSON output and bad input."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
from fraudchain.scenarios.loader import load_scenario
from fraudchain.sim.cli.main import main
from fraudchain.sim.studies.robustness import analyse, beat_probability, robustness, wilson

AGENTS, YEARS = 3_000, 2


def _fake(values: dict[str, dict[str, np.ndarray]], draws: list[dict[str, float]]) -> SimpleNamespace:
    """A finished comparison as `analyse` reads it: per scenario each KPI's value in each replication."""
    n = len(draws)
    results = {name: SimpleNamespace(kpis={k: SimpleNamespace(values=list(v)) for k, v in kpis.items()},
                                     draws=draws, seeds=list(range(n)), agents=1000, years=3)
               for name, kpis in values.items()}
    return SimpleNamespace(scenarios=list(values), results=results)


def test_known_answers_on_synthetic_worlds():
    rng = np.random.default_rng(7)
    n = 400
    draws = [{"a": float(x), "b": float(y), "c": float(z)} for x, y, z in rng.random((n, 3))]
    a = np.array([d["a"] for d in draws])
    base = 1000 + rng.normal(0, 50, n)
    cmp = _fake({"base": {"victims": base},
                 "none": {"victims": base + rng.normal(0, 10, n)},                  # no effect, only noise
                 "strong": {"victims": base - 300 + rng.normal(0, 10, n)},         # always better
                 "driven": {"victims": base - 100 + 200 * a + rng.normal(0, 5, n)}},  # better iff a < 0.5
                draws)
    res = analyse(cmp, ["victims"])
    by = {o.option: o for o in res.kpis["victims"].options}
    assert by["none"].better == pytest.approx(0.5, abs=0.07)
    assert by["none"].better_low < 0.5 < by["none"].better_high
    assert by["strong"].better == 1.0 and by["strong"].better_low > 0.95
    assert by["driven"].better == pytest.approx(0.5, abs=0.07)
    top = by["driven"].drivers[0]
    assert top.parameter == "a" and top.variance_share > 0.9 and top.direction == 1 and top.selected
    assert top.p_value < 1e-6 and by["driven"].explained > 0.9
    assert [d.parameter for d in by["driven"].drivers if d.selected] == ["a"]   # b and c are not told from chance
    assert all(d.variance_share < 0.05 for d in by["none"].drivers)     # noise: nothing explains much
    # rankings: strong is always best; the other two swap
    k = res.kpis["victims"]
    assert k.best["strong"] == 1.0
    assert sum(p for _, p in k.rankings) == pytest.approx(1.0)
    assert all(r[0] == "strong" for r, _ in k.rankings)
    # a rise that is good news: higher is better
    cmp2 = _fake({"base": {"reporting_rate": base / 2000}, "up": {"reporting_rate": base / 2000 + 0.1}}, draws)
    assert beat_probability(cmp2, "reporting_rate", "up") == (1.0, n)


def test_ties_count_half_and_wilson_interval():
    draws = [{"a": 0.1}, {"a": 0.9}]
    cmp = _fake({"base": {"victims": np.array([5.0, 5.0])}, "same": {"victims": np.array([5.0, 5.0])}}, draws)
    assert beat_probability(cmp, "victims", "same") == (0.5, 2)
    lo, hi = wilson(8, 8)
    assert hi == 1.0 and 0.6 < lo < 0.7            # 8 of 8 worlds: at least about 63 %


@pytest.fixture(scope="module")
def known_run():
    base = load_scenario("nl_baseline")
    strong = base.with_overrides({"name": "strong", "reforms": [{"day": 365, "label": "strong", "set": {
        "telecoms.anti_spoofing": 1.0, "platforms.verification": 0.6, "telecoms.sms_filter": 0.9}}]})
    # a reform that changes nothing victims depend on: the hours a police report takes a victim
    placebo = base.with_overrides({"name": "placebo", "reforms": [{"day": 365, "label": "placebo", "set": {
        "costs.hours_police": 2.0}}]})
    return robustness([strong, placebo], base, kpis=["victims", "net_loss_eur"], seeds=6, agents=AGENTS, years=YEARS)


def test_a_strong_reform_wins_in_every_world_and_a_placebo_in_half(known_run):
    k = known_run.kpis["victims"]
    by = {o.option: o for o in k.options}
    assert by["strong"].better == 1.0 and by["strong"].mean_difference < 0
    assert by["placebo"].better == 0.5 and by["placebo"].mean_difference == 0.0
    assert known_run.mode == "assumptions" and known_run.to_dict()["worlds"] == 6
    assert k.best["strong"] == 1.0
    # the drivers are drawn parameters, ranked by their share of the variance of the difference
    shares = [d.variance_share for d in by["strong"].drivers]
    assert shares == sorted(shares, reverse=True) and all(0 <= s <= 1 for s in shares)


def test_cli_json(capsys, tmp_path):
    rc = main(["robustness", "een_loket", "--seeds", "6", "--agents", str(AGENTS), "--years", str(YEARS),
               "--kpi", "victims", "--kpi", "social_cost_excl_harm_eur", "--format", "json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["baseline"] == "nl_baseline" and out["options"] == ["een_loket"] and out["worlds"] == 6
    assert set(out["kpis"]) == {"victims", "social_cost_excl_harm_eur"}
    o = out["kpis"]["victims"]["options"][0]
    assert 0 <= o["p_better"] <= 1 and o["p_better_low"] <= o["p_better"] <= o["p_better_high"]
    assert {"parameter", "variance_share", "direction", "p_value", "selected"} <= set(o["drivers"][0])
    # valuation parameters (costs, harm) are never candidate drivers of victims
    assert not any(d["parameter"].startswith(("costs.", "harm.")) for d in o["drivers"])
    assert "explained_share" in o


@pytest.mark.parametrize("argv,msg", [(["--seeds", "2"], "at least 4"), (["--kpi", "bogus"], "unknown KPI")])
def test_cli_bad_input(capsys, argv, msg):
    assert main(["robustness", "een_loket", "--agents", str(AGENTS), *argv]) == 2
    assert msg in capsys.readouterr().err


def test_dashboard_headline_shows_the_probability_beside_each_bar():
    from fraudchain.dashboard.headline import chance_text, ranked_chart

    draws = [{"a": 0.1}, {"a": 0.5}, {"a": 0.9}, {"a": 0.3}]
    values = {"nl_baseline": {"net_loss_eur": np.array([10.0, 12, 11, 13]), "victims": np.ones(4)},
              "system_measures": {"net_loss_eur": np.array([5.0, 6, 12, 7]), "victims": np.ones(4)}}
    worlds = _fake(values, draws)
    assert chance_text(worlds, "net_loss_eur", "system_measures", "nl") == " · beter in 75 % van de plausibele werelden"
    assert chance_text(worlds, "net_loss_eur", "system_measures", "en") == " · better in 75 % of plausible worlds"
    seeds = _fake(values, draws)
    for r in seeds.results.values():
        r.draws = None
    assert chance_text(seeds, "net_loss_eur", "system_measures", "nl") == " · beter in 3 van 4 herhalingen"
    one = _fake({k: {kk: vv[:1] for kk, vv in v.items()} for k, v in values.items()}, draws[:1])
    assert chance_text(one, "net_loss_eur", "system_measures", "nl") == ""
    # on the chart: beside the bar, in the annotation with the value
    from fraudchain.sim import CompareResult

    real = CompareResult({n: worlds.results[n] for n in worlds.scenarios})
    real.difference = lambda kpi, n, base=None: SimpleNamespace(mean=-3.0, ci_low=-6.0, ci_high=0.5)
    fig = ranked_chart(real, "net_loss_eur", "nl")
    assert any("75 % van de plausibele werelden" in a.text for a in fig.layout.annotations)
