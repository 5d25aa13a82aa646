"""Police and prosecution (OM): limited investigation capacity, a queue of reports, the chance a
suspect is identified (~10 % of reported online-crime cases), and disruption of groups.

Owns the queue and the identification decision; more and better reports (Eén Loket, hub
intelligence) raise the chance per investigated case.
"""

from __future__ import annotations

from collections import deque

import mesa
import numpy as np

from scenarios.schema import PoliceParams


class Police(mesa.Agent):
    sector = "police"

    def __init__(self, model: mesa.Model, p: PoliceParams, scale: float):
        super().__init__(model)
        self.params = p
        self.capacity_per_day = p.capacity_cases_per_year / 365.0 / scale  # model scale
        self.queue: deque[tuple[np.ndarray, np.ndarray, np.ndarray]] = deque()  # (case ids, groups, quality)
        self.queued = 0
        self.carry = 0.0
        self.hub_member = False

    def receive(self, case_ids: np.ndarray, groups: np.ndarray, quality: np.ndarray) -> None:
        if case_ids.size:
            self.queue.append((case_ids, groups, quality))
            self.queued += case_ids.size

    def investigate(self, rng: np.random.Generator, hub_intel: float) -> tuple[np.ndarray, np.ndarray]:
        """Work today's capacity off the queue (oldest first); returns (case ids, group ids) with a suspect."""
        self.carry += self.capacity_per_day
        n = int(self.carry)
        self.carry -= n
        taken_c, taken_g, taken_q = [], [], []
        while n > 0 and self.queue:
            c, g, q = self.queue.popleft()
            k = min(n, c.size)
            taken_c.append(c[:k])
            taken_g.append(g[:k])
            taken_q.append(q[:k])
            if k < c.size:
                self.queue.appendleft((c[k:], g[k:], q[k:]))
            n -= k
            self.queued -= k
        if not taken_c:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        c, g, q = np.concatenate(taken_c), np.concatenate(taken_g), np.concatenate(taken_q)
        prob = np.clip(self.params.identification_prob * q * (1.0 + self.params.hub_signal_boost * hub_intel), 0, 1)
        hit = rng.random(c.size) < prob
        return c[hit], g[hit]
