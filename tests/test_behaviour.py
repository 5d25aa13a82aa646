"""Victims' behaviour (issue 19): reporting by type and loss, the step from a police report to a registration,
payment methods and chargebacks, the banks' limits, and the new fraud types.

Unit cases check the desks' probabilities (agents/reporting.py) and the payment-method and limit rules;
effect tests run the real model on the same seeds (common random numbers) and check the direction the
evidence gives, never a pinned number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fraudchain.agents.payment_limits import Lognormal, apply_limits, expected_paid
from fraudchain.agents.payment_methods import draw_kinds, kind_shares
from fraudchain.scenarios.codes import (
    PAY_AUTHORISED,
    PAY_CARD,
    PAY_CASH,
    PAY_UNAUTHORISED,
    PAY_WALLET,
)
from fraudchain.scenarios.loader import ScenarioError
from fraudchain.scenarios.schema import BankParams
from fraudchain.sim.engine.metrics import collect, victim_table
from fraudchain.sim.engine.model import FraudChainModel

AGENTS, YEARS = 12_000, 2
SEEDS = (1, 2, 3)


def _victims(scenario, seed: int, agents: int = AGENTS) -> pd.DataFrame:
    """The last year's victims of one run (one row per case with a loss)."""
    m = FraudChainModel(scenario, agents=agents, seed=seed, years=YEARS)
    m.run_model()
    v = victim_table(m)
    return v[v["first_loss_day"] >= m.days_total - 365]


def _share(v: pd.DataFrame, col: str, types: tuple[str, ...] | None = None) -> float:
    if types is not None:
        v = v[v["fraud_type"].isin(types)]
    return float(np.average(v[col].astype(float), weights=v["weight"])) if len(v) else float("nan")


def _money_back(v: pd.DataFrame) -> pd.Series:
    back = v["recovered_eur"] + v["reimbursed_eur"]
    for c in ("borne_banks_eur", "borne_platforms_eur", "borne_telecoms_eur", "borne_insurers_eur"):
        back = back + v[c]
    return back > 0.5


# ---- the desks' probabilities (agents/reporting.py) ------------------------------------------------------------
def _desks(baseline, **over):
    return FraudChainModel(baseline.with_overrides(over) if over else baseline, agents=1_000, seed=0, years=1).desks


def test_reporting_rises_with_the_loss_and_registration_with_the_loss_and_a_refund_motive(baseline):
    d = _desks(baseline)
    loss = np.array([20.0, 100.0, 1_000.0, 10_000.0])
    typical = np.full(4, 100.0)
    police = d.police_intent_probability(loss, typical, np.full(4, 0.15), np.full(4, 0.8), np.zeros(4), np.zeros(4))
    assert np.all(np.diff(police) > 0) and police[1] == pytest.approx(0.15)
    fhd = d.fraudehelpdesk_probability(loss, typical, np.full(4, 0.005), np.full(4, 1.5))
    assert np.all(np.diff(fhd) > 0)
    base = np.full(4, 0.25)
    reg = d.registration_probability(loss, typical, base)
    assert np.all(np.diff(reg) > 0)
    # at the typical loss: the type's level, less the abandoned forms
    assert reg[1] == pytest.approx(0.25 * (1 - baseline.reporting.registration_abandon_share))
    # a refund that requires the report: more victims report, and their reports are registered more often
    motive = d.police_intent_probability(loss, typical, np.full(4, 0.15), np.full(4, 0.8), np.ones(4), np.ones(4))
    assert np.all(motive > police)
    assert np.all(d.registration_probability(loss, typical, base, np.ones(4)) > reg)
    # Eén Loket's guided intake removes the abandoned forms
    loket = _desks(baseline, **{"een_loket.enabled": True})
    assert np.all(loket.registration_probability(loss, typical, base) > reg)


