"""Effort -> effect with diminishing returns, and the effort review every firm that chooses an effort shares.

A firm's review uses the same function that applies its effort in the chain (`passing`: the share of
the fraud that still gets past it at a given effort, handed in by the firm from its own mechanics), so
what a firm believes its effort does is what the effort does in the model.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# passing(effort) -> share of the fraud that still gets past the firm at that effort (same shape as effort)
Passing = Callable[[np.ndarray], np.ndarray]
GRID = np.linspace(0.0, 1.0, 101)


def effect(effort: float | np.ndarray, k: float) -> float | np.ndarray:
    """Share of the maximum effect reached at `effort` in [0, 1]: (1 - e^{-k x}) / (1 - e^{-k}).

    Concave: the first euros of prevention buy the most; k is the sector's `effort_returns` (schema).
    """
    x = np.clip(effort, 0.0, 1.0)
    return (1.0 - np.exp(-k * x)) / (1.0 - np.exp(-k))


def marginal_passing(passing: Passing, e: float, h: float = 1e-3) -> float:
    """d passing / d effort at e (central difference, one-sided at the bounds)."""
    lo, hi = max(e - h, 0.0), min(e + h, 1.0)
    p = passing(np.array([lo, hi]))
    return float((p[1] - p[0]) / (hi - lo))


def choose_effort(current: float, spend_full: float, cost_now: float, passing: Passing,
                  floor: float, adjustment: float, max_step: float, breach_cost_now: float = 0.0,
                  breach_standard: float = 0.0) -> float:
    """Bounded-rational effort review (quarterly): minimise spend + expected fraud cost + breach cost.

    The firm extrapolates from what fraud cost it at its current effort (`cost_now`, EUR a year: losses
    it carried and the value it puts on its customers' victimisation, minus any revenue it earns from
    fraud on its service): that cost scales with the share of fraud that gets past its defences,
    passing(e) / passing(e_now). Breach costs (penalties, duty-breach payouts) fall to zero once effort
    reaches the duty standard. It then closes `adjustment` of the gap to the best effort, at most
    `max_step`, never below the duty floor. Grid search over 101 levels: cheap, robust, easy to read.
    """
    pass_now = float(passing(np.array([current]))[0])
    fraud = cost_now * passing(GRID) / max(pass_now, 1e-12)
    if breach_standard > 0 and current < breach_standard:
        shortfall_now = (breach_standard - current) / breach_standard
        breach = breach_cost_now * np.clip((breach_standard - GRID) / breach_standard, 0, 1) / shortfall_now
    else:
        breach = np.zeros_like(GRID)
    total = spend_full * GRID + fraud + breach
    best = float(GRID[int(np.argmin(total))])
    step = float(np.clip(adjustment * (best - current), -max_step, max_step))
    return float(np.clip(max(current + step, floor), 0.0, 1.0))
