"""The victims' history at the start of a run: who was a victim within `population.repeat_window_days` before day 0.

A recent victim is more susceptible (`population.repeat_victim_multiplier`) and counts as a repeat victim. A run
that started with nobody's history would have its share of recent victims grow through the first window, and
with it victims, reports and the firms' reviews: the baseline would drift with no policy change. So each person
(and SME) starts with the history the status quo would have given it: a victim within the window with chance
1 - exp(-rate x window), rate = its status-quo victimisations a year (the contact rates of each fraud type it can
be reached by (offers met while buying weighed by how much it buys online; the aim at savers is left out), times
what gets past the telecom and platform filters, its own susceptibility and the banks' checks on the first
payment), on a uniform day of the window.

Reads: the per-type arrays, the filters' block matrix, the banks' expected stop rates, the populations'
susceptibility. Writes: the populations' last victimisation day (before day 0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import PAY_UNAUTHORISED, POP_CONSUMER, POP_SME

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

CHUNK = 1_000_000    # persons per block (bounds the temporary arrays at national scale)


def yearly_victim_rates(model: FraudChainModel, pop: int) -> np.ndarray:
    """Status-quo victimisations a year of every member of population `pop` (consumers or SMEs)."""
    ft, params = model.ft, model.params
    people = model.consumers if pop == POP_CONSUMER else model.smes
    paid = 1.0 - model.banks.stop_rate(ft.payment != PAY_UNAUTHORISED, ft.name_check_mismatch)
    rate = np.zeros(people.n)
    for t in np.flatnonzero(ft.target == pop):
        per_person = ft.contact_rate[t] * paid[t]
        for lo in range(0, people.n, CHUNK):
            idx = np.arange(lo, min(lo + CHUNK, people.n))
            if pop == POP_CONSUMER:
                reach = model.uses[idx, ft.use[t]]
                passing = 1.0 - model.block[t, model.consumers.telecom[idx]]
                mult = people.susceptibility(idx, 0, np.broadcast_to(ft.age[t], (idx.size, ft.age.shape[1])),
                                             params.awareness, 0.0, 1.0)
                if ft.met_while_buying[t]:     # offers met while buying reach those who buy a lot more often
                    reach = reach * people.buying_weight(idx)
            else:
                reach, passing = 1.0, 1.0 - model.block[t, 0]
                mult = people.susceptibility(idx, 0, 0.0, 1.0, params.insurers.prevention_demand, params.awareness)
            rate[idx] += per_person * reach * passing * np.clip(ft.susceptibility[t] * mult, 0.0, 1.0)
    return rate


def seed_history(model: FraudChainModel) -> None:
    """Give every person and SME the victimisations the status quo would have left within the window."""
    window = model.params.population.repeat_window_days / 365.0
    for pop, people in ((POP_CONSUMER, model.consumers), (POP_SME, model.smes)):
        if people.n:
            people.seed_history(-np.expm1(-yearly_victim_rates(model, pop) * window), model.streams["history"])