# ---- payment methods and limits -------------------------------------------------------------------------------
def test_payment_methods_follow_the_type_shares(baseline):
    m = FraudChainModel(baseline, agents=1_000, seed=0, years=1)
    t = np.full(200_000, m.types.index("fake_webshop"))
    kind = draw_kinds(np.random.default_rng(0).random(t.size), t, m.ft)
    p = baseline.fraud_types["fake_webshop"]
    assert np.mean(kind == PAY_CARD) == pytest.approx(p.card_share, abs=0.005)
    assert np.mean(kind == PAY_WALLET) == pytest.approx(p.wallet_share, abs=0.005)
    assert np.mean(kind == PAY_AUTHORISED) == pytest.approx(1 - p.card_share - p.wallet_share, abs=0.005)
    # payment requests: mostly credentials captured on the fake payment page (unauthorised), the rest paid
    pr = draw_kinds(np.random.default_rng(2).random(t.size), np.full(t.size, m.types.index("payment_request")), m.ft)
    share = baseline.fraud_types["payment_request"].unauthorised_share
    assert 0.3 <= share <= 0.7 and np.mean(pr == PAY_UNAUTHORISED) == pytest.approx(share, abs=0.005)
    assert set(np.unique(pr)) == {PAY_UNAUTHORISED, PAY_AUTHORISED}
    sell = draw_kinds(np.random.default_rng(1).random(t.size), np.full(t.size, m.types.index("selling")), m.ft)
    assert np.mean(sell == PAY_CASH) == pytest.approx(baseline.fraud_types["selling"].cash_share, abs=0.005)
    assert set(np.unique(sell)) == {PAY_CASH, PAY_UNAUTHORISED}


def test_expected_kind_shares_are_what_the_draw_gives(baseline):
    """The groups' view of limits and holds reads `kind_shares`; it must be the mix `draw_kinds` draws, every type."""
    m = FraudChainModel(baseline, agents=1_000, seed=0, years=1)
    expected = kind_shares(m.ft)
    assert expected.sum(axis=1) == pytest.approx(1.0)
    for t in range(m.n_types):
        kind = draw_kinds(np.random.default_rng(t).random(100_000), np.full(100_000, t), m.ft)
        drawn = np.bincount(kind, minlength=expected.shape[1]) / kind.size
        assert drawn == pytest.approx(expected[t], abs=0.006), m.types[t]


def test_payment_shares_above_one_are_refused(baseline):
    with pytest.raises(ScenarioError, match="may not exceed 1"):
        baseline.with_overrides({"fraud_types.marketplace.card_share": 0.6, "fraud_types.marketplace.cash_share": 0.6})


def test_limits_cap_coached_transfers_and_a_wait_stops_some():
    p = BankParams(daily_limit_eur=5_000.0, daily_limit_by_bank={"b": 2_000.0}, limit_raise_wait_hours=4.0,
                   limit_raise_wait_by_bank={"c": 0.0}, raised_limit_eur=50_000.0, delay_stop_share=0.3)
    n = 100_000
    rng = np.random.default_rng(0)
    amount = np.full(n, 8_000.0)
    sens = np.ones(n)
    names = ["a", "b", "c"]
    out = {}
    for bank in range(3):
        paid, stop = apply_limits(rng.random((n, 2)), p, names, np.full(n, bank), amount, np.full(n, PAY_AUTHORISED),
                                  sens)
        out[names[bank]] = (paid.mean(), stop.mean())
    # no wait (bank c): the victim raises the limit at once and pays in full
    assert out["c"] == (8_000.0, 0.0)
    # a wait: some victims stop (0.3 x 4/24 = 5 %), most of the rest pay at most the default limit
    assert out["a"][1] == pytest.approx(0.05, abs=0.005)
    assert out["b"][0] < out["a"][0] < out["c"][0]
    # card and cash payments are not under the transfer limit
    paid, stop = apply_limits(rng.random((n, 2)), p, names, np.zeros(n, int), amount, np.full(n, PAY_CARD), sens)
    assert (paid == amount).all() and not stop.any()


