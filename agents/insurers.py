"""Insurers: cover part of some victims' losses (households: online-fraud cover; SMEs: fraud/cyber
cover) and may demand prevention from insured SMEs.

Owns the claim decision and the caps. Settlement hands it the victim's remaining loss after the
liability regime. (A premium loading, `insurers.loading`, was removed in issue 19: no output read the
premium it priced.)
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

    def configure(self, p: InsurerParams) -> None:
        """Take the parameters in force (at build and after every reform)."""
        self.params = p

    def yearly_fraud_cost(self) -> float:
        """What fraud costs the insurers per year as the hub's membership test sees it: nothing, because claims
        are priced into premiums, so joining the hub saves them no carried loss (assumption)."""
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
        return np.minimum(pay, np.maximum(cap - paid_before, 0.0))

    def expected_pay(self, remaining: np.ndarray, is_sme: np.ndarray, police_report: np.ndarray,
                     paid_before: np.ndarray, consumer_cover: float, sme_cover: float) -> np.ndarray:
        """What the insurers pay on each loss on average over who is insured and who claims (the cover share in
        force x `claim_share` x the payment `pay_claims` makes): what a victim hears insurance pays back on such
        losses, the same whether the sample holds few insured victims or many."""
        p = self.params
        cover = np.where(is_sme, sme_cover, consumer_cover)
        return cover * self.pay_claims(remaining, np.ones(remaining.size, dtype=bool), is_sme, police_report,
                                       np.full(remaining.size, -1.0), paid_before) * p.claim_share
