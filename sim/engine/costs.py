"""What the measures against fraud cost, who pays, and the friction they cause legitimate users.

Owns the cost of every measure (platform seller verification, anti-spoofing, SMS filter, delays on
risky payments, payment limits, name check, fraud hub, Eén Loket, campaigns) over a KPI window:
one-off costs annualised over their life at the discount rate (capital recovery factor) plus
yearly costs, both scaled by the measure's intensity in the scenario in effect each day
(sim/engine/timeline.py), split between the state and the sector that implements it; and the friction
for legitimate users (time spent, payments and sales abandoned) as a function of the intensity
and the legitimate volume it touches. Victim support, desks and police work are report handling
(sim/engine/handling.py); victims' harm is sim/engine/harm.py. `cost_kpis` assembles the cost KPIs and the
social cost, each euro counted once. Parameters: `costs.*`, `hub.*`, `een_loket.*` in
scenarios/cost_params.py. Must not change the model: it reads the scenario timeline and the recorded
counters only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.engine.timeline import overlaps

SECTORS = ("banks", "platforms", "telecoms", "insurers")
PAYERS = (*SECTORS, "government")
MEASURES = ("seller_verification", "anti_spoofing", "sms_filter", "payment_delay", "payment_limit", "name_check",
            "fraud_hub", "een_loket", "campaigns")

# KPI name -> (unit, description): the cost, harm and bill KPIs this module and its siblings add
COST_KPIS: dict[str, tuple[str, str]] = {
    "measure_cost_eur": ("EUR/year", "implementation cost of measures paid by banks, platforms, telecoms and "
                         "insurers: one-off costs annualised over their life at the discount rate plus yearly costs "
                         "(the state's share is public_cost_eur)"),
    "friction_cost_eur": ("EUR/year", "cost of measures to legitimate users: time spent on verification, held "
                          "payments, limit raises and name-check warnings, blocked calls and SMS, abandoned "
                          "payments and sales"),
    "public_cost_eur": ("EUR/year", "what the state pays (sim/engine/public_cost.py, by budget line): its share of "
                        "measures (hub funding, subsidies and set-up, campaigns, Eén Loket's build and fixed cost, the "
                        "public SMS registry) plus the reports its desks and the police handle (police registration, "
                        "triage and investigation, Fraudehelpdesk, Eén Loket intake, victim support)"),
    "case_handling_eur": ("EUR/year", "handling of reports paid by banks, platforms and telecoms (intake by "
                          "channel: manual or routed by Eén Loket; notices); the state's handling is in "
                          "public_cost_eur"),
    "victim_harm_eur": ("EUR/year", "victims' non-financial harm (wellbeing, by fraud type and loss size) plus "
                        "their time spent reporting, for cases whose first loss falls in the year"),
    "victim_time_eur": ("EUR/year", "victims' time spent contacting desks, valued at costs.value_of_time_eur_per_hour "
                        "(part of victim_harm_eur)"),
    "sector_bill_government_eur": ("EUR/year", "what the state pays: the same as public_cost_eur"),
}


@dataclass
class MeasureCost:
    """One measure's cost over a window (EUR): implementation by payer, and friction for legitimate users."""

    name: str
    paid: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PAYERS, 0.0))
    friction_eur: float = 0.0

    @property
    def implementation_eur(self) -> float:
        return float(sum(self.paid.values()))

    @property
    def government_eur(self) -> float:
        return self.paid["government"]

    @property
    def sectors_eur(self) -> float:
        return float(sum(self.paid[s] for s in SECTORS))

    def add(self, payer: str, eur: float) -> None:
        self.paid[payer] += float(eur)


def capital_recovery_factor(rate: float, life_years: float) -> float:
    """Yearly payment that repays 1 EUR over `life_years` at `rate` (annuity): r / (1 - (1 + r)^-n)."""
    if rate <= 0:
        return 1.0 / life_years
    return rate / (1.0 - (1.0 + rate) ** (-life_years))


def _hours_eur(s: Scenario, minutes: float) -> float:
    return minutes / 60.0 * s.costs.value_of_time_eur_per_hour