def test_what_groups_expect_of_the_limits_is_what_the_limits_do():
    """The groups' view of the limits (`expected_paid`, in closed form) is `apply_limits` in expectation: the same
    mean payment as the rule applied to many lognormal payments capped at the payers' means, at a bank with a wait,
    one without, one whose default is zero, and with a raised limit below the default."""
    base = dict(daily_limit_eur=5_000.0, daily_limit_by_bank={"b": 2_000.0, "d": 0.0}, limit_raise_wait_hours=4.0,
                limit_raise_wait_by_bank={"c": 0.0}, delay_stop_share=0.3, limit_wait_persist_share=0.3)
    names, n = ["a", "b", "c", "d"], 2_000_000
    rng = np.random.default_rng(3)
    bank = rng.integers(0, 4, n)
    means = np.exp(np.log(6_000.0) + 1.2 * rng.standard_normal(n))
    drawn = np.minimum(3_000.0 * np.exp(1.1 * rng.standard_normal(n)), means)
    u = rng.random((n, 2))
    for raised in (50_000.0, 1_500.0):
        p = BankParams(raised_limit_eur=raised, **base)
        paid, _ = apply_limits(u, p, names, bank, drawn, np.full(n, PAY_AUTHORISED), np.full(n, 0.8))
        expected = expected_paid(p, names, bank, means, Lognormal(3_000.0, 1.1), 0.8)
        for b in range(4):
            sel = bank == b
            assert expected[sel].mean() == pytest.approx(paid[sel].mean(), rel=0.007), (raised, names[b])
    # a lower limit lets through less, in expectation as in the rule
    p = BankParams(raised_limit_eur=50_000.0, **base)
    lower = p.model_copy(update={"daily_limit_eur": 2_000.0})
    amount = Lognormal(3_000.0, 1.1)
    assert expected_paid(lower, names, bank, means, amount, 0.8).mean() < expected_paid(p, names, bank, means,
                                                                                         amount, 0.8).mean()


def test_what_groups_expect_of_a_hold_is_what_the_hold_does(baseline):
    """The groups' stop rate (`BankSector.stop_rate`, what their funnel sees) includes a risky-payment hold as the
    banks' checks apply it (`stop_probability`): for a type whose first payments are held, the bank-share
    weighted mean of the rule over first and later payments; without a hold, the share held changes nothing."""
    from fraudchain.agents.banks import stop_probability
    m = FraudChainModel(baseline.with_overrides({"banks.risky_payment_delay_hours": 24.0}), agents=1_000, seed=0,
                        years=1)
    banks, first_share, sensitivity = m.banks, 0.5, 0.8
    nb = len(banks)

    def rule(first: bool) -> np.ndarray:
        return stop_probability(np.asarray(banks.flag, dtype=float), np.full(nb, PAY_AUTHORISED), np.full(nb, first),
                                np.zeros(nb, bool), np.full(nb, sensitivity), banks.params)

    expected = float(np.dot(banks.share, first_share * rule(True) + (1 - first_share) * rule(False)))
    got = banks.stop_rate(np.array([True]), np.array([0.0]), np.array([first_share * sensitivity]))[0]
    assert got == pytest.approx(expected, rel=1e-9)
    assert got > banks.stop_rate(np.array([True]), np.array([0.0]))[0]      # the hold stops more
    plain = FraudChainModel(baseline, agents=1_000, seed=0, years=1).banks
    assert plain.stop_rate(np.array([True]), np.array([0.0]), np.array([0.4]))[0] == \
        plain.stop_rate(np.array([True]), np.array([0.0]))[0]


