"""Stage adaptation: what changes by the month, the quarter and the year.

Monthly: victims update what they expect to be reimbursed; groups rebuild capacity lost to the
police; from year 2 groups' specific capacity enters or leaves each fraud type and their substitutable
resources move toward more profitable types. Quarterly (from year
2): firms hand in their books and review effort, the hub's membership is reviewed, groups enter or
exit. At the end of year 1 the status quo becomes the reference: firms
infer their non-liability motives (revealed preference) and groups take their reference profit.

Reads: the state's claim and proceeds windows, the firms' books, the groups' proceeds. Writes:
expected reimbursement, references, smoothed profit, firms' efforts (through their own reviews),
hub membership, the set of active groups; then refreshes the cached arrays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_PLATFORM, PAY_UNAUTHORISED
from fraudchain.sim.engine.state import REVENUE

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

WARMUP_DAYS = 365    # year 1: status quo, no adaptation; references and revealed preferences are taken
MONTH = 30


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
        if since % MONTH == MONTH - 1:
            fraudsters_adapt(model)
        review = params.incentives.review_days
        if since % review == review - 1:
            quarterly_review(model, day)


def end_of_reference_year(model: FraudChainModel, day: int) -> None:
    """End of year 1: take the status quo as the reference equilibrium (see agents/firm.py)."""
    st = model.state
    book_fraud_revenue(model, day)
    st.books.flush(day, model.firms_by_sector())
    for f in model.firms():
        f.end_reference_year()
    st.ref_profit_per_contact = expected_profit_per_contact(model)
    model.fraudsters.take_reference(st.ref_profit_per_contact)
    st.smoothed_profit = float(st.proceeds_window.sum()) * MONTH / 365.0    # a typical month of year 1
    st.ref_profit_per_group = st.smoothed_profit / max(model.fraudsters.n_active(), 1)
    st.proceeds_window[:] = 0


def expected_profit_per_contact(model: FraudChainModel) -> np.ndarray:
    """What a group expects a contact of each type to yield, from the success rate at each step.

    Fraudsters see their own funnel: how many contacts get through filters, how many targets pay,
    how many payments the banks stop, how much is frozen. Using these rates (not the noisy
    proceeds of a month) makes displacement respond to defences, not to luck (assumption).
    """
    st, params, ft = model.state, model.params, model.ft
    passing = 1.0 - model.block @ model.telecom_weights()
    stop = model.banks.stop_rate(ft.payment != PAY_UNAUTHORISED, ft.name_check_mismatch)
    value = ft.loss_median_eur * np.exp(0.5 * ft.loss_sigma ** 2) * ft.payments_mean
    cash = 1.0 - st.frozen_share
    shift = params.liability.moral_hazard * st.expected_reimbursement
    return passing * ft.susceptibility * (1 + shift) * (1 - stop) * value * cash * (1 - params.mules.fee_share)


def fraudsters_adapt(model: FraudChainModel) -> None:
    """Monthly: specific capacity enters or leaves each type, substitutable resources move toward types whose
    expected profit per contact rose (agents/fraudsters.py)."""
    st = model.state
    if st.ref_profit_per_contact is None:
        return
    # relative profit per contact against year 1, bounded to a factor 10 either way (one odd month is no signal)
    rel = np.clip(expected_profit_per_contact(model) / np.maximum(st.ref_profit_per_contact, 1e-12), 0.1, 10.0)
    model.fraudsters.adapt_mix(rel)
    # profit for entry/exit: smoothed so one lucky month is not a signal
    a = model.params.fraudsters.profit_smoothing
    st.smoothed_profit = (1.0 - a) * st.smoothed_profit + a * float(st.proceeds_window.sum())
    st.proceeds_window[:] = 0


def quarterly_review(model: FraudChainModel, day: int) -> None:
    """Firms hand in their books and review effort; hub membership; entry and exit of groups."""
    st, inc = model.state, model.params.incentives
    book_fraud_revenue(model, day)
    st.books.flush(day, model.firms_by_sector())
    model.hub.review_membership(model.hub_orgs())
    if inc.enabled:
        for f in model.firms():
            f.review_efforts(inc.adjustment, inc.max_step)
    model.banks.forget_mix()
    if st.ref_profit_per_group:
        model.fraudsters.enter_exit(st.smoothed_profit, st.ref_profit_per_group)
    model.refresh()


def book_fraud_revenue(model: FraudChainModel, day: int) -> None:
    """What fraud on each platform earned it since the books were last handed in: the fraudulent contacts
    that got past its defences (the daily attempts counter counts contacts after the filters; national)
    times its revenue per such contact (scam adverts' fees, fraudulent sellers' fees)."""
    st, ft = model.state, model.ft
    contacts = st.daily["attempts"][st.books.since: day + 1].sum(axis=0)
    on = (ft.origin == ORIGIN_PLATFORM) & (ft.platform >= 0)
    per_contact = np.array([p.fraud_revenue_per_contact() for p in model.platforms])
    k = ft.platform[on]
    st.books["platforms", "prevention"][:, REVENUE] += np.bincount(k, contacts[on] * per_contact[k],
                                                                   len(model.platforms))
