"""What consumers and SMEs share as numpy populations: balances that fraud payments draw down, counts of
victimisations, and insurance cover that follows the share in force (agents/consumers.py, agents/smes.py)."""

from __future__ import annotations

import numpy as np
from fraudchain.agents.streams import RandomStreams


class VictimPopulation:
    """Base of a population of possible victims. A subclass sets `n`, `savings` (float32 balances),
    `victimisations` (counts) and calls `cover(streams, name, share)` once: who is insured is one uniform draw
    per person from the named stream `name`, redrawn identically whenever the cover share changes."""

    n: int
    savings: np.ndarray
    victimisations: np.ndarray
    insured_share: float
    insured: np.ndarray
    _cover_draws: tuple[RandomStreams, str]

    def cover(self, streams: RandomStreams, name: str, insured_share: float) -> None:
        """Insured while a person's uniform draw (stream `name`, at build) is below the cover share in force; the
        draws are replayed, not stored, when the share changes."""
        self._cover_draws = (streams, name)
        self.insured_share = insured_share
        self.insured = streams.fresh(name).random(self.n) < insured_share

    def pay(self, idx: np.ndarray, amount: np.ndarray) -> None:
        """Fraud payments leave the balances of `idx` (an index may repeat; amounts never exceed balances)."""
        np.subtract.at(self.savings, idx, amount.astype(np.float32))

    def record_victimisation(self, idx: np.ndarray) -> None:
        """`idx` lost money to fraud (once per case; an index may repeat)."""
        np.add.at(self.victimisations, idx, 1)

    def configure(self, insured_share: float) -> None:
        """Take the insurance cover share in force (after every reform)."""
        if insured_share == self.insured_share:
            return
        streams, name = self._cover_draws
        self.insured_share = insured_share
        self.insured = streams.fresh(name).random(self.n) < insured_share