# ---- effects in the model (paired seeds) ------------------------------------------------------------------------
def test_lower_limits_make_groups_leave_the_fraud_they_cap(baseline):
    """Fraudster groups see what the banks' limits let through (they are published, and a group sees what its
    victims manage to pay): lower limits with a wait on raising them lower the value of a bank-helpdesk case, so
    the groups move contact effort off helpdesk fraud (paired seeds); an unchanged limit changes nothing."""
    limits = {"banks.daily_limit_eur": 1_000.0, "banks.daily_limit_by_bank": {}, "banks.limit_raise_wait_hours": 24.0,
              "banks.limit_raise_wait_by_bank": {}}
    reformed = baseline.with_overrides({"reforms": [{"day": 365, "label": "limits", "set": limits}]})
    fell = []
    for seed in SEEDS[:2]:
        runs = [FraudChainModel(sc, agents=AGENTS, seed=seed, years=3) for sc in (baseline, reformed)]
        for m in runs:
            m.run_model()
        t = runs[0].types.index("bank_helpdesk")
        effort = [m.state.effort_by_type[730:, t].sum() for m in runs]
        fell.append(effort[1] / effort[0] - 1.0)
        change = runs[1].fraudsters.limits_change(runs[1].banks.limits_pass(runs[1].ft, runs[1].limit_samples()))
        assert change[t] < 0.9                         # the groups see a helpdesk case worth less
    assert max(fell) < 0.0, fell
    m = runs[0]
    assert (m.fraudsters.limits_change(m.banks.limits_pass(m.ft, m.limit_samples())) == 1.0).all()


def test_card_and_wallet_payments_bring_money_back_and_cash_never_does(baseline):
    """card_share takes effect: more card payments for fake web shops mean more victims with money back
    (chargebacks); moving marketplace payments into buyer-protected wallets does the same."""
    more = baseline.with_overrides({"fraud_types.fake_webshop.card_share": 0.6,
                                    "fraud_types.marketplace.wallet_share": 0.4})
    for seed in SEEDS[:2]:
        a, b = _victims(baseline, seed), _victims(more, seed)
        for t in ("fake_webshop", "marketplace"):
            va, vb = a[a.fraud_type == t], b[b.fraud_type == t]
            assert _money_back(vb).mean() > _money_back(va).mean() + 0.05, (seed, t)
    sell = _victims(baseline, SEEDS[0])
    cash = sell[(sell.fraud_type == "selling") & (sell.payment_kind == "cash")]
    # a loss outside payment accounts: no claim at a payment service provider, no rule pays it (an insurer may)
    assert len(cash) > 20 and not cash.claimed.any() and (cash.rule == "").all() and (cash.borne_banks_eur == 0).all()


def test_crypto_payments_cannot_be_recalled(baseline):
    none = baseline.with_overrides({"fraud_types.investment.crypto_share": 0.0,
                                    "fraud_types.investment.card_share": 0.0})
    allc = baseline.with_overrides({"fraud_types.investment.crypto_share": 1.0,
                                    "fraud_types.investment.card_share": 0.0})
    rec = {"none": 0.0, "all": 0.0}
    for seed in SEEDS:
        for name, s in (("none", none), ("all", allc)):
            v = _victims(s, seed)
            rec[name] += float(v.loc[v.fraud_type == "investment", "recovered_eur"].sum())
    assert rec["all"] == 0.0 < rec["none"]


