"""What handling victims' reports costs, by channel and payer, over a KPI window.

Owns the report-handling accounting: a bank, police or desk pays per report by channel (a manual
intake when the victim contacts it, a cheaper routed report when Eén Loket did the intake and
forwards it), fixed yearly costs of desks (the Fraudehelpdesk, absorbed by Eén Loket), police
registration (manual aangifte or registration from a routed report), triage of forwarded reports
that are not registered, police investigations, and victim support by need. With one desk that
routes to all, the intake is done once: the duplicated intakes at bank, police and Fraudehelpdesk
disappear and only the routed handling remains. Reads the cases table and recorded counters;
parameters are taken from the scenario in effect on the day of each report (sim/engine/timeline.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from fraudchain.sim.engine.liability import ORIGIN_PLATFORM
from fraudchain.sim.engine.timeline import overlaps, values_at


def _weights(m: Any, idx: np.ndarray) -> np.ndarray:
    return np.where(m.cases.pop[idx] == 0, m.scale, m.sme_scale)


def _in(x: np.ndarray, start: int, end: int) -> np.ndarray:
    return (x >= start) & (x < end)


def handling_costs(m: Any, start: int, end: int) -> dict[str, tuple[str, float]]:
    """Handling cost of days [start, end) by channel: {channel: (payer, national EUR)}."""
    c = m.cases
    n = c.n
    out: dict[str, tuple[str, float]] = {}
    loket = c.loket[:n]

    def per_report(mask: np.ndarray, days: np.ndarray, getter) -> float:
        idx = np.flatnonzero(mask)
        if idx.size == 0:
            return 0.0
        return float((_weights(m, idx) * values_at(m, days[idx], getter)).sum())

    bank_day = c.bank_day[:n]
    at_bank = _in(bank_day, start, end)
    out["bank_intake"] = ("banks", per_report(at_bank & ~loket, bank_day, lambda s: s.banks.case_cost_eur))
    out["bank_routed"] = ("banks", per_report(at_bank & loket, bank_day, lambda s: s.costs.routed_bank_case_cost_eur))
    # notices to the platform or telecom where the contact started (a site's host is counted with telecoms)
    pday = c.platform_day[:n]
    noticed = _in(pday, start, end)
    inst = c.instrument[:n]
    on_platform = np.zeros(n, dtype=bool)
    has = inst >= 0
    on_platform[has] = m.instruments.sector[inst[has]] == ORIGIN_PLATFORM
    out["platform_notices"] = ("platforms", per_report(noticed & on_platform, pday,
                                                       lambda s: s.platforms.case_cost_eur))
    out["telecom_notices"] = ("telecoms", per_report(noticed & ~on_platform, pday,
                                                     lambda s: s.telecoms.case_cost_eur))
    # police: registrations (aangifte) by channel, triage of forwarded reports not registered, investigations
    police_day = c.police_day[:n]
    registered = _in(police_day, start, end)
    out["police_registration"] = ("government", per_report(registered & ~loket, police_day,
                                                           lambda s: s.police.case_cost_eur))
    out["police_registration_routed"] = ("government", per_report(
        registered & loket, police_day, lambda s: s.costs.police_routed_registration_cost_eur))
    routed_day = c.help_day[:n]
    screened = c.police_routed[:n] & ~np.isfinite(police_day) & _in(routed_day, start, end)
    out["police_triage"] = ("government", per_report(screened, routed_day, lambda s: s.costs.police_triage_cost_eur))
    inv = m.system.police_investigations[start:end]
    out["police_investigation"] = ("government", float(
        (inv * values_at(m, np.arange(start, end), lambda s: s.police.investigation_cost_eur)).sum()))
    # desks: per victim whose first loss is in the window (as the victim tables count them)
    fl = c.first_loss_day[:n]
    vic = _in(fl, start, end)
    out["fraudehelpdesk_reports"] = ("government", per_report(
        vic & c.fraudehelpdesk[:n], fl, lambda s: s.reporting.fraudehelpdesk_case_cost_eur))
    out["een_loket_intake"] = ("government", per_report(vic & loket, fl, lambda s: s.een_loket.cost_per_report_eur))
    out["victim_support"] = ("government", per_report(vic & c.support[:n], fl,
                                                      lambda s: s.reporting.support_case_cost_eur))
    # Een Loket absorbs the Fraudehelpdesk where it is open (een_loket.coverage)
    fixed = sum((b - a) / 365.0 * s.costs.fraudehelpdesk_fixed_eur_per_year
                * (1.0 - (s.een_loket.coverage if s.een_loket.enabled else 0.0))
                for a, b, s in overlaps(m, start, end))
    out["fraudehelpdesk_fixed"] = ("government", float(fixed))
    return out
