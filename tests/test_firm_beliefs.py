"""Firms decide from the model's real effect, and platforms weigh what fraud earns them (issue 11, items 1 and 6).

Unit level: what a firm believes its effort does (`EffortChoice.passing`) is what the same effort does in
the stages, and a review never adds more prevention than the cost it believes it avoids. Effect level
(paired replications on common seeds, one-sided paired t-tests, as tests/test_effects.py): the bounds
docs/validation.md states.
"""

from __future__ import annotations

import numpy as np
import pytest
from fraudchain.agents.banks import frozen_before_cashout, frozen_before_mixed_cashout
from fraudchain.agents.base import PaymentEvents
from fraudchain.agents.effort import choose_effort
from fraudchain.agents.mules import cashout_delay_days
from fraudchain.scenarios.codes import PAYMENT_KINDS
from fraudchain.scenarios.schema import Reform
from fraudchain.sim import compare, load_scenario
from fraudchain.sim.engine.model import FraudChainModel
from scipy import stats

SEEDS = range(6)
AGENTS = 10_000
YEARS = 2          # reforms start on day 365; year 2 holds four effort reviews
ALPHA = 0.05
# bounds stated in docs/validation.md ("Firms' beliefs and platforms' revenue from fraud")
VERIFICATION_CUT_BOUND = 0.10      # platform verification alone: banks cut < 10 % of their prevention spend
UPPER_REVENUE = {"marketplace": 0.2, "social_media": 15.0, "messaging": 0.0}   # top of the stated ranges
NO_REVENUE = {"marketplace": 0.0, "social_media": 0.0, "messaging": 0.0}


def model(overrides: dict | None = None, agents: int = 4_000) -> FraudChainModel:
    s = load_scenario("nl_baseline")
    return FraudChainModel(s.with_overrides(overrides) if overrides else s, agents=agents, seed=3, years=1)


def positive(d: np.ndarray, what: str) -> None:
    """One-sided paired test that the mean of d is above 0."""
    p = 0.0 if np.allclose(d, d[0]) and d[0] > 0 else float(stats.ttest_1samp(d, 0.0, alternative="greater").pvalue)
    assert d.mean() > 0 and p < ALPHA, f"{what}: mean {d.mean():.4g}, one-sided p = {p:.3f}, values {np.round(d, 3)}"


def kpi(res, scenario: str, name: str) -> np.ndarray:
    return np.array(res.results[scenario].kpis[name].values)


# --- beliefs equal the applied effect ----------------------------------------------------------------
@pytest.mark.parametrize("delay_hours", [0.0, 24.0])
@pytest.mark.parametrize("effort", [None, 0.9])
def test_bank_believes_the_stop_share_its_checks_apply(delay_hours, effort):
    m = model({"banks.risky_payment_delay_hours": delay_hours})
    banks = m.banks
    if effort is not None:
        banks.banks[0].efforts["sending"].effort = effort
        banks.refresh()
    rng = np.random.default_rng(0)
    n = 300_000
    events = PaymentEvents(case=np.arange(n), fraud_type=np.full(n, "x", dtype=object),
                           amount=rng.lognormal(6.0, 0.5, n), victim_kind=np.zeros(n, np.int64),
                           sending_bank=np.zeros(n, np.int64), kind=rng.integers(0, len(PAYMENT_KINDS), n),
                           name_mismatch=rng.random(n) < 0.4, first_payment=rng.random(n) < 0.6,
                           delay_sensitivity=rng.random(n))
    banks.mix[:] = 0.0
    stopped = banks.on_payments(0, events)                       # the screening the payments stage applies
    applied = float(events.amount[stopped].sum() / events.amount.sum())
    believed = 1.0 - banks.banks[0].efforts["sending"].believed_passing()
    assert believed == pytest.approx(applied, abs=0.006)
    assert 0.05 < believed < 0.6                                 # flag x cancel, far below "all fraud"


def test_receiving_bank_believes_what_its_monitoring_freezes():
    """The closed form against the stages' own draws: a daily catch at a uniform time, credit at a uniform
    time, cash-out a time later drawn as the payments stage draws it (fast within hours, a share slowly)."""
    m = model()
    bank = m.banks.banks[0]
    p = bank.params
    assert p.slow_cashout_share > 0          # both speeds are exercised
    rng = np.random.default_rng(1)
    n = 300_000
    for effort in (bank.receiving_effort, 1.0):
        h = float(bank.mule_hazard(effort))
        cash = rng.random(n) + cashout_delay_days(rng, n, p.cashout_hours_mean, p.slow_cashout_share,
                                                  p.slow_cashout_days)
        frozen, alive = np.zeros(n, bool), np.ones(n, bool)
        for d in range(int(40 * p.slow_cashout_days)):
            caught = alive & (rng.random(n) < h)
            frozen |= caught & (d + rng.random(n) < cash)
            alive &= ~caught
        believed = 1.0 - bank.efforts["receiving"].believed_passing(effort)
        assert believed == pytest.approx(frozen.mean(), abs=0.003)
        assert believed == pytest.approx(float(frozen_before_mixed_cashout(h, p)))
        fast = float(frozen_before_cashout(h, p.cashout_hours_mean))
        slow = float(frozen_before_cashout(h, p.slow_cashout_days * 24.0))
        assert believed == pytest.approx((1 - p.slow_cashout_share) * fast + p.slow_cashout_share * slow)
    # receiving-side monitoring cannot remove most of the receiving-side liability: at full effort it reaches
    # little more than part of the slowly moved money (the fast share is gone within hours)
    assert believed < p.slow_cashout_share < 0.5


