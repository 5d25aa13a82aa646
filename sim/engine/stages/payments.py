"""Stage payments: due payments pass the sending banks' checks; those that pass land in a mule account.

What a victim pays and how is its own behaviour (agents/population.py, `scam_payments`: the payment method,
agents/payment_methods.py; the bank's default limit and the wait on raising it, `BankSector.limit_payments`);
the banks and extension actors screen each payment through their `on_payments` hook (each returns the payments
it stops); the group picks one of its receiving accounts (agents/fraudsters.py) and the money waits there to be
cashed out. A loss outside any payment account (cash, goods handed over) reaches no account: it is settled at
once (settlement.py); crypto is exchanged at once, so nothing is left to freeze.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.agents.base import PaymentEvents
from fraudchain.agents.mules import cashout_delay_days
from fraudchain.agents.payment_methods import cashed_out_at_once, draw_kinds
from fraudchain.agents.population import scam_payments, within_balance
from fraudchain.scenarios.codes import IS_NO_ACCOUNT, ORIGIN_TELECOM, PAY_AUTHORISED, POP_CONSUMER
from fraudchain.sim.engine.contracts import fields
from fraudchain.sim.engine.stages import mule_accounts, settlement
from fraudchain.sim.engine.tables import unique_ids

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = fields("cases", "ftype", "pop", "victim", "vkind", "bank", "mismatch", "payments_made", "group", "telecom",
               "stopped")
WRITES = ("pay_calendar", "due_today", "pending.rows", *fields("pending", "case", "mule", "amount", "cashout", "kind"),
          *fields("cases", "stopped", "first_loss_day", "paid_kind", "payments_made", "payments_left", "gross",
                  "last_mule"),
          *fields("daily", "stopped_payments", "victims"),
          *fields("books.bank_sending", "victims"), *fields("books.platforms", "victims"),
          *fields("books.telecoms", "victims"))
CALLS = ("mule_accounts.recruit", "mule_accounts.replace_if_empty", "settlement.settle")


def run(model: FraudChainModel, day: int) -> None:
    st = model.state
    mule_accounts.replace_if_empty(model, day)
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
    key = pop.astype(np.int64) * (1 << 40) + victim
    # what the victim can pay: its balance, and for scams that run for months also savings and investments held
    # elsewhere (fraud_types.*.wealth_reach; the account's balance falls by the part it holds)
    means = balance * ft.wealth_reach[t]
    sensitivity = ft.delay_sensitivity[t]
    amount, kind, gave_up = scam_payments(
        rng, key, means, ft.loss_median_eur[t], ft.loss_sigma[t],
        kinds=lambda u: draw_kinds(u, t, ft),                      # how the victim pays (agents/payment_methods.py)
        limits=lambda u, a, k: model.banks.limit_payments(u, c.bank[ids], a, k, sensitivity))
    events = PaymentEvents(ids, model.type_keys[t], amount, c.vkind[ids], c.bank[ids],
                           kind=kind, name_mismatch=c.mismatch[ids], first_payment=c.payments_made[ids] == 0,
                           delay_sensitivity=ft.delay_sensitivity[t])
    stop = (amount < 1.0) | gave_up
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
    # balances fall by the part of the payments they hold (never below zero)
    cons = pop == POP_CONSUMER
    from_balance = within_balance(key[go], np.minimum(amount, balance[go]), balance[go])
    model.consumers.pay(victim[cons], from_balance[cons])
    if (~cons).any():
        model.smes.pay(victim[~cons], from_balance[~cons])
    unique_ids(ids)          # a case pays at most once a day: the scatter updates below are right
    first_loss = np.isinf(c.first_loss_day[ids])
    c.first_loss_day[ids[first_loss]] = day
    c.paid_kind[ids[first_loss]] = kind[first_loss]
    st.daily.victims[day] += np.bincount(t[first_loss], model.weight(pop[first_loss]), model.n_types)
    first_losses(model, ids[first_loss], day)
    c.payments_made[ids] += 1
    c.payments_left[ids] -= 1
    c.gross[ids] += amount
    more = c.payments_left[ids] > 0
    credit = day + rng.random(ids.size)
    # no account at a bank receives it, so nothing to monitor, freeze or recall: the loss is settled at once. Cash,
    # card and wallet payments (scenarios/codes.py, NO_ACCOUNT_KINDS), and transfers a payment service provider's
    # merchant account collects (iDEAL at fake shops)
    merchant = rng.random(ids.size) < ft.merchant_account_share[t]
    direct = IS_NO_ACCOUNT[kind] | ((kind == PAY_AUTHORISED) & merchant)
    if direct.any():
        w = np.flatnonzero(direct)
        settlement.settle(model, day, ids[w], amount[w], np.zeros(w.size, bool), credit[w],
                          np.zeros((w.size, len(model.extension_actors)), bool), kind[w], np.full(w.size, -1))
    b = np.flatnonzero(~direct)
    recruited = rng.random(b.size) < ft.recruited_mule_share[t[b]]     # else an account the group owns or rents
    mule = model.fraudsters.pick_mules(c.group[ids[b]], recruited, model.mules,
                                       lambda g, k, urgent: mule_accounts.recruit(model, g, k, day, urgent), day,
                                       model.streams["mules"])
    c.last_mule[ids[b]] = mule
    # crypto is exchanged at once; other payments wait in the account until the mule cashes them out
    delay = cashout_delay_days(rng, b.size, bp.cashout_hours_mean, bp.slow_cashout_share, bp.slow_cashout_days)
    cashout = credit[b] + np.where(cashed_out_at_once(kind[b]), 0.0, delay)
    model.mules.credit(mule, credit[b])
    st.pending.add(b.size, case=ids[b], mule=mule, amount=amount[b], cashout=cashout, kind=kind[b])
    # the next payment after the type's interval, +-30 % (assumption: scams keep a rough rhythm)
    nxt = day + ft.days_between_payments[t[more]] * rng.uniform(0.7, 1.3, int(more.sum()))
    st.pay_calendar.schedule(np.maximum(nxt, day + 1), ids[more])


def first_losses(model: FraudChainModel, case_ids: np.ndarray, day: int) -> None:
    """A case's first loss: the victim's history and the firms' victim counts (what it costs their name)."""
    st, ft = model.state, model.ft
    c = st.cases
    cons = c.pop[case_ids] == POP_CONSUMER
    if cons.any():
        model.consumers.record_victimisation(c.victim[case_ids[cons]], day)
    if (~cons).any():
        model.smes.record_victimisation(c.victim[case_ids[~cons]], day)
    w = model.weight(c.pop[case_ids])
    t = c.ftype[case_ids]
    # a victim weighs on the bank by the fraud type's relevance to banks (schema fraud_types.*.bank_relevance)
    st.books.bank_sending.victims += np.bincount(c.bank[case_ids], w * ft.bank_relevance[t], len(model.banks))
    plat = ft.platform[t]
    st.books.platforms.victims += np.bincount(plat[plat >= 0], w[plat >= 0], len(model.platforms))
    on_tel = (ft.origin[t] == ORIGIN_TELECOM) & (c.telecom[case_ids] >= 0)
    st.books.telecoms.victims += np.bincount(c.telecom[case_ids][on_tel], w[on_tel], len(model.telecoms))
