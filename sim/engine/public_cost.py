"""The one public cost: what the state pays, by budget line, over a KPI window.

Owns `state_bill`, the single function behind `public_cost_eur` (= `sector_bill_government_eur`) and the
per-line KPIs `public_cost_<line>_eur`: the state's share of every measure (set-up annualised over its life
at the discount rate plus running cost, sim/engine/costs.py) and every report the state's desks and the
police handle (sim/engine/handling.py), each euro once, on the line that pays it:

    fraud_hub        structural funding, the state's share of the set-up, subsidies of members' cost
    een_loket        the desk: build (per region opened), fixed cost (by coverage), intake of every report
    fraudehelpdesk   its fixed cost (by the share of the country Een Loket does not cover) and its reports
    victim_support   every supported victim (today's, Een Loket's referrals, funded support)
    police           registrations (manual and routed), triage of forwarded reports, investigations
    campaigns        persons reached
    sms_registry     the state's share of the SMS sender registry

A measure's public cost is the change it causes in this bill, paired by seed against the baseline (the
`value` command's `public_cost_eur`): Een Loket's includes the police registrations and support referrals
it causes and the Fraudehelpdesk cost it saves. Every page and command reads these KPIs. Reads a finished
model only.
"""

from __future__ import annotations

from typing import Any

from fraudchain.sim.engine.costs import MeasureCost, capital_recovery_factor, measure_costs, regions_opened
from fraudchain.sim.engine.handling import handling_costs

LINES = ("fraud_hub", "een_loket", "fraudehelpdesk", "victim_support", "police", "campaigns", "sms_registry")
# the measure (sim/engine/costs.py MEASURES) or handling channel (sim/engine/handling.py) -> its budget line
MEASURE_LINE = {"fraud_hub": "fraud_hub", "een_loket": "een_loket", "campaigns": "campaigns",
                "sms_filter": "sms_registry"}
HANDLING_LINE = {"police_registration": "police", "police_registration_routed": "police", "police_triage": "police",
                 "police_investigation": "police", "fraudehelpdesk_reports": "fraudehelpdesk",
                 "fraudehelpdesk_fixed": "fraudehelpdesk", "een_loket_intake": "een_loket",
                 "victim_support": "victim_support"}


def line_kpi(line: str) -> str:
    return f"public_cost_{line}_eur"


def state_bill(m: Any, start: int, end: int, measures: dict[str, MeasureCost] | None = None,
               handling: dict[str, tuple[str, float]] | None = None) -> dict[str, float]:
    """What the state pays over days [start, end) (national EUR a window), by budget line (LINES)."""
    measures = measure_costs(m, start, end) if measures is None else measures
    handling = handling_costs(m, start, end) if handling is None else handling
    bill = dict.fromkeys(LINES, 0.0)
    for name, mc in measures.items():
        if mc.government_eur:
            bill[MEASURE_LINE[name]] += mc.government_eur
    for channel, (payer, eur) in handling.items():
        if payer == "government":
            bill[HANDLING_LINE[channel]] += eur
    return bill


def state_handling_eur(handling: dict[str, tuple[str, float]]) -> float:
    """The part of report handling the state pays (it is in the state's bill, not in case_handling_eur)."""
    return float(sum(eur for payer, eur in handling.values() if payer == "government"))


def planned_loket_cost(s: Any, coverage: float) -> float:
    """The yearly public cost a plan expects of Een Loket covering `coverage` of victims, from the parameters
    `state_bill` books with: the build of the regions opened (annualised), the fixed cost, the intake of its
    reports (budget.loket_reports_per_year) and the victims it refers to support (budget.loket_referrals_per_year)
    by coverage, less the Fraudehelpdesk's fixed cost it absorbs and the handling it replaces
    (budget.loket_handling_saved_eur_per_year). The volumes are planning figures; `public_cost_eur` shows what the
    state then pays (a test keeps the two close)."""
    if coverage <= 0:
        return 0.0
    c, lk, b = s.costs, s.een_loket, s.budget
    build = regions_opened(coverage, lk.phases) * c.loket_one_off_eur * capital_recovery_factor(
        c.discount_rate, c.loket_life_years)
    running = (c.loket_fixed_eur_per_year + lk.cost_per_report_eur * b.loket_reports_per_year
               + s.reporting.support_case_cost_eur * b.loket_referrals_per_year - c.fraudehelpdesk_fixed_eur_per_year
               - b.loket_handling_saved_eur_per_year)
    return build + coverage * running
