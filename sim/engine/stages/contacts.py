"""Stage contacts: fraudster groups make contacts; filters stop some; reached targets decide.

A contact is aimed at a random person, at savers for a type that looks for money (`aim_by_wealth`), and in
proportion to how much a person buys online for a type met while buying (`aim_by_buying`: fake offers and shops).
The groups' effort (agents/fraudsters.py), the filters' block matrix (platforms, telecoms), each target's
susceptibility (agents/consumers.py, agents/smes.py) with the caution that expected reimbursement (moral hazard)
and the regime's gross-negligence test leave. A group keeps an instrument in use on any day it makes a contact
of the type nationally (`in_use_today`), and new instruments replace those taken down; the targets who fell for
it become cases (cases.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_PLATFORM, ORIGIN_TELECOM, POP_CONSUMER, POP_SME
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.sim.engine.contracts import fields
from fraudchain.sim.engine.stages import cases

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = ("expected_reimbursement",)
WRITES = ("effort_by_type", "capacity_total", "substitutable_by_type", "instruments.rows",
          *fields("instruments", "group", "ftype", "sector", "org", "first_use"),
          *fields("daily", "attempts"), *fields("system", "fraudster_costs_eur", "persons_attempted"))
CALLS = ("cases.open_cases",)


def run(model: FraudChainModel, day: int) -> None:
    rng, ft, st = model.streams["contacts"], model.ft, model.state
    pos, effort = model.fraudsters.effort()       # effort[k, t]: contacts/day of group pos[k] on type t
    if pos.size == 0:
        return
    st.effort_by_type[day] = effort.sum(axis=0)
    st.capacity_total[day] = model.fraudsters.total_capacity()
    st.substitutable_by_type[day] = model.fraudsters.substitutable_effort()
    counts = rng.poisson(effort)
    gi, ti = np.nonzero(counts)
    reps = counts[gi, ti]
    group_of = np.repeat(pos[gi], reps)      # contact -> group position
    type_of = np.repeat(ti, reps)            # contact -> fraud type index
    used = in_use_today(model, effort, counts)
    ug, ut = np.nonzero(used)
    use_instruments(model, day, pos[ug], ut)   # every group/type at work on the type today uses its instrument
    st.system.fraudster_costs_eur[day] += type_of.size * model.params.fraudsters.cost_per_contact_eur * model.scale
    falls = [contacts_in(model, day, pop, group_of[m], type_of[m]) for pop in (POP_CONSUMER, POP_SME)
             if (m := ft.target[type_of] == pop).any() and model.pop_size[pop] > 0]
    falls = [f for f in falls if f is not None]
    if falls:
        pop, target, ftype, group = (np.concatenate(x) for x in zip(*falls, strict=True))
        cases.open_cases(model, day, pop, target, ftype, group)


def contacts_in(model: FraudChainModel, day: int, pop: int, group_of: np.ndarray, type_of: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Contacts aimed at one population: reach, filters, the target's decision.

    Returns (population, target, fraud type, group) of the targets who fell for it, or None."""
    rng, ft, params = model.streams["contacts"], model.ft, model.params
    people = model.consumers if pop == POP_CONSUMER else model.smes
    target = rng.integers(0, people.n, size=type_of.size)                   # who each contact is aimed at
    if pop == POP_CONSUMER:
        target = people.aim_by_wealth(rng, target, ft.wealth_targeting[type_of])   # offers looking for money
        # a type met while buying is aimed by buying intensity (this replaces an aim at savers: no built-in type has both)
        target = people.aim_by_buying(model.streams["buying_aim"], target, ft.met_while_buying[type_of])
        reached = model.uses[target, ft.use[type_of]]
        target, type_of, group_of = target[reached], type_of[reached], group_of[reached]
        telecom = model.consumers.telecom[target]
    else:
        telecom = np.zeros(target.size, dtype=np.int8)
    block = model.block[type_of, telecom]
    u = rng.random((target.size, 2))
    passed = u[:, 0] >= block
    target, type_of, group_of, u = target[passed], type_of[passed], group_of[passed], u[passed]
    model.state.daily.attempts[day] += np.bincount(type_of, minlength=model.n_types) * \
        (model.scale if pop == POP_CONSUMER else model.sme_scale)
    if pop == POP_CONSUMER:     # persons reached by a scam call or message this year, as a survey counts them
        message = ft.message[type_of]
        model.state.system.persons_attempted[day] += people.note_attempts(target[message], day) * model.scale
    # the target decides: base susceptibility x personal multiplier
    shift = params.liability.moral_hazard * model.state.expected_reimbursement[type_of]
    if pop == POP_CONSUMER:
        floor = np.where(ft.gross_negligence[type_of], params.liability.gross_negligence_standard, 0.0)
        mult = model.consumers.susceptibility(target, day, ft.age[type_of], params.awareness,
                                              model.consumers.caution_shift(target, shift, floor),
                                              params.population.repeat_victim_multiplier)
    else:
        mult = model.smes.susceptibility(target, day, float(shift.mean()) if shift.size else 0.0,
                                         params.population.repeat_victim_multiplier, params.insurers.prevention_demand,
                                         params.awareness)
    falls = u[:, 1] < np.clip(ft.susceptibility[type_of] * mult, 0.0, 1.0)
    if not falls.any():
        return None
    k = int(falls.sum())
    return np.full(k, pop, dtype=np.int8), target[falls], type_of[falls], group_of[falls]


