"""What consumers and SMEs share as numpy populations: balances that fraud payments draw down, counts and the
last day of victimisations (a recent victim is more susceptible), and insurance cover that follows the share in
force (agents/consumers.py, agents/smes.py)."""

from __future__ import annotations

import numpy as np


class VictimPopulation:
    """Base of a population of possible victims. A subclass sets `n`, `savings` (float32 balances),
    `victimisations` (counts), `last_victim_day` (float32; NEVER: not in the model's history), `insured_share`,
    `insured` and `_insured_state` (the generator state the insurance draw was made from, so a changed share
    replays the same uniform draws)."""

    n: int
    savings: np.ndarray
    victimisations: np.ndarray
    last_victim_day: np.ndarray
    insured_share: float
    insured: np.ndarray
    _insured_state: tuple

    def pay(self, idx: np.ndarray, amount: np.ndarray) -> None:
        """Fraud payments leave the balances of `idx` (an index may repeat; amounts never exceed balances)."""
        np.subtract.at(self.savings, idx, amount.astype(np.float32))

    def record_victimisation(self, idx: np.ndarray, day: int) -> None:
        """`idx` lost money to fraud on `day` (once per case; an index may repeat)."""
        np.add.at(self.victimisations, idx, 1)
        self.last_victim_day[idx] = day

    def recent_victim(self, idx: np.ndarray, day: float) -> np.ndarray:
        """Mask of `idx` who lost money to fraud within the last `repeat_window_days` before `day`."""
        return self.last_victim_day[idx] > day - self.params.repeat_window_days

    def seed_history(self, p_recent: np.ndarray, rng: np.random.Generator) -> None:
        """Victimisations before day 0: each one was a victim within the window with chance `p_recent`, on a
        uniform day of it (sim/engine/history.py)."""
        w = self.params.repeat_window_days
        was = rng.random(self.n) < p_recent
        self.last_victim_day[was] = -w * rng.random(int(was.sum()))

    def configure(self, insured_share: float) -> None:
        """Take the insurance cover share in force (after every reform)."""
        if insured_share == self.insured_share:
            return
        self.insured_share = insured_share
        kind, state = self._insured_state
        replay = np.random.Generator(kind())
        replay.bit_generator.state = state
        self.insured = replay.random(self.n) < insured_share
