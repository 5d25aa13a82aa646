"""Fraudster groups: how much contact effort they make, on which fraud types, the mule accounts
and instruments they run, what they earn, and whether they stay in business.

`FraudsterGroup` owns one group's capacity and its mix over fraud types. `FraudsterGroups` owns
the groups together: their mule-account slots, their live instrument per fraud type, proceeds
and costs, and their adaptation. Adaptation (bounded rationality): each month a group moves part
of the way toward a mix that favours types whose profit per contact rose relative to the
reference period (displacement); each quarter the number of groups moves toward a level set by
profit per group (entry/exit). The reference is year 1, taken as the status-quo equilibrium
(assumption: today's mix reflects skills and costs the model does not represent).
"""

from __future__ import annotations

import mesa
import numpy as np

from scenarios.schema import FraudsterParams, MuleParams


class FraudsterGroup(mesa.Agent):
    sector = "fraudsters"

    def __init__(self, model: mesa.Model, capacity: float, shares: np.ndarray, speed: float,
                 dissolve_below: float = 0.2):
        super().__init__(model)
        self.capacity = capacity            # contacts per day (model scale) before filters
        self.initial_capacity = capacity
        self.shares = shares.copy()         # effort mix over fraud types (sums to 1)
        self.speed = speed                  # this group's share of the gap closed per month
        self.dissolve_below = dissolve_below
        self.active = True

    def adapt_mix(self, relative_profit: np.ndarray, base_shares: np.ndarray, elasticity: float) -> None:
        """Move toward base mix x (profit per contact / reference)^elasticity."""
        target = base_shares * np.power(np.clip(relative_profit, 1e-3, 1e3), elasticity)
        target = target / target.sum()
        self.shares = (1 - self.speed) * self.shares + self.speed * target
        self.shares /= self.shares.sum()

    def disrupt(self, capacity_loss: float) -> None:
        """Police identified a suspect: the group loses part of its capacity; too small -> dissolved."""
        self.capacity *= 1.0 - capacity_loss
        if self.capacity < self.dissolve_below * self.initial_capacity:
            self.active = False

    def recover(self, rate: float) -> None:
        """Monthly: recruit new members, closing part of the gap to the group's original capacity."""
        if self.active:
            self.capacity += rate * (self.initial_capacity - self.capacity)