def test_platforms_and_telecoms_believe_their_filters():
    m = model()
    grid = np.linspace(0, 1, 11)
    for p in m.platforms:
        believed = p.efforts["prevention"].passing(grid)
        assert np.allclose(believed, 1.0 - p.block_probability(grid))
        row = m.block[m.ft.platform == m.platform_index[p.kind], 0]
        assert np.allclose(1.0 - row, p.efforts["prevention"].believed_passing())
    for t in m.telecoms:
        believed = t.efforts["prevention"].passing(grid)
        for channel, spoof in (("sms", False), ("call", True)):
            applied = 1.0 - t.block_probability(channel, spoof, grid)
            # the review uses passing(e) / passing(e_now): channel filters drop out of the ratio
            assert np.allclose(believed / believed[4], applied / applied[4])


def test_a_review_adds_no_more_prevention_than_the_cost_it_avoids():
    """Per euro: the prevention a review adds is at most the firm's own yearly cost it avoids, with the
    effect the model applies (tolerance: the 101-level grid)."""
    m = model()
    for firm in [*m.banks, *m.platforms, *m.telecoms]:
        for choice in firm.efforts.values():
            for cost in np.geomspace(1e5, 1e10, 12):
                e0 = choice.effort
                e1 = choose_effort(e0, choice.spend_full, cost, choice.passing, 0.0, 1.0, 1.0)
                if e1 <= e0:
                    continue
                added = choice.spend_full * (e1 - e0)
                avoided = cost * (1.0 - choice.believed_passing(e1) / choice.believed_passing(e0))
                assert added <= avoided * 1.01 + 1e-6, (firm.name, cost, e0, e1)


# --- effect tests -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def regimes():
    base = load_scenario("nl_baseline")
    verification = base.model_copy(update={"name": "verification_only", "reforms": [
        Reform(day=365, label="seller and advertiser verification", set={"platforms.verification": 0.25})]})
    return compare([base, "uk_psr_2024", verification], seeds=SEEDS, agents=AGENTS, years=YEARS)


def test_uk_rules_raise_bank_prevention_no_more_than_the_extra_loss_effort_could_stop(regimes):
    """Under UK rules banks carry more; what they add to prevention stays below the part of that extra loss
    that even full effort could stop (the largest share any bank's own checks could stop, from its passing
    function). Before issue 11 banks added EUR 124-129 M for a few M less net loss."""
    banks = model().banks
    stoppable = max(1.0 - b.efforts["sending"].believed_passing(1.0) / b.efforts["sending"].believed_passing()
                    for b in banks)
    extra_spend = kpi(regimes, "uk_psr_2024", "prevention_spend_banks_eur") - \
        kpi(regimes, "nl_baseline", "prevention_spend_banks_eur")
    extra_carried = kpi(regimes, "uk_psr_2024", "loss_borne_banks_eur") - kpi(regimes, "nl_baseline",
                                                                               "loss_borne_banks_eur")
    positive(stoppable * extra_carried - extra_spend, "stoppable share of the extra loss - extra prevention")


def test_platform_verification_alone_barely_moves_bank_prevention(regimes):
    """Seller and advertiser verification lowers the fraud that reaches banks' customers, mostly purchase
    fraud that weighs little on a bank: banks cut less than 10 % of their prevention spend."""
    base = kpi(regimes, "nl_baseline", "prevention_spend_banks_eur")
    verified = kpi(regimes, "verification_only", "prevention_spend_banks_eur")
    positive(verified - (1.0 - VERIFICATION_CUT_BOUND) * base, "bank prevention above 90 % of the baseline's")


def test_revenue_from_fraud_lowers_platform_effort_and_hub_participation():
    """Broad participation (platforms invited into the hub from year 2): with revenue from fraud (default)
    platforms choose less effort than without it; at the top of the stated revenue range the ad platform
    (social media) leaves the hub."""
    base = load_scenario("broad_participation")
    variants = {name: base.with_overrides({"platforms.fraud_revenue_per_contact_eur": rev}).model_copy(
        update={"name": name}) for name, rev in (("no_revenue", NO_REVENUE), ("upper", UPPER_REVENUE))}
    res = compare([base, variants["no_revenue"]], seeds=SEEDS, agents=AGENTS, years=YEARS)
    positive(kpi(res, "no_revenue", "platform_effort") - kpi(res, "broad_participation", "platform_effort"),
             "platform effort without revenue - with")
    # the ad platform (social media) is the one whose revenue from fraud the evidence is about
    members = {}
    for name, scenario in (("no_revenue", variants["no_revenue"]), ("upper", variants["upper"])):
        members[name] = []
        for seed in range(8):
            m = FraudChainModel(scenario, agents=4_000, seed=seed, years=YEARS)
            m.run_model()
            members[name].append(float(m.platforms[m.platform_index["social_media"]].hub_member))
    positive(np.array(members["no_revenue"]) - np.array(members["upper"]),
             "social-media platform in the hub without revenue - at the upper revenue")