def in_use_today(model: FraudChainModel, effort: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """[group, type] pairs whose instrument is in use today: those that made a simulated contact, and of the others
    the share that made a national one (a simulated contact stands for `scale`): P(used) = 1 - exp(-scale x
    effort), the chance a group makes at least one contact of the type nationally. So a group working a type keeps
    an instrument live at any agent count, not only on the days the sample happens to draw one of its contacts.
    Drawn from its own stream, so the day's contacts do not depend on how many groups are at work."""
    scale = np.where(model.ft.target == POP_SME, model.sme_scale, model.scale)        # national contacts per one
    extra = -np.expm1(-np.maximum(scale - 1.0, 0.0) * effort)                        # 1 - exp(-(scale - 1) x effort)
    return (counts > 0) | (model.streams["instrument_use"].random(effort.shape) < extra)


def use_instruments(model: FraudChainModel, day: int, groups: np.ndarray, types: np.ndarray) -> None:
    """Each (group, type) pair that made contacts today needs a live instrument; create one where it was
    taken down (a new number, account, ad or site)."""
    fr, ft = model.fraudsters, model.ft
    new = fr.instrument[groups, types] < 0
    g, t = groups[new], types[new]
    if g.size == 0:
        return
    k = g.size
    sector = ft.origin[t]
    org = np.where(sector == ORIGIN_PLATFORM, ft.platform[t],
                   np.where(sector == ORIGIN_TELECOM, model.streams["instruments"].integers(0, len(model.telecoms), k),
                            -1))
    ids = model.state.instruments.add(k, group=g, ftype=t, sector=sector, org=org, first_use=day)
    fr.new_instruments(g, t, ids)
    # a simulated instrument stands for a group's pool of parallel ones (see reports.py)
    fp = model.params.fraudsters
    model.state.system.fraudster_costs_eur[day] += k * fp.instrument_cost_eur * fp.instruments_per_type


def block_matrix(model: FraudChainModel) -> np.ndarray:
    """block[t, telecom]: chance a contact of type t to a subscriber of that operator is stopped."""
    ft = model.ft
    m = np.zeros((model.n_types, max(len(model.telecoms), 1)))
    for t, key in enumerate(model.types):
        facts = FRAUD_TYPES[key]
        if ft.origin[t] == ORIGIN_TELECOM:
            m[t] = [tc.block_probability(facts.channel, facts.impersonates_bank) for tc in model.telecoms]
        elif ft.origin[t] == ORIGIN_PLATFORM:
            m[t] = model.platforms[ft.platform[t]].block_probability(seller_or_advertiser=facts.seller_or_advertiser)
    return m