def test_larger_losses_are_registered_more_and_registration_reads_into_handling_cost(baseline):
    # 40,000 agents: at 12,000 a quarter holds about 360 reporters and its registered share moves by +-0.05 with the
    # seeds (with repeat purchase fraud the bottom quarter drew 0.23 where larger samples give 0.17-0.19)
    frames = [_victims(baseline, s, 40_000) for s in SEEDS]
    v = pd.concat(frames)
    rep = v[v.police_report]
    assert (v.police_registered <= v.police_report).all()          # no registration without a report
    q = pd.qcut(rep.gross_loss_eur, 4, labels=False)
    rate = rep.groupby(q)["police_registered"].mean()
    # the largest losses are registered far more often (with repeat purchase fraud about 0.29 against 0.17 in the
    # smallest quarter at 60,000 agents: the large losses are more often the types the police register more)
    assert rate.iloc[-1] > 1.5 * rate.iloc[0]
    # fewer registrations (the same reports) -> a lower cost of police registrations, which the state pays (its
    # public cost: sim/engine/public_cost.py), and the same report rate
    strict = baseline.with_overrides({f"fraud_types.{t}.registration_prob": 0.02 for t in baseline.fraud_types})
    ka = [collect(_run(baseline, s)) for s in SEEDS[:2]]
    kb = [collect(_run(strict, s)) for s in SEEDS[:2]]
    for a, b in zip(ka, kb, strict=True):
        assert b.kpis["police_registration_rate"] < a.kpis["police_registration_rate"] / 2
        assert b.kpis["public_cost_eur"] < a.kpis["public_cost_eur"]
    # the survey's report rate does not depend on what the police register (up to seed noise)
    mean = [np.mean([r.kpis["police_report_rate"] for r in k]) for k in (ka, kb)]
    assert mean[1] == pytest.approx(mean[0], abs=0.04)


def _run(scenario, seed: int) -> FraudChainModel:
    m = FraudChainModel(scenario, agents=AGENTS, seed=seed, years=YEARS)
    m.run_model()
    return m


def test_the_fraudehelpdesk_hears_of_the_large_losses(baseline):
    # the desk's reach among victims with a loss is far below the 10 % it reaches among everyone meeting fraud
    v = _victims(baseline, SEEDS[0], agents=20_000)
    assert _share(v, "fraudehelpdesk") < 0.02
    # its reporters are the larger losses of each type (the reach raised five-fold here for enough reporters)
    wide = baseline.with_overrides({f"fraud_types.{t}.fraudehelpdesk_report_prob":
                                    5 * baseline.fraud_types[t].fraudehelpdesk_report_prob
                                    for t in ("investment", "friend_in_need", "marketplace")})
    v = pd.concat([_victims(wide, s, agents=40_000) for s in SEEDS])     # three seeds: about ten reporters each
    for t in ("investment", "friend_in_need", "marketplace"):
        x = v[v.fraud_type == t]
        desk = x[x.fraudehelpdesk]
        assert len(desk) >= 10, t
        assert desk.gross_loss_eur.mean() > x.gross_loss_eur.mean(), t


def test_a_refund_that_needs_a_report_sends_helpdesk_victims_to_the_police(baseline):
    """Under the Dutch goodwill scheme (a police report required) more helpdesk victims report to the police
    than when no rule refunds them (consumer_bears_all), on the same seeds."""
    none = baseline.with_overrides({"liability.regime": "consumer_bears_all"})
    a = pd.concat([_victims(baseline, s, agents=40_000) for s in SEEDS[:2]])
    b = pd.concat([_victims(none, s, agents=40_000) for s in SEEDS[:2]])
    hd = ("bank_helpdesk",)
    assert _share(a, "police_report", hd) > _share(b, "police_report", hd) + 0.1
    assert _share(a, "police_registered", hd) > _share(b, "police_registered", hd) + 0.1


def test_new_fraud_types_make_victims_and_rules_cover_them(baseline):
    # other impersonation is the rarest (a few thousand victims a year): two seeds give it enough cases
    v = pd.concat([_victims(baseline, s, agents=30_000) for s in SEEDS[:2]])
    counts = v.groupby("fraud_type").size()
    for t in ("selling", "payment_request", "impersonation"):
        assert counts.get(t, 0) > 5, t
    sg = _victims(baseline.with_overrides({"liability.regime": "sg_srf_2024"}), SEEDS[0], agents=30_000)
    sell = sg[(sg.fraud_type == "selling") & (sg.payment_kind == "unauthorised") & sg.claimed]
    assert len(sell) and sell.rule.isin(["srf_phishing_waterfall"]).mean() > 0.9
    uk = _victims(baseline.with_overrides({"liability.regime": "uk_psr_2024"}), SEEDS[0], agents=30_000)
    pr = uk[(uk.fraud_type == "payment_request") & (uk.payment_kind == "authorised") & uk.claimed]
    assert len(pr) and (pr.rule == "app_mandatory_reimbursement").all()


