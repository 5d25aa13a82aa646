"""Stage payments: due payments pass the sending banks' checks; those that pass land in a mule account.

What a victim pays and how is its own behaviour (agents/population.py, `scam_payments`); the banks and extension
actors screen each payment through their `on_payments` hook (each returns the payments it stops); the group
picks one of its receiving accounts (agents/fraudsters.py) and the money waits there to be cashed out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.agents.base import PaymentEvents
from fraudchain.agents.mules import cashout_delay_days
from fraudchain.agents.population import scam_payments
from fraudchain.scenarios.codes import ORIGIN_TELECOM, POP_CONSUMER
from fraudchain.sim.engine.contracts import fields
from fraudchain.sim.engine.stages import mule_accounts
from fraudchain.sim.engine.tables import unique_ids

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = fields("cases", "ftype", "pop", "victim", "vkind", "bank", "mismatch", "payments_made", "group", "telecom",
               "stopped")
WRITES = ("pay_calendar", "due_today", "pending.rows", *fields("pending", "case", "mule", "amount", "cashout", "kind"),
          *fields("cases", "stopped", "first_loss_day", "payments_made", "payments_left", "gross", "last_mule"),
          *fields("daily", "stopped_payments", "victims"),
          *fields("books.bank_sending", "victims"), *fields("books.platforms", "victims"),
          *fields("books.telecoms", "victims"))
CALLS = ("mule_accounts.recruit",)


def run(model: FraudChainModel, day: int) -> None:
    st = model.state
    ids = np.concatenate([st.pay_calendar.pop(day), *st.due_today])
    st.due_today.clear()
    if ids.size == 0:
        return
    c, rng, ft, bp = st.cases, model.streams["payments"], model.ft, model.params.banks
    ids = ids[~c.stopped[ids]]
    if ids.size == 0:
        return
    t = c.ftype[ids].astype(np.int64)
    pop = c.pop[ids]
    victim = c.victim[ids]
    balance = model.victim_values(pop, victim, model.consumers.savings, model.smes.savings if model.n_smes else 0.0)
    amount, kind = scam_payments(rng, pop.astype(np.int64) * (1 << 40) + victim, balance, ft.loss_median_eur[t],
                                 ft.loss_sigma[t], bp.daily_limit_eur, ft.card_share[t], ft.payment[t])
    events = PaymentEvents(ids, model.type_keys[t], amount, c.vkind[ids], c.bank[ids],
                           kind=kind, name_mismatch=c.mismatch[ids], first_payment=c.payments_made[ids] == 0,
                           delay_sensitivity=ft.delay_sensitivity[t])
    stop = amount < 1.0
    for actor in model.payment_screeners:      # the banks first, then extension actors
        extra = actor.on_payments(day, events)
        if extra is not None:
            stop |= np.asarray(extra, dtype=bool)
    c.stopped[ids[stop]] = True
    st.daily.stopped_payments[day] += np.bincount(t[stop], model.weight(pop[stop]), model.n_types)
    go = ~stop
    ids, t, amount, pop, victim, kind = ids[go], t[go], amount[go], pop[go], victim[go], kind[go]
    if ids.size == 0:
        return
    # balances fall (never below zero: amount <= balance)
    cons = pop == POP_CONSUMER
    model.consumers.pay(victim[cons], amount[cons])
    if (~cons).any():
        model.smes.pay(victim[~cons], amount[~cons])
    unique_ids(ids)          # a case pays at most once a day: the scatter updates below are right
    first_loss = np.isinf(c.first_loss_day[ids])
    c.first_loss_day[ids[first_loss]] = day
    st.daily.victims[day] += np.bincount(t[first_loss], model.weight(pop[first_loss]), model.n_types)
    first_losses(model, ids[first_loss])
    c.payments_made[ids] += 1
    c.payments_left[ids] -= 1
    c.gross[ids] += amount
    recruited = rng.random(ids.size) < ft.recruited_mule_share[t]     # else an account the group owns or rents
    mule = model.fraudsters.pick_mules(c.group[ids], recruited, model.mules,
                                       lambda g, k, urgent: mule_accounts.recruit(model, g, k, day, urgent),
                                       model.streams["mules"])
    c.last_mule[ids] = mule
    credit = day + rng.random(ids.size)
    cashout = credit + cashout_delay_days(rng, ids.size, bp.cashout_hours_mean, bp.slow_cashout_share,
                                          bp.slow_cashout_days)
    model.mules.credit(mule, credit)
    st.pending.add(ids.size, case=ids, mule=mule, amount=amount, cashout=cashout, kind=kind)
    more = c.payments_left[ids] > 0
    # the next payment after the type's interval, +-30 % (assumption: scams keep a rough rhythm)
    nxt = day + ft.days_between_payments[t[more]] * rng.uniform(0.7, 1.3, int(more.sum()))
    st.pay_calendar.schedule(np.maximum(nxt, day + 1), ids[more])


def first_losses(model: FraudChainModel, case_ids: np.ndarray) -> None:
    """A case's first loss: the victim's history and the firms' victim counts (what it costs their name)."""
    st, ft = model.state, model.ft
    c = st.cases
    cons = c.pop[case_ids] == POP_CONSUMER
    if cons.any():
        model.consumers.record_victimisation(c.victim[case_ids[cons]])
    if (~cons).any():
        model.smes.record_victimisation(c.victim[case_ids[~cons]])
    w = model.weight(c.pop[case_ids])
    t = c.ftype[case_ids]
    # a victim weighs on the bank by the fraud type's relevance to banks (schema fraud_types.*.bank_relevance)
    st.books.bank_sending.victims += np.bincount(c.bank[case_ids], w * ft.bank_relevance[t], len(model.banks))
    plat = ft.platform[t]
    st.books.platforms.victims += np.bincount(plat[plat >= 0], w[plat >= 0], len(model.platforms))
    on_tel = (ft.origin[t] == ORIGIN_TELECOM) & (c.telecom[case_ids] >= 0)
    st.books.telecoms.victims += np.bincount(c.telecom[case_ids][on_tel], w[on_tel], len(model.telecoms))
