"""Effort -> effect with diminishing returns, shared by every firm that chooses an effort level."""

from __future__ import annotations

import numpy as np


def effect(effort: float | np.ndarray, k: float) -> float | np.ndarray:
    """Share of the maximum effect reached at `effort` in [0, 1]: (1 - e^{-k x}) / (1 - e^{-k}).

    Concave: the first euros of prevention buy the most; k is the sector's `effort_returns` (schema).
    """
    x = np.clip(effort, 0.0, 1.0)
    return (1.0 - np.exp(-k * x)) / (1.0 - np.exp(-k))


def choose_effort(current: float, spend_full: float, liability_now: float, k: float, max_effect: float,
                  floor: float, adjustment: float, max_step: float, breach_cost_now: float = 0.0,
                  breach_standard: float = 0.0) -> float:
    """Bounded-rational effort review (quarterly): minimise spend + expected carried loss + breach cost.

    The firm extrapolates from what it actually paid at its current effort: carried losses scale
    with the share of fraud that gets past its defences, (1 - m g(e)) / (1 - m g(e_now)); breach
    costs (penalties, duty-breach payouts) fall to zero once effort reaches the duty standard.
    It then closes `adjustment` of the gap to the best effort, at most `max_step`, never below
    the duty floor. Grid search over 101 levels: cheap, robust, and easy to read.
    """
    grid = np.linspace(0.0, 1.0, 101)
    pass_now = 1.0 - max_effect * effect(current, k)
    pass_grid = 1.0 - max_effect * effect(grid, k)
    carried = liability_now * pass_grid / max(pass_now, 1e-9)
    if breach_standard > 0 and current < breach_standard:
        shortfall_now = (breach_standard - current) / breach_standard
        breach = breach_cost_now * np.clip((breach_standard - grid) / breach_standard, 0, 1) / shortfall_now
    else:
        breach = np.zeros_like(grid)
    total = spend_full * grid + carried + breach
    best = float(grid[int(np.argmin(total))])
    step = float(np.clip(adjustment * (best - current), -max_step, max_step))
    return float(np.clip(max(current + step, floor), 0.0, 1.0))