def test_long_cons_reach_wealth_beyond_the_payment_account(baseline):
    """With wealth beyond the payment account (fraud_types.investment.wealth_reach) investment victims lose more
    each, on the same seeds; the payment account itself never goes below zero. Tested where the balance binds:
    with offers answered by anyone (wealth_targeting 0); where offers reach savers (the Dutch default) their
    balances rarely cap the scam and the reach changes the loss by less than the seed noise of 3 seeds."""
    anyone = baseline.with_overrides({"fraud_types.investment.wealth_targeting": 0.0})
    one = anyone.with_overrides({"fraud_types.investment.wealth_reach": 1.0})
    more = anyone.with_overrides({"fraud_types.investment.wealth_reach": 6.0})
    inv_one, inv_more = [], []
    for seed in SEEDS:               # about 30 investment victims a seed at 40,000 agents (two seeds were too few)
        m = FraudChainModel(more, agents=40_000, seed=seed, years=YEARS)
        m.run_model()
        v = victim_table(m)
        a = _victims(one, seed, agents=40_000)
        inv_more.append(v[(v.first_loss_day >= m.days_total - 365) & (v.fraud_type == "investment")])
        inv_one.append(a[a.fraud_type == "investment"])
        assert (m.consumers.savings >= 0).all()
    assert pd.concat(inv_more).gross_loss_eur.mean() > pd.concat(inv_one).gross_loss_eur.mean()


def test_registration_levels_act_per_fraud_type(baseline):
    """A type's registration_prob moves its own registrations (the same seeds), not what victims say they did."""
    more = baseline.with_overrides({"fraud_types.marketplace.registration_prob": 0.6})
    m = FraudChainModel(more, agents=1_000, seed=0, years=1)
    changed = m.ft.registration_prob != FraudChainModel(baseline, agents=1_000, seed=0, years=1).ft.registration_prob
    assert list(np.array(m.types)[changed]) == ["marketplace"]
    a = pd.concat([_victims(baseline, s) for s in SEEDS[:2]])
    b = pd.concat([_victims(more, s) for s in SEEDS[:2]])
    assert _share(b, "police_registered", ("marketplace",)) > _share(a, "police_registered", ("marketplace",)) + 0.03
    # the survey's reports do not depend on what the police register: registrations feed back into the victims
    # (more registrations, more suspects, groups disrupted), so the two runs' victims are not the same cases and
    # the shares agree within their sampling error (3 standard errors of the difference)
    pa, pb = (_share(x, "police_report", ("marketplace",)) for x in (a, b))
    na, nb = ((x.fraud_type == "marketplace").sum() for x in (a, b))
    se = np.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    assert abs(pb - pa) < 3 * se, (pa, pb, se)


def test_payment_requests_that_empty_the_account_are_refunded_more_often(baseline):
    """Under PSD2 an unauthorised payment is refunded once claimed, a push payment is not: the more payment
    requests empty the account through a captured login, the more of their victims get money back."""
    paid = baseline.with_overrides({"fraud_types.payment_request.unauthorised_share": 0.0})
    taken = baseline.with_overrides({"fraud_types.payment_request.unauthorised_share": 0.9})
    pr = ("payment_request",)
    a = pd.concat([_victims(paid, s) for s in SEEDS[:2]])
    b = pd.concat([_victims(taken, s) for s in SEEDS[:2]])
    a, b = a[a.fraud_type.isin(pr)], b[b.fraud_type.isin(pr)]
    assert len(a) > 50 and len(b) > 50
    assert _money_back(b).mean() > _money_back(a).mean() + 0.2
    paid_a, paid_b = a[a.payment_kind != ""], b[b.payment_kind != ""]      # a first payment settled
    assert (paid_b.payment_kind == "unauthorised").mean() > 0.8 and (paid_a.payment_kind == "authorised").all()


