"""Receiving accounts: recruited money mules' accounts (geldezels) and accounts fraudsters own or rent
long-term (katvangers, false identities), a registry held as numpy arrays.

Owns each account's bank, group, kind (recruited or not), the national accounts it stands for,
timeline (opened, first fraudulent credit, blocked, dropped) and the choice of receiving bank when
a group opens one (toward banks that catch fewer accounts); accounts are credited, blocked and
dropped by its own methods. Does not decide detection: the banks do (agents/banks.py).

A simulated account stands for `weight` national ones and behaves as one of them: it is in use (watched by
monitoring, reachable by recalls and hub signals, aged toward `mules.max_use_days`) from its first fraudulent
credit, which comes at the rate a national account is credited (drawn when it is opened) or with the first
simulated payment into it, whichever is first. With few agents simulated payments into one account are far
sparser than a national account's credits; the drawn first credit keeps its life the same at any agent count.
"""

from __future__ import annotations

import numpy as np
from fraudchain.agents.columns import Column, Table

INF = np.inf


class MuleAccounts(Table):
    """The accounts; index = account id."""

    bank = Column(np.int16, -1, "the receiving bank")
    group = Column(np.int32, -1, "the fraudster group that runs it")
    recruited_day = Column(np.float64, INF, "opened")
    first_credit_day = Column(np.float64, INF, "first fraudulent credit")
    blocked_day = Column(np.float64, INF)
    dropped_day = Column(np.float64, INF, "the group stopped using it")
    holder = Column(np.int64, -1, "the consumer who holds the account (the mule; -1: not recruited)")
    recruited = Column(np.bool_, False, "a recruited mule's account (else owned or rented by the group)")
    weight = Column(np.float64, 0.0, "national accounts this simulated one stands for")

    def recruit(self, group: int | np.ndarray, k: int, day: float, bank_cdf: np.ndarray, rng: np.random.Generator,
                recruited: bool | np.ndarray = True, weight: float | np.ndarray = 1.0,
                first_use: float | np.ndarray = INF) -> np.ndarray:
        """Open k new accounts for group(s) at banks drawn from the cumulative weights `bank_cdf`; `recruited`:
        a recruited mule's account; `weight`: the national accounts each stands for; `first_use`: when a national
        account would get its first fraudulent credit (an earlier simulated credit comes first)."""
        bank = np.minimum(np.searchsorted(bank_cdf, rng.random(k), side="right"), bank_cdf.size - 1)
        return self.add(k, bank=bank, group=group, recruited_day=day, recruited=recruited, weight=weight,
                        first_credit_day=first_use)

    def set_holders(self, ids: np.ndarray, persons: np.ndarray) -> None:
        """The consumers (the mules) who hold accounts `ids`."""
        self.holder[ids] = persons

    def usable(self, ids: np.ndarray) -> np.ndarray:
        """Mask of account ids (-1: none) that exist and are neither blocked nor dropped."""
        at = np.maximum(ids, 0)
        return (ids >= 0) & np.isinf(self.blocked_day[at]) & np.isinf(self.dropped_day[at])

    def live(self, ids: np.ndarray, day: float) -> np.ndarray:
        """Mask of account ids (-1: none) usable and in use on `day` (first fraudulent credit before its end)."""
        return self.usable(ids) & (self.first_credit_day[np.maximum(ids, 0)] < day + 1)

    def credit(self, ids: np.ndarray, when: np.ndarray) -> None:
        """Fraud payments land in accounts `ids` at (fractional) days `when`. An id may repeat (two payments into
        one account on a day): np.minimum.at keeps the earliest, where `a[ids] = np.minimum(a[ids], when)` would
        keep the last write."""
        np.minimum.at(self.first_credit_day, ids, when)

    def block(self, ids: np.ndarray, when: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Block accounts at days `when`; returns the ids (and times) blocked now, i.e. not blocked before, each
        once. An id may repeat (two reports of one account on a day): it is blocked at the earliest time."""
        first = np.isinf(self.blocked_day[ids])
        ids, when = ids[first], when[first]
        ids, when = earliest_per_id(ids, when)
        self.blocked_day[ids] = when
        return ids, when

    def drop(self, ids: np.ndarray, day: int) -> None:
        """The group stops using accounts `ids` (used for as long as it dares)."""
        self.dropped_day[ids] = day



def earliest_per_id(ids: np.ndarray, when: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each id once, in the order of its first occurrence, with the earliest of its times."""
    if ids.size < 2:
        return ids, when
    ordered = np.sort(ids)
    if (ordered[1:] != ordered[:-1]).all():      # no id repeats (the common case): nothing to merge
        return ids, when
    uniq, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    earliest = np.full(uniq.size, np.inf)
    np.minimum.at(earliest, inverse, when)
    keep = np.sort(first)
    return ids[keep], earliest[inverse[keep]]


def cashout_delay_days(rng: np.random.Generator, n: int, fast_hours: float, slow_share: float,
                       slow_days: float) -> np.ndarray:
    """Days from a fraudulent credit to its cash-out, per payment: a share `slow_share` is moved out slowly (an
    exponential time with mean `slow_days`), the rest within hours (mean `fast_hours`). Two draws per payment
    whatever the share, so a change of the share does not shift later draws."""
    e = rng.standard_exponential(n)
    slow = rng.random(n) < slow_share
    return e * np.where(slow, slow_days, fast_hours / 24.0)


def receiving_bank_weights(shares: np.ndarray, hazards: np.ndarray, displacement: float) -> np.ndarray:
    """Where groups open mule accounts: market share x (1 - 0.9 x relative hazard)^displacement (the 0.9 keeps
    the bank that catches most mules in the choice set)."""
    rel = hazards / max(float(hazards.max()), 1e-12)
    w = shares * np.power(np.clip(1.0 - 0.9 * rel, 1e-6, 1.0), displacement)
    return w / w.sum()
