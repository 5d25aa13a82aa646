"""Public money as scenario changes: what a sum buys on each publicly funded lever, and a budget split.

Owns the price of each lever (money -> intensity) and the plan of a budget over them. Every euro becomes
intensity through schema parameters, never a hidden constant, and the engine then books what the state
really pays (`public_cost_eur`, sim/engine/public_cost.py), so a plan can be checked against the bill:

    hub             structural funding (hub.funding_eur_per_year): analysts after the hub's fixed cost
    een_loket       regions opened (een_loket.coverage, whole regions of 1 / een_loket.phases) while the money
                    covers their planned cost (planned_loket_cost: build, fixed, intake, referrals to support)
    campaigns       persons reached (awareness.campaign_reach) at awareness.cost_per_person_reached_eur
    victim_support  funded support (reporting.support_funding_eur_per_year), victims in need first
    police          investigations (police.capacity_cases_per_year) at police.investigation_cost_eur

`allocate` splits a budget that includes today's hub funding (nl_baseline's EUR 800,000 is that money):
money a lever cannot use (below the next region of Een Loket, campaign reach above 100 %) goes to the other
levers by their weights, so a split never counts unspent money as a saving. `buy` adds a sum on top of
today's levels (the `fraudchain budget` curves).
"""

from __future__ import annotations

from typing import Any

from fraudchain.scenarios.schema import Scenario

BUDGET_CHANNELS = ("hub", "een_loket", "campaigns", "victim_support", "police")
ABSORBING = ("hub", "victim_support", "police")     # levers that can use any sum


def loket_coverage_for(s: Scenario, eur: float, start: float = 0.0) -> tuple[float, float]:
    """The widest coverage (whole regions) whose planned cost above `start`'s fits in `eur`: (coverage, cost)."""
    from fraudchain.sim.engine.public_cost import planned_loket_cost

    phases = s.een_loket.phases
    base = planned_loket_cost(s, start)
    best, cost = start, 0.0
    for k in range(phases + 1):
        cov = k / phases
        if cov <= start:
            continue
        extra = planned_loket_cost(s, cov) - base
        if extra <= eur + 1e-6:
            best, cost = cov, extra
    return best, cost


def _fmt(eur: float) -> str:
    return f"EUR {eur:,.0f}"


def buy(s: Scenario, channel: str, eur: float, on_top: bool = True) -> tuple[dict[str, Any], float, str]:
    """What `eur` a year buys on `channel`: (scenario changes, money spent, in words). on_top: added to today's
    level; otherwise the hub's funding is set to `eur` (a budget that includes today's hub money)."""
    eur = max(float(eur), 0.0)
    if channel == "hub":
        h = s.hub
        funding = (h.funding_eur_per_year if on_top else 0.0) + eur
        analysts = max(funding - h.fixed_cost_eur_per_year, 0.0) / h.analyst_cost_eur
        return ({"hub.funding_eur_per_year": funding}, eur,
                f"hub funding {_fmt(funding)} a year: about {analysts:.1f} analysts from public money")
    if channel == "police":
        p = s.police
        extra = eur / max(p.investigation_cost_eur, 1e-9)
        cap = p.capacity_cases_per_year + extra
        return ({"police.capacity_cases_per_year": cap}, eur,
                f"{extra:,.0f} more police investigations a year ({p.capacity_cases_per_year:,.0f} -> {cap:,.0f})")
    if channel == "victim_support":
        r = s.reporting
        funding = r.support_funding_eur_per_year + eur
        return ({"reporting.support_funding_eur_per_year": funding}, eur,
                f"support for about {eur / max(r.support_case_cost_eur, 1e-9):,.0f} more victims a year, "
                "those in need first")
    if channel == "campaigns":
        a = s.awareness
        per_person = a.cost_per_person_reached_eur * s.population.consumers
        reach = min(1.0, a.campaign_reach + (eur / per_person if per_person > 0 else 0.0))
        spent = (reach - a.campaign_reach) * per_person
        return ({"awareness.campaign_reach": reach}, spent,
                f"campaign reach {a.campaign_reach:.0%} -> {reach:.1%} of persons 15+ a year")
    if channel == "een_loket":
        lk = s.een_loket
        start = lk.coverage if lk.enabled else 0.0
        cov, cost = loket_coverage_for(s, eur, start)
        if cov <= start:
            nxt = start + 1.0 / lk.phases
            from fraudchain.sim.engine.public_cost import planned_loket_cost

            need = planned_loket_cost(s, min(nxt, 1.0)) - planned_loket_cost(s, start)
            return {}, 0.0, f"no region: the next region of Een Loket is planned at about {_fmt(need)} a year"
        regions = round(cov * lk.phases)
        return ({"een_loket.enabled": True, "een_loket.coverage": cov}, cost,
                f"Een Loket open in {regions} of {lk.phases} regions ({cov:.0%} of victims)")
    raise ValueError(f"unknown budget lever {channel!r}; allowed: {', '.join(BUDGET_CHANNELS)}")


def allocate(scenario: Scenario, budget_eur: float, weights: dict[str, float]) -> tuple[dict[str, Any], dict]:
    """Shares of the budget -> (scenario changes, what each lever's money buys).

    The weights are normalised to shares of `budget_eur` (equal shares when all are zero). Money a lever
    cannot use goes to the others by their weights (to the hub, victim support and the police equally when
    none of them has weight), at most three rounds; what is still left is reported as unspent."""
    w = {c: max(float(weights.get(c, 0.0)), 0.0) for c in BUDGET_CHANNELS}
    total = sum(w.values())
    share = {c: (w[c] / total if total > 0 else 1.0 / len(BUDGET_CHANNELS)) for c in BUDGET_CHANNELS}
    money = {c: budget_eur * share[c] for c in BUDGET_CHANNELS}
    capped: set[str] = set()
    bought: dict[str, tuple[dict[str, Any], float, str]] = {}
    for _ in range(3):
        bought = {c: buy(scenario, c, money[c], on_top=False) for c in BUDGET_CHANNELS}
        left = {c: money[c] - bought[c][1] for c in BUDGET_CHANNELS}
        spare = sum(v for v in left.values() if v > 1.0)
        if spare <= 1.0:
            break
        capped |= {c for c, v in left.items() if v > 1.0}
        for c in capped:
            money[c] = bought[c][1]
        takers = [c for c in BUDGET_CHANNELS if c not in capped and share[c] > 0] or \
                 [c for c in ABSORBING if c not in capped]
        tw = sum(share[c] for c in takers)
        for c in takers:
            money[c] += spare * (share[c] / tw if tw > 0 else 1.0 / len(takers))
    changes: dict[str, Any] = {}
    buys: dict[str, dict[str, Any]] = {}
    for c in BUDGET_CHANNELS:
        ch, spent, text = bought[c]
        changes.update(ch)
        buys[c] = {"eur": money[c], "spent_eur": spent, "share": share[c], "buys": text}
    unspent = budget_eur - sum(b["spent_eur"] for b in buys.values())
    if unspent > 1.0:
        buys["unspent"] = {"eur": 0.0, "spent_eur": 0.0, "share": 0.0,
                           "buys": f"{_fmt(unspent)} could not be used by any lever"}
    return changes, buys

