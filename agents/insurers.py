"""Insurers: cover part of some victims' losses (households: online-fraud cover; SMEs: fraud/cyber
cover), price the cover from claims, and may demand prevention from insured SMEs.

Owns the claim decision, the caps and the premium. Settlement hands it the victim's remaining loss
after the liability regime.
"""

from __future__ import annotations

import mesa
import numpy as np
from fraudchain.scenarios.schema import InsurerParams


class InsuranceSector(mesa.Agent):
    sector = "insurers"

    def __init__(self, model: mesa.Model, p: InsurerParams):
        super().__init__(model)
        self.params = p
        self.hub_member = False
        self.claims_paid = 0.0
        self.premium_per_policy = 0.0

    def configure(self, p: InsurerParams) -> None:
        """Take the parameters in force (at build and after every reform)."""
        self.params = p

    def yearly_fraud_cost(self) -> float:
        """What fraud costs the insurers per year as the hub's membership test sees it: nothing, because claims
        are priced into premiums (`reprice`), so joining the hub saves them no carried loss (assumption)."""
        return 0.0

    def pay_claims(self, remaining: np.ndarray, insured: np.ndarray, is_sme: np.ndarray, police_report: np.ndarray,
                   u: np.ndarray, paid_before: np.ndarray) -> np.ndarray:
        """What the insurer pays on each loss: above the excess, up to the cap per claim and what is left of the
        cap per case (`paid_before`: paid on the case's earlier losses), if the policy conditions hold.

        u: uniform draws deciding who claims (from the model's generator).
        """
        p = self.params
        claims = insured & (u < p.claim_share)
        if p.requires_police_report:
            claims &= police_report
        cap = np.where(is_sme, p.sme_cap_eur, p.cap_eur)
        pay = np.where(claims, np.clip(remaining - p.excess_eur, 0.0, cap), 0.0)
        pay = np.minimum(pay, np.maximum(cap - paid_before, 0.0))
        self.claims_paid += float(pay.sum())
        return pay

    def reprice(self, policies: int, days: int) -> None:
        """Yearly: premium = expected claims per policy x (1 + loading)."""
        if policies > 0 and days > 0:
            self.premium_per_policy = self.claims_paid * 365.0 / days / policies * (1.0 + self.params.loading)
        self.claims_paid = 0.0
