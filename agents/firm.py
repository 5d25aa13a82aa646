"""What every firm that chooses a prevention effort shares: its ledger and its quarterly review.

A firm learns what fraud cost it only from what settlement books in its ledger (losses it had to
carry, penalties, victims among its customers or on its service weighted by their relevance to the
sector, revenue fraud on its service earned it). What it believes its effort does is the function its
owner hands in (`EffortChoice.set_passing`), built from the same functions that apply the effort in the
stages. It never imports the engine.
"""

from __future__ import annotations

import mesa
import numpy as np
from fraudchain.agents.effort import Passing, choose_effort, effect, marginal_passing


class Ledger:
    """Costs booked for one firm since its last review (EUR, model scale)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.carried = 0.0       # losses the liability regime made the firm carry
        self.breach_cost = 0.0   # duty-breach payouts and penalties
        self.victims = 0.0       # victims among its customers / on its service, weighted by relevance to the sector
        self.revenue = 0.0       # what fraud on its service earned it (scam adverts, fraudulent sellers' fees)
        self.days = 0


def _no_effect(effort: np.ndarray) -> np.ndarray:
    return np.ones_like(np.asarray(effort, dtype=float))


class EffortChoice:
    """One effort dimension of a firm (e.g. a bank's sending-side monitoring).

    `passing(effort)` is handed in by the firm (`set_passing`): the share of the fraud that still gets past
    it at that effort, computed from the same functions that apply the effort in the chain. The review and
    the revealed-preference inference use only this function, so the firm's belief about its effect is the
    effect its effort has in the model (no separate belief constant).
    """

    def __init__(self, effort: float, k: float, spend_full: float):
        self.effort = effort
        self.k = k
        self.spend_full = spend_full        # EUR per year at effort 1 (this firm's part, national)
        self.floor = 0.0                    # duty standard in force (set by the regime)
        self.reputation_per_victim = 0.0    # revealed-preference value, set after year 1
        self.held = 0.0                     # effort held by supervision beyond what fraud justifies (see Bank)
        self.passing: Passing = _no_effect
        self.ledger = Ledger()

    def set_passing(self, passing: Passing) -> None:
        self.passing = passing

    def configure(self, k: float, spend_full: float, floor: float, start_effort: float | None = None) -> None:
        """Take the parameters in force (at build and after every reform). `start_effort`, when given, resets
        the effort (a scenario or reform that states it); otherwise the effort the firm chose stays, raised to
        the duty floor if that rose."""
        self.k, self.spend_full, self.floor = k, spend_full, floor
        if start_effort is not None:
            self.effort = start_effort
        self.effort = max(self.effort, floor)

    def share(self, strength: float = 1.0, effort: float | np.ndarray | None = None) -> float | np.ndarray:
        """Share of the maximum effect reached (diminishing returns) at `effort` (default: the current one)
        times the firm's `strength`."""
        e = self.effort if effort is None else effort
        return effect(np.minimum(np.asarray(e, dtype=float) * strength, 1.0), self.k)

    def believed_passing(self, effort: float | None = None) -> float:
        """What the firm believes passes its defences at `effort` (default: its current effort)."""
        e = self.effort if effort is None else effort
        return float(self.passing(np.array([e]))[0])

    def spend_per_year(self) -> float:
        return self.spend_full * self.effort

    def infer_reputation(self) -> None:
        """Revealed preference: the value per (relevance-weighted) victim that makes today's effort cost-minimising.

        Firms spend on prevention beyond the losses they carry (reputation, supervision, customer care).
        Assuming status-quo effort is optimal, the marginal spend equals the marginal cost avoided:
        spend_full = (carried + r * victims - revenue) * (-passing'(e)) / passing(e). Solved for r. Revenue from
        fraud on its service (which falls with its effort as the losses and victims do) is part of what the
        status quo reveals: a firm that earns from fraud and still spends today's effort must value its
        customers' harm that much more. So with no policy change the effort stays where it is; revenue pulls
        against effort only where it changes from year 1 (a reform that stops it, fraud moving onto the
        service), and it lowers what the firm gains from the hub (docs/validation.md).
        """
        lg = self.ledger
        if lg.days <= 0 or lg.victims <= 0:
            return
        per_year = 365.0 / lg.days
        slope = -marginal_passing(self.passing, self.effort)
        needed = self.spend_full * self.believed_passing() / max(slope, 1e-12)
        self.reputation_per_victim = max(0.0, needed - (lg.carried - lg.revenue) * per_year) / (lg.victims * per_year)

    def yearly_cost(self) -> float:
        """What fraud cost this effort's owner per year since the last review, net of revenue from fraud (EUR)."""
        lg = self.ledger
        if lg.days <= 0:
            return 0.0
        return (lg.carried + self.reputation_per_victim * lg.victims - lg.revenue) * 365.0 / lg.days

    def review(self, adjustment: float, max_step: float) -> None:
        """Quarterly review from what the firm actually paid and earned since the last one."""
        lg = self.ledger
        if lg.days <= 0:
            return
        per_year = 365.0 / lg.days
        self.effort = choose_effort(self.effort, self.spend_full, self.yearly_cost(), self.passing,
                                    max(self.floor, self.held), adjustment, max_step, lg.breach_cost * per_year,
                                    self.floor if lg.breach_cost > 0 else 0.0)
        lg.reset()


class Firm(mesa.Agent):
    """A bank, platform or telecom operator: a Mesa agent with one or more effort choices."""

    sector = "firm"

    def __init__(self, model: mesa.Model, name: str, share: float):
        super().__init__(model)
        self.name = name
        self.share = share
        self.efforts: dict[str, EffortChoice] = {}
        self.hub_member = False

    def spend_per_year(self) -> float:
        return sum(c.spend_per_year() for c in self.efforts.values())

    def yearly_fraud_cost(self) -> float:
        """What fraud costs the firm per year, from its ledgers since the last review: losses it carried,
        duty-breach costs and the value it puts on its customers' victimisation, minus what fraud on its
        service earned it (EUR per year; negative when the revenue outweighs the costs)."""
        total = 0.0
        for ch in self.efforts.values():
            lg = ch.ledger
            if lg.days:
                total += ch.yearly_cost() + lg.breach_cost * 365 / lg.days
        return total

    def end_reference_year(self) -> None:
        """End of year 1: infer what each effort's status quo reveals about the firm's other motives
        (`EffortChoice.infer_reputation`) and start the ledgers afresh."""
        for c in self.efforts.values():
            c.infer_reputation()
            c.ledger.reset()

    def review_efforts(self, adjustment: float, max_step: float) -> None:
        for c in self.efforts.values():
            c.review(adjustment, max_step)

    def book(self, dimension: str, carried: float = 0.0, breach_cost: float = 0.0, victims: float = 0.0,
             days: int = 0, revenue: float = 0.0) -> None:
        """What the firm carried over the last `days` days (national EUR), handed over from the state's books."""
        lg = self.efforts[dimension].ledger
        lg.carried += carried
        lg.breach_cost += breach_cost
        lg.victims += victims
        lg.revenue += revenue
        lg.days += days


class OriginFirms:
    """The platforms or the telecom operators together: their current behaviour as arrays (index = firm).

    Refreshed (`refresh`) at build, after a reform and after each effort review."""

    def __init__(self, firms: list) -> None:
        self.firms = firms

    def __len__(self) -> int:
        return len(self.firms)

    def __iter__(self):
        return iter(self.firms)

    def __getitem__(self, i: int):
        return self.firms[i]

    def refresh(self) -> None:
        firms = self.firms
        self.hazard = np.array([f.proactive_hazard() for f in firms])           # P(found without notice)/day
        self.effort = np.array([f.effort for f in firms])
        self.member = np.array([f.hub_member for f in firms])
        self.notice_acted = np.array([f.notice_acted_share() for f in firms])   # P(a notice leads to takedown)
        self.notice_delay = np.array([f.notice_delay_days() for f in firms])    # mean days notice -> takedown
        self.case_cost = np.array([f.params.case_cost_eur for f in firms])      # EUR per notice handled
        self.spend_per_day = sum(f.spend_per_year() for f in firms) / 365.0
