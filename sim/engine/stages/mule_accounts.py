"""Opening and blocking receiving (mule) accounts: shared by the payments, reports, cash-out and hub stages.

Reads: the receiving banks' displacement weights, the consumers (mule recruitment pool), the hub's
member banks. Writes: new accounts (agents/mules.py) in the groups' slots (agents/fraudsters.py),
blocks, hub signals (national accounts blocked at member banks, sim/engine/pooled.py), fraudster costs.
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
    # a national account's first fraudulent credit: at the rate such an account is credited (agents/mules.py); an
    # urgent one is opened for a payment that is waiting, so it is in use at once
    first_use = day + (model.rng.random(slots.size) if urgent else
                       model.rng.exponential(1.0 / np.maximum(fr.slot_use_rate[slots], 1e-9)))
    ids = model.mules.recruit(groups, slots.size, day, model.recv_cdf, model.rng, recruited, weight, first_use)
    rec = ids[recruited]
    model.mules.set_holders(rec, model.consumers.recruit_mules(rec.size, mp.young_share, model.rng))
    cost = mp.recruitment_cost_eur * (mp.urgent_recruitment_multiplier if urgent else 1.0)
    fr.fill_slots(groups, slots, ids, cost)
    model.state.system["fraudster_costs_eur"][day] += cost * float(weight.sum())


def replace_if_empty(model: FraudChainModel, day: int) -> None:
    """A group left with no usable account of a kind recruits one at once (agents/fraudsters.py, `empty_kinds`):
    called after every stage that blocks or drops accounts, and before the day's payments."""
    groups, slots = model.fraudsters.empty_kinds(model.mules, model.rng)
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
        model.state.hub_mule_mass.schedule(day + model.params.hub.signal_delay_days + np.zeros(int(members.sum())),
                                           m.weight[ids[members]])
