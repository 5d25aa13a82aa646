"""What consumers and SMEs share as numpy populations: how a victim pays in a scam (`scam_payments`), balances
that fraud payments draw down, counts of victimisations, and insurance cover that follows the share in force
(agents/consumers.py, agents/smes.py)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from fraudchain.agents.streams import RandomStreams


def scam_payments(rng: np.random.Generator, key: np.ndarray, means: np.ndarray, median: np.ndarray,
                  sigma: np.ndarray, kinds: Callable[[np.ndarray], np.ndarray],
                  limits: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What each victim pays today in its scam, and how: a lognormal amount around its fraud type's median
    payment (`median`, log-sd `sigma`), never more than what it can pay in this scam (`means`), nor than its
    bank's limit lets through (`limits`: from one (n, 2) uniform draw per payment, the amount, the kind; returns
    the amount let through and the mask of victims who stop while waiting for a raised limit,
    agents/payment_limits.py); a person paying in two scams on one day never more than its means in all
    (`key`: one value per person, in the order of the events). The payment method comes from one uniform draw
    per payment (`kinds`, agents/payment_methods.py). Returns (amount EUR, payment kind, stopped)."""
    amount = median * np.exp(sigma * rng.standard_normal(key.size))
    kind = kinds(rng.random(key.size))
    amount, gave_up = limits(rng.random((key.size, 2)), np.minimum(amount, means), kind)
    amount = within_balance(key, amount, means)
    return amount, kind, gave_up


def within_balance(key: np.ndarray, amount: np.ndarray, balance: np.ndarray) -> np.ndarray:
    """Cap today's payments so that a person (`key`) paying in two cases on one day never pays more than its
    balance (in the order of the events)."""
    order = np.argsort(key, kind="stable")
    k, a = key[order], amount[order]
    starts = np.r_[True, k[1:] != k[:-1]]
    if starts.all():
        return amount
    paid_before = np.cumsum(a) - a
    paid_before -= paid_before[starts][np.cumsum(starts) - 1]     # earlier payments of the same person today
    out = amount.copy()
    out[order] = np.minimum(a, np.maximum(balance[order] - paid_before, 0.0))
    return out


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
