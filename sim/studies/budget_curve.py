"""What each extra million buys: `fraudchain budget`, one curve per publicly funded lever.

Owns the curves: for every lever of sim/studies/public_budget.py and every extra sum a year (on top of
today's levels), the scenario with that sum spent on that lever from `start_day` (year 2 with 2+ years,
like the built-in measures), run on the same seeds as the scenario as it is (common random numbers), and
its paired difference over the last year, national: mean and 95 % t-interval per KPI, the same per
million offered, and whether the interval excludes zero. Each point also says what the money buys and
what the plan spends, so the measured change in `public_cost_eur` can be read against the money.

    {"scenario": NAME, "seeds": [...], "agents": N, "years": Y, "amounts_eur": [...], "kpis": [...],
     "reference": {KPI: {"mean", "ci_low", "ci_high"}},
     "levers": {LEVER: [{"extra_eur": X, "spent_eur": X, "buys": TEXT,
                         "difference": {KPI: {"mean", "ci_low", "ci_high"}},
                         "per_million": {KPI: {"mean", "ci_low", "ci_high"}},
                         "distinguishable": {KPI: bool}}]},
     "method": TEXT}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.studies.policy_levers import start_day, with_levers
from fraudchain.sim.studies.public_budget import BUDGET_CHANNELS, buy

KPIS = ("victims", "net_loss_eur", "loss_borne_victims_eur", "victim_harm_eur", "social_cost_eur",
        "public_cost_eur", "hub_signals_acted_share", "supported_victims", "suspects_identified", "reporting_rate")
DEFAULT_AMOUNTS = (1e6, 5e6, 20e6)
MAX_AMOUNT = 1e10


def _summary(values: np.ndarray) -> dict[str, float | None]:
    from fraudchain.sim.runs.runner import summarise

    s = summarise(values)
    return {k: (None if not np.isfinite(v) else float(v)) for k, v in
            (("mean", s.mean), ("ci_low", s.ci_low), ("ci_high", s.ci_high))}


def _distinct(s: dict[str, float | None]) -> bool:
    lo, hi = s["ci_low"], s["ci_high"]
    return lo is not None and hi is not None and (lo > 0 or hi < 0)


def variants(scenario: Scenario, amounts: Iterable[float], levers: Iterable[str], years: int
             ) -> list[tuple[str, float, Scenario, float, str]]:
    """(lever, extra EUR, scenario with it spent from start_day, money spent, what it buys) for every point."""
    out = []
    for lever in levers:
        for eur in amounts:
            changes, spent, text = buy(scenario, lever, eur)
            s = scenario.with_overrides(with_levers(scenario, changes, years)) if changes else scenario
            out.append((lever, float(eur), s.model_copy(update={"name": f"{lever}+{eur:g}"}), spent, text))
    return out


def budget_curves(scenario: Scenario, amounts: Iterable[float] = DEFAULT_AMOUNTS,
                  levers: Iterable[str] = BUDGET_CHANNELS, seeds: int = 4, agents: int = 40_000,
                  years: int | None = None, workers: int | None = None,
                  progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """The curves of every lever (see the module's docstring for the shape)."""
    from fraudchain.sim.runs.runner import compare

    years = years or scenario.run.years
    amounts = [float(a) for a in amounts]
    points = variants(scenario, amounts, list(levers), years)
    ref = scenario.model_copy(update={"name": "today"})
    cmp = compare([ref, *[p[2] for p in points]], seeds=seeds, agents=agents, years=years, workers=workers,
                  progress=progress)
    names = cmp.scenarios
    base = {k: np.array(cmp.results[names[0]].kpis[k].values, dtype=float) for k in KPIS}
    curves: dict[str, list[dict[str, Any]]] = {}
    for (lever, eur, _, spent, text), name in zip(points, names[1:], strict=True):
        run = cmp.results[name]
        diff = {k: np.array(run.kpis[k].values, dtype=float) - base[k] for k in KPIS}
        d = {k: _summary(v) for k, v in diff.items()}
        per = {k: _summary(v / (eur / 1e6)) if eur > 0 else {"mean": None, "ci_low": None, "ci_high": None}
               for k, v in diff.items()}
        curves.setdefault(lever, []).append({"extra_eur": eur, "spent_eur": float(spent), "buys": text,
                                             "difference": d, "per_million": per,
                                             "distinguishable": {k: _distinct(v) for k, v in d.items()}})
    first = cmp.results[names[0]]
    return {"scenario": scenario.name, "seeds": first.seeds, "agents": agents, "years": years,
            "start_day": start_day(years), "amounts_eur": amounts, "kpis": list(KPIS),
            "reference": {k: _summary(base[k]) for k in KPIS}, "levers": curves,
            "method": "each lever's extra money a year on top of today's levels from start_day, paired by seed "
                      "against the scenario as it is (common random numbers); last year, national; 95 % "
                      "t-interval over the per-seed differences; per_million = difference / (extra EUR / 1e6)"}
