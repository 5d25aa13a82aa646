"""SMEs (MKB): a vectorised population of firms, victims of invoice/CEO fraud.

Owns firm attributes (micro or larger, bank, balance, insurance, caution) and the susceptibility
of a contacted firm. Balances fall and victimisation is recorded by its own methods, called by the
stages; it never sees banks, cases or reports.
"""

from __future__ import annotations

import numpy as np
from fraudchain.agents.population import VictimPopulation
from fraudchain.agents.streams import RandomStreams
from fraudchain.scenarios.schema import AwarenessParams, PopulationParams


class SMEPopulation(VictimPopulation):
    kind = "sme"

    def __init__(self, n: int, p: PopulationParams, bank_shares: list[float], insured_share: float,
                 streams: RandomStreams):
        rng = streams["smes"]
        self.n = n
        self.params = p           # fixed for the run (population keys cannot change by a reform)
        self.micro = rng.random(n) < p.micro_share_of_smes
        self.bank = rng.choice(len(bank_shares), size=n, p=bank_shares).astype(np.int8)
        self.savings = (p.sme_balance_median_eur * np.exp(p.sme_balance_sigma * rng.standard_normal(n))).astype(np.float32)
        self.initial_savings = self.savings.copy()   # the balance held at the start (a trait; what limits bind on)
        half = 0.5 * p.sme_caution_concentration       # a symmetric beta around 0.5
        self.caution = rng.beta(half, half, size=n).astype(np.float32)
        self.cover(streams, "sme_cover", insured_share)
        self.vulnerable = np.zeros(n, dtype=bool)  # vulnerability overrides apply to persons only
        self.victimisations = np.zeros(n, dtype=np.int16)
        self.last_victim_day = np.full(n, -1e9, dtype=np.float32)
        self.caution_mean = float(self.caution.mean())
        self.awareness_day = np.full(n, -1e9, dtype=np.float32)   # last sector-body warning

    def susceptibility(self, idx: np.ndarray, day: int, caution_shift: float, repeat_multiplier: float,
                       prevention_demand: float, a: AwarenessParams) -> np.ndarray:
        """Multiplier on invoice fraud's base susceptibility; micro firms lack a second pair of eyes."""
        caution = self.caution[idx] * (1.0 - caution_shift)
        f = (1.0 - caution) / (1.0 - self.caution_mean) * np.where(self.micro[idx], self.params.sme_micro_multiplier,
                                                                          self.params.sme_larger_multiplier)
        f = f * np.where(self.recent_victim(idx, day), repeat_multiplier, 1.0)
        aware = a.effect * np.exp(-np.log(2) * np.maximum(day - self.awareness_day[idx], 0) / a.half_life_days)
        return f * np.where(self.insured[idx], 1.0 - prevention_demand, 1.0) * (1.0 - aware)

    def expose(self, day: int, reach_today: float, rng: np.random.Generator) -> None:
        """Sector bodies reach a random share of firms today (warnings about invoice/CEO fraud)."""
        k = rng.binomial(self.n, min(reach_today, 1.0))
        if k:
            self.awareness_day[rng.integers(0, self.n, size=k)] = day
