"""Opening and blocking receiving (mule) accounts: a step the payments, reports, cash-out and hub stages call.

Groups open accounts at banks by detection risk, held by recruited mules (consumers, mostly young) or owned or
rented (agents/mules.py, agents/fraudsters.py); a group left with no usable account of a kind recruits one at
once (`replace_if_empty`). A block at a hub member bank becomes a shared signal: the national accounts blocked
join the hub's pooled signal mass (sim/engine/pooled.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.sim.engine.contracts import fields

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = fields("mules", "bank", "weight")
WRITES = ("hub_mule_mass", *fields("system", "fraudster_costs_eur"))
CALLS: tuple[str, ...] = ()


def recruit(model: FraudChainModel, groups: np.ndarray, slots: np.ndarray, day: int, urgent: bool = False) -> None:
    """Open new receiving accounts for (group, slot) pairs at banks chosen by detection risk: a recruited mule's
    account (held by a consumer, mostly young) or one the group owns or rents, as the slot says."""
    mp, fr = model.params.mules, model.fraudsters
    rng = model.streams["recruitment"]
    recruited, weight = fr.slot_recruited[slots], fr.slot_weight[slots]
    # a national account's first fraudulent credit: at the rate such an account is credited (agents/mules.py); an
    # urgent one is opened for a payment that is waiting, so it is in use at once
    first_use = day + (rng.random(slots.size) if urgent else
                       rng.exponential(1.0 / np.maximum(fr.slot_use_rate[slots], 1e-9)))
    ids = model.mules.recruit(groups, slots.size, day, model.recv_cdf, rng, recruited, weight, first_use)
    rec = ids[recruited]
    model.mules.set_holders(rec, model.consumers.recruit_mules(rec.size, mp.young_share, rng))
    cost = mp.recruitment_cost_eur * (mp.urgent_recruitment_multiplier if urgent else 1.0)
    fr.fill_slots(groups, slots, ids, cost)
    model.state.system.fraudster_costs_eur[day] += cost * float(weight.sum())


def replace_if_empty(model: FraudChainModel, day: int) -> None:
    """A group left with no usable account of a kind recruits one at once (agents/fraudsters.py, `empty_kinds`):
    called after every stage that blocks or drops accounts, and before the day's payments."""
    groups, slots = model.fraudsters.empty_kinds(model.mules, model.streams["recruitment"])
    if groups.size:
        recruit(model, groups, slots, day, urgent=True)


def block(model: FraudChainModel, ids: np.ndarray, when: np.ndarray, day: int, signal: bool = True) -> None:
    """Block mule accounts; a block at a hub member becomes a shared signal (unless it came from one)."""
    if ids.size == 0:
        return
    m = model.mules
    ids, when = m.block(ids, when)
    if ids.size:
        model.fraudsters.accounts_lost()
    if not signal:
        return
    members = model.banks.member[m.bank[ids]]
    if members.any():
        mass = m.weight[ids[members]]
        model.hub.note_signals(float(mass.sum()))      # the hub's inflow of work (its capacity, agents/hub.py)
        model.state.hub_mule_mass.schedule(day + model.hub.signal_delay() + np.zeros(mass.size), mass)
