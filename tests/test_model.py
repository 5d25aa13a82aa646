"""The engine, stage by stage, on small real runs (fixed rng), plus invariants (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from fraudchain.sim import load_scenario
from fraudchain.sim.engine.metrics import KPI_KEYS, collect
from fraudchain.sim.engine.model import FraudChainModel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BEARERS = ["loss_borne_victims_eur", "loss_borne_banks_eur", "loss_borne_platforms_eur",
           "loss_borne_telecoms_eur", "loss_borne_insurers_eur"]
AGENTS = 6_000


def run(s, seed=3, years=1, agents=AGENTS):
    m = FraudChainModel(s, agents=agents, seed=seed, years=years)
    m.run_model()
    return m


def test_model_is_a_mesa_model_with_institutions_as_agents(small_run):
    import mesa

    m, _ = small_run
    assert isinstance(m, mesa.Model)
    kinds = {type(a).__name__ for a in m.agents}
    assert {"Bank", "Platform", "Telecom", "InsuranceSector", "FraudsterGroup", "Police", "Desks", "FraudHub"} <= kinds
    # consumers are arrays, not agents
    assert m.consumers.caution.shape == (m.n_consumers,)
    assert len(m.agents) < 200


def test_every_kpi_and_type_reported_and_money_conserved(small_run):
    m, r = small_run
    assert set(KPI_KEYS) <= set(r.kpis)
    assert set(r.by_type) == set(m.types)
    borne = sum(r.kpis[b] for b in BEARERS)
    assert borne == pytest.approx(r.kpis["net_loss_eur"], rel=1e-9)
    assert r.kpis["net_loss_eur"] == pytest.approx(r.kpis["gross_loss_eur"] - r.kpis["recovered_eur"], rel=1e-9)
    assert r.kpis["victims"] > 0 and r.kpis["fraud_attempts"] > r.kpis["victims"]


def test_daily_and_victim_tables(small_run):
    m, r = small_run
    assert len(r.daily) == m.days_total * m.n_types
    assert {"day", "fraud_type", "attempts", "victims", "net_loss_eur", "borne_banks_eur"} <= set(r.daily.columns)
    v = r.victims
    assert (v["gross_loss_eur"] > 0).all()
    assert {"age_band", "digital_skill", "vulnerable", "victim_kind", "desks_contacted", "days_to_reimbursement"} \
        <= set(v.columns)
    # the per-victim table adds up to the daily counters exactly (model scale x weight): money enters the daily
    # gross loss when it is cashed out or frozen, so the payments still waiting in mule accounts at the end of
    # the run are the only difference
    pending = m.state.pending
    waiting = float((pending.amount * m.weight(m.cases.pop[pending.case])).sum())
    total = float((v["gross_loss_eur"] * v["weight"]).sum())
    assert total == pytest.approx(r.daily["gross_loss_eur"].sum() + waiting, rel=1e-12)
    for col in ("recovered_eur", "reimbursed_eur", "borne_banks_eur", "borne_platforms_eur", "borne_telecoms_eur",
                "borne_insurers_eur"):
        assert float((v[col] * v["weight"]).sum()) == pytest.approx(r.daily[col].sum(), rel=1e-12, abs=1e-6), col
    # one row per case with a loss: the daily victims counter counts each case's first loss once
    assert float(v["weight"].sum()) == pytest.approx(r.daily["victims"].sum(), rel=1e-12)


def test_same_seed_same_result_and_different_seed_differs(baseline):
    a = collect(run(baseline, seed=5)).kpis
    b = collect(run(baseline, seed=5)).kpis
    c = collect(run(baseline, seed=6)).kpis
    # the same numbers, a KPI without cases (NaN) included: NaN (a median of no events) equals NaN here
    assert a.keys() == b.keys() and all(a[k] == b[k] or (math.isnan(a[k]) and math.isnan(b[k])) for k in a)
    assert a != c


def test_telecom_filters_stop_contacts(baseline):
    """Stage 'contacts pass filters': full anti-spoofing stops helpdesk calls reaching people."""
    off = baseline.with_overrides({"telecoms.anti_spoofing": 0.0, "telecoms.effort": 0.0})
    on = baseline.with_overrides({"telecoms.anti_spoofing": 1.0})
    t = off.fraud_types
    assert t
    k_off = collect(run(off)).by_type["bank_helpdesk"]["fraud_attempts"]
    k_on = collect(run(on)).by_type["bank_helpdesk"]["fraud_attempts"]
    assert k_off > 0 and k_on == 0


def test_name_check_stops_invoice_payments(baseline):
    """Stage 'sending bank checks': the name check catches payments to mismatched payees."""
    agents = 40_000   # enough SMEs to see invoice fraud; a few cases a seed, one large payment can dominate: 3 seeds
    checked = baseline.with_overrides({"banks.name_check": True, "banks.name_check_heeded": 1.0})
    unchecked = baseline.with_overrides({"banks.name_check": False})
    on = sum(collect(run(checked, seed=s, agents=agents)).by_type["invoice"]["gross_loss_eur"] for s in (3, 4, 5))
    off = sum(collect(run(unchecked, seed=s, agents=agents)).by_type["invoice"]["gross_loss_eur"] for s in (3, 4, 5))
    assert off > 2 * on


def test_mule_accounts_are_caught_and_money_frozen(baseline):
    """Stage 'mules': catching accounts faster shortens their life and freezes more money."""
    fast = collect(run(baseline.with_overrides({"banks.mule_hazard_max": 0.9, "banks.receiving_effort": 1.0})))
    slow = collect(run(baseline.with_overrides({"banks.mule_hazard_max": 0.0, "banks.freeze_on_report": 0.0})))
    assert fast.kpis["median_mule_account_lifetime_days"] < 2
    assert fast.kpis["recovered_eur"] > slow.kpis["recovered_eur"]


def test_reports_reach_desks_and_police(small_run):
    _, r = small_run
    k = r.kpis
    assert 0.3 < k["reporting_rate"] < 0.9
    assert 0.05 < k["police_report_rate"] < 0.4
    assert 1.0 <= k["mean_desks_contacted"] <= 5.0
    assert 0 < k["suspects_identified_share"] < 0.5


def test_een_loket_one_desk(baseline):
    r = collect(run(baseline.with_overrides({"een_loket.enabled": True})))
    assert r.kpis["mean_desks_contacted"] == pytest.approx(1.0)


def test_reform_applies_on_its_day(baseline):
    s = load_scenario("uk_psr_2024")
    m = FraudChainModel(s, agents=AGENTS, seed=1, years=2)
    for _ in range(365):          # days 0..364: the status quo
        m.step()
    assert m.params.liability.regime == "nl_status_quo"
    m.step()                      # day 365: the reform takes effect at the start of the day
    assert m.params.liability.regime == "uk_psr_2024"
    assert m.reforms_applied == [(365, "UK-style mandatory APP reimbursement")]


def test_balances_never_negative(small_run):
    m, _ = small_run
    assert (m.consumers.savings >= 0).all()
    assert (m.smes.savings >= 0).all()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), reach=st.floats(0, 1), scope=st.floats(0, 1),
       regime=st.sampled_from(["nl_status_quo", "uk_psr_2024", "chain_liability", "bank_strict", "sg_srf_2024"]))
def test_invariants_hold_for_any_seed_and_levers(baseline, seed, reach, scope, regime):
    s = baseline.with_overrides({"awareness.campaign_reach": reach, "hub.data_sharing_scope": scope,
                                 "liability.regime": regime})
    m = run(s, seed=seed, agents=3_000)
    k = collect(m).kpis
    assert sum(k[b] for b in BEARERS) == pytest.approx(k["net_loss_eur"], rel=1e-9, abs=1e-6)
    for share in ("reimbursed_share", "reporting_rate", "police_report_rate", "suspects_identified_share"):
        assert 0.0 <= k[share] <= 1.0
    for b in BEARERS:
        assert k[b] >= -1e-6
    assert (m.consumers.savings >= 0).all()
    np.testing.assert_equal(k, collect(run(s, seed=seed, agents=3_000)).kpis)   # equal, nan where nan (no cases)


def test_takedown_table_matches_the_kpis(small_run):
    m, r = small_run
    tk = r.takedowns
    assert set(tk["kind"]) <= {"phone_number", "platform_account", "site", "mule_account"}
    assert {"mule_account", "platform_account"} <= set(tk["kind"])
    assert (tk["days"] >= 0).all() and (tk["weight"] > 0).all()
    last = tk[(tk["takedown_day"] >= m.days_total - 365) & (tk["kind"] == "mule_account")]
    # receiving accounts of different kinds stand for different numbers of national ones: a weighted median
    from fraudchain.sim.engine.kpis import weighted_median
    assert weighted_median(last["days"].to_numpy(), last["weight"].to_numpy()) == \
        pytest.approx(r.kpis["median_mule_account_lifetime_days"])


def test_payment_kind_sets_by_lookup_agree_with_isin():
    """The stages ask which payments are transfers, cashed out at once or under a daily limit by lookup tables
    (scenarios/codes.py `kind_table`): the same answer as np.isin for every kind, and the "no kind" code -1 in
    none of them."""
    from fraudchain.agents.payment_limits import IS_LIMITED, LIMITED_KINDS
    from fraudchain.scenarios.codes import (
        INSTANT_CASHOUT_KINDS,
        IS_INSTANT_CASHOUT,
        IS_TRANSFER,
        PAYMENT_KINDS,
        TRANSFER_KINDS,
    )

    kinds = np.arange(-1, len(PAYMENT_KINDS))
    for table, members in ((IS_TRANSFER, TRANSFER_KINDS), (IS_INSTANT_CASHOUT, INSTANT_CASHOUT_KINDS),
                           (IS_LIMITED, LIMITED_KINDS)):
        assert (table[kinds] == np.isin(kinds, members)).all()
        assert not table[-1]
