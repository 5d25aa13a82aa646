"""Stage hub: shared signals due today expose what they link to, at member organisations only.

A removed number, ad/account or site exposes the group's other live instruments (each simulated
instrument stands for a pool, so this is per representative); a blocked mule IBAN (or a report
routed by Een Loket) exposes `linked_accounts` other accounts of the group. Blocks caused by a
signal do not signal again (no cascades). What a signal exposes is the hub's rule (agents/hub.py);
which hosts and banks are members is theirs. Each day the hub first closes its inflow of signals and records
its capacity (signals, share acted on, delay of a new signal, analysts: what its money buys).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.sim.engine.contracts import fields
from fraudchain.sim.engine.hosts import by_host
from fraudchain.sim.engine.stages import mule_accounts

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = ("hub_instrument_signals", "hub_mule_signals", *fields("instruments", "sector", "org"),
         *fields("mules", "bank"))
WRITES = ("hub_instrument_signals", "hub_mule_signals", *fields("instruments", "due"),
          *fields("system", "hub_signals", "hub_signals_acted", "hub_signal_delay_days", "hub_analysts"))
CALLS = ("mule_accounts.block",)


def run(model: FraudChainModel, day: int) -> None:
    st = model.state
    record_capacity(model, day)
    inst_groups, mule_groups = st.hub_instrument_signals.pop(day), st.hub_mule_signals.pop(day)
    # whether the hub acts at all does not depend on its money, so the draws below do not either
    if model.hub.base_strength() <= 0 or (inst_groups.size == 0 and mule_groups.size == 0):
        return
    rng, fr = model.streams["hub"], model.fraudsters
    inst = fr.instrument[inst_groups].ravel()
    inst = inst[inst >= 0]
    if inst.size:
        ins = st.instruments
        at_member = by_host(ins.sector[inst], ins.org[inst], model.platforms.member, model.telecoms.member,
                            False).astype(bool)
        hit = np.unique(inst[model.hub.exposed_instruments(rng, at_member)])
        np.minimum.at(ins.due, hit, day + 1 + rng.random(hit.size))
    # linked mule accounts at member banks
    slots = fr.mule_slots[mule_groups].ravel()
    slots = slots[model.mules.usable(slots)]
    if slots.size:
        p = model.hub.linked_account_probability(fr.slots_per_group)
        hit = np.unique(slots[model.banks.member[model.mules.bank[slots]] & (rng.random(slots.size) < p)])
        mule_accounts.block(model, hit, day + rng.random(hit.size), day, signal=False)


def record_capacity(model: FraudChainModel, day: int) -> None:
    """The hub closes the day's inflow of signals (national) and the day's capacity is recorded: signals, the
    share acted on, the delay of a new signal and the analysts."""
    hub, sy = model.hub, model.state.system
    today = hub.close_day(model.n_hub_members)
    sy.hub_signals[day] = today
    sy.hub_signals_acted[day] = today * hub.acted_share()
    sy.hub_signal_delay_days[day] = hub.signal_delay()
    sy.hub_analysts[day] = hub.analysts()
