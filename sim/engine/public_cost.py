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

from fraudchain.sim.engine.costs import MeasureCost, loket_desk_cost, measure_costs
from fraudchain.sim.engine.handling import handling_costs

# what a measure's public cost includes, in one line (the commands print it; the pages show the catalogue's
# ui.public_cost_includes, the same words in Dutch and English)
INCLUDES = ("public cost = the change in all the state pays a year (public_cost_eur): its share of measures (fraud "
            "hub, Een Loket's build and fixed cost, campaigns, SMS registry) and the reports its desks and the police "
            "handle (registrations, triage, investigations, Fraudehelpdesk, Een Loket intake, victim support), "
            "what the measure causes or saves there included; paired by seed against the baseline")
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
    """The yearly public cost a budget plan expects of Een Loket covering `coverage` of victims (how many regions
    a sum can open), priced as `state_bill` prices it: the desk's own cost (sim/engine/costs.py loket_desk_cost,
    the same function the bill books), the intake of its reports (een_loket.cost_per_report_eur, as handling
    books it) and the victims it refers to support (reporting.support_case_cost_eur) by coverage, less the
    Fraudehelpdesk's fixed cost it absorbs and the handling it replaces (budget.loket_handling_saved_eur_per_year).
    Only the volumes are planning figures (budget.loket_reports_per_year, budget.loket_referrals_per_year); what a
    plan costs is then measured as every measure's is: the change in `public_cost_eur` (a test keeps the two close)."""
    if coverage <= 0:
        return 0.0
    c, lk, b = s.costs, s.een_loket, s.budget
    volumes = (lk.cost_per_report_eur * b.loket_reports_per_year
               + s.reporting.support_case_cost_eur * b.loket_referrals_per_year - c.fraudehelpdesk_fixed_eur_per_year
               - b.loket_handling_saved_eur_per_year)
    return loket_desk_cost(s, coverage) + coverage * volumes
