"""Cases: targets who fell for a contact today (a step of the contacts stage).

Each case gets its planned payments, whether the victim lives where Eén Loket is open (its coverage), and the
reports the victim will make (decided once, with their days, by the desks: agents/reporting.py), and is filed
in the payment and report calendars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_NONE, POP_SME, VICTIM_CONSUMER, VICTIM_MICRO, VICTIM_SME
from fraudchain.sim.engine.contracts import fields

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS: tuple[str, ...] = ()
WRITES = ("cases.rows", "due_today", "pay_calendar", "bank_reports", "police_reports", "platform_reports",
          *fields("cases", "pop", "victim", "ftype", "group", "instrument", "bank", "telecom", "vkind", "vulnerable",
                  "own_bank", "mismatch", "payments_left", "repeat", "bank_day", "claim_due", "police_day",
                  "platform_day", "fraudehelpdesk", "support", "desks", "police_quality", "help_day", "loket",
                  "loket_area", "police_routed"),
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
        payments_left=n_pay,
        repeat=model.victim_values(pop, target, people.victimisations, smes.victimisations) > 0)
    st.daily.cases[day] += np.bincount(type_of, model.weight(pop), model.n_types)
    # in need of victim support (Een Loket refers by need): vulnerable, repeat victims, high-harm types
    need = c.vulnerable[ids] | c.repeat[ids] | ft.support_need[type_of]
    c.loket_area[ids] = covered = model.desks.covered(pop, target)
    rep = model.desks.route(model.streams["reporting"], day, ft.police_report_prob[type_of],
                            ft.platform_report_prob[type_of], ft.origin[type_of] != ORIGIN_NONE, need=need,
                            covered=covered)
    c.bank_day[ids] = last + rep.bank_day
    c.claim_due[ids] = last + rep.claim_day      # the claim itself is decided at the first loss (claims.py)
    c.police_day[ids] = last + rep.police_day
    c.platform_day[ids] = last + rep.platform_day
    c.fraudehelpdesk[ids], c.support[ids], c.desks[ids] = rep.fraudehelpdesk, rep.support, rep.desks
    c.police_quality[ids] = rep.police_quality
    c.help_day[ids] = last + rep.first_day
    c.loket[ids] = rep.loket
    c.police_routed[ids] = rep.police_routed
    now = first < day + 1     # most scams are paid the day they succeed
    st.due_today.append(ids[now])
    st.pay_calendar.schedule(first[~now], ids[~now])
    st.bank_reports.schedule(c.bank_day[ids], ids)
    st.police_reports.schedule(c.police_day[ids], ids)
    st.platform_reports.schedule(c.platform_day[ids], ids)
