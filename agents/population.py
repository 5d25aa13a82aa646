"""What consumers and SMEs share as numpy populations: balances that fraud payments draw down, counts of
victimisations, and insurance cover that follows the share in force (agents/consumers.py, agents/smes.py)."""

from __future__ import annotations

import numpy as np


class VictimPopulation:
    """Base of a population of possible victims. A subclass sets `n`, `savings` (float32 balances),
    `victimisations` (counts), `insured_share`, `insured` and `_insured_state` (the generator state the
    insurance draw was made from, so a changed share replays the same uniform draws)."""

    n: int
    savings: np.ndarray
    victimisations: np.ndarray
    insured_share: float
    insured: np.ndarray
    _insured_state: tuple

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
        self.insured_share = insured_share
        kind, state = self._insured_state
        replay = np.random.Generator(kind())
        replay.bit_generator.state = state
        self.insured = replay.random(self.n) < insured_share
