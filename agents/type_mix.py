"""The fraudster groups' reference mix over fraud types (year 1) and how their substitutable resources move
between types: a nested CES (logit) allocation over skill nests (agents/fraudsters.py, module docstring)."""

from __future__ import annotations

import numpy as np


class TypeReference:
    """The groups' reference (year 1): the contact mix `base_shares` over types and what a contact of each type
    earned (`profit_per_contact`, EUR). One contact of type t takes resources in proportion to its reference
    profit per contact (at the reference equilibrium a resource earns the same in every type)."""

    def __init__(self, base_shares: np.ndarray, profit_per_contact: np.ndarray, nest: np.ndarray):
        self.base_shares = base_shares
        self.nest = nest                    # nest[t]: the skill nest of type t (index)
        value = base_shares * np.maximum(profit_per_contact, 0.0)
        total = float(value.sum())
        if total <= 0:                      # nothing earned in year 1: resources in proportion to contacts
            value, total = base_shares.copy(), float(base_shares.sum())
        self.resource_share = value / total                      # share of resources on each type
        # resources per contact, normalised so the reference mix takes one unit per contact on average
        self.resource_per_contact = np.where(base_shares > 0, self.resource_share / np.maximum(base_shares, 1e-300),
                                             0.0)

    def target_alloc(self, rel: np.ndarray, within: float, between: float) -> np.ndarray:
        """Nested CES allocation of substitutable resources: within a skill nest shares go as reference share x
        rel^within; between nests as the nest's reference share x (its CES index of rel)^between."""
        w, nest = self.resource_share, self.nest
        n = int(nest.max()) + 1
        nest_w = np.bincount(nest, w, n)
        inner = w / np.maximum(nest_w[nest], 1e-300)                  # reference share within the nest
        if within > 1e-9:
            powered = inner * np.power(rel, within)
            index = np.power(np.bincount(nest, powered, n), 1.0 / within)   # nest's CES index (1 at the reference)
        else:
            powered = inner.copy()
            index = np.exp(np.bincount(nest, inner * np.log(rel), n))      # limit: weighted geometric mean
        within_share = powered / np.maximum(np.bincount(nest, powered, n)[nest], 1e-300)
        nest_share = nest_w * np.power(np.maximum(index, 1e-12), between)
        nest_share = nest_share / max(float(nest_share.sum()), 1e-300)
        return nest_share[nest] * within_share

    def moved(self, alloc: np.ndarray) -> np.ndarray:
        """Substitutable contacts per type relative to the reference (1: none moved in or out)."""
        return np.where(self.resource_share > 0, alloc / np.maximum(self.resource_share, 1e-300), 0.0)

    def mix(self, specific: np.ndarray, alloc: np.ndarray, substitutable: float) -> np.ndarray:
        """Contacts per type per unit of capacity: specific part plus the substitutable resources converted
        into contacts of each type at that type's resources per contact."""
        return self.base_shares * ((1.0 - substitutable) * specific + substitutable * self.moved(alloc))
