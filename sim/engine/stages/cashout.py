"""Stage cash-out: receiving banks catch mule accounts; money due today is frozen or cashed out.

Reads: the groups' accounts in use, the receiving banks' hazards (agents/banks.py), the pending
cash-outs, extension actors (the `on_cashout` hook: which cash-outs went through them and which
they froze). Writes: blocks and drops of mule accounts, replacements after the recruitment delay,
mule accounts active; hands today's cash-outs to settlement (settlement.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.agents.base import CashoutEvents
from fraudchain.agents.payment_methods import cashed_out_at_once
from fraudchain.sim.engine.stages import mule_accounts, settlement

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel


def run(model: FraudChainModel, day: int) -> None:
    rng, m, fr, st = model.rng, model.mules, model.fraudsters, model.state
    active = fr.accounts_in_use(m)
    active = active[np.isfinite(m.first_credit_day[active])]
    if active.size:
        caught = active[model.banks.catch_mules(rng, m.bank[active])]
        mule_accounts.block(model, caught, day + rng.random(caught.size), day)
        old = active[(day - m.first_credit_day[active]) > model.params.mules.max_use_days]
        m.drop(old, day)
        if old.size:
            fr.accounts_lost()
    st.system["mule_accounts_active"][day] = float(m.weight[active].sum())
    groups, slots = fr.slots_to_refill(m, day, model.params.mules.recruit_delay_days)
    if groups.size:
        mule_accounts.recruit(model, groups, slots, day)
    due = st.pending.pop_due(day)
    if due is None:
        return
    ids, mule, amount, cashout = due["case"], due["mule"], due["amount"], due["cashout"]
    frozen = (m.blocked_day[mule] < cashout) & ~cashed_out_at_once(due["kind"])   # crypto: exchanged at once
    involved = np.zeros((ids.size, len(model.extension_actors)), dtype=bool)
    c = st.cases
    for a, actor in enumerate(model.extension_actors):
        events = CashoutEvents(ids, model.type_keys[c.ftype[ids]], amount, c.group[ids],
                               m.bank[mule], cashout, model.weight(c.pop[ids]))
        out = actor.on_cashout(day, events)
        if out is not None:
            involved[:, a] = out[0]
            frozen |= np.asarray(out[1], dtype=bool) & ~frozen
    settlement.settle(model, day, ids, amount, frozen, cashout, involved, due["kind"])
