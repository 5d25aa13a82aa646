"""Policy levers for `fraudchain optimise`: what can be searched, the presets, and how a point of the
search becomes a scenario change.

Owns three kinds of lever:
- any numeric schema key (`--lever banks.sending_effort_floor=0:0.9`), set as is;
- liability for authorised push payments: `liability.app.sending_bank`, `liability.app.receiving_bank`,
  `liability.app.origin` (shares of the loss, the victim keeps the rest; scaled down if they add up to
  more than 1) and `liability.app.excess_eur`. They become one rule that decides every authorised loss;
  the regime's rules for unauthorised and card payments stay as they are;
- the public budget split: `budget.hub`, `budget.een_loket`, `budget.campaigns`, `budget.victim_support`,
  `budget.police` are weights (0-1), normalised to shares of `--budget-eur`. Money becomes intensity
  through the schema's parameters, never a hidden constant: see sim/studies/public_budget.py.
A lever point becomes a reform on `start_day` (year 2 when there are 2+ years), like the built-in
measures, so year 1 is always the status quo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from fraudchain.scenarios.packs import default_value
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.studies.public_budget import BUDGET_CHANNELS, allocate

__all__ = ["BUDGET_CHANNELS", "PRESETS", "Lever", "allocate", "app_rules", "check_range", "lever_changes",
           "pseudo_keys", "start_day", "with_levers"]
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
                "hub, Een Loket, campaigns, victim support and police investigations",
        "levers": [Lever(f"budget.{c}", 0.0, 1.0) for c in BUDGET_CHANNELS],
        "objectives": ["social_cost_eur", "loss_borne_victims_eur", "victim_harm_eur"],
        "budget": default_value("hub.funding_eur_per_year"),   # the Dutch pack's structural hub funding
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
