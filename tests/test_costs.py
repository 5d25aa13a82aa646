"""Accounting of measures, friction, report handling, victims' harm and the social cost (real small runs)."""

from __future__ import annotations

import numpy as np
import pytest
from fraudchain.sim.engine.costs import (
    MEASURES,
    SECTORS,
    capital_recovery_factor,
    measure_costs,
    yearly_measure_costs,
)
from fraudchain.sim.engine.handling import handling_costs
from fraudchain.sim.engine.harm import (
    case_harm,
    case_hours,
    harm_eur,
    harm_per_victim_eur,
    harm_scale_eur,
    harm_totals,
    victim_years,
)
from fraudchain.sim.engine.metrics import EXTRA_KPI_KEYS, collect
from fraudchain.sim.engine.model import FraudChainModel
from fraudchain.sim.engine.public_cost import LINES, line_kpi

AGENTS = 5_000
BEARERS = ["loss_borne_victims_eur", "loss_borne_banks_eur", "loss_borne_platforms_eur",
           "loss_borne_telecoms_eur", "loss_borne_insurers_eur"]
PARTS = ["net_loss_eur", "prevention_spend_eur", "measure_cost_eur", "friction_cost_eur", "case_handling_eur",
         "public_cost_eur", "victim_harm_eur"]
BILLS = ["sector_bill_banks_eur", "sector_bill_platforms_eur", "sector_bill_telecoms_eur",
         "sector_bill_insurers_eur", "sector_bill_victims_eur", "sector_bill_government_eur"]


def _run(s, seed=2, years=1, agents=AGENTS):
    m = FraudChainModel(s, agents=agents, seed=seed, years=years)
    m.run_model()
    return m


@pytest.fixture(scope="module")
def loket_run(baseline):
    """Een Loket from day 0: every report goes through the one desk."""
    return _run(baseline.with_overrides({"een_loket.enabled": True}), years=1, agents=8_000)


@pytest.fixture(scope="module")
def delay_run(baseline):
    """A 24-hour delay on risky payments and every bank's default limit halved, switched on at day 365 (a reform)."""
    limits = baseline.banks
    s = baseline.model_copy(update={"reforms": []}).with_overrides(
        {"reforms": [{"day": 365, "label": "delay", "set": {
            "banks.risky_payment_delay_hours": 24.0, "banks.daily_limit_eur": limits.daily_limit_eur / 2,
            "banks.daily_limit_by_bank": {k: v / 2 for k, v in limits.daily_limit_by_bank.items()}}}]})
    return _run(s, years=2)


def test_social_cost_is_the_sum_of_its_parts_and_every_euro_has_one_payer(small_run):
    m, r = small_run
    for k in [r.kpis, *r.by_year.values()]:
        assert k["social_cost_eur"] == pytest.approx(sum(k[p] for p in PARTS), rel=1e-12)
        # money conservation still holds: the bearers add up to the net loss
        assert sum(k[b] for b in BEARERS) == pytest.approx(k["net_loss_eur"], rel=1e-9)
        # the payers' bills, friction and harm are the social cost again: nothing counted twice or lost
        assert sum(k[b] for b in BILLS) + k["friction_cost_eur"] + k["victim_harm_eur"] == \
            pytest.approx(k["social_cost_eur"], rel=1e-9)
        for p in PARTS:
            assert k[p] >= 0
    assert {"measure_cost_eur", "friction_cost_eur", "victim_harm_eur", "public_cost_eur"} <= set(EXTRA_KPI_KEYS)


