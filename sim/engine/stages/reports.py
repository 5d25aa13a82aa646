"""Stage reports: victims' reports due today reach the bank, the platform/telecom and the police.

A report to the bank is a recall: the receiving bank freezes the account the money went to (agents/banks.py);
with Een Loket it also reaches the hub. A notice reaches the host of the instrument (agents/platforms.py,
agents/telecoms.py; sites: scenario.reporting), which acts on a share of notices after its delay. A police
report joins the police backlog (agents/police.py). Handling costs are recorded.

Recalls and notices act through pooled daily hazards (sim/engine/pooled.py): today's reports that reach a live
account (notices that reach a live instrument) are counted nationally, and every live account (instrument) meets
the national rate per real account (per unit of contact effort), so an account or instrument lives as long at
any agent count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_PLATFORM
from fraudchain.sim.engine.contracts import fields
from fraudchain.sim.engine.hosts import by_host
from fraudchain.sim.engine.stages import mule_accounts

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = ("bank_reports", "platform_reports", "police_reports", "recall_rate", "recall_lag", "notice_rate",
         *fields("cases", "last_mule", "bank_day", "police_day", "report_base", "loket", "group", "instrument",
                 "police_quality", "pop", "ftype"),
         *fields("instruments", "sector", "org", "group", "ftype"),
         *fields("mules", "recruited", "weight", "first_credit_day"))
WRITES = ("bank_reports", "platform_reports", "police_reports", "hub_mule_mass", "recall_rate", "recall_lag",
          "notice_rate",
          *fields("instruments", "notified", "due"), *fields("system", "police_reports", "case_handling_eur"))
CALLS = ("mule_accounts.block", "mule_accounts.replace_if_empty")
POLICE_NOTICE_PER_REPORT = 1.0 / 3.0   # [lmio_2021]: the police inform the bank at the third report on an account


def run(model: FraudChainModel, day: int) -> None:
    st, params = model.state, model.params
    c = st.cases
    handling = 0.0
    ids = st.bank_reports.pop(day)
    if ids.size:
        # recall: the bank asks the receiving bank to freeze the account the money went to
        mule = c.last_mule[ids]
        live = (mule >= 0) & model.mules.live(mule, day)
        # only the share of reports the bank turns into a recall (`fraud_types.*.recall_share`), in expectation
        book_recalls(model, ids[live], mule[live], c.bank_day[ids[live]],
                     model.weight(c.pop[ids[live]]) * model.ft.recall_share[c.ftype[ids[live]]])
        handling += ids.size * params.banks.case_cost_eur
        # Een Loket routes every report to the hub too: the group's other accounts are exposed
        routed = ids[c.loket[ids]]
        if routed.size and params.hub.enabled:
            mass = model.weight(c.pop[routed])
            model.hub.note_routed_reports(float(mass.sum()))
            st.hub_mule_mass.schedule(day + model.hub.signal_delay() + np.zeros(routed.size), mass)
    recalls(model, day)
    ids = st.platform_reports.pop(day)
    if ids.size:
        handling += notices(model, day, ids)
    notice_hazards(model, day)
    ids = st.police_reports.pop(day)
    if ids.size:
        model.police.receive(ids, c.group[ids], c.police_quality[ids], day, model.streams["police_intake"])
        police_notices(model, day, ids)
        st.system.police_reports[day] += ids.size * model.scale
        handling += ids.size * params.police.case_cost_eur
    st.system.case_handling_eur[day] += handling * model.scale


def book_recalls(model: FraudChainModel, ids: np.ndarray, mule: np.ndarray, when: np.ndarray,
                 mass: np.ndarray) -> None:
    """Count recalls of cases `ids` on live accounts `mule` (arriving at `when`, national `mass` each) toward
    today's pooled recall rate, and their lag after the payment toward the accounts' exposure by age."""
    st = model.state
    kind = np.where(model.mules.recruited[mule], 0, 1)
    st.recall_rate.add(kind, mass)
    st.recall_lag.add(when - st.cases.report_base[ids], mass)


def recalls(model: FraudChainModel, day: int) -> None:
    """Every live receiving account meets today's recall hazard of its kind: the national bank reports that
    reached a live account of that kind per unit of exposure (pooled, sim/engine/pooled.py), times its own
    exposure (the share of its victims' reports that can have arrived at its age, `ReportLag`), each frozen with
    the receiving bank's chance."""
    m, st = model.mules, model.state
    accounts = model.fraudsters.accounts_in_use(m)
    accounts = accounts[m.live(accounts, day)]
    rng = model.streams["recalls"]
    kind = np.where(m.recruited[accounts], 0, 1)
    st.recall_lag.close_day()
    exposed = st.recall_lag.exposure(day - m.first_credit_day[accounts])
    rate = st.recall_rate.update(np.bincount(kind, m.weight[accounts] * exposed, 2))
    hit = accounts[rng.random(accounts.size) < model.banks.recall_block_probability(rate[kind] * exposed)]
    mule_accounts.block(model, hit, day + rng.random(hit.size), day)
    if hit.size:
        mule_accounts.replace_if_empty(model, day)


def police_notices(model: FraudChainModel, day: int, ids: np.ndarray) -> None:
    """The police tell the receiving bank of an account at the third registered report on it (LMIO): each
    registration on a live account whose victim's bank did not recall it counts a third of a recall, in
    expectation (the pooled rate, like the banks' recalls; before tomorrow's `recalls`)."""
    c, m = model.state.cases, model.mules
    mule = c.last_mule[ids]
    live = mule >= 0
    live[live] = m.live(mule[live], day)
    if not live.any():
        return
    not_recalled = 1.0 - model.ft.recall_share[c.ftype[ids[live]]]
    book_recalls(model, ids[live], mule[live], c.police_day[ids[live]],
                 model.weight(c.pop[ids[live]]) * not_recalled * POLICE_NOTICE_PER_REPORT)


def notices(model: FraudChainModel, day: int, ids: np.ndarray) -> float:
    """Victims tell the host of the instrument used on them (platform, operator, or a site's registrar): those
    about a live instrument count toward its fraud type's notice rate (`notice_hazards`). Returns the handling
    cost (model scale)."""
    st, params, fr = model.state, model.params, model.fraudsters
    ins = st.instruments
    inst = st.cases.instrument[ids]
    ok = inst >= 0
    w, inst = model.weight(st.cases.pop[ids[ok]]), inst[ok]
    live = fr.instrument[ins.group[inst], ins.ftype[inst]] == inst
    st.notice_rate.add(ins.ftype[inst[live]], w[live])
    sector = ins.sector[inst]
    # sites' notices are handled at the telecom rate (assumption: a registrar's or host's abuse desk)
    return ids.size * np.where(sector == ORIGIN_PLATFORM, params.platforms.case_cost_eur,
                               params.telecoms.case_cost_eur).mean()


def notice_hazards(model: FraudChainModel, day: int) -> None:
    """Every live instrument meets today's notices: its fraud type's national notices per unit of contact effort
    (pooled, sim/engine/pooled.py) times its group's effort on the type, shared over the group's parallel
    instruments. The first notice marks it notified (the host was told); each notice leads to a takedown with
    the host's chance, after the host's delay."""
    st, params, fr, rng = model.state, model.params, model.fraudsters, model.streams["notices"]
    g, t = np.nonzero(fr.instrument >= 0)
    effort = np.zeros(fr.instrument.shape)
    pos, eff = fr.effort()
    effort[pos] = eff
    e = effort[g, t]
    rate = st.notice_rate.update(np.bincount(t, e, model.n_types))
    if g.size == 0:
        return
    inst = fr.instrument[g, t]
    per_instrument = rate[t] * e / params.fraudsters.instruments_per_type     # national notices a day, each
    ins = st.instruments
    sector, org = ins.sector[inst], ins.org[inst]
    acted = by_host(sector, org, model.platforms.notice_acted, model.telecoms.notice_acted,
                    params.reporting.site_notice_takedown)
    u = rng.random(inst.size)
    told = u < 1.0 - np.exp(-per_instrument)
    # np.minimum.at keeps the earliest time per instrument (each live instrument is one group's for one type, so
    # ids do not repeat here; the scatter stays right if that ever changes)
    np.minimum.at(ins.notified, inst[told], day + rng.random(int(told.sum())))
    act = u < 1.0 - np.exp(-acted * per_instrument)
    delay = by_host(sector[act], org[act], model.platforms.notice_delay, model.telecoms.notice_delay,
                    params.reporting.site_takedown_days)
    np.minimum.at(ins.due, inst[act], day + rng.exponential(delay))
