"""Opening and blocking receiving (mule) accounts: shared by the payments, reports, settlement and hub stages.

Reads: the receiving banks' displacement weights, the consumers (mule recruitment pool), the hub's
member banks. Writes: new accounts (agents/mules.py) in the groups' slots (agents/fraudsters.py),
blocks, hub signals for blocks at member banks, fraudster costs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel


def recruit(model: FraudChainModel, groups: np.ndarray, slots: np.ndarray, day: int, urgent: bool = False) -> None:
    """Open new receiving accounts for (group, slot) pairs at banks chosen by detection risk: a recruited mule's
    account (held by a consumer, mostly young) or one the group owns or rents, as the slot says."""
    mp, fr = model.params.mules, model.fraudsters
    recruited, weight = fr.slot_recruited[slots], fr.slot_weight[slots]
    ids = model.mules.recruit(groups, slots.size, day, model.recv_cdf, model.rng, recruited, weight)
    rec = ids[recruited]
    model.mules.set_holders(rec, model.consumers.recruit_mules(rec.size, mp.young_share, model.rng))
    cost = mp.recruitment_cost_eur * (mp.urgent_recruitment_multiplier if urgent else 1.0)
    fr.fill_slots(groups, slots, ids, cost)
    model.state.system["fraudster_costs_eur"][day] += cost * float(weight.sum())


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
