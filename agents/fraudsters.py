"""Fraudster groups: how much contact effort they make, on which fraud types, the mule accounts
and instruments they run, what they earn, and whether they stay in business.

`FraudsterGroup` owns one group's capacity and its mix over fraud types. `FraudsterGroups` owns
the groups together: their receiving-account slots, their live instrument per fraud type, proceeds
and costs, and their adaptation.

Groups specialise. A group's capacity on each type is mostly specific to it (skills, scripts,
contacts, tooling); only a substitutable share (`substitutable_share`) can move between types.
Each month (bounded rationality) a group moves part of the way toward
  - a specific capacity per type of (relative profit per contact)^type_exit_elasticity: it enters a
    type that pays better and leaves one that pays worse (entry and exit per type), the people and
    tools leaving that type leave fraud, not move to another type;
  - an allocation of its substitutable resources over types by a nested CES (logit) rule: types
    are grouped in skill nests (phone and chat impersonation, purchase fraud, long cons, business
    e-mail); within a nest a type's share goes as reference share x (relative profit per
    contact)^profit_elasticity, between nests as the nest's reference share x (its CES index of
    relative profit)^between_nest_elasticity. A helpdesk caller moves to other phone scams far
    more readily than to running fake web shops.
Resources, not contacts, move: at the reference (year 1, taken as the status-quo equilibrium)
a resource earns the same in every type, so one contact of type t takes resources in proportion
to its reference profit per contact. A cheap SMS blast that stops is not replaced one for one by
costly marketplace conversations. Each quarter the number of groups moves toward a level set by
profit per group (entry/exit of whole groups).

The groups own what they believe and plan: they organise from the market they see when the run starts
(`Market`), learn from their own cash-outs what share of the money is frozen (`observe_cashouts`), value a
contact of each type from the success rate at each step of their funnel (`Funnel`, `profit_per_contact`),
take year 1 as their reference and review their mix monthly and their number quarterly.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
from fraudchain.agents.payment_limits import change_since_reference
from fraudchain.agents.type_mix import TypeReference
from fraudchain.scenarios.schema import FraudsterParams, MuleParams

MONTH = 30   # days between the groups' reviews of their mix


@dataclass(frozen=True)
class Market:
    """What the groups see of each fraud type when they organise (arrays over the model's fraud types)."""

    targets: np.ndarray          # persons or SMEs the type aims at (model scale)
    contact_rate: np.ndarray     # contacts per target per year
    reach: np.ndarray            # share of targets reachable through the type's channel
    passing: np.ndarray          # share of contacts that pass the filters
    susceptibility: np.ndarray   # share of reached targets who fall for it
    payments_mean: np.ndarray    # payments per victim
    recruited_share: np.ndarray  # share of payments into an account that go into a recruited mule's account
    account_share: np.ndarray    # share of payments that go into an account at a bank (not cash, card, wallet or a
                                 # payment service provider's merchant account: stages/payments.py)


@dataclass(frozen=True)
class Funnel:
    """A group's own funnel per fraud type, as it sees it: the success rate at each step (arrays over types)."""

    passing: np.ndarray          # contacts that get past the filters
    susceptibility: np.ndarray   # targets who pay
    caution_shift: np.ndarray    # how much less cautious victims are where they expect reimbursement
    stopped: np.ndarray          # payments the banks stop
    value: np.ndarray            # EUR a victim pays in a typical case, before the banks' limits
    limits_pass: np.ndarray      # share of what victims could pay that the banks' limits let through
    mule_fee: float              # the share of cashed-out money the mules keep
# simulated receiving accounts a group runs of each kind (at most its national number), the same at every agent
# count: enough that a group is rarely left with none usable (an urgent recruitment a real group hardly ever needs)
SLOTS_PER_KIND = 8


class FraudsterGroup(mesa.Agent):
    sector = "fraudsters"

    def __init__(self, model: mesa.Model, capacity: float, shares: np.ndarray, speed: float,
                 dissolve_below: float = 0.2):
        super().__init__(model)
        self.capacity = capacity            # contacts per day (model scale) before filters
        self.initial_capacity = capacity
        self.shares = shares.copy()         # contacts per type per unit of capacity (sums to 1 at the reference)
        self.speed = speed                  # this group's share of the gap closed per month
        self.dissolve_below = dissolve_below
        self.active = True
        self.specific = np.ones(shares.size)   # specific capacity per type, relative to the reference
        self.alloc: np.ndarray | None = None   # substitutable resources' shares over types (None: year 1)
        self.moved = np.ones(shares.size)      # substitutable contacts per type relative to the reference

    def adapt_mix(self, relative_profit: np.ndarray, ref: TypeReference, p: FraudsterParams) -> None:
        """Move part of the way toward the specific capacity and the substitutable allocation the relative
        profit per contact supports (module docstring)."""
        rel = np.clip(relative_profit, 1e-3, 1e3)
        if self.alloc is None:
            self.alloc = ref.resource_share.copy()
        target = ref.target_alloc(rel, p.profit_elasticity, p.between_nest_elasticity)
        self.alloc = (1 - self.speed) * self.alloc + self.speed * target
        self.specific = (1 - self.speed) * self.specific + self.speed * np.power(rel, p.type_exit_elasticity)
        self.shares = ref.mix(self.specific, self.alloc, p.substitutable_share)
        self.moved = ref.moved(self.alloc)

    def disrupt(self, capacity_loss: float) -> float:
        """Police identified a suspect: the group loses part of its capacity; too small -> dissolved. Returns the
        capacity lost."""
        lost = self.capacity * capacity_loss
        self.capacity -= lost
        if self.capacity < self.dissolve_below * self.initial_capacity:
            self.active = False
        return lost

    def recover(self, rate: float, target: float) -> None:
        """Monthly: recruit new members, closing part of the gap to `target` x the group's original capacity."""
        if self.active:
            self.capacity += rate * (target * self.initial_capacity - self.capacity)


class FraudsterGroups:
    """All groups: index g is the group's position (never reused; dissolved groups stay inactive).

    Arrays (one row per group):
      mule_slots[g, k]     the mule account in group g's slot k (-1: none yet)
      slot_refill[g, k]    day a blocked or dropped account in the slot is replaced (inf: not pending)
      instrument[g, t]     the group's live instrument (number, ad/account, site) for fraud type t (-1: none)
      proceeds[g], costs[g] EUR (model scale) since the last entry/exit review
      active[g]            the group is in business
    """

    def __init__(self, model: mesa.Model, types: list[str]):
        self.model = model
        self.types = list(types)
        self.n_types = len(types)
        self.groups: list[FraudsterGroup] = []

    # ---- organisation at the start --------------------------------------------------------
    def organise(self, p: FraudsterParams, mules: MuleParams, market: Market, scale: float,
                 rng: np.random.Generator) -> None:
        """Form the groups when the run starts: sizes, adaptation speeds, how many receiving accounts each runs.

        The groups' capacity is the contacts per day the contact rates in force aim at random members of each
        type's target population (model scale); they expect the payments the status quo produces (contacts x
        reach x filters x susceptibility x payments per victim). A payment into an account (`account_share` of them)
        goes into a recruited mule's account with its type's `recruited_share`, else into an account the group owns
        or rents long-term. A group runs
        enough national accounts of each kind to carry its expected payments (per day, by type) at that kind's
        credits per account per day; those national numbers do not depend on the agent count. Each group
        simulates `SLOTS_PER_KIND` accounts of each kind (fewer if it runs fewer nationally), each standing for
        an equal part of its national accounts, so the simulated structure is the same at every agent count too.
        The first `recruited_slots` slots hold recruited accounts, the rest own or rented ones; `slot_use_rate` is
        the credits a national account of the slot's kind gets per day (its first credit comes at that rate,
        agents/mules.py)."""
        per_type = market.targets * market.contact_rate / 365.0
        base_capacity = float(per_type.sum())
        base_shares = per_type / max(per_type.sum(), 1e-12)
        payments_by_type = base_capacity * base_shares * market.reach * market.passing * market.susceptibility * \
            market.payments_mean
        payments_by_type = payments_by_type * market.account_share     # only these need a receiving account
        recruited_share = market.recruited_share
        self.params, self.base_capacity, self.base_shares = p, base_capacity, base_shares
        w = np.exp(p.capacity_spread * rng.standard_normal(p.groups))
        caps = base_capacity * w / w.sum()
        recruited = float((payments_by_type * recruited_share).sum())
        owned = float((payments_by_type * (1.0 - recruited_share)).sum())
        # national accounts per group of each kind (payments at model scale x scale: independent of the sample)
        national_rec = scale * recruited / p.groups / mules.credits_per_account_day
        national_own = scale * owned / p.groups / mules.own_credits_per_account_day
        self.recruited_slots = max(1, min(SLOTS_PER_KIND, round(national_rec)))
        own_slots = max(1, min(SLOTS_PER_KIND, round(national_own)))
        self.slots_per_group = self.recruited_slots + own_slots
        # national accounts one simulated account in each slot stands for
        self.slot_weight = np.concatenate([np.full(self.recruited_slots, max(national_rec, 1e-9) / self.recruited_slots),
                                           np.full(own_slots, max(national_own, 1e-9) / own_slots)])
        self.slot_use_rate = np.concatenate([np.full(self.recruited_slots, mules.credits_per_account_day),
                                             np.full(own_slots, mules.own_credits_per_account_day)])
        self.slot_recruited = np.arange(self.slots_per_group) < self.recruited_slots
        # national credits a day into a group's accounts of each kind (recruited, own) at the status quo
        self.kind_flow = np.array([national_rec * mules.credits_per_account_day,
                                   national_own * mules.own_credits_per_account_day])
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
        # what the groups believe and remember
        self.frozen_share = np.full(self.n_types, p.frozen_share_prior)   # money frozen before cash-out, per type
        self.proceeds_window = np.zeros(self.n_types)     # proceeds per type since the last monthly review
        self.smoothed_profit = 0.0                       # smoothed monthly proceeds (EMA), for entry and exit
        self.ref_profit_per_contact: np.ndarray | None = None   # year 1's profit per contact (None before its end)
        self.ref_limits_pass: np.ndarray | None = None          # year 1's share the banks' limits let through
        self.ref_profit_per_group: float | None = None
        # police disruption this month and the recruitment target it implies (see recover)
        self.month_lost, self.month_base = 0.0, base_capacity
        self.loss_history: list[float] = []
        self.recovery_target = 1.0

    def configure(self, p: FraudsterParams) -> None:
        """Take the parameters in force (after organising, and after every reform)."""
        self.params = p
        speeds = np.clip(p.adaptation_rate * np.exp(p.speed_spread * self.speed_draw), 0, 1)
        for g, v in zip(self.groups, speeds, strict=False):      # groups formed at the start
            g.speed = float(v)
        for g in self.groups:
            g.dissolve_below = p.dissolve_below
        if getattr(self, "reference", None) is not None:     # skill nests in force (a reform may regroup them)
            self.reference.nest = self._nests(p)

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
    def pick_mules(self, groups: np.ndarray, recruited: np.ndarray, accounts, recruit, day: int,
                   rng: np.random.Generator) -> np.ndarray:
        """A usable receiving account of each payment's group, of the kind the payment goes to (`recruited`: a
        recruited mule's account, else one the group owns or rents), preferring accounts already in use;
        `recruit(groups, slots, urgent)` opens accounts where a group has none of that kind left (at once, at a
        higher cost)."""
        kind = self.slot_recruited[None, :] == recruited[:, None]        # [payment, slot] slot of the right kind
        ok = accounts.usable(self.mule_slots)           # ok[g, k]: group g's slot k holds a usable account
        none = ~(ok[groups] & kind).any(axis=1)
        if none.any():
            pairs = np.unique(np.column_stack([groups[none], np.where(recruited[none], 0, self.recruited_slots)]),
                              axis=0)
            recruit(pairs[:, 0], pairs[:, 1], True)
            ok = accounts.usable(self.mule_slots)
        rows = ok[groups] & kind
        in_use = rows & accounts.live(self.mule_slots, day)[groups]
        rows = np.where(in_use.any(axis=1)[:, None], in_use, rows)
        choice = np.argmax(rng.random(rows.shape) * rows, axis=1)
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

    def empty_kinds(self, accounts, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """(groups, slots: the kind's first) where an active group has no usable account of a kind and recruits one
        at once: a real group's next payment of that kind comes within hours (`kind_flow` a day, nationally).
        Deciding this from the national flow, not from whether one of the far sparser simulated payments needs
        an account, keeps recruitment the same at any agent count."""
        ok, r = accounts.usable(self.mule_slots), self.recruited_slots    # recruited slots first, then own ones
        out_g, out_k = [], []
        for first, has_kind, flow in ((0, ok[:, :r].any(axis=1), self.kind_flow[0]),
                                      (r, ok[:, r:].any(axis=1), self.kind_flow[1])):
            empty = np.flatnonzero(self.active & ~has_kind)
            empty = empty[rng.random(empty.size) < -np.expm1(-flow)]
            out_g.append(empty)
            out_k.append(np.full(empty.size, first, dtype=np.int64))
        return np.concatenate(out_g), np.concatenate(out_k)

    def accounts_in_use(self, accounts) -> np.ndarray:
        """Ids of the usable accounts in the groups' slots (a blocked or dropped one is replaced)."""
        slots = self.mule_slots.ravel()
        return slots[accounts.usable(slots)]

    # ---- money and what the groups learn from it ---------------------------------------------------
    def observe_cashouts(self, ftype: np.ndarray, amount: np.ndarray, frozen: np.ndarray) -> None:
        """Today's cash-outs (EUR paid in and EUR of it frozen, per payment): per fraud type the groups update
        the share they expect frozen (smoothed; a group sees its own funnel, one type's freezes say nothing
        about another's)."""
        a = self.params.frozen_share_smoothing
        paid = np.bincount(ftype, amount, self.n_types)
        seen = paid > 0
        self.frozen_share[seen] = (1.0 - a) * self.frozen_share[seen] + \
            a * np.bincount(ftype, frozen, self.n_types)[seen] / paid[seen]

    def earn(self, groups: np.ndarray, ftype: np.ndarray, proceeds: np.ndarray) -> None:
        """Proceeds (EUR after the mules' fee, model scale) of groups `groups` on fraud types `ftype`."""
        self.proceeds_window += np.bincount(ftype, proceeds, self.n_types)
        np.add.at(self.proceeds, groups, proceeds)

    def profit_per_contact(self, f: Funnel) -> np.ndarray:
        """What a group expects a contact of each type to yield (EUR), from the success rate at each step of its
        funnel and the share it expects frozen. Using these rates (not the noisy proceeds of a month) makes
        displacement respond to defences, not to luck (assumption). The banks' limits enter relative to year 1
        (`limits_change`), so a type's value falls when the limits let through less than in the reference."""
        return f.passing * f.susceptibility * (1 + f.caution_shift) * (1 - f.stopped) * f.value * \
            self.limits_change(f.limits_pass) * (1.0 - self.frozen_share) * (1 - f.mule_fee)

    def limits_change(self, limits_pass: np.ndarray) -> np.ndarray:
        """What the banks' limits let through now relative to year 1, per type (agents/payment_limits.py)."""
        return change_since_reference(limits_pass, self.ref_limits_pass)

    @property
    def has_reference(self) -> bool:
        return self.ref_profit_per_contact is not None

    def end_reference_year(self, f: Funnel) -> None:
        """End of year 1: the status quo becomes the reference: what a contact of each type earns (its funnel
        `f`) sets the resources it takes, and a typical month of year 1 the reference profit per group."""
        profit_per_contact = self.profit_per_contact(f)
        self.ref_limits_pass = f.limits_pass.copy()
        self.ref_profit_per_contact = profit_per_contact
        self.take_reference(profit_per_contact)
        self.smoothed_profit = float(self.proceeds_window.sum()) * MONTH / 365.0
        self.ref_profit_per_group = self.smoothed_profit / max(self.n_active(), 1)
        self.proceeds_window[:] = 0

    def monthly_review(self, profit_per_contact: np.ndarray) -> None:
        """Monthly (from year 2): specific capacity enters or leaves each type and substitutable resources move,
        by the relative profit per contact against year 1 (bounded to a factor 10 either way: one odd month is
        no signal); the month's proceeds update the smoothed profit that drives entry and exit."""
        if self.ref_profit_per_contact is None:
            return
        rel = np.clip(profit_per_contact / np.maximum(self.ref_profit_per_contact, 1e-12), 0.1, 10.0)
        self.adapt_mix(rel)
        a = self.params.profit_smoothing
        self.smoothed_profit = (1.0 - a) * self.smoothed_profit + a * float(self.proceeds_window.sum())
        self.proceeds_window[:] = 0

    def quarterly_review(self) -> None:
        """Quarterly (from year 2): groups enter or leave by profit per group against year 1."""
        if self.ref_profit_per_group:
            self.enter_exit(self.smoothed_profit, self.ref_profit_per_group)

    # ---- police and adaptation ----------------------------------------------------------------
    def disrupt(self, groups: list[int], capacity_loss: float) -> None:
        for g in groups:
            self.month_lost += self.groups[g].disrupt(capacity_loss)
            self.active[g] = self.groups[g].active
        self._effort = None

    def recover(self) -> None:
        """Monthly: groups rebuild capacity lost to police disruption, toward the size that holds their
        status-quo capacity against the status-quo rate of disruption.

        The contact rates are fitted to today's fraud, which today's policing already thins: groups recruit
        enough to stay at that size. In the reference year (year 1) the groups learn the share of their capacity
        the police take a month (pooled over groups, running mean), and set their recruitment target so that,
        at that share, a month's recovery makes up a month's losses: target = (1 - (1 - D)(1 - r)) / r x starting
        capacity (D: share lost a month, r: `recovery_per_month`). After year 1 the target stays; more (or less)
        disruption than the status quo then shrinks (or grows) the groups. Without it the groups would shrink
        toward a lower equilibrium through years 1-3 and the baseline would drift."""
        r = self.params.recovery_per_month
        base = self.month_base if self.month_base > 0 else self.total_capacity()
        if not self.has_reference and base > 0:
            self.loss_history.append(self.month_lost / base)
            d = float(np.mean(self.loss_history))
            self.recovery_target = (1.0 - (1.0 - d) * (1.0 - r)) / r if r > 0 else 1.0
        for g in self.groups:
            g.recover(r, self.recovery_target)
        self._effort = None
        self.month_lost, self.month_base = 0.0, self.total_capacity()

    def take_reference(self, profit_per_contact: np.ndarray) -> None:
        """End of year 1: what a contact of each type earns sets the resources it takes (TypeReference); the
        recruitment target against disruption stays at its status-quo level (`recover`)."""
        self.reference = TypeReference(self.base_shares, profit_per_contact, self._nests(self.params))

    def _nests(self, p: FraudsterParams) -> np.ndarray:
        """nest[t]: index of fraud type t's skill nest (a type not listed is a nest of its own)."""
        nests = [p.skill_nests.get(k, k) for k in self.types]
        index = {n: i for i, n in enumerate(dict.fromkeys(nests))}
        return np.array([index[n] for n in nests])

    def adapt_mix(self, relative_profit: np.ndarray) -> None:
        """Monthly: specific capacity enters or leaves each type; substitutable resources move between types."""
        for g in self.groups:
            if g.active:
                g.adapt_mix(relative_profit, self.reference, self.params)
        self._effort = None

    def substitutable_effort(self) -> np.ndarray:
        """Contacts per day on each type made with substitutable resources, all active groups (model scale)."""
        pos = self.effort()[0]
        f = self.params.substitutable_share
        return f * self.base_shares * sum((self.groups[i].capacity * self.groups[i].moved for i in pos),
                                          np.zeros(self.n_types))

    def total_capacity(self) -> float:
        """The active groups' capacity (contacts per day at the reference mix, model scale): the size of the
        groups, whatever types they work on."""
        pos = self.effort()[0]
        return float(sum(self.groups[i].capacity for i in pos))

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
            specific = np.mean([g.specific for g in active], axis=0) if active else None
            allocs = [g.alloc for g in active if g.alloc is not None]
            for _ in range(change):
                new = FraudsterGroup(self.model, self.mean_group_capacity, mix, float(p.adaptation_rate),
                                     p.dissolve_below)
                if specific is not None:          # a new group brings the skills the active ones have now
                    new.specific = specific.copy()
                new.alloc = np.mean(allocs, axis=0) if allocs else None
                if new.alloc is not None:
                    new.moved = self.reference.moved(new.alloc)
                self.groups.append(new)
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