def test_kpis_split_the_measures_by_payer(small_run):
    m, r = small_run
    start, end = m.days_total - 365, m.days_total
    mc = measure_costs(m, start, end)
    assert set(mc) == set(MEASURES)
    assert r.kpis["measure_cost_eur"] == pytest.approx(sum(x.sectors_eur for x in mc.values()), rel=1e-12)
    # the state's bill: its share of every measure plus the reports its desks and the police handle, by budget line
    handling = handling_costs(m, start, end)
    state = sum(eur for payer, eur in handling.values() if payer == "government")
    assert r.kpis["public_cost_eur"] == pytest.approx(sum(x.government_eur for x in mc.values()) + state, rel=1e-12)
    assert r.kpis["public_cost_eur"] == pytest.approx(sum(r.kpis[line_kpi(x)] for x in LINES), rel=1e-12)
    assert r.kpis["public_cost_eur"] == r.kpis["sector_bill_government_eur"]
    assert r.kpis["case_handling_eur"] == pytest.approx(
        sum(eur for payer, eur in handling.values() if payer != "government"), rel=1e-12)
    assert r.kpis["friction_cost_eur"] == pytest.approx(sum(x.friction_eur for x in mc.values()), rel=1e-12)
    # the baseline's hub: funding and the set-up's public share are the state's, campaigns too
    hub = mc["fraud_hub"]
    c, h = m.params.costs, m.params.hub
    one_off = c.hub_one_off_eur * capital_recovery_factor(c.discount_rate, c.hub_life_years)
    members = float(m.system.hub_members[start:end].sum()) / 365 * h.member_cost_eur
    assert hub.implementation_eur == pytest.approx(h.funding_eur_per_year + one_off + members, rel=1e-9)
    assert mc["campaigns"].government_eur == pytest.approx(float(m.system.campaign_cost_eur[start:end].sum()))


def test_capital_recovery_factor_repays_the_one_off():
    crf = capital_recovery_factor(0.05, 10)
    assert crf == pytest.approx(0.1295046, rel=1e-6)
    # the present value of the yearly payments is the one-off
    assert sum(crf / 1.05 ** t for t in range(1, 11)) == pytest.approx(1.0, rel=1e-12)
    assert capital_recovery_factor(0.0, 4) == 0.25


def test_switching_a_measure_on_adds_exactly_its_yearly_cost(delay_run):
    m = delay_run
    c, s = m.params.costs, m.params
    before, after = measure_costs(m, 0, 365), measure_costs(m, 365, 730)
    assert before["payment_delay"].implementation_eur == 0.0 and before["payment_delay"].friction_eur == 0.0
    held = c.online_payments_per_year * c.delay_legit_held_share
    cost = c.delay_one_off_eur * capital_recovery_factor(c.discount_rate, c.delay_life_years) + \
        held * c.delay_cost_per_held_eur
    assert after["payment_delay"].paid["banks"] == pytest.approx(cost, rel=1e-12)
    time_eur = c.delay_confirm_minutes / 60 * c.value_of_time_eur_per_hour
    assert after["payment_delay"].friction_eur == pytest.approx(
        held * (time_eur + c.delay_abandon_share * c.lost_trade_surplus_eur), rel=1e-12)
    # halving the limit doubles the payments above it (Pareto index 1): friction and bank cost double
    assert after["payment_limit"].friction_eur == pytest.approx(2 ** c.limit_tail_index
                                                               * before["payment_limit"].friction_eur, rel=1e-12)
    assert s.banks.daily_limit_eur == m.initial_scenario.banks.daily_limit_eur / 2
    # a window across the switch pays pro rata
    mid = measure_costs(m, 365 - 73, 365 + 73)["payment_delay"].implementation_eur
    assert mid == pytest.approx(cost * 73 / 365, rel=1e-12)
    # the KPIs per year see it too
    by_year = collect(m).by_year
    assert by_year[2]["measure_cost_eur"] - by_year[1]["measure_cost_eur"] == pytest.approx(
        sum(after[k].sectors_eur - before[k].sectors_eur for k in MEASURES), rel=1e-9)


def test_measure_intensity_scales_cost_and_friction(baseline):
    base = yearly_measure_costs(baseline)
    more = yearly_measure_costs(baseline.with_overrides({"telecoms.anti_spoofing": 0.6, "platforms.verification": 0.25,
                                                         "een_loket.enabled": True}))
    # the status quo's 0.3 is half of a full mandate (costs.anti_spoofing_full_level 0.6)
    assert more["anti_spoofing"][0]["telecoms"] == pytest.approx(2 * base["anti_spoofing"][0]["telecoms"])
    assert more["anti_spoofing"][1] == pytest.approx(2 * base["anti_spoofing"][1])
    # the cost follows the stated level, not how much of the effect the world realises
    drawn = yearly_measure_costs(baseline.with_overrides({"telecoms.anti_spoofing": 0.6,
                                                          "telecoms.anti_spoofing_factor": 0.7}))
    assert drawn["anti_spoofing"] == more["anti_spoofing"]
    assert base["seller_verification"] == ({"platforms": 0.0}, 0.0)
    assert more["seller_verification"][1] > 0
    assert "government" in more["een_loket"][0] and base["een_loket"][0] == {}


