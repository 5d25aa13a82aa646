"""The public-private fraud hub: members share signals (mule IBANs, phone numbers, URLs,
ad/seller accounts) with a delay, limited by what the law lets them share.

Owns membership (endogenous: an organisation joins when its expected benefit exceeds its cost,
and the benefit grows with the number of members) and how useful a shared signal is. The model
applies signals to the instruments and accounts of the group they expose.
"""

from __future__ import annotations

import mesa

from scenarios.schema import HubParams

SECTORS = ("banks", "platforms", "telecoms", "police", "insurers")


class FraudHub(mesa.Agent):
    sector = "hub"

    def __init__(self, model: mesa.Model, p: HubParams):
        super().__init__(model)
        self.p = p

    def signal_strength(self) -> float:
        """Chance a shared signal exposes a linked instrument at another member."""
        p = self.p
        if not p.enabled:
            return 0.0
        return p.data_sharing_scope * (1.0 - p.fragmentation) * (0.5 + 0.5 * p.coordination_quality) * p.link_share

    def review_membership(self, orgs: list, annual_fraud_cost: dict[int, float]) -> None:
        """Each organisation joins/leaves by expected benefit vs cost (network effect in the benefit).

        benefit = its yearly fraud cost x 0.5 x signal strength x (share of organisations that are members):
        the more members, the more of the fraud it meets is signalled in time (assumption).
        cost = member cost x (1 - subsidy) - the structural funding spread over members, plus, for sectors
        outside today's approach (platforms, telecoms, insurers), a participation barrier (legal doubt
        under the AVG, reluctance) that coordination (regie) lowers.
        """
        p = self.p
        if not p.enabled:
            for o in orgs:
                o.hub_member = False
            return
        if p.mandate:
            for o in orgs:
                o.hub_member = True
            return
        if not p.endogenous_membership:
            return
        s = self.signal_strength()
        members = sum(o.hub_member for o in orgs)
        for o in orgs:
            frac = (members + (0 if o.hub_member else 1)) / max(len(orgs), 1)
            benefit = annual_fraud_cost.get(o.unique_id, 0.0) * 0.5 * s * frac
            cost = p.member_cost_eur * (1.0 - p.subsidy_share) - p.funding_eur_per_year / max(members + 1, 1) * 0.5
            if o.sector != "banks":
                cost += p.participation_barrier_eur * (1.0 - 0.5 * p.coordination_quality)
            if not o.hub_member and benefit > cost:
                o.hub_member = True
            elif o.hub_member and benefit < 0.7 * cost:   # hysteresis: leaving has a cost too
                o.hub_member = False
