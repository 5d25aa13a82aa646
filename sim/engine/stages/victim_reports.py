"""Victims' reports (part of settlement): where a victim reports, decided once, when its case's first payment
is settled and the loss at stake is known (just before the claim at its bank, claims.py).

The desks (agents/reporting.py) turn the fraud type and the loss into each victim's choices: reporting to the
police (rising with the loss; victims whose refund requires a police report report for it), whether the
police register the report, the Fraudehelpdesk (mostly the large losses), the platform or operator where the
contact started, victim support, and Eén Loket when it is on. A case whose every payment was stopped has no
loss and reports nowhere.

Reads: the cases table, the fraud types' reporting parameters and typical loss, what victims expect back per
fraud type, the compiled liability rules (which rules require a police report) and the insurer's condition.
Writes: the cases' report columns (police intent and registration, platform, Fraudehelpdesk, support, desks,
first help, Eén Loket routing, when the victim would claim) and the police, platform and bank report
calendars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_NONE, PAYMENT_KINDS, VICTIM_KINDS

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel


def decide(model: FraudChainModel, day: int, ids: np.ndarray, stake: np.ndarray, typical: np.ndarray,
           kind: np.ndarray) -> None:
    """Decide the reports of the cases `ids` (not decided yet); `stake`: the loss at stake (EUR), `typical`:
    the type's typical case loss, `kind`: the payment kind of the case's first settled payment."""
    st, ft, rng, desks = model.state, model.ft, model.rng, model.desks
    c = st.cases
    t = c.ftype[ids].astype(np.int64)
    expected = st.expected_reimbursement[t]
    needs = refund_needs_report(model, t, kind, c.vkind[ids])
    police_p = desks.police_intent_probability(stake, typical, ft.police_report_prob[t], ft.police_loss_slope[t],
                                               expected, needs)
    fhd_p = desks.fraudehelpdesk_probability(stake, typical, ft.fraudehelpdesk_report_prob[t],
                                             ft.fraudehelpdesk_loss_slope[t])
    need = c.vulnerable[ids] | c.repeat[ids] | ft.support_need[t]
    rep = desks.route(rng, police_p, ft.platform_report_prob[t], ft.origin[t] != ORIGIN_NONE, need=need,
                      fhd_p=fhd_p, loss=stake, refund_needs_report=needs)
    base = c.report_base[ids]                  # the case's last planned payment
    soon = day + 1.0                           # a report the model would otherwise place in the past comes tomorrow

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


def refund_needs_report(model: FraudChainModel, t: np.ndarray, kind: np.ndarray, vkind: np.ndarray) -> np.ndarray:
    """Whether the refund a victim can get requires a police report: the first liability rule that covers the
    loss (fraud type, payment kind, victim kind) asks for one (e.g. the Dutch banks' goodwill scheme, the EU's
    refund of bank impersonation)."""
    cached = getattr(model, "_needs_report", None)
    if cached is None or cached[0] is not model.rules:        # the rules change only at a reform
        table = np.zeros((model.n_types, len(PAYMENT_KINDS), len(VICTIM_KINDS)), dtype=bool)
        for index in np.ndindex(*table.shape):
            ti, k, v = index
            rule = next((cr.rule for cr in model.rules if cr.types[ti] and cr.kinds[k] and cr.victims[v]), None)
            table[index] = rule is not None and rule.requires_police_report
        cached = (model.rules, table)
        model._needs_report = cached
    return cached[1][t, kind, vkind]
