"""Telecom operators: anti-spoofing of bank numbers, SMS sender-ID filtering, scam filters and
blocking numbers used by fraudsters.

Owns each operator's effort and what it does: the chance a fraudulent call or SMS to its
subscribers is stopped, the daily chance it finds a fraud number itself, and how it acts on a
notice (how often and how fast it blocks a reported number).
"""

from __future__ import annotations

import mesa
import numpy as np
from fraudchain.agents.firm import EffortChoice, Firm
from fraudchain.scenarios.schema import TelecomParams


class Telecom(Firm):
    sector = "telecoms"

    def __init__(self, model: mesa.Model, name: str, share: float, p: TelecomParams):
        super().__init__(model, name, share)
        self.params = p
        self.efforts["prevention"] = EffortChoice(p.effort, p.effort_returns, p.spend_full_effort_eur * share)
        # the scam filter is what effort buys; channel-specific filters multiply the passing share at every
        # effort alike, so they drop out of the review's ratio passing(e) / passing(e_now)
        self.efforts["prevention"].set_passing(lambda e: 1.0 - self.block_probability("email", False, e))

    def configure(self, p: TelecomParams, floor: float, changed: frozenset[str] | None = None) -> None:
        """Take the parameters and the duty floor in force (at build and after every reform)."""
        self.params = p
        start = p.effort if changed is None or "effort" in changed else None
        self.efforts["prevention"].configure(p.effort_returns, p.spend_full_effort_eur * self.share,
                                             max(floor, p.effort_floor) * p.floor_compliance, start)

    @property
    def effort(self) -> float:
        return self.efforts["prevention"].effort

    def block_probability(self, channel: str, spoofs_bank: bool,
                          effort: float | np.ndarray | None = None) -> float | np.ndarray:
        """Chance a call/SMS to this operator's subscriber is stopped (filters combine independently), at
        `effort` (default: the current one)."""
        scam_filter = self.params.max_block * self.efforts["prevention"].share(1.0, effort)
        specific = 0.0
        # the stated effect times how much of it is realised (drawn by `--uncertainty assumptions`)
        if channel == "call" and spoofs_bank:
            specific = min(1.0, self.params.anti_spoofing * self.params.anti_spoofing_factor)
        elif channel == "sms":
            specific = min(1.0, self.params.sms_filter * self.params.sms_filter_factor)
        return 1.0 - (1.0 - scam_filter) * (1.0 - specific)

    def proactive_hazard(self) -> float:
        """Daily chance the operator finds a live fraud number itself."""
        return float(self.params.proactive_takedown_max * self.efforts["prevention"].share())

    def notice_acted_share(self) -> float:
        """Chance a notice about a number leads to blocking it."""
        return self.params.notice_acted_share

    def notice_delay_days(self) -> float:
        """Mean days from a notice to blocking the number."""
        return self.params.number_block_hours / 24.0


def make_telecoms(model: mesa.Model, p: TelecomParams, shares: dict[str, float]) -> list[Telecom]:
    return [Telecom(model, name, s, p) for name, s in shares.items()]
