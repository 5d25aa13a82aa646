"""Banks: the sending side (monitoring, warnings, name check, limits, delays) and the receiving
side (mule-account detection, freezing, recall). Dutch market shares.

Owns each bank's efforts, its detection probabilities and its prevention spend. Does not move
money: the model asks a bank how likely it flags a payment or catches a mule account.
"""

from __future__ import annotations

import mesa
import numpy as np

from agents.firm import EffortChoice, Firm
from scenarios.schema import BankParams


class Bank(Firm):
    sector = "banks"

    def __init__(self, model: mesa.Model, name: str, share: float, p: BankParams, strength: float):
        super().__init__(model, name, share)
        # strength: this bank's effectiveness per unit of effort (heterogeneity, lognormal around 1)
        self.strength = strength
        half = p.spend_full_effort_eur * share / 2.0
        self.efforts["sending"] = EffortChoice(p.sending_effort, p.max_flag_sending, p.effort_returns, half)
        self.efforts["receiving"] = EffortChoice(p.receiving_effort, 1.0, p.effort_returns, half)
        self.params = p

    @property
    def sending_effort(self) -> float:
        return self.efforts["sending"].effort

    @property
    def receiving_effort(self) -> float:
        return self.efforts["receiving"].effort

    def flag_probability(self) -> float:
        """Chance the sending bank's monitoring flags a fraudulent payment."""
        return self.efforts["sending"].effect(self.strength)

    def mule_hazard(self) -> float:
        """Daily chance an active mule account at this bank is caught by its own monitoring."""
        return self.params.mule_hazard_max * self.efforts["receiving"].effect(self.strength)

    def effective_effort(self, side: str) -> float:
        return float(min(self.efforts[side].effort * self.strength, 1.0))


def make_banks(model: mesa.Model, p: BankParams, shares: dict[str, float], rng: np.random.Generator) -> list[Bank]:
    strengths = np.exp(p.effort_heterogeneity * rng.standard_normal(len(shares)))
    strengths = strengths / np.average(strengths, weights=list(shares.values()))
    return [Bank(model, name, s, p, float(st)) for (name, s), st in zip(shares.items(), strengths, strict=True)]
