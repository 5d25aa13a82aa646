"""The public-private fraud hub: members share signals (mule IBANs, phone numbers, URLs,
ad/seller accounts) with a delay, limited by what the law lets them share.

Owns membership (endogenous: an organisation joins when its expected benefit exceeds its cost,
and the benefit grows with the number of members; by mandate; or by the sectors a scenario
names), how useful a shared signal is, and what a signal exposes: the group's other live
instruments at member organisations and its linked mule accounts at member banks.
"""

from __future__ import annotations

import mesa
import numpy as np
from fraudchain.scenarios.schema import HubParams

SECTORS = ("banks", "platforms", "telecoms", "police", "insurers")


class FraudHub(mesa.Agent):
    sector = "hub"

    def __init__(self, model: mesa.Model, p: HubParams):
        super().__init__(model)
        self.params = p

    def configure(self, p: HubParams, orgs: list, police: mesa.Agent, at_build: bool = False) -> None:
        """Take the parameters in force and set membership as they say (`orgs` choose membership; the police
        is a member when its sector is listed).

        Off -> nobody. A mandate -> every organisation. At build, the sectors in `initial_members`; after a
        reform that touches the hub, sectors newly listed in `initial_members` join and sectors taken off the
        list leave, while the others keep their own (endogenous) choice.
        """
        old = self.params
        self.params = p
        if not at_build and p == old:
            return
        listed = set(p.initial_members) if p.enabled else set()
        was = set(old.initial_members) if old.enabled and not at_build else set()
        for o in orgs:
            if not p.enabled or p.mandate or at_build:
                o.hub_member = p.enabled and (p.mandate or o.sector in listed)
            elif o.sector in listed:
                o.hub_member = True
            elif o.sector in was:
                o.hub_member = False
        police.hub_member = police.sector in listed

    def signal_strength(self) -> float:
        """Chance a shared signal exposes a linked instrument at another member."""
        p = self.params
        if not p.enabled:
            return 0.0
        coordination = p.uncoordinated_usefulness + (1.0 - p.uncoordinated_usefulness) * p.coordination_quality
        return p.data_sharing_scope * (1.0 - p.fragmentation) * coordination * p.link_share

    def review_membership(self, orgs: list) -> None:
        """Each organisation joins/leaves by expected benefit vs cost (network effect in the benefit).

        benefit = its yearly fraud cost x benefit_share x signal strength x (share of organisations that are
        members): the more members, the more of the fraud it meets is signalled in time (assumption).
        cost = member cost x (1 - subsidy) - part of the structural funding spread over members, plus, for
        sectors outside today's approach (platforms, telecoms, insurers), a participation barrier (legal doubt
        under the AVG, reluctance) that coordination (regie) lowers. Each organisation states its own yearly
        fraud cost (`yearly_fraud_cost`), net of what fraud on its service earns it: a platform whose revenue
        from fraud outweighs what fraud costs it sees no benefit in signals that cut fraud (issue 11).
        """
        p = self.params
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
        costs = {o.unique_id: o.yearly_fraud_cost() for o in orgs}
        strength = self.signal_strength()
        members = sum(o.hub_member for o in orgs)
        for o in orgs:
            frac = (members + (0 if o.hub_member else 1)) / max(len(orgs), 1)
            benefit = costs[o.unique_id] * p.benefit_share * strength * frac
            cost = p.member_cost_eur * (1.0 - p.subsidy_share) - p.funding_eur_per_year / max(members + 1, 1) * \
                p.funding_offset_share
            if o.sector != "banks":
                cost += p.participation_barrier_eur * (1.0 - p.coordination_barrier_cut * p.coordination_quality)
            if not o.hub_member and benefit > cost:
                o.hub_member = True
            elif o.hub_member and benefit < p.leave_below * cost:
                o.hub_member = False

    def exposed_instruments(self, rng: np.random.Generator, at_member: np.ndarray) -> np.ndarray:
        """Of a group's live instruments (`at_member`: held at a member organisation), which a signal exposes."""
        return at_member & (rng.random(at_member.size) < self.signal_strength())

    def linked_accounts_exposed(self) -> float:
        """Mule accounts one signal about a receiving account (a block at a member bank, a report routed by Een
        Loket) exposes: it links to `linked_accounts` others of the group, each exposed with the chance a shared
        signal is usable (scope, fragmentation, coordination; `signal_strength` without `link_share`, which is the
        instruments' counterpart of `linked_accounts`)."""
        p = self.params
        return self.signal_strength() / max(p.link_share, 1e-9) * p.linked_accounts
