"""`--uncertainty assumptions`: ranges in the schema, the Latin hypercube, paired draws, CLI wiring."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fraudchain.scenarios.loader import load_scenario
from fraudchain.scenarios.schema import ASSUMPTION_RANGES, Scenario, parameter_table
from fraudchain.sim.cli.main import main
from fraudchain.sim.runs.runner import compare, run, run_seed
from fraudchain.sim.runs.uncertainty import (
    RULE_PREFIX,
    assumption_draws,
    common_parameters,
    design,
    replications,
    stated_values,
    uncertain_parameters,
)

AGENTS = 4_000


def _field(key: str):
    """The schema field of a dotted key; None for an entry of a table (e.g. harm.type_multiplier.romance)."""
    model, parts = Scenario, key.split(".")
    for p in parts[:-1]:
        model = model.model_fields[p].annotation
        if not hasattr(model, "model_fields"):
            return None
    return model.model_fields[parts[-1]]


def test_every_range_is_valid_and_holds_the_default():
    params = uncertain_parameters()
    assert set(ASSUMPTION_RANGES) <= set(params)
    assert {"harm.wellbeing_per_victim_gbp", "costs.value_of_time_eur_per_hour", "banks.warning_heeded",
            "platforms.verification_factor", "telecoms.anti_spoofing_factor", "telecoms.sms_filter_factor",
            "banks.floor_compliance", "harm.type_multiplier.marketplace",
            "liability.rule_values.app_mandatory_reimbursement.excess_applied_share"} <= set(params)
    stated = stated_values()
    for key, (lo, hi) in params.items():
        assert lo < hi, key
        assert lo <= stated[key] <= hi, key
        f = _field(key) if not key.startswith(RULE_PREFIX) else None
        for m in (f.metadata if f is not None else []):
            if hasattr(m, "ge"):
                assert lo >= m.ge, key
            if hasattr(m, "le"):
                assert hi <= m.le, key
    ranged = {r["key"] for r in parameter_table() if r["range"] is not None}
    assert ranged == {k for k in params if not k.startswith(RULE_PREFIX)}


def test_rule_ranges_are_one_practice_per_draw_name():
    """Rules drawn under one name (card chargebacks in every regime, the PSD2-like refunds of unauthorised
    payments) state the same value and range, so one draw serves them all and regimes stay paired."""
    from fraudchain.scenarios.regimes import regime_data, regime_names
    from fraudchain.scenarios.schema import LiabilityRule

    seen: dict[str, tuple] = {}
    for name in regime_names():
        for raw in regime_data(name)["rules"]:
            r = LiabilityRule.model_validate({k: v for k, v in raw.items() if k not in ("cap", "excess", "penalty")})
            for f, rng in r.ranges.items():
                key = f"{r.draw_name}.{f}"
                assert seen.setdefault(key, (getattr(r, f), tuple(rng))) == (getattr(r, f), tuple(rng)), (name, key)
    assert "card_chargeback.acceptance" in seen and "psd2_unauthorised.gross_negligence_proof" in seen


def test_a_drawn_rule_value_reaches_the_rule_in_force(baseline):
    from fraudchain.sim.engine.liability import resolve_rules

    uk = baseline.with_overrides({"liability.regime": "uk_psr_2024",
                                  "liability.rule_values.app_mandatory_reimbursement.excess_applied_share": 0.8,
                                  "liability.rule_values.psd2_unauthorised.gross_negligence_proof": 0.1})
    rules = {r.name: r for r in resolve_rules(uk)}
    assert rules["app_mandatory_reimbursement"].excess_applied_share == 0.8
    assert rules["psrs_unauthorised"].gross_negligence_proof == 0.1        # drawn as psd2_unauthorised
    assert rules["card_chargeback"].acceptance == 0.8                       # not drawn here: as stated


def test_design_is_a_latin_hypercube_reproducible_from_the_seeds():
    u = design(8, 5, range(8))
    assert u.shape == (8, 5)
    for col in u.T:                                  # one point in each of the n strata, per dimension
        assert sorted(np.floor(col * 8).astype(int).tolist()) == list(range(8))
    assert np.array_equal(u, design(8, 5, range(8)))
    assert not np.array_equal(u, design(8, 5, range(1, 9)))


def test_draws_follow_a_triangular_law_peaking_at_the_stated_value(baseline):
    from scipy import stats

    n = 64
    draws = assumption_draws([baseline], list(range(n)))
    key = "costs.name_check_minutes"                      # 0.5 in a range of 0.25-2: skewed
    lo, hi = uncertain_parameters()[key]
    mode = Scenario().costs.name_check_minutes
    x = np.array([d[key] for d in draws])
    ks = stats.kstest(x, stats.triang((mode - lo) / (hi - lo), loc=lo, scale=hi - lo).cdf).statistic
    assert ks <= 1.0 / n + 1e-9                           # stratified: one draw per 1/n of probability
    assert np.median(x) < (lo + hi) / 2


def test_draws_are_shared_by_scenarios_within_ranges_and_keep_stated_values(baseline):
    loket = load_scenario("een_loket")
    draws = assumption_draws([baseline, loket], [0, 1, 2, 3])
    assert len(draws) == 4
    params = uncertain_parameters()
    for d in draws:
        for k, v in d.items():
            assert params[k][0] <= v <= params[k][1]
    reps, same = replications([baseline, loket], [0, 1, 2, 3], "assumptions")
    assert same == draws
    for i, d in enumerate(draws):
        for s in (reps[0][i], reps[1][i]):
            assert s.banks.warning_heeded == d["banks.warning_heeded"]
            assert s.harm.wellbeing_per_victim_gbp == d["harm.wellbeing_per_victim_gbp"]
    # a value stated by --set or a scenario file is kept, not drawn
    stated = baseline.with_overrides({"banks.warning_heeded": 0.5})
    assert "banks.warning_heeded" not in common_parameters([stated])
    assert all(s.banks.warning_heeded == 0.5 for s in replications([stated], [0, 1], "assumptions")[0][0])
    assert replications([baseline], [0, 1], "seeds") == ([[baseline, baseline]], None)
    with pytest.raises(ValueError, match="seeds, assumptions"):
        replications([baseline], [0], "bogus")


def test_compare_pairs_draws_and_seeds(baseline):
    c = compare([baseline, "een_loket"], seeds=[0, 1], agents=AGENTS, years=2, workers=1, uncertainty="assumptions")
    a, b = c.results["nl_baseline"], c.results["een_loket"]
    assert a.draws == b.draws and len(a.draws) == 2
    # year 1 is before the reform: the same seed and draw give the same year's losses in both scenarios. Its
    # costs differ only by the few victims of the year's last days whose slowly moved money is settled, and
    # their claim decided, after the reform (through the new desk): well under 0.1 %
    for ra, rb in zip(a.per_seed, b.per_seed, strict=True):
        for k in ("victims", "gross_loss_eur", "net_loss_eur", "fraud_attempts"):
            assert ra.by_year[1][k] == rb.by_year[1][k]
        assert ra.by_year[1]["social_cost_eur"] == pytest.approx(rb.by_year[1]["social_cost_eur"], rel=1e-3)
    # each replication is the model run on its drawn scenario
    one = run_seed(baseline.with_overrides(a.draws[1]), AGENTS, 1, 2)
    assert one.kpis["social_cost_eur"] == a.per_seed[1].kpis["social_cost_eur"]
    assert a.to_dict()["uncertainty"]["mode"] == "assumptions"
    plain = run(baseline, seeds=[0], agents=AGENTS, years=1, workers=1)
    assert plain.draws is None and "uncertainty" not in plain.to_dict()


def test_cli_run_takes_the_option(capsys):
    rc = main(["run", "nl_baseline", "--seeds", "2", "--agents", str(AGENTS), "--years", "1",
               "--uncertainty", "assumptions", "--format", "json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    u = out["uncertainty"]
    assert u["mode"] == "assumptions" and len(u["draws"]) == 2
    assert set(u["draws"][0]) == set(u["parameters"])
    lo, hi = u["parameters"]["harm.wellbeing_per_victim_gbp"]
    assert all(lo <= d["harm.wellbeing_per_victim_gbp"] <= hi for d in u["draws"])