def yearly_measure_costs(s: Scenario) -> dict[str, tuple[dict[str, float], float]]:
    """Per measure: ({payer: EUR a year}, friction EUR a year) for a scenario held for a whole year.

    The fraud hub's member costs and campaigns depend on what happened (members, persons reached)
    and are added from the recorded counters by `measure_costs`; here only the hub's funding and
    set-up are included."""
    c = s.costs
    r = c.discount_rate
    out: dict[str, tuple[dict[str, float], float]] = {}
    surplus = c.lost_trade_surplus_eur
    # platform seller/advertiser verification: coverage grows with the required share of sellers stopped
    x = min(1.0, s.platforms.verification / c.verification_full_level)
    out["seller_verification"] = (
        {"platforms": x * (c.verification_one_off_eur * capital_recovery_factor(r, c.verification_life_years)
                           + c.verification_yearly_eur)},
        x * c.verified_accounts_per_year * (_hours_eur(s, c.verification_minutes)
                                            + c.verification_abandon_share * surplus))
    # the cost follows the stated (mandated) level, not how much of its effect is realised
    x = min(1.0, s.telecoms.anti_spoofing / c.anti_spoofing_full_level)
    out["anti_spoofing"] = (
        {"telecoms": x * (c.anti_spoofing_one_off_eur * capital_recovery_factor(r, c.anti_spoofing_life_years)
                          + c.anti_spoofing_yearly_eur)},
        x * c.anti_spoofing_blocked_legit_calls * _hours_eur(s, c.blocked_contact_minutes))
    x = min(1.0, s.telecoms.sms_filter / c.sms_filter_full_level)
    total = x * (c.sms_filter_one_off_eur * capital_recovery_factor(r, c.sms_filter_life_years)
                 + c.sms_filter_yearly_eur)
    g = c.sms_filter_government_share
    out["sms_filter"] = ({"government": g * total, "telecoms": (1 - g) * total},
                         x * c.sms_blocked_legit * _hours_eur(s, c.blocked_contact_minutes))
    # delays on risky first payments: a fixed system plus handling of every held legitimate payment
    hours = s.banks.risky_payment_delay_hours
    held = c.online_payments_per_year * c.delay_legit_held_share if hours > 0 else 0.0
    on = 1.0 if hours > 0 else 0.0
    out["payment_delay"] = (
        {"banks": on * c.delay_one_off_eur * capital_recovery_factor(r, c.delay_life_years)
         + held * c.delay_cost_per_held_eur},
        held * (_hours_eur(s, c.delay_confirm_minutes) + c.delay_abandon_share * min(hours / 24.0, 1.0) * surplus))
    # payment limits: legitimate payments above the default limit of the payer's bank need a limit raise (Pareto
    # tail of sizes), weighted by the banks' shares of payment accounts
    b, shares = s.banks, s.population.bank_shares
    share_above = sum(w * min(1.0, c.limit_share_above_10k * (10_000.0 / max(b.daily_limit_by_bank.get(
        name, b.daily_limit_eur), 1.0)) ** c.limit_tail_index) for name, w in shares.items()) / max(sum(
        shares.values()), 1e-12)
    raises = c.online_payments_per_year * share_above
    out["payment_limit"] = ({"banks": raises * c.limit_raise_cost_eur},
                            raises * _hours_eur(s, c.limit_raise_minutes))
    on = 1.0 if s.banks.name_check else 0.0
    warned = on * c.online_payments_per_year * c.name_check_warning_share
    out["name_check"] = ({"banks": on * c.name_check_yearly_eur},
                         warned * (_hours_eur(s, c.name_check_minutes) + c.name_check_abandon_share * surplus))
    h = s.hub
    if h.enabled:
        one_off = c.hub_one_off_eur * capital_recovery_factor(r, c.hub_life_years)
        g = c.hub_one_off_government_share
        out["fraud_hub"] = ({"government": h.funding_eur_per_year + g * one_off, "hub_members": (1 - g) * one_off},
                            0.0)
    else:
        out["fraud_hub"] = ({}, 0.0)
    lk = s.een_loket
    out["een_loket"] = ({"government": loket_desk_cost(s, lk.coverage)} if lk.enabled else {}, 0.0)
    return out


def loket_desk_cost(s: Scenario, coverage: float) -> float:
    """Een Loket's own yearly cost to the state at `coverage`: the build of the regions opened, annualised
    over its life at the discount rate, plus the fixed cost by coverage. The one price of the desk: the
    state's bill (sim/engine/public_cost.py) and a budget plan (planned_loket_cost) both use it."""
    c = s.costs
    return (regions_opened(coverage, s.een_loket.phases) * c.loket_one_off_eur
            * capital_recovery_factor(c.discount_rate, c.loket_life_years) + coverage * c.loket_fixed_eur_per_year)


