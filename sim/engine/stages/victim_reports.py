"""Victims' reports (a step of settlement, called by claims.py): where a victim reports, decided once, when its
case's first payment is settled and the loss at stake is known (just before the claim at its bank).

The desks (agents/reporting.py) turn the fraud type and the loss into each victim's choices: reporting to the
police (rising with the loss; victims whose refund requires a police report report for it), whether the
police register the report, the Fraudehelpdesk (mostly the large losses), the platform or operator where the
contact started, victim support, and Eén Loket when it is on. Report days count from the case's last planned
payment; a report the model would otherwise place in the past comes tomorrow. Draws from the stream
"reporting".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_NONE
from fraudchain.sim.engine.contracts import fields

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = ("expected_reimbursement",
         *fields("cases", "ftype", "vkind", "vulnerable", "repeat", "report_base", "loket_area"))
WRITES = ("bank_reports", "police_reports", "platform_reports",
          *fields("cases", "bank_day", "claim_due", "police_day", "police_intent", "stake", "expected_back",
                  "refund_needs", "platform_day", "fraudehelpdesk", "support", "desks", "police_quality", "help_day",
                  "loket", "police_routed"))
CALLS: tuple[str, ...] = ()


def decide(model: FraudChainModel, day: int, ids: np.ndarray, stake: np.ndarray, typical: np.ndarray,
           kind: np.ndarray) -> None:
    """Decide the reports of the cases `ids` (each once, not decided yet); `stake`: the loss at stake (EUR),
    `typical`: the type's typical case loss, `kind`: the payment kind of the case's first settled payment."""
    st, ft, desks = model.state, model.ft, model.desks
    c = st.cases
    t = c.ftype[ids].astype(np.int64)
    expected = st.expected_reimbursement[t]
    needs = model.report_needed[t, kind, c.vkind[ids].astype(np.int64)]
    police_p = desks.police_intent_probability(stake, typical, ft.police_report_prob[t], ft.police_loss_slope[t],
                                               expected, needs)
    fhd_p = desks.fraudehelpdesk_probability(stake, typical, ft.fraudehelpdesk_report_prob[t],
                                             ft.fraudehelpdesk_loss_slope[t])
    covered = c.loket_area[ids]                # the victim lives where Eén Loket is open (if it is on)
    reg_p = desks.registration_probability(stake, typical, ft.registration_prob[t], needs, covered)
    # in need of victim support (Een Loket refers by need): vulnerable, repeat victims, high-harm types
    need = c.vulnerable[ids] | c.repeat[ids] | ft.support_need[t]
    rep = desks.route(model.streams["reporting"], day, police_p, ft.platform_report_prob[t],
                      ft.origin[t] != ORIGIN_NONE, need=need, covered=covered, fhd_p=fhd_p, registration_p=reg_p)
    base = c.report_base[ids]                  # the case's last planned payment
    soon = day + 1.0

    def at(offset: np.ndarray) -> np.ndarray:
        return np.where(np.isfinite(offset), np.maximum(base + offset, soon), np.inf)

    c.bank_day[ids] = at(rep.bank_day)
    c.claim_due[ids] = np.maximum(base + rep.claim_day, soon)
    c.police_day[ids] = at(rep.police_day)
    c.police_intent[ids] = rep.police_intent
    c.stake[ids], c.expected_back[ids], c.refund_needs[ids] = stake, expected, needs
    c.platform_day[ids] = at(rep.platform_day)
    c.fraudehelpdesk[ids], c.support[ids], c.desks[ids] = rep.fraudehelpdesk, rep.support, rep.desks
    c.police_quality[ids] = rep.police_quality
    c.help_day[ids] = at(rep.first_day)
    c.loket[ids] = rep.loket
    c.police_routed[ids] = rep.police_routed
    st.bank_reports.schedule(c.bank_day[ids], ids)
    st.police_reports.schedule(c.police_day[ids], ids)
    st.platform_reports.schedule(c.platform_day[ids], ids)
