"""Stage reports: victims' reports due today reach the bank, the platform/telecom and the police.

A report to the bank is a recall: the receiving bank freezes the account the money went to (agents/banks.py);
with Een Loket it also reaches the hub. A notice reaches the host of the instrument (agents/platforms.py,
agents/telecoms.py; sites: scenario.reporting), which acts on a share of notices after its delay. A police
report joins the police backlog (agents/police.py). Handling costs are recorded.
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

READS = ("bank_reports", "platform_reports", "police_reports",
         *fields("cases", "last_mule", "loket", "group", "instrument", "police_quality", "pop"),
         *fields("instruments", "sector", "org"))
WRITES = ("bank_reports", "platform_reports", "police_reports", "hub_mule_signals",
          *fields("instruments", "notified", "due"), *fields("system", "police_reports", "case_handling_eur"))
CALLS = ("mule_accounts.block",)


def run(model: FraudChainModel, day: int) -> None:
    st, rng, params = model.state, model.streams["recalls"], model.params
    c = st.cases
    handling = 0.0
    ids = st.bank_reports.pop(day)
    if ids.size:
        # recall: the bank asks the receiving bank to freeze the account the money went to
        mule = c.last_mule[ids]
        mule = mule[(mule >= 0) & model.mules.usable(mule)]
        hit = mule[model.banks.freeze_on_recall(rng, mule.size)]
        mule_accounts.block(model, hit, day + rng.random(hit.size), day)
        handling += ids.size * params.banks.case_cost_eur
        # Een Loket routes every report to the hub too: the group's other accounts are exposed
        routed = ids[c.loket[ids]]
        if routed.size and params.hub.enabled:
            model.hub.note_routed_reports(float(model.weight(c.pop[routed]).sum()))
            st.hub_mule_signals.schedule(day + model.hub.signal_delay() + np.zeros(routed.size),
                                         c.group[routed].astype(np.int64))
    ids = st.platform_reports.pop(day)
    if ids.size:
        handling += notices(model, day, ids)
    ids = st.police_reports.pop(day)
    if ids.size:
        model.police.receive(ids, c.group[ids], c.police_quality[ids], day, model.streams["police_intake"])
        st.system.police_reports[day] += ids.size * model.scale
        handling += ids.size * params.police.case_cost_eur
    st.system.case_handling_eur[day] += handling * model.scale


def notices(model: FraudChainModel, day: int, ids: np.ndarray) -> float:
    """Victims tell the host of the instrument used on them (platform, operator, or a site's registrar); the host
    acts on a share of notices after its delay. Returns the handling cost (model scale)."""
    st, rng, params = model.state, model.streams["notices"], model.params
    ins = st.instruments
    inst = st.cases.instrument[ids]
    inst = inst[inst >= 0]
    # an instrument may be reported by several victims today: np.minimum.at keeps the earliest time per instrument
    np.minimum.at(ins.notified, inst, float(day))
    sector, org = ins.sector[inst], ins.org[inst]
    # each simulated notice stands for `scale` notices spread over a group's parallel instruments
    weight = model.scale / params.fraudsters.instruments_per_type
    acted = by_host(sector, org, model.platforms.notice_acted, model.telecoms.notice_acted,
                    params.reporting.site_notice_takedown)
    p = 1.0 - np.power(1.0 - acted, weight)
    act = rng.random(inst.size) < p
    delay = by_host(sector, org, model.platforms.notice_delay, model.telecoms.notice_delay,
                    params.reporting.site_takedown_days)
    when = day + rng.exponential(delay)
    np.minimum.at(ins.due, inst[act], when[act])
    # sites' notices are handled at the telecom rate (assumption: a registrar's or host's abuse desk)
    return ids.size * np.where(sector == ORIGIN_PLATFORM, params.platforms.case_cost_eur,
                               params.telecoms.case_cost_eur).mean()