def loket_build_share(s: Scenario) -> float:
    """Share of Een Loket's build paid: the regions opened (een_loket.phases), enough to cover its coverage."""
    lk = s.een_loket
    return regions_opened(lk.coverage, lk.phases) if lk.enabled else 0.0


def regions_opened(coverage: float, phases: int) -> float:
    """Share of the regions a desk covering `coverage` of victims has opened (whole regions of 1 / phases)."""
    if coverage <= 0:
        return 0.0
    return float(np.ceil(coverage * phases - 1e-9)) / phases


def hub_member_shares(m: Any) -> dict[str, float]:
    """Share of hub members per payer at the end of the run (sectors; the police is the state).

    Membership per sector is not recorded per day; the end state splits the recorded member-days."""
    counts = {"banks": sum(b.hub_member for b in m.banks), "platforms": sum(p.hub_member for p in m.platforms),
              "telecoms": sum(t.hub_member for t in m.telecoms), "insurers": float(m.insurer.hub_member),
              "government": float(m.police.hub_member)}
    total = float(sum(counts.values()))
    if total <= 0:
        return {"banks": 1.0}
    return {k: v / total for k, v in counts.items() if v}


def measure_costs(m: Any, start: int, end: int) -> dict[str, MeasureCost]:
    """Every measure's cost over days [start, end) of a finished model (national EUR)."""
    out = {name: MeasureCost(name) for name in MEASURES}
    members = hub_member_shares(m)
    for a, b, s in overlaps(m, start, end):
        frac = (b - a) / 365.0
        for name, (paid, friction) in yearly_measure_costs(s).items():
            mc = out[name]
            for payer, eur in paid.items():
                if payer == "hub_members":
                    for p, share in members.items():
                        mc.add(p, eur * frac * share)
                else:
                    mc.add(payer, eur * frac)
            mc.friction_eur += friction * frac
    # hub members' yearly cost: recorded members x cost per member; the state pays the subsidy share
    sy = m.system
    hub = out["fraud_hub"]
    for a, b, s in overlaps(m, start, end):
        h = s.hub
        if not h.enabled:
            continue
        member_days = float(np.sum(sy.hub_members[a:b]))
        cost = member_days / 365.0 * h.member_cost_eur
        hub.add("government", cost * h.subsidy_share)
        for p, share in members.items():
            hub.add(p, cost * (1.0 - h.subsidy_share) * share)
    out["campaigns"].add("government", float(np.sum(sy.campaign_cost_eur[start:end])))
    return out


def cost_kpis(m: Any, start: int, end: int, k: dict[str, float]) -> None:
    """Add the cost, harm and bill KPIs to `k` (which already holds losses, prevention spend and the
    sectors' bills of losses and prevention) and set the social cost.

    Social cost = net loss + prevention + measures (sectors' share) + friction + case handling (sectors')
    + public cost (all the state pays: its share of measures and its handling of reports, by budget line in
    sim/engine/public_cost.py) + victims' harm: disjoint parts, each euro once."""
    from fraudchain.sim.engine.handling import handling_costs
    from fraudchain.sim.engine.harm import harm_totals
    from fraudchain.sim.engine.public_cost import line_kpi, state_bill, state_handling_eur

    measures = measure_costs(m, start, end)
    handling = handling_costs(m, start, end)
    harm, time_eur = harm_totals(m, start, end)
    bill = state_bill(m, start, end, measures, handling)
    k["measure_cost_eur"] = float(sum(mc.sectors_eur for mc in measures.values()))
    k["friction_cost_eur"] = float(sum(mc.friction_eur for mc in measures.values()))
    k["public_cost_eur"] = float(sum(bill.values()))
    for line, eur in bill.items():
        k[line_kpi(line)] = eur
    k["case_handling_eur"] = float(sum(eur for _, eur in handling.values())) - state_handling_eur(handling)
    k["victim_time_eur"] = time_eur
    k["victim_harm_eur"] = harm + time_eur
    k["social_cost_eur"] = (k["net_loss_eur"] + k["prevention_spend_eur"] + k["measure_cost_eur"]
                            + k["friction_cost_eur"] + k["case_handling_eur"] + k["public_cost_eur"]
                            + k["victim_harm_eur"])
    # each payer's bill: what it pays for measures and handling, on top of losses and prevention
    for sector in SECTORS:
        key = f"sector_bill_{sector}_eur"
        k[key] = k.get(key, 0.0) + sum(mc.paid[sector] for mc in measures.values()) + \
            sum(eur for payer, eur in handling.values() if payer == sector)
    k["sector_bill_government_eur"] = k["public_cost_eur"]
