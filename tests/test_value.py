"""Value for money and Shapley contributions (issue 13): the arithmetic on known games and numbers,
the real model at a tiny scale (2,000 agents, 1 year, 2 seeds), the measure labels on reforms and
the CLI's JSON shapes."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from fraudchain.scenarios.loader import ScenarioError, load_scenario, load_text, to_toml
from fraudchain.sim.cli.main import main
from fraudchain.sim.studies.contributions import (
    all_coalitions,
    coalition_scenario,
    contributions,
    decompose,
    measures_of,
    permutation_coalitions,
    permutations,
    shapley_exact,
    shapley_sampled,
)
from fraudchain.sim.studies.value import METRICS, ratio, value_metrics

TINY = ["--agents", "2000", "--years", "1", "--seeds", "2"]
# a package of three measures that applies from day 0 (so one simulated year measures it)
PACKAGE = """
name = "tiny_package"
extends = "nl_baseline"
[[reforms]]
day = 0
label = "tiny package"
measures.hub = ["hub.data_sharing_scope", "hub.coordination_quality"]
measures.loket = ["een_loket.enabled"]
set = { "hub.data_sharing_scope" = 0.6, "hub.coordination_quality" = 0.8, "een_loket.enabled" = true }
[[reforms]]
day = 0
label = "delays"
measure = "delay"
set = { "banks.risky_payment_delay_hours" = 24.0 }
"""


# --------------------------------------------------------------------------------------------- Shapley
def synthetic_game(players: list[str], seeds: int = 3) -> dict[frozenset, np.ndarray]:
    """v(S) = sum of weights + 6 if both a and b are in S, plus seed noise shared by every coalition."""
    w = {"a": 1.0, "b": 2.0, "c": 4.0, "d": -1.0}
    noise = np.arange(seeds, dtype=float) * 10.0
    return {s: noise + sum(w[p] for p in s) + (6.0 if {"a", "b"} <= s else 0.0) for s in all_coalitions(players)}


def test_exact_shapley_on_a_known_game():
    players = ["a", "b", "c", "d"]
    game = synthetic_game(players)
    phi = shapley_exact(players, {s: v - game[frozenset()] for s, v in game.items()})
    # the synergy of a and b is split equally between them; c and d get their own weights
    expected = {"a": 4.0, "b": 5.0, "c": 4.0, "d": -1.0}
    for p, e in expected.items():
        np.testing.assert_allclose(phi[p], e)


def test_shapley_of_an_asymmetric_three_player_game():
    # v({1})=1, v({2})=2, v({3})=0, v({1,2})=6, v({1,3})=1, v({2,3})=2, v(all)=9; hand-computed Shapley values
    v = {(): 0, (1,): 1, (2,): 2, (3,): 0, (1, 2): 6, (1, 3): 1, (2, 3): 2, (1, 2, 3): 9}
    game = {frozenset(str(p) for p in k): np.array([float(x)]) for k, x in v.items()}
    phi = shapley_exact(["1", "2", "3"], game)
    # player 3 adds 0 except to {1,2} (+3): 1/3 * 3 = 1
    np.testing.assert_allclose(phi["3"], 1.0)
    # player 1 adds 1 to {}, 4 to {2}, 1 to {3}, 7 to {2,3}: 1/3 * 1 + 1/6 * 4 + 1/6 * 1 + 1/3 * 7 = 3.5
    np.testing.assert_allclose(phi["1"], 3.5)
    # player 2 adds 2 to {}, 5 to {1}, 2 to {3}, 8 to {1,3}: 2/3 + 5/6 + 2/6 + 8/3 = 4.5
    np.testing.assert_allclose(phi["2"], 4.5)
    assert float(sum(phi.values())[0]) == pytest.approx(9.0)


def test_sampled_permutations_sum_exactly_to_the_package_effect():
    players = ["a", "b", "c", "d"]
    game = synthetic_game(players)
    perms = permutations(players, 7, seed=3)
    sub = {s: game[s] for s in permutation_coalitions(perms)}
    res = decompose(players, {**sub, **{frozenset([p]): game[frozenset([p])] for p in players}}, perms)
    np.testing.assert_allclose(sum(res.contributions.values()), res.package_effect, rtol=1e-12)
    # with every permutation the sampled values are the exact ones
    every = [list(p) for p in itertools.permutations(players)]
    exact = shapley_sampled(every, {s: v - game[frozenset()] for s, v in game.items()})
    np.testing.assert_allclose(exact["a"], 4.0)
    # interaction: package effect minus the standalone effects = the a-b synergy
    np.testing.assert_allclose(res.interaction, 6.0)


# --------------------------------------------------------------------------------------------- measures
def test_reform_measures_are_validated():
    bad = PACKAGE.replace('measures.loket = ["een_loket.enabled"]', 'measures.loket = ["een_loket.enable"]')
    with pytest.raises(ScenarioError) as e:
        load_text(bad, "bad.toml")
    assert "measures.loket: 'een_loket.enable' is not a key of this reform's `set`" in str(e.value.problems)
    loose = PACKAGE.replace('measures.loket = ["een_loket.enabled"]\n', "")
    with pytest.raises(ScenarioError) as e:
        load_text(loose, "loose.toml")
    assert "een_loket.enabled belong to no measure" in str(e.value.problems)
    twice = PACKAGE.replace('measures.loket = ["een_loket.enabled"]',
                            'measures.loket = ["een_loket.enabled", "hub.data_sharing_scope"]')
    with pytest.raises(ScenarioError) as e:
        load_text(twice, "twice.toml")
    assert "already belongs to measure 'hub'" in str(e.value.problems)


def test_builtin_package_names_its_measures_and_coalitions_keep_only_theirs():
    s = load_scenario("ecp_full_package")
    assert measures_of(s) == ["hub", "een_loket", "awareness", "system_measures", "participation"]
    c = coalition_scenario(s, ["een_loket", "awareness"])
    assert set(c.reforms[0].set) == {"een_loket.enabled", "awareness.campaign_reach", "awareness.public_info_portal"}
    assert coalition_scenario(s, []).reforms == []
    assert coalition_scenario(s, measures_of(s)).reforms[0].set == s.reforms[0].set
    # the labels survive a round trip through TOML
    again = load_text(to_toml(s), "again.toml")
    assert again.reforms[0].measures == s.reforms[0].measures


# --------------------------------------------------------------------------------------------- real model
def test_contributions_sum_to_the_package_effect_on_the_model(tmp_path):
    s = load_text(PACKAGE, "tiny_package.toml")
    res = contributions(s, ["net_loss_eur", "victims", "public_cost_eur"], seeds=2, agents=2000, years=1)
    assert res.measures == ["hub", "loket", "delay"] and res.coalitions_run == 8
    for k, c in res.kpis.items():
        total = sum(c.contributions.values())
        np.testing.assert_allclose(total, c.package_effect, rtol=1e-9, atol=1e-6, err_msg=k)
    # the package effect is the paired difference between the package and the scenario without reforms
    from fraudchain.sim.runs.runner import compare

    cmp = compare([coalition_scenario(s, []), s], seeds=2, agents=2000, years=1)
    a, b = cmp.scenarios
    np.testing.assert_allclose(res.kpis["net_loss_eur"].package_effect,
                               np.array(cmp.results[b].kpis["net_loss_eur"].values)
                               - np.array(cmp.results[a].kpis["net_loss_eur"].values))
    d = res.to_dict()
    assert set(d["kpis"]["victims"]) >= {"package_effect", "contributions", "interaction"}
    assert set(d["kpis"]["victims"]["contributions"]["hub"]) == {"mean", "ci_low", "ci_high"}


def test_contributions_and_value_cli_json(tmp_path, capsys):
    f = tmp_path / "tiny_package.toml"
    f.write_text(PACKAGE.split("[[reforms]]\nday = 0\nlabel = \"delays\"")[0])   # two measures: 4 coalitions
    assert main(["contributions", str(f), "--kpi", "net_loss_eur", "--format", "json", *TINY[:-1], "1"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["scenario"] == "tiny_package" and list(d["kpis"]) == ["net_loss_eur"]
    k = d["kpis"]["net_loss_eur"]
    assert set(k["contributions"]) == {"hub", "loket"}
    assert sum(v["mean"] for v in k["contributions"].values()) == pytest.approx(k["package_effect"]["mean"])
    assert main(["value", str(f), "--format", "json", *TINY]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["baseline"] == "nl_baseline" and list(d["results"]) == ["tiny_package"]
    r = d["results"]["tiny_package"]
    assert list(r) == list(METRICS)
    for m in METRICS:
        assert {"mean", "ci_low", "ci_high"} <= set(r[m])
    assert d["missing"] == [] and r["harm_avoided_eur"]["mean"] is not None
    # the assumption draws are shared by baseline and scenario (paired) and named in the output
    assert main(["value", str(f), "--format", "json", "--uncertainty", "assumptions", *TINY]) == 0
    a = json.loads(capsys.readouterr().out)
    assert a["uncertainty"] == "assumptions" and list(a["results"]["tiny_package"]) == list(METRICS)
    assert main(["contributions", str(f), "--kpi", "net_los_eur", *TINY]) == 2
    assert "did you mean 'net_loss_eur'" in capsys.readouterr().err
    assert main(["contributions", "fraud_hub", *TINY]) == 2
    assert "at least 2" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------- value arithmetic
def test_value_metrics_paired_by_seed_and_ratios():
    base = {"net_loss_eur": np.array([100.0, 110, 120]), "public_cost_eur": np.array([1.0, 1, 1]),
            "social_cost_eur": np.array([300.0, 310, 320]), "prevention_spend_eur": np.array([50.0, 50, 50])}
    scen = {"net_loss_eur": np.array([80.0, 92, 98]), "public_cost_eur": np.array([6.0, 6, 6]),
            "social_cost_eur": np.array([290.0, 300, 305]), "prevention_spend_eur": np.array([54.0, 56, 55])}
    m, missing = value_metrics(base, scen)
    assert m["loss_avoided_eur"].mean == pytest.approx(20.0)
    assert m["public_cost_eur"].mean == pytest.approx(5.0)
    assert m["private_cost_eur"].mean == pytest.approx(5.0)
    assert m["net_benefit_eur"].mean == pytest.approx(35 / 3)
    assert m["benefit_cost_ratio"].mean == pytest.approx(20.0 / 10.0)
    assert m["loss_avoided_per_public_eur"].mean == pytest.approx(4.0)
    lo, hi = m["benefit_cost_ratio"].ci_low, m["benefit_cost_ratio"].ci_high
    assert lo <= 2.0 <= hi
    assert m["harm_avoided_eur"].mean is None and "victim_harm_eur" in missing
    # no additional public money: the ratio is undefined, with the reason
    z = ratio(np.array([5.0, 6.0]), np.array([0.0, 0.0]), "loss_avoided_per_public_eur")
    assert z.mean is None and "no additional cost" in z.note
    assert z.as_dict() == {"mean": None, "ci_low": None, "ci_high": None, "note": z.note}
