"""Stage payments: due payments pass the sending banks' checks; those that pass land in a mule account.

Reads: the payment calendar, the cases table, balances, the banks and extension actors (the
`on_payments` hook: each returns the payments it stops), the groups' mule accounts. Writes: stopped
cases, balances, victims' histories, the firms' victim counts (books), the cases' gross loss and
last account, the accounts' credits, the pending cash-outs, the next payments' days, daily stopped
payments and victims.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.agents.base import PaymentEvents
from fraudchain.agents.mules import cashout_delay_days
from fraudchain.scenarios.codes import ORIGIN_TELECOM, PAY_CARD, POP_CONSUMER, POP_SME
from fraudchain.sim.engine.stages import mule_accounts
from fraudchain.sim.engine.state import VICTIMS

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel


def run(model: FraudChainModel, day: int) -> None:
    st = model.state
    ids = np.concatenate([st.pay_calendar.pop(day), *st.due_today])
    st.due_today = []
    if ids.size == 0:
        return
    c, rng, ft, bp = st.cases, model.rng, model.ft, model.params.banks
    ids = ids[~c.stopped[ids]]
    if ids.size == 0:
        return
    t = c.ftype[ids].astype(np.int64)
    pop = c.pop[ids]
    victim = c.victim[ids]
    cons = pop == POP_CONSUMER
    balance = np.where(cons, model.consumers.savings[np.where(cons, victim, 0)],
                       model.smes.savings[np.where(pop == POP_SME, victim, 0)] if model.n_smes else 0.0)
    amount = ft.loss_median_eur[t] * np.exp(ft.loss_sigma[t] * rng.standard_normal(ids.size))
    amount = np.minimum(np.minimum(amount, balance), bp.daily_limit_eur)
    amount = within_balance(pop, victim, amount, balance)
    kind = np.where(rng.random(ids.size) < ft.card_share[t], PAY_CARD, ft.payment[t])
    events = PaymentEvents(ids, model.type_keys[t], amount, c.vkind[ids], c.bank[ids],
                           kind=kind, name_mismatch=c.mismatch[ids], first_payment=c.payments_made[ids] == 0,
                           delay_sensitivity=ft.delay_sensitivity[t])
    stop = amount < 1.0
    for actor in model.payment_screeners:      # the banks first, then extension actors
        extra = actor.on_payments(day, events)
        if extra is not None:
            stop |= np.asarray(extra, dtype=bool)
    c.stopped[ids[stop]] = True
    st.daily["stopped_payments"][day] += np.bincount(t[stop], model.weight(pop[stop]), model.n_types)
    go = ~stop
    ids, t, amount, pop, victim, kind = ids[go], t[go], amount[go], pop[go], victim[go], kind[go]
    if ids.size == 0:
        return
    # balances fall (never below zero: amount <= balance)
    cons = pop == POP_CONSUMER
    model.consumers.pay(victim[cons], amount[cons])
    if (~cons).any():
        model.smes.pay(victim[~cons], amount[~cons])
    first_loss = np.isinf(c.first_loss_day[ids])
    c.first_loss_day[ids[first_loss]] = day
    st.daily["victims"][day] += np.bincount(t[first_loss], model.weight(pop[first_loss]), model.n_types)
    first_losses(model, ids[first_loss])
    c.payments_made[ids] += 1
    c.payments_left[ids] -= 1
    c.gross[ids] += amount
    recruited = rng.random(ids.size) < ft.recruited_mule_share[t]     # else an account the group owns or rents
    mule = model.fraudsters.pick_mules(c.group[ids], recruited, model.mules,
                                       lambda g, k, urgent: mule_accounts.recruit(model, g, k, day, urgent))
    c.last_mule[ids] = mule
    credit = day + rng.random(ids.size)
    cashout = credit + cashout_delay_days(rng, ids.size, bp.cashout_hours_mean, bp.slow_cashout_share,
                                          bp.slow_cashout_days)
    model.mules.credit(mule, credit)
    st.pending.add(case=ids, mule=mule, amount=amount, cashout=cashout, kind=kind)
    more = c.payments_left[ids] > 0
    # the next payment after the type's interval, +-30 % (assumption: scams keep a rough rhythm)
    nxt = day + ft.days_between_payments[t[more]] * rng.uniform(0.7, 1.3, int(more.sum()))
    st.pay_calendar.schedule(np.maximum(nxt, day + 1), ids[more])


def within_balance(pop: np.ndarray, victim: np.ndarray, amount: np.ndarray, balance: np.ndarray) -> np.ndarray:
    """Cap today's payments so that a person paying in two cases on one day never pays more than its balance
    (in the order of the events)."""
    key = pop.astype(np.int64) * (1 << 40) + victim
    order = np.argsort(key, kind="stable")
    k, a = key[order], amount[order]
    starts = np.r_[True, k[1:] != k[:-1]]
    if starts.all():
        return amount
    paid_before = np.cumsum(a) - a
    paid_before -= paid_before[starts][np.cumsum(starts) - 1]     # earlier payments of the same person today
    out = amount.copy()
    out[order] = np.minimum(a, np.maximum(balance[order] - paid_before, 0.0))
    return out


def first_losses(model: FraudChainModel, case_ids: np.ndarray) -> None:
    """A case's first loss: the victim's history and the firms' victim counts (what it costs their name)."""
    st, ft = model.state, model.ft
    c = st.cases
    for pop, people in ((POP_CONSUMER, model.consumers), (POP_SME, model.smes)):
        m = c.pop[case_ids] == pop
        if m.any():
            people.record_victimisation(c.victim[case_ids[m]])
    w = model.weight(c.pop[case_ids])
    t = c.ftype[case_ids]
    # a victim weighs on the bank by the fraud type's relevance to banks (schema fraud_types.*.bank_relevance)
    st.books["banks", "sending"][:, VICTIMS] += np.bincount(c.bank[case_ids], w * ft.bank_relevance[t],
                                                            len(model.banks))
    plat = ft.platform[t]
    st.books["platforms", "prevention"][:, VICTIMS] += np.bincount(plat[plat >= 0], w[plat >= 0],
                                                                   len(model.platforms))
    on_tel = (ft.origin[t] == ORIGIN_TELECOM) & (c.telecom[case_ids] >= 0)
    st.books["telecoms", "prevention"][:, VICTIMS] += np.bincount(c.telecom[case_ids][on_tel], w[on_tel],
                                                                  len(model.telecoms))
