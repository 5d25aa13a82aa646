"""Claims (a step of settlement): whether a victim claims at its payment service provider.

A victim decides once, when its case's first payment is settled and the loss is known: the larger
the loss and the larger the refund it expects under the regime, the likelier it claims
(agents/reporting.py, `Desks.claim_probability`). A claim is also the victim's report to its bank
(recall, handling); with Een Loket a routed report reaches the bank as a claim anyway.

Where the victim reports besides its bank (police, Fraudehelpdesk, platform, victim support, Eén Loket) is
decided at the same moment, just before the claim (victim_reports.py). A loss outside any payment account
(cash, goods handed over) has no payment service provider to claim at.

Victim support is decided here too, when the loss is known (`support`): funded support goes to victims
who reported somewhere, those in need first; support helps a victim file a police report and claim
(agents/reporting.py, `Desks.support_victims`; its draws come from the "support" stream, so the money for it
does not shift the claims' draws).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import PAY_CASH
from fraudchain.sim.engine.contracts import fields
from fraudchain.sim.engine.stages import victim_reports

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel


READS = ("expected_reimbursement", *fields("cases", "claim_decided", "ftype", "payments_made", "stopped",
                                          "payments_left", "gross", "loket", "bank_day", "claim_due", "help_day",
                                          "vulnerable", "repeat", "pop", "support", "police_intent", "loket_area"))
WRITES = ("bank_reports", "police_reports",
          *fields("cases", "claim_decided", "claimed", "excess_u", "scope_u", "bank_day", "claim_due", "desks", "loket",
                  "help_day", "support", "police_day", "police_intent"))
CALLS = ("victim_reports.decide",)


def decide(model: FraudChainModel, day: int, ids: np.ndarray, kind: np.ndarray) -> None:
    """Decide the reports (victim_reports.py) and the claim of every case in `ids` not decided yet (its first
    settlement is today); `kind`: each settled payment's kind (index into PAYMENT_KINDS)."""
    st, ft, rng = model.state, model.ft, model.streams["claims"]
    c = st.cases
    # one decision per case (a case can settle two payments on one day; tests/test_scatter.py)
    ids, first = np.unique(ids, return_index=True)
    kind = np.asarray(kind)[first]
    todo = ~c.claim_decided[ids]
    ids, kind = ids[todo], kind[todo]
    if ids.size == 0:
        return
    t = c.ftype[ids].astype(np.int64)
    made = np.maximum(c.payments_made[ids], 1)
    planned = np.where(c.stopped[ids], made, made + np.maximum(c.payments_left[ids], 0))
    # the loss at stake: paid so far, projected over the payments the scam still takes (a victim claims
    # after the last one)
    stake = c.gross[ids] * planned / made
    typical = ft.loss_median_eur[t] * ft.payments_mean[t]      # the typical (median-payment) case
    victim_reports.decide(model, day, ids, stake, typical, kind)
    p = model.desks.claim_probability(stake, typical, ft.bank_report_prob[t], st.expected_reimbursement[t])
    support(model, day, ids, t)
    p = model.desks.claim_with_support(p, c.support[ids])
    u = rng.random((ids.size, 3))     # claim, excess applied, outside scope
    banked = kind != PAY_CASH         # a loss outside payment accounts has no payment service provider to claim at
    routed = c.loket[ids] & banked    # Een Loket routes the report to the bank as a claim
    claimed = routed | (banked & (u[:, 0] < p))
    c.claim_decided[ids] = True
    c.claimed[ids] = claimed
    c.excess_u[ids] = u[:, 1]
    c.scope_u[ids] = u[:, 2]
    new = ids[claimed & ~np.isfinite(c.bank_day[ids])]
    if new.size:
        when = np.maximum(c.claim_due[new], day + 1.0)   # a report the model would otherwise miss comes tomorrow
        c.bank_day[new] = when
        c.claim_due[new] = when
        np.add.at(c.desks, new, 1)
        # with Een Loket the one desk is also the way to the bank: the claim goes through it (routed to the
        # bank and the hub; the platform and the police were decided just before, victim_reports.py)
        c.loket[new] |= model.params.een_loket.enabled & c.loket_area[new]
        np.minimum.at(c.help_day, new, when)
        st.bank_reports.schedule(when, new)


def support(model: FraudChainModel, day: int, ids: np.ndarray, t: np.ndarray) -> None:
    """Victim support once the loss is known (agents/reporting.py, Desks.support_victims): who is supported
    (funded support in need first), the police reports filed with its help, the bank contacted by the first
    contact with support at the latest."""
    st, c = model.state, model.state.cases
    need = c.vulnerable[ids] | c.repeat[ids] | model.ft.support_need[t]
    # support helps a victim who has not reported to the police file a report; with that help it is completed
    # and registered
    reported = np.where(c.police_intent[ids], float(day), np.inf)
    s = model.desks.support_victims(model.streams["support"], day, c.help_day[ids], c.support[ids], c.loket[ids],
                                    reported, need, model.weight(c.pop[ids]))
    c.support[ids] = s.supported
    c.desks[ids] += s.desks
    c.claim_due[ids] = np.where(s.supported, np.minimum(c.claim_due[ids], s.contact), c.claim_due[ids])
    filed = ids[s.files]
    if filed.size:
        c.police_intent[filed] = True
        c.police_day[filed] = s.contact[s.files]
        st.police_reports.schedule(c.police_day[filed], filed)
