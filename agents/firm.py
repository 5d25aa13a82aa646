"""What every firm that chooses a prevention effort shares: its ledger and its quarterly review.

A firm learns what fraud cost it only from what settlement books in its ledger (losses it had to
carry, penalties, victims among its customers or on its service). It never imports the engine.
"""

from __future__ import annotations

import mesa
import numpy as np

from agents.effort import choose_effort, effect


class Ledger:
    """Costs booked for one firm since its last review (EUR, model scale)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.carried = 0.0       # losses the liability regime made the firm carry
        self.breach_cost = 0.0   # duty-breach payouts and penalties
        self.victims = 0.0       # victims among its customers / on its service
        self.days = 0


class EffortChoice:
    """One effort dimension of a firm (e.g. a bank's sending-side monitoring)."""

    def __init__(self, effort: float, max_effect: float, k: float, spend_full: float):
        self.effort = effort
        self.max_effect = max_effect
        self.k = k
        self.spend_full = spend_full        # EUR per year at effort 1 (this firm's part, national)
        self.floor = 0.0                    # duty standard in force (set by the regime)
        self.reputation_per_victim = 0.0    # revealed-preference value, set after year 1
        self.ledger = Ledger()

    def configure(self, max_effect: float, k: float, spend_full: float, floor: float,
                  start_effort: float | None = None) -> None:
        """Take the parameters in force (at build and after every reform). `start_effort`, when given, resets
        the effort (a scenario or reform that states it); otherwise the effort the firm chose stays, raised to
        the duty floor if that rose."""
        self.max_effect, self.k, self.spend_full, self.floor = max_effect, k, spend_full, floor
        if start_effort is not None:
            self.effort = start_effort
        self.effort = max(self.effort, floor)

    def effect(self, strength: float = 1.0) -> float:
        return float(self.max_effect * effect(min(self.effort * strength, 1.0), self.k))

    def spend_per_year(self) -> float:
        return self.spend_full * self.effort

    def infer_reputation(self) -> None:
        """Revealed preference: the per-victim cost that makes today's effort cost-minimising.

        Firms spend on prevention beyond the losses they carry (reputation, supervision, customer
        care). Assuming status-quo effort is optimal, the marginal spend equals the marginal cost
        avoided: spend_full = (carried + r * victims) * m g'(e) / (1 - m g(e)). Solved for r.
        """
        lg = self.ledger
        if lg.days <= 0 or lg.victims <= 0:
            return
        per_year = 365.0 / lg.days
        e, k, m = self.effort, self.k, self.max_effect
        h = 1e-4
        g1 = float(effect(min(e + h, 1.0), k))
        g0 = float(effect(max(e - h, 0.0), k))
        dg = (g1 - g0) / (min(e + h, 1.0) - max(e - h, 0.0))
        passing = 1.0 - m * float(effect(e, k))
        needed = self.spend_full * passing / max(m * dg, 1e-9)
        self.reputation_per_victim = max(0.0, needed - lg.carried * per_year) / (lg.victims * per_year)

    def review(self, adjustment: float, max_step: float) -> None:
        """Quarterly review from what the firm actually paid since the last one."""
        lg = self.ledger
        if lg.days <= 0:
            return
        per_year = 365.0 / lg.days
        cost_now = (lg.carried + self.reputation_per_victim * lg.victims) * per_year
        self.effort = choose_effort(self.effort, self.spend_full, cost_now, self.k, self.max_effect,
                                    self.floor, adjustment, max_step, lg.breach_cost * per_year,
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
        duty-breach costs and the value it puts on its customers' victimisation (EUR per year)."""
        total = 0.0
        for ch in self.efforts.values():
            lg = ch.ledger
            if lg.days:
                total += (lg.carried + lg.breach_cost + ch.reputation_per_victim * lg.victims) * 365 / lg.days
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
             days: int = 0) -> None:
        """What the firm carried over the last `days` days (national EUR), handed over from the state's books."""
        lg = self.efforts[dimension].ledger
        lg.carried += carried
        lg.breach_cost += breach_cost
        lg.victims += victims
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