def test_een_loket_removes_duplicated_intake(loket_run, small_run):
    m = loket_run
    end = m.days_total
    h = handling_costs(m, 0, end)
    for channel in ("bank_intake", "police_registration", "fraudehelpdesk_reports", "fraudehelpdesk_fixed"):
        assert h[channel][1] == 0.0, channel
    assert h["bank_routed"][1] > 0 and h["een_loket_intake"][1] > 0 and h["police_registration_routed"][1] > 0
    c = m.cases
    n = c.n
    vic = np.isfinite(c.first_loss_day[:n]) & (c.desks[:n] > 0)
    assert (c.loket[:n][vic]).all() and (c.desks[:n][vic] == 1).all()
    # the desk's intake is paid once per reporting victim
    w = np.where(c.pop[:n] == 0, m.scale, m.sme_scale)
    assert h["een_loket_intake"][1] == pytest.approx(float(w[vic].sum()) * m.params.een_loket.cost_per_report_eur)
    # victims spend the one desk's time, not each desk's
    assert np.allclose(case_hours(m, np.flatnonzero(vic)), m.params.costs.hours_loket)
    # today: each desk the victim reported to costs its own intake and its own time
    mb, _ = small_run
    hb = handling_costs(mb, 0, mb.days_total)
    assert hb["bank_routed"][1] == 0.0 and hb["bank_intake"][1] > 0 and hb["fraudehelpdesk_fixed"][1] > 0
    cb = mb.cases
    lost = np.isfinite(cb.first_loss_day[:cb.n])
    one = case_hours(mb, np.flatnonzero(lost & (cb.desks[:cb.n] == 1))).mean()
    more = case_hours(mb, np.flatnonzero(lost & (cb.desks[:cb.n] >= 3))).mean()
    assert more > one > 0


def test_police_register_by_triage_within_capacity(baseline):
    n = 20_000
    args = (np.full(n, 0.2), np.full(n, 0.2), np.ones(n, bool))    # police, platform, has an origin
    loss = np.full(n, 300.0)
    u = np.random.default_rng(1).random((n, 7))                    # the draws route() makes first
    # victims who file a report and whom triage at intake accepts (Eén Loket: no abandoned forms)
    accept = FraudChainModel(baseline.with_overrides({"een_loket.enabled": True}), agents=AGENTS, seed=0,
                             years=1).desks.registration_probability(loss, np.full(n, 100.0), np.full(n, 0.5))
    asked = (u[:, 1] < 0.2) & (u[:, 6] < accept)

    def route(**over):
        m = FraudChainModel(baseline.with_overrides({"een_loket.enabled": True, **over}), agents=AGENTS, seed=0,
                            years=1)
        # ten days of registration capacity accrued
        return m, m.desks.route(np.random.default_rng(1), 10, *args, fhd_p=np.zeros(n), registration_p=accept)

    m, rep = route(**{"een_loket.police_registration_capacity_per_year": 3.65e7})   # binds at this scale
    registered = np.isfinite(rep.police_day)
    assert (registered <= rep.police_routed).all()
    assert registered.sum() < rep.police_routed.sum()       # not every routed report becomes a registration
    assert (registered[rep.police_routed & asked]).all()     # victims who filed and passed triage are registered
    assert 0 < asked.sum() < (u[:, 1] < 0.2).sum()          # triage at intake turns some reports away
    extra = registered & ~asked
    budget = m.params.een_loket.police_registration_capacity_per_year / 365 / m.scale * 10
    assert extra.sum() == int(budget)
    # no capacity: only those who asked; ample capacity: the triage share of the others
    _, rep0 = route(**{"een_loket.police_registration_capacity_per_year": 0.0})
    assert (np.isfinite(rep0.police_day) == (rep0.police_routed & asked)).all()
    _, rep1 = route(**{"een_loket.police_registration_capacity_per_year": 1e9})
    others = rep1.police_routed & ~asked
    share = np.isfinite(rep1.police_day)[others].mean()
    assert share == pytest.approx(baseline.een_loket.police_registration_share, abs=0.02)


