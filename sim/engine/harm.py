"""Victims' non-financial harm and the time they spend reporting, per case and over a KPI window.

Owns `case_harm` (EUR of wellbeing lost per case with a loss: a published per-victim value,
converted to EUR at today's prices, times a fraud-type multiplier, a loss-size factor and, for
SMEs, a smaller factor; reduced pro rata when the money comes back, by at most the euros returned) and `case_hours` (hours spent
contacting desks: each desk the victim reported to, or once at Eén Loket). Parameters: `harm.*`
and `costs.hours_*`, `costs.value_of_time_eur_per_hour` in scenarios/schema.py. Reads the cases
table of a finished model only.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from fraudchain.agents.reporting import support_harm_factor


def harm_per_victim_eur(s: Any) -> float:
    """The source's per-victim wellbeing loss in EUR at today's prices (before type and size factors)."""
    h = s.harm
    return h.wellbeing_per_victim_gbp * h.gbp_eur * h.price_index


def case_harm(m: Any, idx: np.ndarray) -> np.ndarray:
    """Non-financial harm (EUR) of each case in `idx` (cases with a loss)."""
    c, h = m.cases, m.params.harm
    mult = np.array([h.type_multiplier.get(t, 1.0) for t in m.types])[c.ftype[idx]]
    gross = c.gross[idx]
    size = np.clip((np.maximum(gross, 1.0) / h.loss_reference_eur) ** h.loss_elasticity, 0.25, 4.0)
    returned = c.recovered[idx] + c.reimbursed[idx]
    back = np.clip(returned / np.maximum(gross, 1e-9), 0.0, 1.0)
    sme = np.where(c.pop[idx] == 1, h.sme_factor, 1.0)
    # victim support removes part of a supported victim's harm (agents/reporting.py)
    supported = support_harm_factor(m.params.reporting, c.support[idx])
    harm = harm_per_victim_eur(m.params) * mult * size * sme * supported
    # money coming back relieves part of the harm, but never more than a euro of wellbeing per euro returned
    # (without the cap a refund of a small purchase-fraud loss removed about EUR 2 of harm per EUR refunded)
    relief = np.minimum(h.reimbursement_relief * back * harm, returned)
    return harm - relief


def case_hours(m: Any, idx: np.ndarray) -> np.ndarray:
    """Hours each victim in `idx` spent contacting desks (Eén Loket: one contact, whatever it routes)."""
    c, k = m.cases, m.params.costs
    own = (np.isfinite(c.bank_day[idx]) * k.hours_bank + np.isfinite(c.police_day[idx]) * k.hours_police
           + np.isfinite(c.platform_day[idx]) * k.hours_platform + c.fraudehelpdesk[idx] * k.hours_fraudehelpdesk)
    return np.where(c.loket[idx], k.hours_loket, own)


def harm_totals(m: Any, start: int, end: int) -> tuple[float, float]:
    """(wellbeing harm, victims' time in EUR) of the cases whose first loss falls in days [start, end)."""
    c = m.cases
    n = c.n
    fl = c.first_loss_day[:n]
    idx = np.flatnonzero((fl >= start) & (fl < end))
    if idx.size == 0:
        return 0.0, 0.0
    w = np.where(c.pop[idx] == 0, m.scale, m.sme_scale)
    harm = float((w * case_harm(m, idx)).sum())
    time_eur = float((w * case_hours(m, idx)).sum()) * m.params.costs.value_of_time_eur_per_hour
    return harm, time_eur
