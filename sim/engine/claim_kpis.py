"""KPIs of claims at the payment service provider (issue 11; sim/engine/stages/claims.py, sim/engine/liability.py).

Registered as built-ins like those in sim/engine/kpis.py; the per-type versions feed `by_type` (sim/engine/metrics.py).
Reads a finished model; never changes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.scenarios.codes import PAYMENT_KINDS, REFUSE_SCOPE
from fraudchain.sim.engine.kpis import KpiFn, builtin, weighted_median, window

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel


# ---- claims at the payment service provider (issue 11; sim/engine/stages/claims.py) ---------------------------
# Measured over the window's victim cases as regulators measure claims: per claim (case), with the money of
# the whole case (gross, recovered, reimbursed). "In scope" as the UK PSR counts it: claims not refused as
# outside the rules' scope (out-of-scope claims are counted by claims_refused_share).
def _claims(m: FraudChainModel, start: int, end: int, ftype: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The window's claimed victim cases (optionally of one fraud type) and their weights."""
    win = window(m, start, end)
    sel = win.victim_cases & m.cases.claimed[:win.n]
    if ftype is not None:
        sel &= m.cases.ftype[:win.n] == ftype
    return sel, win.weight


def claimed_returned_share_of(m: FraudChainModel, start: int, end: int, ftype: int | None = None,
                              kind: int | None = None) -> float:
    """Returned (reimbursed + recovered) over gross loss among the window's claims in scope; `kind`: only cases
    whose payments are of that kind (index into PAYMENT_KINDS)."""
    c = m.cases
    sel, w = _claims(m, start, end, ftype)
    sel &= c.refusal[:sel.size] != REFUSE_SCOPE
    if kind is not None:
        sel &= c.kind[:sel.size] == kind
    gross = float((c.gross[:sel.size][sel] * w[sel]).sum())
    back = float(((c.reimbursed[:sel.size] + c.recovered[:sel.size])[sel] * w[sel]).sum())
    return back / gross if gross > 0 else float("nan")


def claims_refused_share_of(m: FraudChainModel, start: int, end: int, ftype: int | None = None) -> float:
    sel, w = _claims(m, start, end, ftype)
    tot = float(w[sel].sum())
    return float((w[sel] * (m.cases.refusal[:sel.size][sel] > 0)).sum()) / tot if tot > 0 else float("nan")


def claim_rate_of(m: FraudChainModel, start: int, end: int, ftype: int | None = None) -> float:
    win = window(m, start, end)
    sel = win.victim_cases if ftype is None else win.victim_cases & (m.cases.ftype[:win.n] == ftype)
    tot = float(win.weight[sel].sum())
    return float((win.weight[sel] * m.cases.claimed[:win.n][sel]).sum()) / tot if tot > 0 else 0.0


def _carried(m: FraudChainModel, n: int) -> np.ndarray:
    """What each case's victim still carries (EUR): gross - recovered - reimbursed."""
    c = m.cases
    return np.maximum(c.gross[:n] - c.recovered[:n] - c.reimbursed[:n], 0.0)


builtin("claimed_returned_share", "share", "reimbursed + recovered over gross loss among claims at a payment "
        "service provider in scope (not refused as outside scope), as the UK PSR measures it")(
    lambda m, start, end: claimed_returned_share_of(m, start, end))
builtin("app_claimed_returned_share", "share", "the UK PSR's reimbursement rate: reimbursed + recovered over gross loss "
        "among claims on authorised push payments in scope (not refused as outside scope; refusals for lack of care "
        "count), without card chargebacks and unauthorised payments")(
    lambda m, start, end: claimed_returned_share_of(m, start, end, kind=PAYMENT_KINDS.index("authorised")))
builtin("claims_refused_share", "share", "claims at a payment service provider refused (outside scope, gross "
        "negligence, out of time, declined, no duty breached) over all claims")(
    lambda m, start, end: claims_refused_share_of(m, start, end))
builtin("claim_rate", "share", "victims who claimed at their payment service provider")(
    lambda m, start, end: claim_rate_of(m, start, end))


@builtin("unclaimed_victims_share", "share", "victims who never claimed at a payment service provider and carry "
         "(part of) their loss")
def unclaimed_victims_share(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    return win.share_of_victims(~m.cases.claimed[:win.n] & (_carried(m, win.n) > 0))


@builtin("unclaimed_victim_loss_eur", "EUR", "loss carried by victims who never claimed at a payment service "
         "provider (cases whose first loss fell in the window)")
def unclaimed_victim_loss_eur(m: FraudChainModel, start: int, end: int) -> float:
    win = window(m, start, end)
    sel = win.victim_cases & ~m.cases.claimed[:win.n]
    return float((_carried(m, win.n)[sel] * win.weight[sel]).sum())


def _days_to_decision(kind: int) -> KpiFn:
    def fn(m: FraudChainModel, start: int, end: int) -> float:
        win = window(m, start, end)
        c = m.cases
        sel = win.victim_cases & (c.kind[:win.n] == kind) & np.isfinite(c.decision_day[:win.n])
        if not sel.any():
            return float("nan")
        return weighted_median(c.decision_day[:win.n][sel] - win.first_loss[sel], win.weight[sel])
    return fn


for _k, _kind in enumerate(("authorised", "unauthorised", "card")):
    builtin(f"median_days_to_decision_{_kind}", "days",
            f"from the first loss to the first reimbursement decided by the regime's payers (banks, card "
            f"chargebacks, origin firms; not insurers), cases whose first loss was a{'n' if _k < 2 else ''} "
            f"{_kind} payment")(_days_to_decision(_k))
