"""Scale-free hazards for representative receiving accounts and instruments.

A simulated mule account stands for `mules.weight` national accounts and a simulated instrument for a group's
pool of parallel ones (`fraudsters.instruments_per_type`); the groups themselves are the real groups. With few
agents the reports and notices that reach one simulated account or instrument are far sparser than those that
reach one real account or instrument (one simulated report stands for `scale` real ones about the same group).
A rule applied event by event (block the account a report names, take down the instrument a notice names) then
makes accounts and instruments live longer the fewer agents are simulated, and a lump of `scale` reports arriving
at once cannot act `scale` times on one account.

So the stages pool those events nationally by key (an account's kind, an instrument's fraud type), smooth them
over `RATE_WINDOW_DAYS`, and turn them into a per-unit daily hazard: national events per real unit (account or
unit of contact effort) per day. Every simulated unit then meets the hazard a real one meets, at any agent
count; only the noise changes. The smoothing is a ratio of two exponential moving averages (events and the live
units they fall on, both starting at zero), so it is unbiased from the first day and a reform's effect on the
flow reaches the hazard within about a month.

A report names an account its victim paid into days earlier, so a new account meets no recalls until its first
victims' reports can arrive: its exposure at age a (days since its first fraudulent credit) is the share of
reports that arrive within a days of the payment, F(a), read from the reports themselves (`ReportLag`). With
credits at a constant rate the reports reaching an account of age a are in expectation proportional to F(a), so
the pooled rate is events per unit of F-weighted exposure and an account meets that rate times F(a). Without
this, a fresh account would be frozen on reports that cannot have been made yet, and accounts would take too few
victims' payments before a block (docs/evidence.md, "Recalls, freezes and mule accounts").

Owns the estimators and a calendar of event mass by day; the stages decide what counts as an event.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

RATE_WINDOW_DAYS = 30.0   # smoothing window of pooled event rates (days; long enough to pool the events of a
#                           small sample, short against a three-year run: a numerical choice, not behaviour)


class PooledRate:
    """Events per unit of exposure per day, by key, smoothed over `RATE_WINDOW_DAYS`.

    `add(keys, weights)` books today's events (national); `update(exposure)` closes the day with today's
    exposure by key (national live units, or contact effort) and returns the smoothed rate by key."""

    def __init__(self, n_keys: int, window_days: float = RATE_WINDOW_DAYS):
        self.alpha = 1.0 / max(window_days, 1.0)
        self.today = np.zeros(n_keys)
        self.events = np.zeros(n_keys)
        self.exposure = np.zeros(n_keys)

    def add(self, keys: np.ndarray | int, weights: np.ndarray | float) -> None:
        keys = np.atleast_1d(np.asarray(keys, dtype=np.int64))
        w = np.broadcast_to(np.asarray(weights, dtype=float), keys.shape)
        self.today += np.bincount(keys, w, self.today.size)

    def update(self, exposure: np.ndarray | float) -> np.ndarray:
        a = self.alpha
        self.events = (1.0 - a) * self.events + a * self.today
        self.exposure = (1.0 - a) * self.exposure + a * np.broadcast_to(np.asarray(exposure, dtype=float),
                                                                        self.exposure.shape)
        self.today[:] = 0.0
        return np.where(self.exposure > 0, self.events / np.maximum(self.exposure, 1e-300), 0.0)


class ReportLag:
    """The distribution of days from a payment into an account to a report that reaches it, smoothed over
    `RATE_WINDOW_DAYS` like the rates; `exposure(ages)` is F(age), the share of reports that arrive within `age`
    days (linear within a day; 1 before any report was seen, the rule without a lag). One distribution for all
    accounts: the delay is the victims' (realising, then reporting), whoever holds the account, and pooling keeps
    it precise in a small sample (at 20,000 agents a few recruited accounts' reports a month)."""

    MAX_DAYS = 64   # lags of 63 days or more share the last bin (accounts are used for weeks: a numerical choice)

    def __init__(self, window_days: float = RATE_WINDOW_DAYS):
        self.alpha = 1.0 / max(window_days, 1.0)
        self.today = np.zeros(self.MAX_DAYS)
        self.mass = np.zeros(self.MAX_DAYS)

    def add(self, lags: np.ndarray, weights: np.ndarray) -> None:
        """Book reports arriving `lags` days after the payment, with weights (national reports)."""
        bins = np.clip(np.floor(np.asarray(lags, dtype=float)), 0, self.MAX_DAYS - 1).astype(np.int64)
        self.today += np.bincount(bins, np.broadcast_to(np.asarray(weights, dtype=float), bins.shape),
                                  self.MAX_DAYS)

    def close_day(self) -> None:
        self.mass = (1.0 - self.alpha) * self.mass + self.alpha * self.today
        self.today[:] = 0.0

    def exposure(self, ages: np.ndarray) -> np.ndarray:
        total = float(self.mass.sum())
        if total <= 0:
            return np.ones(np.shape(ages))
        cum = np.concatenate([[0.0], np.cumsum(self.mass) / total])
        ages = np.clip(np.asarray(ages, dtype=float), 0.0, float(self.MAX_DAYS))
        day = np.minimum(np.floor(ages).astype(np.int64), self.MAX_DAYS - 1)
        return cum[day] + (ages - day) * (cum[day + 1] - cum[day])


class DayMass:
    """Event mass (national events) scheduled for future days, e.g. hub signals after their delay."""

    def __init__(self) -> None:
        self._mass: dict[int, float] = defaultdict(float)

    def schedule(self, days: np.ndarray, mass: np.ndarray | float) -> None:
        days = np.asarray(days, dtype=float)
        m = np.broadcast_to(np.asarray(mass, dtype=float), days.shape)
        ok = np.isfinite(days)
        if not ok.any():
            return
        d = np.floor(days[ok]).astype(np.int64)
        if d.size == 1:                      # the common case: one event, no grouping to do
            self._mass[int(d[0])] += float(m[ok][0])
            return
        uniq, inv = np.unique(d, return_inverse=True)
        for day, v in zip(uniq.tolist(), np.bincount(inv, m[ok]).tolist(), strict=True):
            self._mass[day] += v

    def pop(self, day: int) -> float:
        return self._mass.pop(day, 0.0)
