"""What public money buys: every public lever acts through its mechanism, in the right direction, paired by seed.

Each test runs the real model on the same seeds with one lever at two or three levels (common random
numbers) and asserts the direction with the paired 95 % interval of the difference, on the outcome the
mechanism is for: the hub's analysts (signals acted on, delay, takedown speed, members), victim support
(supported victims, police reports, harm), a partly funded Eén Loket (its share of victims, its cost by
region), campaigns (victims), police capacity (suspects identified) and the slow share of cash-outs
(money recovered). Small scale (10,000 agents, 2 years unless said): directions, not magnitudes.
"""

from __future__ import annotations

import numpy as np
import pytest
from fraudchain.sim import compare
from fraudchain.sim.engine.public_cost import LINES, line_kpi, planned_loket_cost
from fraudchain.sim.runs.runner import summarise

AGENTS, YEARS = 10_000, 2
SEEDS = [0, 1, 2]
# six seeds where one lever moves a heavy-tailed outcome (victims after a campaign, money recovered): with three
# the paired interval's t quantile (4.3) leaves every seed's same-signed difference inconclusive
MORE_SEEDS = [0, 1, 2, 3, 4, 5]
# a hub with broad members and scope, so signals reach platforms and telecoms (their takedowns show it)
BROAD_HUB = {"hub.data_sharing_scope": 0.6, "hub.coordination_quality": 0.8, "hub.fragmentation": 0.1,
             "hub.initial_members": ["banks", "police", "platforms", "telecoms"]}


def levels(baseline, key_values: list[dict], seeds=SEEDS, agents=AGENTS, years=YEARS):
    """Run the baseline with each override set on the same seeds; return the CompareResult and its names."""
    scs = [baseline.with_overrides(ov).model_copy(update={"name": f"level{i}"}) for i, ov in enumerate(key_values)]
    cmp = compare(scs, seeds=seeds, agents=agents, years=years, workers=1)
    return cmp, cmp.scenarios


def rises(cmp, kpi: str, hi: str, lo: str) -> bool:
    """The paired 95 % interval of hi - lo lies above zero."""
    return cmp.difference(kpi, hi, lo).ci_low > 0


def falls(cmp, kpi: str, hi: str, lo: str) -> bool:
    return cmp.difference(kpi, hi, lo).ci_high < 0


@pytest.fixture(scope="module")
def hub_levels(baseline):
    return levels(baseline, [{**BROAD_HUB, "hub.funding_eur_per_year": f} for f in (0.0, 800_000.0, 5e6)])


def test_hub_money_buys_analysts_who_act_on_more_signals_sooner(hub_levels):
    cmp, (zero, today, five) = hub_levels
    for lo, hi in ((zero, today), (today, five)):
        assert rises(cmp, "hub_analysts", hi, lo)
        assert rises(cmp, "hub_signals_acted_share", hi, lo)     # capacity against inflow: 1 - exp(-C / I)
        assert falls(cmp, "hub_signal_delay_days", hi, lo)       # time to act on a signal
    # an unfunded hub acts on nothing; diminishing returns: the first EUR 0.8 M buys more per euro than the next
    assert cmp.results[zero].kpis["hub_signals_acted_share"].mean < 0.05
    first = cmp.difference("hub_signals_acted_share", today, zero).mean / 0.8
    next_ = cmp.difference("hub_signals_acted_share", five, today).mean / 4.2
    assert first > next_ > 0
    # takedowns at member platforms and telecoms come sooner, and a funded hub keeps its members
    assert falls(cmp, "median_days_to_takedown", five, zero)
    assert falls(cmp, "median_days_to_takedown", five, today)
    assert rises(cmp, "hub_members", today, zero)
    # the state pays the funding: its hub line rises by the money
    d = cmp.difference(line_kpi("fraud_hub"), five, today)
    assert d.mean == pytest.approx(4.2e6, rel=0.02)


@pytest.fixture(scope="module")
def support_levels(baseline):
    # the upper ends of the effects' ranges, so that the direction shows at this scale
    eff = {"reporting.support_police_uplift": 0.5, "reporting.support_harm_relief": 0.25}
    return levels(baseline, [{**eff, "reporting.support_funding_eur_per_year": f} for f in (0.0, 50e6)],
                  seeds=[0, 1, 2, 3])


