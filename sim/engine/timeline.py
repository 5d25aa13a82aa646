"""The scenario in effect on each simulated day, rebuilt from the scenario a model started with and
its scheduled reforms (in the order the reforms stage, sim/engine/stages/reforms.py, applies them).

Owns `timeline(model)`: the periods [start, end) of one run with the scenario of each, and
`values_at(model, days, getter)`: a parameter's value on given days. Cost and harm accounting
(sim/engine/costs.py, sim/engine/handling.py) reads parameters through it, so a measure switched on at day 365
costs nothing in year 1. Must not change the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from fraudchain.scenarios.loader import apply_overrides
from fraudchain.scenarios.schema import Scenario


@dataclass(frozen=True)
class Period:
    start: int          # first day (inclusive)
    end: int            # last day + 1
    scenario: Scenario


def timeline(m: Any) -> list[Period]:
    """Periods of constant parameters covering days [0, m.days_total), cached on the model."""
    cached = getattr(m, "_timeline_cache", None)
    if cached is not None:
        return cached
    s = m.initial_scenario
    days = sorted({r.day for r in s.reforms if 0 <= r.day < m.days_total})
    periods, start = [], 0
    for d in days:
        if d > start:
            periods.append(Period(start, d, s))
        for r in s.reforms:
            if r.day == d:
                s = apply_overrides(s, r.set)
        start = d
    periods.append(Period(start, m.days_total, s))
    m._timeline_cache = periods
    return periods


def overlaps(m: Any, start: int, end: int) -> list[tuple[int, int, Scenario]]:
    """(first day, last day + 1, scenario) of every period's part inside the window [start, end)."""
    out = []
    for p in timeline(m):
        a, b = max(p.start, start), min(p.end, end)
        if b > a:
            out.append((a, b, p.scenario))
    return out


def values_at(m: Any, days: np.ndarray, getter: Callable[[Scenario], float]) -> np.ndarray:
    """getter(scenario in effect) for each day in `days` (fractional days allowed)."""
    periods = timeline(m)
    starts = np.array([p.start for p in periods], dtype=float)
    vals = np.array([float(getter(p.scenario)) for p in periods])
    idx = np.clip(np.searchsorted(starts, np.floor(np.asarray(days, dtype=float)), side="right") - 1,
                  0, len(periods) - 1)
    return vals[idx]


def daily_values(m: Any, start: int, end: int, getter: Callable[[Scenario], float]) -> np.ndarray:
    """getter(scenario in effect) for each day start..end-1."""
    return values_at(m, np.arange(start, end), getter)
