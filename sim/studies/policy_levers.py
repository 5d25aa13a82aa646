"""Policy levers for `fraudchain optimise`: what can be searched, the presets, and how a point of the
search becomes a scenario change.

Owns three kinds of lever:
- any numeric schema key (`--lever banks.sending_effort_floor=0:0.9`), set as is;
- liability for authorised push payments: `liability.app.sending_bank`, `liability.app.receiving_bank`,
  `liability.app.origin` (shares of the loss, the victim keeps the rest; scaled down if they add up to
  more than 1) and `liability.app.excess_eur`. They become one rule that decides every authorised loss;
  the regime's rules for unauthorised and card payments stay as they are;
- the public budget split: `budget.hub`, `budget.een_loket`, `budget.campaigns`, `budget.victim_support`
  are weights (0-1), normalised to shares of `--budget-eur`. Money becomes intensity through the
  schema's parameters (scenarios/schema.py PublicBudgetParams and the costs it names), never a hidden
  constant: see `allocate`.
A lever point becomes a reform on `start_day` (year 2 when there are 2+ years), like the built-in
measures, so year 1 is always the status quo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from fraudchain.scenarios.schema import Scenario

BUDGET_CHANNELS = ("hub", "een_loket", "campaigns", "victim_support")
APP_PAYERS = ("sending_bank", "receiving_bank", "origin")


@dataclass(frozen=True)
class Lever:
    """One searched dimension: a key and its range [low, high]."""

    key: str
    low: float
    high: float
    integer: bool = False


PRESETS: dict[str, dict[str, Any]] = {
    "public_budget": {
        "help": "split --budget-eur (default EUR 800,000 a year, the hub's structural funding for 2026) over the "
                "hub, Een Loket, campaigns and victim support",
        "levers": [Lever(f"budget.{c}", 0.0, 1.0) for c in BUDGET_CHANNELS],
        "objectives": ["social_cost_eur", "loss_borne_victims_eur", "victim_harm_eur"],
        "budget": 800_000.0,
    },
    "liability": {
        "help": "who carries authorised push-payment losses: shares of sending bank, receiving bank, origin "
                "(platform/telecom) and the victim's excess",
        "levers": [Lever("liability.app.sending_bank", 0.0, 1.0), Lever("liability.app.receiving_bank", 0.0, 0.5),
                   Lever("liability.app.origin", 0.0, 0.5), Lever("liability.app.excess_eur", 0.0, 500.0)],
        "objectives": ["social_cost_eur", "loss_borne_victims_eur", "victim_harm_eur"],
    },
    "duties": {
        "help": "mandated minimum efforts and system measures: effort floors of banks, platforms and telecoms, "
                "payment delay, seller verification",
        "levers": [Lever("banks.sending_effort_floor", 0.0, 0.9), Lever("banks.receiving_effort_floor", 0.0, 0.9),
                   Lever("platforms.effort_floor", 0.0, 0.8), Lever("telecoms.effort_floor", 0.0, 0.8),
                   Lever("banks.risky_payment_delay_hours", 0.0, 48.0), Lever("platforms.verification", 0.0, 0.5)],
        "objectives": ["social_cost_eur", "loss_borne_victims_eur", "public_cost_eur"],
    },
}
DEFAULT_OBJECTIVES = ["social_cost_eur", "loss_borne_victims_eur", "public_cost_eur"]


def pseudo_keys() -> dict[str, tuple[float, float]]:
    """Lever keys that are not schema keys, with their allowed range."""
    out = {f"budget.{c}": (0.0, 1.0) for c in BUDGET_CHANNELS}
    out.update({f"liability.app.{p}": (0.0, 1.0) for p in APP_PAYERS})
    out["liability.app.excess_eur"] = (0.0, 1e6)
    return out


def start_day(years: int) -> int:
    return 365 if years >= 2 else 0


# ---------------------------------------------------------------------------------------------
# the public budget
def allocate(scenario: Scenario, budget_eur: float, weights: dict[str, float]) -> tuple[dict[str, Any], dict]:
    """Shares of the budget -> (scenario changes, what each channel's money buys).

    hub:            hub.funding_eur_per_year = its money (the budget includes the hub's funding; nl_baseline's
                    EUR 800,000 is that money today)
    campaigns:      extra reach = money / (awareness.cost_per_person_reached_eur x population.consumers), on top
                    of today's awareness.campaign_reach, at most 1
    victim_support: extra support share = money / (reporting.support_case_cost_eur x budget.victims_per_year), on
                    top of today's reporting.support_share, at most 1
    een_loket:      runs (een_loket.enabled) when its money covers the desk's yearly public cost: the build
                    (costs.loket_one_off_eur) annualised over costs.loket_life_years at costs.discount_rate, plus
                    costs.loket_fixed_eur_per_year, plus een_loket.cost_per_report_eur x budget.loket_reports_per_year;
                    otherwise nothing is bought
    Money a channel cannot use (a capped share, a desk that is not funded) is reported as unspent.
    """
    total = sum(max(weights.get(c, 0.0), 0.0) for c in BUDGET_CHANNELS)
    share = {c: (max(weights.get(c, 0.0), 0.0) / total if total > 0 else 1.0 / len(BUDGET_CHANNELS))
             for c in BUDGET_CHANNELS}
    money = {c: budget_eur * share[c] for c in BUDGET_CHANNELS}
    s, b = scenario, scenario.budget
    changes: dict[str, Any] = {"hub.funding_eur_per_year": money["hub"]}
    buys: dict[str, dict[str, Any]] = {"hub": {"eur": money["hub"], "spent_eur": money["hub"],
                                               "buys": f"hub funding EUR {money['hub']:,.0f} a year"}}
    per_person = s.awareness.cost_per_person_reached_eur * s.population.consumers
    extra = money["campaigns"] / per_person if per_person > 0 else 0.0
    reach = min(1.0, s.awareness.campaign_reach + extra)
    spent = (reach - s.awareness.campaign_reach) * per_person
    changes["awareness.campaign_reach"] = reach
    buys["campaigns"] = {"eur": money["campaigns"], "spent_eur": spent,
                         "buys": f"campaign reach {s.awareness.campaign_reach:.0%} -> {reach:.1%} of persons 15+"}
    per_share = s.reporting.support_case_cost_eur * b.victims_per_year
    extra = money["victim_support"] / per_share if per_share > 0 else 0.0
    sup = min(1.0, s.reporting.support_share + extra)
    spent = (sup - s.reporting.support_share) * per_share
    changes["reporting.support_share"] = sup
    buys["victim_support"] = {"eur": money["victim_support"], "spent_eur": spent,
                              "buys": f"victim support for {spent / max(s.reporting.support_case_cost_eur, 1e-9):,.0f} "
                                      f"more victims a year (share {s.reporting.support_share:.1%} -> {sup:.1%})"}
    need = loket_cost_eur(s)
    runs = money["een_loket"] >= need and need > 0
    if runs:
        changes["een_loket.enabled"] = True
    buys["een_loket"] = {"eur": money["een_loket"], "spent_eur": need if runs else 0.0,
                         "buys": "Een Loket runs" if runs else
                         f"nothing: Een Loket needs EUR {need:,.0f} a year"}
    return changes, buys


def loket_cost_eur(s: Scenario) -> float:
    """Een Loket's yearly public cost: build annualised, fixed cost, intake of every report."""
    from fraudchain.sim.engine.costs import capital_recovery_factor

    c = s.costs
    return (c.loket_one_off_eur * capital_recovery_factor(c.discount_rate, c.loket_life_years)
            + c.loket_fixed_eur_per_year + s.een_loket.cost_per_report_eur * s.budget.loket_reports_per_year)


# ---------------------------------------------------------------------------------------------
# liability for authorised push payments
def app_rules(scenario: Scenario, shares: dict[str, float], excess_eur: float) -> list[dict[str, Any]]:
    """The scenario's rules without authorised payments, plus one rule for all authorised losses."""
    from fraudchain.scenarios.regimes import regime_rules_eur

    lia = scenario.liability
    if lia.rules is not None:
        rules = [r.model_dump(exclude_none=True) for r in lia.rules]
    else:
        fx = {"EUR": 1.0, "GBP": lia.gbp_eur, "SGD": lia.sgd_eur, "AUD": lia.aud_eur}
        rules = regime_rules_eur(lia.regime, fx)
    kept = []
    for r in rules:
        kinds = [k for k in r.get("payment_kinds", ["authorised", "unauthorised", "card"]) if k != "authorised"]
        if kinds:
            kept.append({**r, "payment_kinds": kinds})
    total = sum(max(v, 0.0) for v in shares.values())
    scale = 1.0 / total if total > 1.0 else 1.0
    payers = {p: round(max(v, 0.0) * scale, 6) for p, v in shares.items() if v > 0}
    payers["victim"] = round(max(0.0, 1.0 - sum(payers.values())), 6)
    drift = 1.0 - sum(payers.values())
    payers["victim"] = round(payers["victim"] + drift, 9)
    kept.append({"name": "optimised_app", "cites": "fraudchain optimise: searched liability for authorised payments",
                 "payment_kinds": ["authorised"], "payers": {k: v for k, v in payers.items() if v > 0} or
                 {"victim": 1.0}, "excess_eur": float(excess_eur)})
    return kept


# ---------------------------------------------------------------------------------------------
def lever_changes(scenario: Scenario, params: dict[str, float], budget_eur: float | None
                  ) -> tuple[dict[str, Any], dict[str, Any]]:
    """A point of the search -> (dotted changes for one reform, what the budget buys per channel)."""
    changes: dict[str, Any] = {}
    weights = {k.split(".", 1)[1]: v for k, v in params.items() if k.startswith("budget.")}
    app = {k.split(".", 2)[2]: v for k, v in params.items() if k.startswith("liability.app.")}
    buys: dict[str, Any] = {}
    if weights:
        if budget_eur is None:
            raise ValueError("budget levers need --budget-eur")
        c, buys = allocate(scenario, budget_eur, weights)
        changes.update(c)
    if app:
        excess = app.pop("excess_eur", 0.0)
        changes["liability.rules"] = app_rules(scenario, {p: app.get(p, 0.0) for p in APP_PAYERS}, excess)
    for k, v in params.items():
        if not k.startswith(("budget.", "liability.app.")):
            changes[k] = v
    return changes, buys


def with_levers(scenario: Scenario, changes: dict[str, Any], years: int) -> dict[str, Any]:
    """Overrides that add the changes as a reform on start_day (day 0: set directly)."""
    day = start_day(years)
    if day == 0:
        return dict(changes)
    reforms = [r.model_dump() for r in scenario.reforms]
    reforms.append({"day": day, "label": "optimised levers", "set": changes})
    return {"reforms": reforms}


def check_range(key: str, low: float, high: float) -> str | None:
    lo, hi = pseudo_keys().get(key, (-math.inf, math.inf))
    if low < lo or high > hi:
        return f"--lever {key}={low:g}:{high:g}: must lie within {lo:g}:{hi:g}"
    return None