def test_victim_support_money_supports_victims_who_report_more_and_suffer_less(support_levels):
    cmp, (none, funded) = support_levels
    assert rises(cmp, "supported_victims", funded, none)
    assert rises(cmp, "police_report_rate", funded, none)
    a, b = cmp.results[none].kpis, cmp.results[funded].kpis
    harm = [y / v - x / u for x, u, y, v in zip(a["victim_harm_eur"].values, a["victims"].values,
                                                 b["victim_harm_eur"].values, b["victims"].values, strict=True)]
    assert np.mean(harm) < 0 and max(harm) < 0          # less harm per victim on every seed
    # the money is spent once, on the state's victim-support line: about the funding (some carried over), plus
    # the change in today's support, which the funded support raises a little (more police reports, more
    # referrals): never the funding twice
    d = cmp.difference(line_kpi("victim_support"), funded, none).mean
    today = cmp.results[none].kpis[line_kpi("victim_support")].mean
    assert 0.85 * 50e6 < d < 50e6 + today, (d, today)


@pytest.fixture(scope="module")
def loket_levels(baseline):
    """Een Loket off, in 3 of 10 regions and national, from year 2 (as the budget plans it), year 2 measured."""
    def desk(cov: float) -> dict:
        return {"reforms": [{"day": 365, "label": "desk", "set": {"een_loket.enabled": True,
                                                                  "een_loket.coverage": cov}}]}
    return levels(baseline, [{}, desk(0.3), desk(1.0)])


def test_a_partly_funded_een_loket_covers_part_of_the_victims_at_part_of_the_cost(loket_levels):
    cmp, (off, part, full) = loket_levels
    share = {n: cmp.results[n].kpis["loket_share"].mean for n in (off, part, full)}
    assert share[off] == 0 and 0.15 < share[part] / share[full] < 0.45      # about the covered share
    assert rises(cmp, "loket_share", part, off) and rises(cmp, "loket_share", full, part)
    assert rises(cmp, "reporting_rate", full, off) and rises(cmp, "reporting_rate", full, part)
    assert falls(cmp, "mean_desks_contacted", part, off) and falls(cmp, "mean_desks_contacted", full, part)
    assert rises(cmp, line_kpi("een_loket"), part, off) and rises(cmp, line_kpi("een_loket"), full, part)
    # three regions' build is paid for 30 % coverage; the fixed cost by coverage
    from fraudchain.sim.engine.costs import capital_recovery_factor, loket_build_share

    s = cmp.results[part].scenario.with_overrides({"een_loket.enabled": True, "een_loket.coverage": 0.3})
    assert loket_build_share(s) == pytest.approx(0.3)
    c = s.costs
    desk = 0.3 * (c.loket_one_off_eur * capital_recovery_factor(c.discount_rate, c.loket_life_years)
                  + c.loket_fixed_eur_per_year)
    intake = cmp.results[part].kpis[line_kpi("een_loket")].mean - desk
    assert intake > 0


def test_the_plan_for_een_loket_matches_what_the_state_then_pays(loket_levels):
    """The budget plans Een Loket's cost from the parameters the engine books with; the measured change in the
    state's bill (paired) lies within a quarter of the plan (the plan leaves out small savings)."""
    cmp, (off, part, full) = loket_levels
    s = cmp.results[off].scenario
    for name, cov in ((part, 0.3), (full, 1.0)):
        measured = cmp.difference("public_cost_eur", name, off).mean
        assert measured == pytest.approx(planned_loket_cost(s, cov), rel=0.25)


def test_police_capacity_identifies_more_suspects(baseline):
    # twice today's capacity: still below the registrations the police receive (about 60,000 a year since issue 19:
    # registrations, not survey reports, reach the police), so every extra investigation is used
    # (suspects are rare: six seeds at 60,000 agents; at 20,000 a seed has about ten simulated suspects and the
    # doubling's +3,000 [-150; +6,100] a year could not be told from zero on new random streams, while at 60,000 it
    # is +5,100 [+2,400; +7,900], 2026-12-04)
    capacity = 2 * baseline.police.capacity_cases_per_year
    cmp, (today, more) = levels(baseline, [{}, {"police.capacity_cases_per_year": capacity}], seeds=MORE_SEEDS,
                                agents=60_000)
    assert rises(cmp, "police_investigations", more, today)
    assert rises(cmp, "suspects_identified", more, today)
    d = cmp.difference(line_kpi("police"), more, today).mean
    base = cmp.results[today].scenario.police
    assert d == pytest.approx((capacity - base.capacity_cases_per_year) * base.investigation_cost_eur, rel=0.1)