def test_victim_support_by_need(baseline):
    m = FraudChainModel(baseline.with_overrides({"een_loket.enabled": True}), agents=AGENTS, seed=0, years=1)
    n = 40_000
    args = (np.full(n, 0.2), np.full(n, 0.2), np.ones(n, bool))    # police, platform, has an origin
    lp, rp = m.params.een_loket, m.params.reporting
    for need, share in ((np.ones(n, bool), lp.support_referral), (np.zeros(n, bool), lp.support_referral_other)):
        rep = m.desks.route(np.random.default_rng(3), 0, *args, need=need, fhd_p=np.zeros(n),
                            registration_p=np.full(n, 0.5))
        rate = rep.support[rep.loket].mean()
        expected = 1 - (1 - rp.support_share) * (1 - share)
        assert rate == pytest.approx(expected, abs=0.01)


def test_harm_scales_with_victims_by_type_and_loss(small_run):
    m, r = small_run
    c = m.cases
    n = c.n
    start, end = m.days_total - 365, m.days_total
    idx = np.flatnonzero((c.first_loss_day[:n] >= start) & (c.first_loss_day[:n] < end))
    harm = case_harm(m, idx)
    # the per-case form holds for victims with one case in the year (repeat victims: the next test)
    vy = victim_years(m, idx)
    alone = np.bincount(vy)[vy] == 1
    assert alone.any() and not alone.all()
    idx_all, harm_all = idx, harm
    idx, harm = idx[alone], harm[alone]
    h = m.params.harm
    base = harm_per_victim_eur(m.params)
    assert base == pytest.approx(h.wellbeing_per_victim_gbp * h.gbp_eur * h.price_index)
    # harm = scale x type multiplier x g(loss) x (SME factor), g = base + (1 - base) x min((loss/ref)^e, cap)
    gross = c.gross[idx]
    size = h.base_share + (1 - h.base_share) * np.minimum((gross / h.loss_reference_eur) ** h.loss_elasticity,
                                                          h.size_cap)
    back = np.clip((c.recovered[idx] + c.reimbursed[idx]) / gross, 0, 1)
    sme = np.where(c.pop[idx] == 1, h.sme_factor, 1.0)
    mult = np.array([h.type_multiplier[t] for t in m.types])[c.ftype[idx]]
    # victim support removes its share of a supported victim's harm
    supported = np.where(c.support[idx], 1.0 - m.params.reporting.support_harm_relief, 1.0)
    assert c.support[idx].any() and (supported < 1).any()
    full = harm_scale_eur(m.params) * mult * size * sme * supported
    # the relief is pro rata to the share returned, but never more than the euros returned
    relief = np.minimum(h.reimbursement_relief * back * full, c.recovered[idx] + c.reimbursed[idx])
    assert np.allclose(harm, full - relief)
    assert np.all(relief <= c.recovered[idx] + c.reimbursed[idx] + 1e-9)
    # the KPI is the weighted sum over victims plus their time
    w = np.where(c.pop[idx_all] == 0, m.scale, m.sme_scale)
    wellbeing, time_eur = harm_totals(m, start, end)
    assert wellbeing == pytest.approx(float((w * harm_all).sum()))
    assert r.kpis["victim_harm_eur"] == pytest.approx(wellbeing + time_eur)
    assert r.kpis["victim_time_eur"] == pytest.approx(time_eur)
    v = r.victims[(r.victims["first_loss_day"] >= start) & (r.victims["first_loss_day"] < end)]
    assert float((v["harm_eur"] * v["weight"]).sum()) == pytest.approx(wellbeing)
    value = m.params.costs.value_of_time_eur_per_hour
    assert float((v["hours_reporting"] * v["weight"]).sum()) * value == pytest.approx(time_eur)
    # doubling one type's multiplier doubles exactly that type's harm
    # (romance if the small run has romance victims in its last year, else the type of its first victim)
    t = m.types.index("romance") if (c.ftype[idx] == m.types.index("romance")).any() else int(c.ftype[idx[0]])
    key = m.types[t]
    orig = m.params
    try:
        m.params = orig.with_overrides({"harm.type_multiplier": {**h.type_multiplier, key: 2 * h.type_multiplier[key]}})
        doubled = case_harm(m, idx)
    finally:
        m.params = orig
    rom = c.ftype[idx] == t
    assert rom.any()
    # before the relief for money returned, that type's harm doubles; the relief follows its rule (pro rata, at
    # most the euros returned)
    returned = c.recovered[idx] + c.reimbursed[idx]
    full2 = np.where(rom, 2 * full, full)
    relief2 = np.minimum(h.reimbursement_relief * back * full2, returned)
    assert np.allclose(doubled, full2 - relief2) and np.allclose(doubled[~rom], harm[~rom])
    uncapped = rom & (relief2 < returned)
    assert np.allclose(doubled[uncapped], 2 * harm[uncapped])
    nothing_back = rom & (returned == 0)
    assert np.allclose(doubled[nothing_back], 2 * harm[nothing_back])


