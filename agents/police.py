"""Police and prosecution (OM): limited investigation capacity, prioritisation of reports, the
chance a suspect is identified (~10 % of reported online-crime cases), and disruption of groups.

Owns the backlog of reports and the choice of which to investigate: each day the police take up
the most solvable reports (prioritisation), so more and better reports (Eén Loket, hub
intelligence) mean more suspects identified even at fixed capacity, while the identified *share*
of all reports can fall when reports outgrow capacity. Reports older than `backlog_days` are
dropped (sepot).
"""

from __future__ import annotations

import mesa
import numpy as np
from fraudchain.scenarios.schema import PoliceParams


class Police(mesa.Agent):
    sector = "police"

    def __init__(self, model: mesa.Model, p: PoliceParams, scale: float, phase: float = 0.0):
        super().__init__(model)
        self.params = p
        self.scale = scale
        # backlog[i]: a police report waiting for investigation
        self.case = np.empty(0, np.int64)
        self.group = np.empty(0, np.int64)
        self.solvability = np.empty(0)
        self.received = np.empty(0)
        # capacity builds up in fractions of a simulated case (one stands for `scale` real ones): the carry starts
        # at a random phase in [0, 1) (`phase`, from the model's generator), so a window of days takes up its
        # capacity / scale cases in expectation; from 0 every seed took 21 in year 2 at 20,000 agents where the
        # capacity is 21.5 (2 % of the police's cost, tests/test_scale.py)
        self.carry = phase
        self.hub_member = False

    def configure(self, p: PoliceParams) -> None:
        """Take the parameters in force (at build and after every reform)."""
        self.params = p

    def receive(self, case_ids: np.ndarray, groups: np.ndarray, quality: np.ndarray, day: int,
                rng: np.random.Generator) -> None:
        """New reports; solvability = report quality x a case-specific draw (mean 1)."""
        if case_ids.size == 0:
            return
        self.case = np.concatenate([self.case, case_ids])
        self.group = np.concatenate([self.group, groups])
        self.solvability = np.concatenate([self.solvability, quality * rng.exponential(1.0, case_ids.size)])
        self.received = np.concatenate([self.received, np.full(case_ids.size, float(day))])

    def investigate(self, day: int, rng: np.random.Generator, hub_intel: float) -> tuple[np.ndarray, np.ndarray, int]:
        """Take up today's capacity of the most solvable reports; returns (case ids, groups) with a suspect
        identified and the number of investigations started."""
        p = self.params
        keep = self.received > day - p.backlog_days
        if not keep.all():
            self.case, self.group = self.case[keep], self.group[keep]
            self.solvability, self.received = self.solvability[keep], self.received[keep]
        self.carry += p.capacity_cases_per_year / 365.0 / self.scale
        n = min(int(self.carry), self.case.size)
        self.carry -= int(self.carry)
        if n == 0:
            return np.empty(0, np.int64), np.empty(0, np.int64), 0
        top = np.argpartition(-self.solvability, n - 1)[:n] if n < self.case.size else np.arange(self.case.size)
        c, g, solv = self.case[top], self.group[top], self.solvability[top]
        rest = np.ones(self.case.size, dtype=bool)
        rest[top] = False
        self.case, self.group = self.case[rest], self.group[rest]
        self.solvability, self.received = self.solvability[rest], self.received[rest]
        # solvability / (1 + solvability) is 1/2 at average solvability: x 2 makes identification_prob the chance
        # for a report of average solvability
        prob = np.clip(p.identification_prob * solv / (1.0 + solv) * 2.0 * (1.0 + p.hub_signal_boost * hub_intel),
                       0, 1)
        hit = rng.random(c.size) < prob
        return c[hit], g[hit], n