class FraudsterGroups:
    """All groups: index g is the group's position (never reused; dissolved groups stay inactive).

    Arrays (one row per group):
      mule_slots[g, k]     the mule account in group g's slot k (-1: none yet)
      slot_refill[g, k]    day a blocked or dropped account in the slot is replaced (inf: not pending)
      instrument[g, t]     the group's live instrument (number, ad/account, site) for fraud type t (-1: none)
      proceeds[g], costs[g] EUR (model scale) since the last entry/exit review
      active[g]            the group is in business
    """

    def __init__(self, model: mesa.Model, n_types: int):
        self.model = model
        self.n_types = n_types
        self.groups: list[FraudsterGroup] = []

    # ---- organisation at the start --------------------------------------------------------
    def organise(self, p: FraudsterParams, mules: MuleParams, base_capacity: float, base_shares: np.ndarray,
                 expected_payments_per_day: float, scale: float, rng: np.random.Generator) -> None:
        """Form the groups when the run starts: sizes, adaptation speeds, how many mule accounts each runs.

        Mule accounts per group are enough to carry the group's expected payments at the per-account rate,
        so the life of an account (credits, reports, freezes) is the same at every agent count."""
        self.params, self.base_capacity, self.base_shares = p, base_capacity, base_shares
        w = np.exp(p.capacity_spread * rng.standard_normal(p.groups))
        caps = base_capacity * w / w.sum()
        ideal = expected_payments_per_day / p.groups / mules.credits_per_account_day
        self.slots_per_group = max(1, round(ideal))
        # national mule accounts one simulated account stands for
        self.mule_weight = scale * max(ideal, 1e-9) / self.slots_per_group
        self.speed_draw = rng.standard_normal(p.groups)
        self.groups = [FraudsterGroup(self.model, float(c), base_shares, 0.0, p.dissolve_below) for c in caps]
        self.configure(p)
        self.mean_group_capacity = base_capacity / p.groups
        n, slots = len(self.groups), self.slots_per_group
        self.mule_slots = np.full((n, slots), -1, dtype=np.int64)
        self.slot_refill = np.full((n, slots), np.inf)
        self.instrument = np.full((n, self.n_types), -1, dtype=np.int64)
        self.proceeds = np.zeros(n)
        self.costs = np.zeros(n)
        self.active = np.ones(n, dtype=bool)
        self.slots_dirty, self.next_refill = True, 0.0   # see refill_slots
        self._effort: tuple[np.ndarray, np.ndarray] | None = None

    def configure(self, p: FraudsterParams) -> None:
        """Take the parameters in force (after organising, and after every reform)."""
        self.params = p
        speeds = np.clip(p.adaptation_rate * np.exp(p.speed_spread * self.speed_draw), 0, 1)
        for g, v in zip(self.groups, speeds, strict=False):      # groups formed at the start
            g.speed = float(v)
        for g in self.groups:
            g.dissolve_below = p.dissolve_below

    # ---- contacts --------------------------------------------------------------------------
    def effort(self) -> tuple[np.ndarray, np.ndarray]:
        """(positions of active groups, contacts per day [group, fraud type]); cached until a group changes."""
        if self._effort is None:
            pos = np.array([i for i, g in enumerate(self.groups) if g.active], dtype=np.int64)
            eff = np.array([self.groups[i].capacity * self.groups[i].shares for i in pos]).reshape(pos.size,
                                                                                                     self.n_types)
            self._effort = (pos, eff)
        return self._effort

    def changed(self) -> None:
        """A group's capacity, mix or status changed: contact effort is recomputed on the next day."""
        self._effort = None

    # ---- instruments -------------------------------------------------------------------------
    def new_instruments(self, groups: np.ndarray, types: np.ndarray, ids: np.ndarray) -> None:
        self.instrument[groups, types] = ids

    def lose_instruments(self, groups: np.ndarray, types: np.ndarray) -> None:
        """Instruments were taken down: the groups need new ones on next use."""
        self.instrument[groups, types] = -1

    # ---- mule accounts ---------------------------------------------------------------------
    def pick_mules(self, groups: np.ndarray, accounts, recruit) -> np.ndarray:
        """A usable mule account of each payment's group; `recruit(groups, slots, urgent)` opens accounts for
        a group that has none left (at once, at a higher cost)."""
        ok = accounts.usable(self.mule_slots)           # ok[g, k]: group g's slot k holds a usable account
        none = ~ok[groups].any(axis=1)
        if none.any():
            g = np.unique(groups[none])
            recruit(g, np.zeros(g.size, dtype=np.int64), True)
            ok = accounts.usable(self.mule_slots)
        if self.slots_per_group == 1:
            return self.mule_slots[groups, 0]
        rows = ok[groups]
        choice = np.argmax(self.model.rng.random(rows.shape) * rows, axis=1)
        return self.mule_slots[groups, choice]

    def fill_slots(self, groups: np.ndarray, slots: np.ndarray, ids: np.ndarray, cost_each: float) -> None:
        """New accounts `ids` take slots (groups, slots); each group pays `cost_each` per account."""
        self.mule_slots[groups, slots] = ids
        self.slot_refill[groups, slots] = np.inf
        np.add.at(self.costs, groups, cost_each)

    def accounts_lost(self) -> None:
        """Some mule accounts were blocked or dropped: their slots are checked on the next refill."""
        self.slots_dirty = True

    def slots_to_refill(self, accounts, day: int, recruit_delay: float) -> tuple[np.ndarray, np.ndarray]:
        """(groups, slots) whose blocked or dropped account is replaced today, after the recruitment delay.

        Nothing to do (and no work) unless an account was blocked or dropped since the last call or a
        pending replacement falls due today."""
        if not self.slots_dirty and day < self.next_refill:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        bad = ~accounts.usable(self.mule_slots) & self.active[:, None]
        newly = bad & np.isinf(self.slot_refill)
        self.slot_refill[newly] = day + recruit_delay
        ready = bad & (self.slot_refill <= day)
        waiting = self.slot_refill[bad & ~ready]
        self.next_refill = float(waiting.min()) if waiting.size else np.inf
        self.slots_dirty = False
        return np.nonzero(ready)

    def accounts_in_use(self, accounts) -> np.ndarray:
        """Ids of the usable accounts in the groups' slots (a blocked or dropped one is replaced)."""
        slots = self.mule_slots.ravel()
        return slots[accounts.usable(slots)]

    # ---- money ----------------------------------------------------------------------------------
    def earn(self, groups: np.ndarray, proceeds: np.ndarray) -> None:
        np.add.at(self.proceeds, groups, proceeds)

    # ---- police and adaptation ----------------------------------------------------------------
    def disrupt(self, groups: list[int], capacity_loss: float) -> None:
        for g in groups:
            self.groups[g].disrupt(capacity_loss)
            self.active[g] = self.groups[g].active
        self._effort = None

    def recover(self) -> None:
        """Monthly: groups rebuild capacity lost to police disruption."""
        for g in self.groups:
            g.recover(self.params.recovery_per_month)
        self._effort = None

    def adapt_mix(self, relative_profit: np.ndarray) -> None:
        """Monthly displacement toward fraud types whose expected profit per contact rose."""
        for g in self.groups:
            if g.active:
                g.adapt_mix(relative_profit, self.base_shares, self.params.profit_elasticity)
        self._effort = None

    def n_active(self) -> int:
        return sum(g.active for g in self.groups)

    def enter_exit(self, smoothed_profit: float, reference_profit_per_group: float) -> None:
        """Quarterly: the number of groups moves part of the way toward the level profit per group supports.

        New groups start at the mean starting capacity with the active groups' mean mix; the least profitable
        groups leave first (never the last one)."""
        p = self.params
        active = [g for g in self.groups if g.active]
        per_group = smoothed_profit / max(len(active), 1)
        rel = per_group / max(reference_profit_per_group, 1e-9)
        target = p.groups * rel ** p.entry_elasticity
        change = int(round(p.entry_adjustment * (target - len(active))))
        profit = self.proceeds - self.costs
        if change > 0:
            mix = np.mean([g.shares for g in active], axis=0) if active else self.base_shares
            for _ in range(change):
                self.groups.append(FraudsterGroup(self.model, self.mean_group_capacity, mix,
                                                  float(p.adaptation_rate), p.dissolve_below))
            self._grow(change)
        elif change < 0 and active:
            order = sorted((i for i, g in enumerate(self.groups) if g.active), key=lambda i: profit[i])
            for i in order[: min(-change, len(active) - 1)]:
                self.groups[i].active = False
        self.active = np.array([g.active for g in self.groups])
        self._effort = None
        self.proceeds[:] = 0.0
        self.costs[:] = 0.0

    def _grow(self, k: int) -> None:
        slots = self.slots_per_group
        self.instrument = np.vstack([self.instrument, np.full((k, self.n_types), -1, dtype=np.int64)])
        self.mule_slots = np.vstack([self.mule_slots, np.full((k, slots), -1, dtype=np.int64)])
        self.slots_dirty = True
        self.slot_refill = np.vstack([self.slot_refill, np.full((k, slots), np.inf)])
        self.proceeds = np.concatenate([self.proceeds, np.zeros(k)])
        self.costs = np.concatenate([self.costs, np.zeros(k)])