def test_frozen_money_returns_to_victims_whose_bank_asks_for_it(baseline):
    """A frozen payment goes back to its payer through the payer's bank's recall (the victim reported to its bank);
    the receiving bank returns others only with banks.frozen_return_unasked_share (the same seeds)."""
    none = baseline.with_overrides({"banks.frozen_return_unasked_share": 0.0})
    every = baseline.with_overrides({"banks.frozen_return_unasked_share": 1.0})
    a = pd.concat([_victims(none, s) for s in SEEDS[:2]])
    b = pd.concat([_victims(every, s) for s in SEEDS[:2]])
    back_a, back_b = a[a.recovered_eur > 0.5], b[b.recovered_eur > 0.5]
    assert len(back_a) > 20 and back_a.claimed.all()          # Eén Loket is off: the bank hears only of claims
    assert (~back_b.claimed).sum() > 10
    assert _money_back(b).mean() > _money_back(a).mean() + 0.03


def test_offers_looking_for_money_reach_people_in_proportion_to_their_savings(baseline):
    """aim_by_wealth: with exponent 1 a contact reaches a person in proportion to its savings (the size-biased
    mean, E[s^2] / E[s]); exponent 0 leaves the uniform targets as they are."""
    m = FraudChainModel(baseline, agents=20_000, seed=0, years=1)
    people, rng = m.consumers, np.random.default_rng(5)
    target = rng.integers(0, people.n, size=40_000)
    exponent = np.where(np.arange(target.size) % 2 == 0, 1.0, 0.0)
    aimed = people.aim_by_wealth(rng, target, exponent)
    assert (aimed[exponent == 0] == target[exponent == 0]).all()
    s = people.initial_savings.astype(float)
    biased = (s ** 2).mean() / s.mean()
    got = s[aimed[exponent == 1]].mean()
    assert 0.8 * biased < got < 1.2 * biased and got > 2 * s.mean()
    assert people.aim_by_wealth(rng, target, np.zeros(target.size)) is target


def test_investment_victims_have_more_to_lose_when_offers_look_for_money(baseline):
    """fraud_types.investment.wealth_targeting (the same seeds): with offers answered in proportion to savings the
    investment victims are people with more savings and they lose more each than with offers answered by anyone.
    The type's contact rate is raised tenfold so that a 12,000-agent sample has about a hundred victims a seed."""
    common = baseline.with_overrides({"fraud_types.investment.contact_rate":
                                      baseline.fraud_types["investment"].contact_rate * 10})
    anyone = common.with_overrides({"fraud_types.investment.wealth_targeting": 0.0})
    savers = common.with_overrides({"fraud_types.investment.wealth_targeting": 1.0})
    rows = {}
    for name, s in (("anyone", anyone), ("savers", savers)):
        wealth, loss = [], []
        for seed in SEEDS:
            m = FraudChainModel(s, agents=AGENTS, seed=seed, years=YEARS)
            m.run_model()
            v = victim_table(m)
            inv = v[(v.first_loss_day >= m.days_total - 365) & (v.fraud_type == "investment")]
            wealth.append(m.consumers.initial_savings[m.state.cases.victim[inv.case.to_numpy()]].astype(float))
            loss.append(inv.gross_loss_eur.to_numpy())
        rows[name] = (np.concatenate(wealth), np.concatenate(loss))
    assert rows["savers"][0].size > 150 and rows["anyone"][0].size > 150
    assert rows["savers"][0].mean() > 2 * rows["anyone"][0].mean()
    assert rows["savers"][1].mean() > rows["anyone"][1].mean()