def test_harm_is_counted_once_per_victim_a_year(small_run):
    """The published harm is per victim a year: a person defrauded twice in a year gets the harm function once, on
    the year's summed loss and money back, shared among the cases by loss; counted apart, the cases give more."""
    m, r = small_run
    c = m.cases
    n = c.n
    idx = np.flatnonzero(np.isfinite(c.first_loss_day[:n]) & (c.gross[:n] > 0))
    harm = case_harm(m, idx)
    vy = victim_years(m, idx)
    # the groups are exactly the (population, person, year) triples: none split, none merged
    year = c.first_loss_day[idx] // 365
    triples = np.unique(np.stack([c.pop[idx], c.victim[idx], year]), axis=1)
    assert vy.max() + 1 == triples.shape[1]
    for column in (c.pop[idx], c.victim[idx], year):
        lo = np.full(vy.max() + 1, np.inf)
        hi = np.full(vy.max() + 1, -np.inf)
        np.minimum.at(lo, vy, column)
        np.maximum.at(hi, vy, column)
        assert np.array_equal(lo, hi)
    repeat = np.flatnonzero(np.bincount(vy) > 1)
    assert repeat.size > 20
    # check groups of every kind: SMEs and consumers, both years of the run
    kinds = {(int(c.pop[idx][vy == g][0]), int(year[vy == g][0])) for g in repeat}
    assert {(0, 0), (0, 1)} <= kinds
    sample = np.concatenate([[g for g in repeat if (int(c.pop[idx][vy == g][0]), int(year[vy == g][0])) == kind][:15]
                             for kind in sorted(kinds)])
    h = m.params.harm
    mult_of_type = np.array([h.type_multiplier[t] for t in m.types])
    support = np.where(c.support, 1.0 - m.params.reporting.support_harm_relief, 1.0)
    for g in sample:
        cases = idx[vy == g]
        # one person, one year
        assert np.unique(c.victim[cases]).size == 1 and np.unique(c.pop[cases]).size == 1
        assert np.unique(c.first_loss_day[cases] // 365).size == 1
        gross = c.gross[cases]
        mult = mult_of_type[c.ftype[cases]] * support[cases]
        one = harm_eur(m.params, np.array([gross.sum()]), np.array([(mult * gross).sum() / gross.sum()]),
                       np.array([(c.recovered[cases] + c.reimbursed[cases]).sum()]), np.array([c.pop[cases[0]] == 1]))
        mine = harm[vy == g]
        assert mine.sum() == pytest.approx(float(one[0]))
        assert np.allclose(mine / mine.sum(), gross / gross.sum())
    # per incident, the same cases would carry more harm (the part that does not grow with the loss counts once)
    apart = np.concatenate([case_harm(m, np.array([i])) for i in idx[np.isin(vy, repeat)]])
    assert harm[np.isin(vy, repeat)].sum() < apart.sum()
    # the victims table's harm sums to each year's KPI
    v = r.victims
    for y, k in r.by_year.items():
        in_year = (v["first_loss_day"] >= (y - 1) * 365) & (v["first_loss_day"] < y * 365)
        wellbeing = float((v["harm_eur"] * v["weight"])[in_year].sum())
        assert wellbeing == pytest.approx(k["victim_harm_eur"] - k["victim_time_eur"])
    # a window across a year boundary values each case as its year does (no victim-year split by the window)
    in_window = (v["first_loss_day"] >= 180) & (v["first_loss_day"] < 545)
    assert harm_totals(m, 180, 545)[0] == pytest.approx(float((v["harm_eur"] * v["weight"])[in_window].sum()))


def test_each_sector_bill_includes_its_share(small_run):
    m, r = small_run
    k = r.kpis
    start, end = m.days_total - 365, m.days_total
    mc = measure_costs(m, start, end)
    h = handling_costs(m, start, end)
    for sector in SECTORS:
        own = sum(x.paid[sector] for x in mc.values()) + sum(e for p, e in h.values() if p == sector)
        prevention = k.get(f"prevention_spend_{sector}_eur", 0.0)
        assert k[f"sector_bill_{sector}_eur"] == pytest.approx(k[f"loss_borne_{sector}_eur"] + prevention + own)