def test_campaigns_cut_victims_when_they_work(baseline):
    """A direction test at an effect far above the evidence's range (0-0.05): reach cuts victims through
    susceptibility; with the default effect the difference is too small to show at any test scale."""
    # ten seeds: since issue 19 the purchase and selling types' noise (about 1.4 M victims) leaves six inconclusive
    cmp, (today, wide) = levels(baseline, [{"awareness.effect": 0.5},
                                           {"awareness.effect": 0.5, "awareness.campaign_reach": 1.0}],
                                seeds=list(range(10)))
    assert falls(cmp, "victims", wide, today)
    assert rises(cmp, line_kpi("campaigns"), wide, today)


def test_slowly_moved_money_is_recovered_by_reports_days_later(baseline):
    # 20,000 agents x 6 seeds. Recovered money is heavy-tailed, and since issue 19 frozen money goes back only to
    # victims whose bank asks for it (banks.frozen_return_unasked_share for the others). Measured on the default
    # scenario (2026-12-04, 36 paired seed runs at 20,000 agents): with every cash-out within hours 6-9 % of the
    # gross loss comes back (means over 6 or 12 seeds), with today's share of slow cash-outs 14-18 %, 1.6-2.7
    # times as much. The share is compared per seed (paired), not against a level picked for these seeds.
    cmp, (fast, slow) = levels(baseline, [{"banks.slow_cashout_share": 0.0}, {}], seeds=MORE_SEEDS, agents=20_000)
    assert rises(cmp, "recovered_eur", slow, fast)
    r = cmp.results

    def shares(name: str) -> np.ndarray:
        return np.array([p.kpis["recovered_eur"] / p.kpis["gross_loss_eur"] for p in r[name].per_seed])

    # with one cash-out within hours little is left when a victim reports days later; with slow cash-outs a
    # larger share of the loss comes back (the paired interval of the per-seed shares lies above zero)
    gap = summarise(shares(slow) - shares(fast))
    assert gap.ci_low > 0
    fast_share = r[fast].kpis["recovered_eur"].mean / r[fast].kpis["gross_loss_eur"].mean
    slow_share = r[slow].kpis["recovered_eur"].mean / r[slow].kpis["gross_loss_eur"].mean
    assert fast_share < 0.10 and slow_share > 1.5 * fast_share


def test_the_state_bill_is_one_sum_by_budget_line(hub_levels):
    cmp, names = hub_levels
    for n in names:
        for k in [cmp.results[n].kpis]:
            total = np.array(k["public_cost_eur"].values)
            lines = sum(np.array(k[line_kpi(x)].values) for x in LINES)
            assert np.allclose(total, lines, rtol=1e-12)
            assert np.allclose(total, k["sector_bill_government_eur"].values, rtol=1e-12)


def test_money_that_cannot_act_does_not_reshuffle_the_draws(baseline):
    """The levers draw a fixed number of random numbers whatever their level, in the stage that owns them: hub
    money with nothing the law lets it share, or Eén Loket's coverage while there is no desk, leave every
    outcome of the chain bit-identical (paired noise zero); only what they cost and the hub's own counters move.
    (Campaign reach is not covered here: the campaign stage's draws depend on its reach.)"""
    import json

    from fraudchain.sim.engine.metrics import collect
    from fraudchain.sim.engine.model import FraudChainModel

    def kpis(over: dict) -> dict:
        m = FraudChainModel(baseline.with_overrides(over), agents=4000, seed=3, years=2)
        m.run_model()
        return collect(m).kpis

    outcomes = ["victims", "gross_loss_eur", "recovered_eur", "net_loss_eur", "reimbursed_eur", "victim_harm_eur",
                "suspects_identified", "median_days_to_takedown", "reporting_rate", "fraudster_profit_eur"]
    a = kpis({"hub.data_sharing_scope": 0.0, "hub.funding_eur_per_year": 0.0})
    b = kpis({"hub.data_sharing_scope": 0.0, "hub.funding_eur_per_year": 5e6})
    assert json.dumps({k: a[k] for k in outcomes}) == json.dumps({k: b[k] for k in outcomes})
    assert b["hub_analysts"] > a["hub_analysts"] and b["public_cost_eur"] > a["public_cost_eur"]
    a, b = kpis({"een_loket.coverage": 0.2}), kpis({"een_loket.coverage": 0.9})
    assert json.dumps(a) == json.dumps(b)