def test_investment_victims_ages_follow_the_afm_reports_not_the_savings_gradient(baseline):
    """fraud_types.investment.age_profile is derived so that, with offers aimed at savers and savings rising with
    age, the victims' ages match the AFM's reports (7 % aged 15-25, 22 % aged 65+). With a flat profile the
    aiming alone makes about half the victims 65 or older. The contact rate is raised tenfold for power."""
    common = baseline.with_overrides({"fraud_types.investment.contact_rate":
                                      baseline.fraud_types["investment"].contact_rate * 10})
    flat = common.with_overrides({"fraud_types.investment.age_profile": dict.fromkeys(
        baseline.population.age_band_shares, 1.0)})
    shares = {}
    for name, s in (("derived", common), ("flat", flat)):
        bands = []
        for seed in SEEDS:
            m = FraudChainModel(s, agents=AGENTS, seed=seed, years=YEARS)
            m.run_model()
            v = victim_table(m)
            bands.append(v.loc[v.fraud_type == "investment", "age_band"].to_numpy())
        ages = np.concatenate(bands)
        assert ages.size > 300
        shares[name] = ((ages == "15-24").mean(), (ages == "65+").mean())
    young, old = shares["derived"]
    assert 0.035 < young < 0.12 and 0.14 < old < 0.32
    assert shares["flat"][1] > 0.4 and shares["flat"][0] < 0.03


# ---- offers met while buying online (population.online_buying_shape) ------------------------------------------
def test_offers_met_while_buying_reach_people_in_proportion_to_how_much_they_buy(baseline):
    """aim_by_buying: a contact of a type met while buying reaches a person in proportion to the person's buying
    intensity (the size-biased mean E[b^2] / E[b], 1 + 1 / shape for a gamma of mean 1); other contacts keep their
    target, and with everyone buying alike (shape 0) nothing is aimed."""
    s = baseline.with_overrides({"population.online_buying_shape": 0.15})
    people, rng = FraudChainModel(s, agents=20_000, seed=0, years=1).consumers, np.random.default_rng(3)
    target = rng.integers(0, people.n, size=40_000)
    buying = np.arange(target.size) % 2 == 0
    aimed = people.aim_by_buying(rng, target, buying)
    assert (aimed[~buying] == target[~buying]).all()
    b = people.buying.astype(float)
    assert b.mean() == pytest.approx(1.0, rel=0.1) and b.var() == pytest.approx(1 / 0.15, rel=0.35)
    assert b[aimed[buying]].mean() == pytest.approx((b ** 2).mean() / b.mean(), rel=0.1)
    alike = FraudChainModel(baseline.with_overrides({"population.online_buying_shape": 0.0}), agents=2_000,
                            seed=0, years=1).consumers
    few = target[:100]
    assert alike.aim_by_buying(rng, few, buying[:100]) is few and alike.buying_weight(few) == 1.0


def test_uneven_online_buying_makes_repeat_purchase_victims(baseline):
    """CBS: a third of purchase-fraud victims fell for it more than once in the year. With everyone buying alike
    the model's victims rarely fall twice; with buying as uneven as fitted, on the same seeds, more victims fall
    again and there are more incidents per victim."""
    out = {}
    for name, shape in (("alike", 0.0), ("uneven", 0.15)):
        repeat, per_victim = [], []
        for seed in SEEDS:
            m = FraudChainModel(baseline.with_overrides({"population.online_buying_shape": shape}), agents=AGENTS,
                                seed=seed, years=YEARS)
            m.run_model()
            v = victim_table(m)
            v = v[(v.first_loss_day >= m.days_total - 365) & v.fraud_type.isin(("marketplace", "fake_webshop"))]
            counts = v.victim_id.value_counts()
            repeat.append(float((counts >= 2).mean()))
            per_victim.append(len(v) / len(counts))
        out[name] = (np.mean(repeat), np.mean(per_victim))
    assert out["uneven"][0] > out["alike"][0] + 0.1
    assert out["uneven"][1] > out["alike"][1] * 1.1
