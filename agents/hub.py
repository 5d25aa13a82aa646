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
        # analysis capacity against inflow (see `capacity`): the work noted today, the smoothed yearly inflow
        # (national signals a year; None until the first day with signals), the members paying in
        self._work_today = 0.0
        self.inflow: float | None = None
        self.members = 0

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
        """Chance a shared signal exposes a linked instrument at another member: what the law and coordination
        let a signal do (`base_strength`) times the share of signals the hub's analysts get to (`acted_share`)."""
        return self.base_strength() * self.acted_share()

    def base_strength(self) -> float:
        """What a signal the hub acts on can do: scope x (1 - fragmentation) x coordination x link share."""
        p = self.params
        if not p.enabled:
            return 0.0
        coordination = p.uncoordinated_usefulness + (1.0 - p.uncoordinated_usefulness) * p.coordination_quality
        return p.data_sharing_scope * (1.0 - p.fragmentation) * coordination * p.link_share

    # ---- what the money buys: analysts, their capacity against the inflow of signals -------------------------
    def analysts(self, members: int | None = None) -> float:
        """Analysts (FTE) the hub can pay: public funding plus members' contributions, less the fixed cost."""
        p = self.params
        n = self.members if members is None else members
        money = p.funding_eur_per_year + p.member_contribution_share * p.member_cost_eur * n
        return max(money - p.fixed_cost_eur_per_year, 0.0) / p.analyst_cost_eur

    def capacity(self) -> float:
        """National signals a year the analysts can triage, link and pass on."""
        return self.analysts() * self.params.signals_per_analyst_year

    def load(self) -> float:
        """Capacity over inflow (inf before any signal)."""
        if not self.inflow:
            return np.inf
        return self.capacity() / self.inflow

    def acted_share(self) -> float:
        """Share of shared signals the analysts act on: 1 - exp(-capacity / inflow) (diminishing returns: the
        first analysts take the signals that come in; more of them mostly cut the backlog)."""
        if not self.params.enabled:
            return 0.0
        return float(-np.expm1(-self.load()))

    def signal_delay(self) -> float:
        """Days from detection to a shared signal: from `signal_delay_days` with no spare capacity down to
        `min_signal_delay_days` as capacity outgrows the inflow (the same saturating form)."""
        p = self.params
        lo, hi = min(p.min_signal_delay_days, p.signal_delay_days), p.signal_delay_days
        return lo + (hi - lo) * float(np.exp(-self.load()))

    def note_signals(self, national: float) -> None:
        """Signals reaching the hub today (national count, weighted by the work each takes)."""
        self._work_today += float(national)

    def note_routed_reports(self, national_reports: float) -> None:
        """Reports Een Loket routes to the hub today (national): each takes `report_signal_work` of a signal."""
        self._work_today += float(national_reports) * self.params.report_signal_work

    def close_day(self, members: int) -> float:
        """Fold today's signals into the smoothed yearly inflow (an exponential window of `workload_window_days`)
        and take the members paying in; returns today's signals (national)."""
        today, self._work_today = self._work_today, 0.0
        self.members = int(members)
        yearly = today * 365.0
        if self.inflow is None:
            if today > 0:
                self.inflow = yearly
        else:
            a = 1.0 / self.params.workload_window_days
            self.inflow = (1.0 - a) * self.inflow + a * yearly
        return today

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

    def linked_account_probability(self, accounts_per_group: int) -> float:
        """Chance a signal exposes each other mule account of the group: a blocked account links to
        `linked_accounts` others (scale-free: the chance per account falls with the accounts a group runs)."""
        p = self.params
        return min(1.0, self.signal_strength() / max(p.link_share, 1e-9) * p.linked_accounts
                   / max(accounts_per_group - 1, 1))
