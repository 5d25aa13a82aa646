"""Fraudster groups: how much contact effort they make, on which fraud types, and whether they
stay in business.

Owns a group's capacity and its mix over fraud types (the model keeps its mule slots and books).
Adaptation (bounded rationality): each month a group moves part of the way toward a mix that
favours types whose profit per contact rose relative to the reference period (displacement);
each quarter the number of groups moves toward a level set by profit per group (entry/exit).
The reference is the first months of the run, taken as the status-quo equilibrium (assumption:
today's mix reflects skills and costs the model does not represent).
"""

from __future__ import annotations

import mesa
import numpy as np


class FraudsterGroup(mesa.Agent):
    sector = "fraudsters"

    def __init__(self, model: mesa.Model, capacity: float, shares: np.ndarray, speed: float):
        super().__init__(model)
        self.capacity = capacity            # contacts per day (model scale) before filters
        self.initial_capacity = capacity
        self.shares = shares.copy()         # effort mix over fraud types (sums to 1)
        self.speed = speed                  # this group's share of the gap closed per month
        self.active = True

    def adapt_mix(self, relative_profit: np.ndarray, base_shares: np.ndarray, elasticity: float) -> None:
        """Move toward base mix x (profit per contact / reference)^elasticity."""
        target = base_shares * np.power(np.clip(relative_profit, 1e-3, 1e3), elasticity)
        target = target / target.sum()
        self.shares = (1 - self.speed) * self.shares + self.speed * target
        self.shares /= self.shares.sum()

    def disrupt(self, capacity_loss: float) -> None:
        """Police identified a suspect: the group loses part of its capacity; too small -> dissolved."""
        self.capacity *= 1.0 - capacity_loss
        if self.capacity < 0.2 * self.initial_capacity:
            self.active = False

    def recover(self, rate: float) -> None:
        """Monthly: recruit new members, closing part of the gap to the group's original capacity."""
        if self.active:
            self.capacity += rate * (self.initial_capacity - self.capacity)
