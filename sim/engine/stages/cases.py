"""Cases: targets who fell for a contact today (a step of the contacts stage).

Each case gets its planned payments and whether the victim lives where Eén Loket is open (its coverage), and
is filed in the payment calendar; the reports the victim will make are decided once its loss is known
(victim_reports.py, a step of settlement), counted from its last planned payment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import POP_SME, VICTIM_CONSUMER, VICTIM_MICRO, VICTIM_SME
from fraudchain.sim.engine.contracts import fields

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS: tuple[str, ...] = ()
WRITES = ("cases.rows", "due_today", "pay_calendar",
          *fields("cases", "pop", "victim", "ftype", "group", "instrument", "bank", "telecom", "vkind", "vulnerable",
                  "own_bank", "mismatch", "payments_left", "report_base", "repeat", "loket_area"),
          *fields("daily", "cases"))
CALLS: tuple[str, ...] = ()


def open_cases(model: FraudChainModel, day: int, pop: np.ndarray, target: np.ndarray, type_of: np.ndarray,
               group_of: np.ndarray) -> None:
    rng, ft, st = model.streams["cases"], model.ft, model.state
    people, smes = model.consumers, model.smes
    k = target.size
    n_pay = np.where(ft.payments_mean[type_of] > 1, rng.geometric(1.0 / ft.payments_mean[type_of]), 1)
    first = day + rng.exponential(np.maximum(ft.scam_days[type_of], 1e-9)) * (ft.scam_days[type_of] > 0)
    last = first + (n_pay - 1) * ft.days_between_payments[type_of]
    sme = pop == POP_SME
    micro = smes.micro[np.where(sme, target, 0)] if model.n_smes else False
    vkind = np.where(sme, np.where(micro, VICTIM_MICRO, VICTIM_SME), VICTIM_CONSUMER).astype(np.int8)
    u = rng.random((k, 2))
    c = st.cases
    ids = c.add(
        k, pop=pop, victim=target, ftype=type_of, group=group_of,
        instrument=model.fraudsters.instrument[group_of, type_of],
        bank=model.victim_values(pop, target, people.bank, smes.bank),
        telecom=model.victim_values(pop, target, people.telecom, -1), vkind=vkind,
        vulnerable=model.victim_values(pop, target, people.vulnerable, smes.vulnerable),
        own_bank=ft.impersonates_bank[type_of] & (u[:, 0] < ft.own_bank_share[type_of]),
        mismatch=u[:, 1] < ft.name_check_mismatch[type_of],
        payments_left=n_pay, report_base=last,
        repeat=model.victim_values(pop, target, people.victimisations, smes.victimisations) > 0)
    st.daily.cases[day] += np.bincount(type_of, model.weight(pop), model.n_types)
    c.loket_area[ids] = model.desks.covered(pop, target)
    now = first < day + 1     # most scams are paid the day they succeed
    st.due_today.append(ids[now])
    st.pay_calendar.schedule(first[~now], ids[~now])
