"""Stage adaptation: what changes by the month, the quarter and the year.

Monthly: victims update what they expect to be reimbursed; groups rebuild capacity lost to the police (toward
the size that holds them against the status-quo disruption learnt in year 1) and, from year 2, review their mix
of fraud types by the profit per contact their funnel shows (agents/fraudsters.py). Quarterly (from year 2):
firms hand in their books and review effort, the hub's membership is reviewed, groups enter or exit. At the end
of year 1 the status quo becomes the reference: firms infer their non-liability motives (revealed preference,
agents/firm.py) and groups take their reference profit. The actors decide; this stage tells them when and hands
them what they can see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.agents.fraudsters import MONTH, Funnel
from fraudchain.agents.payment_methods import kind_shares
from fraudchain.scenarios.codes import ORIGIN_PLATFORM, PAY_AUTHORISED, PAY_CRYPTO, PAY_UNAUTHORISED
from fraudchain.sim.engine.contracts import fields

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel
    from fraudchain.sim.engine.type_arrays import TypeArrays

READS = ("claims_net", "claims_reimbursed", "expected_reimbursement", "books.since", *fields("daily", "attempts"),
         *fields("books.platforms", "revenue"))
WRITES = ("expected_reimbursement", "claims_net", "claims_reimbursed", "books", *fields("books.platforms", "revenue"))
CALLS: tuple[str, ...] = ()

WARMUP_DAYS = 365    # year 1: status quo, no adaptation; references and revealed preferences are taken


def run(model: FraudChainModel, day: int) -> None:
    st, params = model.state, model.params
    if day % MONTH == MONTH - 1:
        # victims hear what share of claimed losses got reimbursed (drives claims and moral hazard)
        seen = st.claims_net > 0
        current = np.where(seen, st.claims_reimbursed / np.maximum(st.claims_net, 1e-9), st.expected_reimbursement)
        a = params.reporting.expectation_smoothing
        st.expected_reimbursement = (1.0 - a) * st.expected_reimbursement + a * current
        st.claims_net[:] = 0
        st.claims_reimbursed[:] = 0
        model.fraudsters.recover()
    if day == min(WARMUP_DAYS, model.days_total) - 1:
        end_of_reference_year(model, day)
    elif day >= WARMUP_DAYS:
        since = day - WARMUP_DAYS
        if since % MONTH == MONTH - 1 and model.fraudsters.has_reference:
            model.fraudsters.monthly_review(model.fraudsters.profit_per_contact(funnel(model)))
        review = params.incentives.review_days
        if since % review == review - 1:
            quarterly_review(model, day)


def funnel(model: FraudChainModel) -> Funnel:
    """What groups see of their own funnel, per fraud type: how many contacts get through the filters, how many
    targets pay (and how much less cautious they are where they expect reimbursement), how many payments the
    banks stop, what a case is worth and how much of it the banks' limits let through (the banks publish their
    limits and waits), what the mules keep (the share frozen is their own belief)."""
    st, params, ft = model.state, model.params, model.ft
    return Funnel(passing=1.0 - model.block @ model.telecom_weights(), susceptibility=ft.susceptibility,
                  caution_shift=params.liability.moral_hazard * st.expected_reimbursement,
                  stopped=model.banks.stop_rate(ft.payment != PAY_UNAUTHORISED, ft.name_check_mismatch,
                                                held_by_hold(ft)),
                  value=ft.loss_median_eur * np.exp(0.5 * ft.loss_sigma ** 2) * ft.payments_mean,
                  limits_pass=model.banks.limits_pass(ft, model.limit_samples()),
                  mule_fee=params.mules.fee_share)


def held_by_hold(ft: TypeArrays) -> np.ndarray:
    """Per fraud type, the share of its payments a risky-payment hold applies to (a case's first payment, when it
    is a transfer: the type's own transfers and crypto purchases) times the type's delay sensitivity."""
    shares = kind_shares(ft)
    transfer = shares[:, PAY_CRYPTO] + shares[:, PAY_AUTHORISED]
    return transfer / np.maximum(ft.payments_mean, 1.0) * ft.delay_sensitivity


def end_of_reference_year(model: FraudChainModel, day: int) -> None:
    """End of year 1: take the status quo as the reference equilibrium (see agents/firm.py)."""
    hand_in_books(model, day)
    for f in model.firms():
        f.end_reference_year()
    model.fraudsters.end_reference_year(funnel(model))


def quarterly_review(model: FraudChainModel, day: int) -> None:
    """Firms hand in their books and review effort; hub membership; entry and exit of groups."""
    inc = model.params.incentives
    hand_in_books(model, day)
    model.hub.review_membership(model.hub_orgs())
    if inc.enabled:
        for f in model.firms():
            f.review_efforts(inc.adjustment, inc.max_step)
    model.banks.forget_mix()
    model.fraudsters.quarterly_review()
    model.refresh()


def hand_in_books(model: FraudChainModel, day: int) -> None:
    """What fraud on each platform earned it since the books were last handed in (the fraudulent contacts that
    got past its defences: the daily attempts counter counts contacts after the filters; national) times its
    revenue per such contact (scam adverts' fees, fraudulent sellers' fees); then every firm gets its book."""
    st, ft = model.state, model.ft
    contacts = st.daily.attempts[st.books.since: day + 1].sum(axis=0)
    on = (ft.origin == ORIGIN_PLATFORM) & (ft.platform >= 0)
    per_contact = np.array([p.fraud_revenue_per_contact() for p in model.platforms])
    k = ft.platform[on]
    st.books.platforms.revenue += np.bincount(k, contacts[on] * per_contact[k], len(model.platforms))
    st.books.flush(day, model.banks.banks, model.platforms.firms, model.telecoms.firms)
