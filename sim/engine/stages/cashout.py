"""Stage cash-out: receiving banks catch mule accounts; money due today is frozen or cashed out.

The receiving banks' monitoring catches accounts in use (agents/banks.py): every account from its first
fraudulent credit (agents/mules.py) meets its bank's daily hazard. Groups stop using accounts after
`mules.max_use_days` and replace blocked or dropped ones after the recruitment delay (agents/fraudsters.py); a
group left with no usable account of a kind recruits one at once (`mule_accounts.replace_if_empty`). Extension
actors say which cash-outs went through them and which they froze (`on_cashout`). Today's cash-outs are then
settled (settlement.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.agents.base import CashoutEvents
from fraudchain.agents.payment_methods import cashed_out_at_once
from fraudchain.sim.engine.contracts import fields
from fraudchain.sim.engine.stages import mule_accounts, settlement

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = (*fields("mules", "first_credit_day", "bank", "weight", "blocked_day"),
         *fields("cases", "ftype", "group", "pop"))
WRITES = ("pending.rows", *fields("pending", "case", "mule", "amount", "cashout", "kind"),
          *fields("system", "mule_accounts_active"))
CALLS = ("mule_accounts.block", "mule_accounts.recruit", "mule_accounts.replace_if_empty", "settlement.settle")


def run(model: FraudChainModel, day: int) -> None:
    rng, m, fr, st = model.streams["mule_detection"], model.mules, model.fraudsters, model.state
    active = fr.accounts_in_use(m)
    active = active[m.live(active, day)]
    if active.size:
        caught = active[model.banks.catch_mules(rng, m.bank[active])]
        mule_accounts.block(model, caught, day + rng.random(caught.size), day)
        old = active[(day - m.first_credit_day[active]) > model.params.mules.max_use_days]
        m.drop(old, day)
        if old.size:
            fr.accounts_lost()
    st.system.mule_accounts_active[day] = float(m.weight[active].sum())
    groups, slots = fr.slots_to_refill(m, day, model.params.mules.recruit_delay_days)
    if groups.size:
        mule_accounts.recruit(model, groups, slots, day)
    mule_accounts.replace_if_empty(model, day)
    due = st.pending.pop_due(day)
    if due is None:
        return
    frozen = (m.blocked_day[due.mule] < due.cashout) & ~cashed_out_at_once(due.kind)   # crypto: exchanged at once
    involved = np.zeros((due.case.size, len(model.extension_actors)), dtype=bool)
    c = st.cases
    for a, actor in enumerate(model.extension_actors):
        events = CashoutEvents(due.case, model.type_keys[c.ftype[due.case]], due.amount, c.group[due.case],
                               m.bank[due.mule], due.cashout, model.weight(c.pop[due.case]))
        out = actor.on_cashout(day, events)
        if out is not None:
            involved[:, a] = out[0]
            frozen |= np.asarray(out[1], dtype=bool) & ~frozen
    settlement.settle(model, day, due.case, due.amount, frozen, due.cashout, involved, due.kind, due.mule)
