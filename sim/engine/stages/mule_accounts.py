"""Opening and blocking receiving (mule) accounts: a step the payments, reports, cash-out and hub stages call.

Groups open accounts at banks by detection risk, held by recruited mules (consumers, mostly young) or owned or
rented (agents/mules.py, agents/fraudsters.py); a block at a hub member bank becomes a shared signal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.sim.engine.contracts import fields

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = fields("mules", "bank", "group", "weight")
WRITES = ("hub_mule_signals", *fields("system", "fraudster_costs_eur"))
CALLS: tuple[str, ...] = ()


def recruit(model: FraudChainModel, groups: np.ndarray, slots: np.ndarray, day: int, urgent: bool = False) -> None:
    """Open new receiving accounts for (group, slot) pairs at banks chosen by detection risk: a recruited mule's
    account (held by a consumer, mostly young) or one the group owns or rents, as the slot says."""
    mp, fr = model.params.mules, model.fraudsters
    rng = model.streams["recruitment"]
    recruited, weight = fr.slot_recruited[slots], fr.slot_weight[slots]
    ids = model.mules.recruit(groups, slots.size, day, model.recv_cdf, rng, recruited, weight)
    rec = ids[recruited]
    model.mules.set_holders(rec, model.consumers.recruit_mules(rec.size, mp.young_share, rng))
    cost = mp.recruitment_cost_eur * (mp.urgent_recruitment_multiplier if urgent else 1.0)
    fr.fill_slots(groups, slots, ids, cost)
    model.state.system.fraudster_costs_eur[day] += cost * float(weight.sum())


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
        model.hub.note_signals(float(m.weight[ids[members]].sum()))
        model.state.hub_mule_signals.schedule(
            day + model.hub.signal_delay() + np.zeros(int(members.sum())),
            m.group[ids[members]].astype(np.int64))
