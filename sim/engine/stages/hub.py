"""Stage hub: shared signals due today expose what they link to, at member organisations only.

A removed number, ad/account or site exposes the group's other live instruments (each simulated
instrument stands for a pool, so this is per representative). A blocked mule IBAN (or a report
routed by Een Loket) exposes `linked_accounts` other accounts: these signals are pooled nationally
(sim/engine/pooled.py), so every live account at a member bank meets the national exposures per live
account a day, at any agent count. Blocks caused by a signal do not signal again (no cascades). What a
signal exposes is the hub's rule (agents/hub.py); which hosts and banks are members is theirs. Each day the
hub first closes its inflow of signals and records its capacity (signals, share acted on, delay of a new
signal, analysts: what its money buys).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.sim.engine.contracts import fields
from fraudchain.sim.engine.hosts import by_host
from fraudchain.sim.engine.stages import mule_accounts

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = ("hub_instrument_signals", "hub_mule_mass", "hub_rate", *fields("instruments", "sector", "org"),
         *fields("mules", "bank", "weight"))
WRITES = ("hub_instrument_signals", "hub_mule_mass", "hub_rate", *fields("instruments", "due"),
          *fields("system", "hub_signals", "hub_signals_acted", "hub_signal_delay_days", "hub_analysts"))
CALLS = ("mule_accounts.block", "mule_accounts.replace_if_empty")


def run(model: FraudChainModel, day: int) -> None:
    st, rng, fr = model.state, model.streams["hub"], model.fraudsters
    record_capacity(model, day)
    linked_accounts(model, day)
    inst_groups = st.hub_instrument_signals.pop(day)
    # whether the hub acts at all does not depend on its money, so the draws below do not either
    if model.hub.base_strength() <= 0 or inst_groups.size == 0:
        return
    inst = fr.instrument[inst_groups].ravel()
    inst = inst[inst >= 0]
    if inst.size:
        ins = st.instruments
        at_member = by_host(ins.sector[inst], ins.org[inst], model.platforms.member, model.telecoms.member,
                            False).astype(bool)
        hit = np.unique(inst[model.hub.exposed_instruments(rng, at_member)])
        np.minimum.at(ins.due, hit, day + 1 + rng.random(hit.size))


def linked_accounts(model: FraudChainModel, day: int) -> None:
    """Signals about receiving accounts due today (national) join the pooled signal rate per live account;
    each live account at a member bank is exposed at that rate x the accounts a signal exposes."""
    st, m, rng = model.state, model.mules, model.streams["hub_accounts"]
    st.hub_rate.add(0, st.hub_mule_mass.pop(day))
    accounts = model.fraudsters.accounts_in_use(m)
    accounts = accounts[m.live(accounts, day)]
    rate = float(st.hub_rate.update(float(m.weight[accounts].sum()))[0])
    exposed = rate * model.hub.linked_accounts_exposed()
    # whether accounts are drawn does not depend on the hub's money (its acted share), only what they meet
    if model.hub.base_strength() <= 0 or accounts.size == 0:
        return
    at_member = accounts[model.banks.member[m.bank[accounts]]]
    hit = at_member[rng.random(at_member.size) < 1.0 - np.exp(-exposed)]
    mule_accounts.block(model, hit, day + rng.random(hit.size), day, signal=False)
    if hit.size:
        mule_accounts.replace_if_empty(model, day)


def record_capacity(model: FraudChainModel, day: int) -> None:
    """The hub closes the day's inflow of signals (national) and the day's capacity is recorded: signals, the
    share acted on, the delay of a new signal and the analysts."""
    hub, sy = model.hub, model.state.system
    today = hub.close_day(model.n_hub_members)
    sy.hub_signals[day] = today
    sy.hub_signals_acted[day] = today * hub.acted_share()
    sy.hub_signal_delay_days[day] = hub.signal_delay()
    sy.hub_analysts[day] = hub.analysts()
