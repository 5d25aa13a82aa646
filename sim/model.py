"""FraudChainModel: one Mesa model, one step per day, the fraud chain in explicit stages.

A day, in order (see `step`):
  1. reforms      scheduled changes that take effect today (a new regime, a measure)
  2. awareness    campaigns reach part of the population (effect decays lazily)
  3. contacts     fraudster groups allocate effort; contacts pass telecom/platform filters;
                  reached targets decide (susceptibility, awareness, caution, warnings)
  4. payments     due payments pass the sending bank's checks (monitoring, name check, limits,
                  delays) and land in a mule account at a receiving bank
  5. reports      victims' reports arrive at desks: bank recalls, notices to platforms/telecoms,
                  police reports, claims
  6. mules        receiving banks catch mule accounts; money is frozen and returned or cashed
                  out; every settled loss is allocated by the liability regime (then insurers)
  7. takedowns    instruments (numbers, ads/accounts, sites) are taken down proactively or on notice
  8. police       investigations identify suspects and disrupt groups
  9. hub          shared signals expose linked instruments and mule accounts at member firms
 10. adapt        monthly/quarterly: fraudsters shift effort and enter/exit; firms review effort;
                  hub membership; consumers' expectations of reimbursement (moral hazard)
 11. record       the day's counters

Consumers and SMEs are numpy populations; every per-day array has one row per *event* (contact,
payment, report), never one per person. All randomness comes from `self.rng` (seeded via `rng=`).
Money on events is real EUR per victim; sums are scaled to the nation by `self.scale` when recorded.
"""

from __future__ import annotations

import mesa
import numpy as np

from agents.banks import make_banks
from agents.base import CashoutEvents, PaymentEvents, SettledLosses
from agents.consumers import ConsumerPopulation
from agents.fraudsters import FraudsterGroup
from agents.hub import FraudHub
from agents.insurers import InsuranceSector
from agents.mules import MuleAccounts, receiving_bank_weights
from agents.platforms import make_platforms
from agents.police import Police
from agents.reporting import Desks
from agents.smes import SMEPopulation
from agents.telecoms import make_telecoms
from scenarios.fraud_types import FRAUD_TYPES
from scenarios.loader import apply_overrides
from scenarios.registry import ACTORS
from scenarios.schema import Scenario
from sim.liability import (
    ORIGIN_NONE,
    ORIGIN_PLATFORM,
    ORIGIN_TELECOM,
    PAYMENT_KINDS,
    LossBatch,
    allocate,
    compile_rules,
    duty_floors,
    resolve_rules,
)
from sim.tables import Calendar, Table

WARMUP_DAYS = 365          # year 1: status quo, no adaptation; references and revealed preferences are taken
USE_COLUMNS = ("everyone", "uses_marketplace", "uses_social", "uses_messaging", "uses_dating")
# counters recorded per day and fraud type (national scale)
TYPE_COUNTERS = ("attempts", "cases", "victims", "gross_loss_eur", "recovered_eur", "net_loss_eur",
                 "reimbursed_eur", "borne_victims_eur", "borne_banks_eur", "borne_platforms_eur",
                 "borne_telecoms_eur", "borne_insurers_eur", "stopped_payments", "fraudster_proceeds_eur")
SYSTEM_COUNTERS = ("prevention_spend_banks_eur", "prevention_spend_platforms_eur", "prevention_spend_telecoms_eur",
                   "case_handling_eur", "public_cost_eur", "fraudster_costs_eur", "fraudster_proceeds_eur",
                   "police_reports", "suspects_identified", "hub_members", "fraudster_groups",
                   "bank_sending_effort", "bank_receiving_effort", "platform_effort", "telecom_effort",
                   "caution_shift", "mule_accounts_active", "penalties_eur", "police_investigations",
                   "campaign_cost_eur")


class FraudChainModel(mesa.Model):
    """The online-fraud chain of the Netherlands. `agents` consumer agents stand for the nation."""

    def __init__(self, scenario: Scenario, agents: int = 150_000, seed: int = 0, years: int | None = None):
        super().__init__(rng=seed)
        self.s = scenario
        self.initial_scenario = scenario     # before any reform (sim/costs.py rebuilds the timeline from it)
        self.seed = seed
        self.years = years or scenario.run.years
        self.days_total = self.years * 365
        self.day = 0
        pop = scenario.population
        self.n_consumers = int(agents)
        self.scale = pop.consumers / self.n_consumers
        self.n_smes = max(20, round(self.n_consumers * pop.smes / pop.consumers)) if pop.smes > 0 else 0
        self.sme_scale = pop.smes / self.n_smes if self.n_smes else 0.0
        rng = self.rng

        # --- populations (numpy) and institutions (Mesa agents) ---------------------------------
        bank_shares = list(pop.bank_shares.values())
        self.consumers = ConsumerPopulation(self.n_consumers, pop, bank_shares, list(pop.telecom_shares.values()),
                                            scenario.insurers.consumer_cover_share, rng)
        self.smes = SMEPopulation(self.n_smes, pop, bank_shares, scenario.insurers.sme_cover_share, rng)
        self.banks = make_banks(self, scenario.banks, pop.bank_shares, rng)
        self.bank_share = np.array(bank_shares)
        self.telecoms = make_telecoms(self, scenario.telecoms, pop.telecom_shares)
        self.platforms = make_platforms(self, scenario.platforms)
        self.platform_index = {p.kind: i for i, p in enumerate(self.platforms)}
        self.insurer = InsuranceSector(self, scenario.insurers)
        self.police = Police(self, scenario.police, self.scale)
        self.desks = Desks(self, scenario.reporting, scenario.een_loket, scenario.awareness)
        self.hub = FraudHub(self, scenario.hub)
        self.mules = MuleAccounts()
        # uses[i, c]: person i can be reached through channel column c (column 0: everyone)
        self.uses = np.column_stack([np.ones(self.n_consumers, bool)] +
                                    [self.consumers.uses[c] for c in USE_COLUMNS[1:]])

        self.types = [k for k in FRAUD_TYPES if k in scenario.fraud_types]
        self.T = len(self.types)
        # extension actors (docs/extending.md): Mesa agents that join the stages they implement
        self.actor_names = tuple(scenario.actors)
        self.extension_actors = [ACTORS[n].factory(self, ACTORS[n].params.model_validate(p or {}))
                                 for n, p in scenario.actors.items()]
        self.actor_sector = [ACTORS[n].sector for n in self.actor_names]
        self._compile()
        self._init_fraudsters()
        self._init_hub()

        # --- event stores -------------------------------------------------------------------------
        f8, i8, b1 = np.float64, np.int64, np.bool_
        inf = np.inf
        self.cases = Table({
            "pop": (np.int8, 0), "victim": (i8, -1), "ftype": (np.int16, -1), "group": (i8, -1),
            "instrument": (i8, -1), "bank": (np.int16, -1), "telecom": (np.int16, -1), "vkind": (np.int8, 0),
            "vulnerable": (b1, False), "own_bank": (b1, False), "mismatch": (b1, False),
            "start_day": (f8, inf), "first_loss_day": (f8, inf), "last_planned_day": (f8, inf),
            "payments_left": (np.int16, 0), "payments_made": (np.int16, 0), "stopped": (b1, False),
            "gross": (f8, 0.0), "recovered": (f8, 0.0), "settled": (f8, 0.0), "reimbursed": (f8, 0.0),
            "borne_banks": (f8, 0.0), "borne_platforms": (f8, 0.0), "borne_telecoms": (f8, 0.0),
            "borne_insurers": (f8, 0.0), "ins_paid": (f8, 0.0), "reimb_day": (f8, inf),
            "bank_day": (f8, inf), "police_day": (f8, inf), "platform_day": (f8, inf),
            "fraudehelpdesk": (b1, False), "support": (b1, False), "desks": (np.int8, 0),
            "police_quality": (f8, 1.0), "help_day": (f8, inf), "loket": (b1, False), "police_routed": (b1, False), "last_mule": (i8, -1), "repeat": (b1, False), "identified": (b1, False),
        })
        self.instruments = Table({
            "group": (i8, -1), "ftype": (np.int16, -1), "sector": (np.int8, 0), "org": (np.int16, -1),
            "first_use": (f8, inf), "takedown": (f8, inf), "notified": (f8, inf), "due": (f8, inf),
        })
        self.current_instrument = np.full((len(self.groups), self.T), -1, dtype=np.int64)
        self.pay_calendar = Calendar()
        self._due_today: list[np.ndarray] = []   # cases opened today whose first payment is today
        self.bank_report_cal, self.police_report_cal, self.platform_report_cal = Calendar(), Calendar(), Calendar()
        # shared signals by kind: a blocked mule IBAN exposes linked accounts, a removed number/ad/site
        # exposes the group's other instruments (each kind at its own scale; see hub_sharing)
        self.hub_mule_signals, self.hub_instrument_signals = Calendar(), Calendar()
        self.pending = {k: np.empty(0, dt) for k, dt in
                        (("case", np.int64), ("mule", np.int64), ("amount", np.float64), ("credit", np.float64),
                         ("cashout", np.float64), ("kind", np.int64))}
        self.goodwill_case = {0: np.full(self.n_consumers, -1, np.int64), 1: np.full(self.n_smes, -1, np.int64)}
        self.daily = {k: np.zeros((self.days_total, self.T)) for k in TYPE_COUNTERS}
        self.system = {k: np.zeros(self.days_total) for k in SYSTEM_COUNTERS}
        # adaptation memory
        self.expected_reimbursement = np.zeros(self.T)
        self.frozen_share = 0.1          # share of fraud money frozen before cash-out (smoothed, as fraudsters see it)
        self._mh_net = np.zeros(self.T)
        self._mh_reimb = np.zeros(self.T)
        self._contacts_window = np.zeros(self.T)
        self._proceeds_window = np.zeros(self.T)
        self.ref_profit_per_contact: np.ndarray | None = None
        self.ref_profit_per_group: float | None = None
        self.reforms_applied: list[tuple[int, str]] = []
        # books[(sector, effort dimension)][firm, (carried, breach cost, victims)]: national EUR since last flush
        self.books = {("banks", "sending"): np.zeros((len(self.banks), 3)),
                      ("banks", "receiving"): np.zeros((len(self.banks), 3)),
                      ("platforms", "prevention"): np.zeros((len(self.platforms), 3)),
                      ("telecoms", "prevention"): np.zeros((len(self.telecoms), 3))}
        self._books_since = 0
        self._refresh()

    # ------------------------------------------------------------------------------------------
    # set-up
    def _compile(self) -> None:
        """Per-type parameter arrays and compiled liability rules (again after every reform)."""
        s = self.s
        ft = [FRAUD_TYPES[k] for k in self.types]
        fp = [s.fraud_types[k] for k in self.types]
        self.t_target = np.array([0 if f.target == "consumer" else 1 for f in ft])
        self.t_use = np.array([USE_COLUMNS.index(f.platform_use) if f.platform_use else 0 for f in ft])
        self.t_origin = np.array([{"platform": ORIGIN_PLATFORM, "telecom": ORIGIN_TELECOM}.get(f.origin_sector,
                                                                                              ORIGIN_NONE) for f in ft])
        self.t_platform = np.array([self.platform_index[f.platform_kind] if f.platform_kind else -1 for f in ft])
        self.t_payment = np.array([PAYMENT_KINDS.index(f.payment) for f in ft])
        self.t_bankimp = np.array([f.impersonates_bank for f in ft])
        for name in ("contact_rate", "susceptibility", "loss_median_eur", "loss_sigma", "payments_mean",
                     "days_between_payments", "card_share", "name_check_mismatch", "bank_report_prob",
                     "police_report_prob", "platform_report_prob", "scam_days", "own_bank_share",
                     "delay_sensitivity"):
            setattr(self, "t_" + name, np.array([getattr(p, name) for p in fp], dtype=float))
        bands = self.consumers.age_bands
        self.t_age = np.array([[p.age_profile.get(b, 1.0) for b in bands] for p in fp])
        self.t_support_need = np.array([k in s.een_loket.support_need_types for k in self.types])
        self.rules = compile_rules(resolve_rules(s), self.types, self.actor_names)
        floors = duty_floors(self.rules, self.t_origin)
        for b in self.banks:
            b.params = s.banks
            b.efforts["sending"].floor = max(floors["sending_bank"], s.banks.sending_effort_floor)
            b.efforts["receiving"].floor = max(floors["receiving_bank"], s.banks.receiving_effort_floor)
        for firms, p, key in ((self.platforms, s.platforms, "origin_platform"),
                              (self.telecoms, s.telecoms, "origin_telecom")):
            for f in firms:
                f.params = p
                f.efforts["prevention"].floor = max(floors[key], p.effort_floor)
        for pl in self.platforms:
            pl.verification_boost = s.platforms.verification
        for f in self.banks + self.platforms + self.telecoms:
            for c in f.efforts.values():
                c.effort = max(c.effort, c.floor)
        # gross negligence protects caution where the rule covering a type has the test (consumers)
        self.t_gn = np.zeros(self.T, dtype=bool)
        for t in range(self.T):
            for cr in self.rules:
                if cr.types[t] and cr.kinds[self.t_payment[t]] and cr.victims[0]:
                    self.t_gn[t] = cr.rule.gross_negligence
                    break
        self.insurer.params = s.insurers
        self.police.params = s.police
        self.desks.rp, self.desks.lp, self.desks.ap = s.reporting, s.een_loket, s.awareness
        self.hub.p = s.hub
        self.pop_size = np.array([self.n_consumers, self.n_smes])
        self._refresh()

    def _init_fraudsters(self) -> None:
        fp = self.s.fraudsters
        # attempts per day aimed at random members of the target population (model scale)
        per_type = self.pop_size[self.t_target] * self.t_contact_rate / 365.0
        self.base_capacity = float(per_type.sum())
        self.base_shares = per_type / max(per_type.sum(), 1e-12)
        w = np.exp(0.3 * self.rng.standard_normal(fp.groups))
        caps = self.base_capacity * w / w.sum()
        # mule accounts per group: enough to carry the group's expected payments at the per-account rate,
        # so the life of an account (credits, reports, freezes) is the same at every agent count
        ideal = self._expected_payments_per_day() / fp.groups / self.s.mules.credits_per_account_day
        self.slots_per_group = max(1, round(ideal))
        # national mule accounts one simulated account stands for
        self.mule_weight = self.scale * max(ideal, 1e-9) / self.slots_per_group
        speeds = np.clip(fp.adaptation_rate * np.exp(0.3 * self.rng.standard_normal(fp.groups)), 0, 1)
        self.groups = [FraudsterGroup(self, float(c), self.base_shares, float(v))
                       for c, v in zip(caps, speeds, strict=True)]
        self.mean_group_capacity = self.base_capacity / fp.groups
        G, S = len(self.groups), self.slots_per_group
        # mule_slots[g, k]: the mule account in use in group g's slot k (-1: none yet)
        self.mule_slots = np.full((G, S), -1, dtype=np.int64)
        self.slot_refill = np.full((G, S), np.inf)
        self.group_proceeds = np.zeros(G)
        self.group_costs = np.zeros(G)
        self.group_active = np.ones(G, dtype=bool)
        self._slots_dirty, self._next_refill = True, 0.0   # see _refill_slots
        self._effort: tuple[np.ndarray, np.ndarray] | None = None

    def _expected_payments_per_day(self) -> float:
        """Payments per day (model scale) the status quo should produce: contacts x reach x filters x
        susceptibility x payments per victim (a planning figure for the mule accounts groups run)."""
        reach = np.array([1.0 if u == 0 else self.uses[:, u].mean() for u in self.t_use])
        tel_w = np.array([t.share for t in self.telecoms])
        passing = 1.0 - self.block @ (tel_w / tel_w.sum())
        per_type = self.base_capacity * self.base_shares * reach * passing * self.t_susceptibility
        return float((per_type * self.t_payments_mean).sum())

    def _init_hub(self) -> None:
        members = set(self.s.hub.initial_members) if self.s.hub.enabled else set()
        for f in self.banks + self.platforms + self.telecoms + [self.insurer, self.police]:
            f.hub_member = f.sector in members

    def hub_orgs(self) -> list:
        return self.banks + self.platforms + self.telecoms + [self.insurer]

    def hub_members(self) -> int:
        return sum(o.hub_member for o in self.hub_orgs() + [self.police])

    # ------------------------------------------------------------------------------------------
    def step(self) -> None:
        """One day of the chain, stages in the order of the module docstring."""
        d = self.day
        self.apply_reforms(d)
        self.run_campaigns(d)
        self.make_contacts(d)
        self.make_payments(d)
        self.process_reports(d)
        self.mules_and_cashout(d)
        self.take_down_instruments(d)
        self.police_work(d)
        self.hub_sharing(d)
        self.adapt(d)
        self.record(d)
        self.day += 1

    def run_model(self) -> None:
        for _ in range(self.days_total):
            self.step()

    # 1 ----------------------------------------------------------------------------------------
    def apply_reforms(self, d: int) -> None:
        due = [r for r in self.s.reforms if r.day == d]
        if not due:
            return
        for r in due:
            self.s = apply_overrides(self.s, r.set)
            self.reforms_applied.append((d, r.label or ", ".join(r.set)))
        changed = {k for r in due for k in r.set}
        for b in self.banks:
            if "banks.sending_effort" in changed:
                b.efforts["sending"].effort = self.s.banks.sending_effort
            if "banks.receiving_effort" in changed:
                b.efforts["receiving"].effort = self.s.banks.receiving_effort
        for firms, key in ((self.platforms, "platforms.effort"), (self.telecoms, "telecoms.effort")):
            if key in changed:
                for f in firms:
                    f.efforts["prevention"].effort = getattr(self.s, key.split(".")[0]).effort
        self._compile()
        if any(k.startswith("hub.") for k in changed):
            if self.s.hub.mandate or not self.s.hub.enabled:
                self.hub.review_membership(self.hub_orgs(), {})
            for o in self.hub_orgs() + [self.police]:
                if o.sector in self.s.hub.initial_members and self.s.hub.enabled:
                    o.hub_member = True
        self._refresh()

    # 2 ----------------------------------------------------------------------------------------
    def run_campaigns(self, d: int) -> None:
        a = self.s.awareness
        if a.campaign_reach <= 0 and a.sme_reach <= 0:
            return
        reached = self.consumers.expose_to_campaign(d, a.campaign_reach / 365.0, a.target, self.rng)
        self.system["public_cost_eur"][d] += reached * self.scale * a.cost_per_person_reached_eur
        self.system["campaign_cost_eur"][d] += reached * self.scale * a.cost_per_person_reached_eur
        if a.sme_reach > 0 and self.n_smes:
            # sector bodies (MKB-Nederland, branches) warn their members about invoice fraud
            self.smes.expose(d, a.sme_reach / 365.0, self.rng)

    # 3 ----------------------------------------------------------------------------------------
    def make_contacts(self, d: int) -> None:
        rng = self.rng
        if self._effort is None:   # the groups' contact effort changes only when a group adapts or is disrupted
            pos = np.array([i for i, g in enumerate(self.groups) if g.active], dtype=np.int64)
            eff = np.array([self.groups[i].capacity * self.groups[i].shares for i in pos]).reshape(pos.size, self.T)
            self._effort = (pos, eff)                                  # eff[k, t]: contacts/day of group pos[k]
        pos, effort = self._effort
        if pos.size == 0:
            return
        counts = rng.poisson(effort)
        gi, ti = np.nonzero(counts)
        reps = counts[gi, ti]
        group_of = np.repeat(pos[gi], reps)      # contact -> group position in self.groups
        type_of = np.repeat(ti, reps)            # contact -> fraud type index
        self._use_instruments(d, pos[gi], ti)   # every group/type that made contacts today used its instrument
        self._contacts_window += np.bincount(type_of, minlength=self.T)
        self.system["fraudster_costs_eur"][d] += type_of.size * self.s.fraudsters.cost_per_contact_eur * self.scale
        falls = [self._contacts_in(d, popk, group_of[m], type_of[m]) for popk in (0, 1)
                 if (m := self.t_target[type_of] == popk).any() and self.pop_size[popk] > 0]
        falls = [f for f in falls if f is not None]
        if falls:
            popk, target, ftype, group = (np.concatenate(x) for x in zip(*falls, strict=True))
            self._open_cases(d, popk, target, ftype, group)

    def _contacts_in(self, d: int, popk: int, group_of: np.ndarray, type_of: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """Contacts aimed at one population: reach, filters, the target's decision.

        Returns (population, target, fraud type, group) of the targets who fell for it, or None."""
        rng = self.rng
        P = self.consumers if popk == 0 else self.smes
        target = rng.integers(0, P.n, size=type_of.size)                   # who each contact is aimed at
        if popk == 0:
            reached = self.uses[target, self.t_use[type_of]]
            target, type_of, group_of = target[reached], type_of[reached], group_of[reached]
            telecom = self.consumers.telecom[target]
        else:
            telecom = np.zeros(target.size, dtype=np.int8)
        block = self.block[type_of, telecom]
        u = rng.random((target.size, 2))
        passed = u[:, 0] >= block
        target, type_of, group_of, u = target[passed], type_of[passed], group_of[passed], u[passed]
        self.daily["attempts"][d] += np.bincount(type_of, minlength=self.T) * (self.scale if popk == 0
                                                                                else self.sme_scale)
        # the target decides: base susceptibility x personal multiplier
        shift = self.s.liability.moral_hazard * self.expected_reimbursement[type_of]
        if popk == 0:
            gn_floor = np.where(self.t_gn[type_of], self.s.liability.gross_negligence_standard, 0.0)
            mult = self._consumer_multiplier(target, d, type_of, shift, gn_floor)
        else:
            mult = self.smes.susceptibility(target, d, float(shift.mean()) if shift.size else 0.0,
                                            self.s.population.repeat_victim_multiplier,
                                            self.s.insurers.prevention_demand, self.s.awareness)
        falls = u[:, 1] < np.clip(self.t_susceptibility[type_of] * mult, 0.0, 1.0)
        if not falls.any():
            return None
        k = int(falls.sum())
        return np.full(k, popk, dtype=np.int8), target[falls], type_of[falls], group_of[falls]

    def _consumer_multiplier(self, target: np.ndarray, d: int, type_of: np.ndarray, shift: np.ndarray,
                             gn_floor: np.ndarray) -> np.ndarray:
        c = self.consumers
        # moral hazard lowers caution, but not below the gross-negligence standard where the test applies
        base = c.caution[target]
        caution = np.maximum(base * (1.0 - shift), np.minimum(base, gn_floor))
        eff_shift = 1.0 - caution / np.maximum(base, 1e-9)
        return c.susceptibility(target, d, self.t_age[type_of], self.s.awareness, eff_shift,
                                self.s.population.repeat_victim_multiplier)

    def _refresh(self) -> None:
        """Cache the firms' current probabilities as arrays (they change only at reforms and reviews)."""
        self.block = self._block_matrix()
        self.bank_flag = np.array([b.flag_probability() for b in self.banks])
        self.bank_hazard = np.array([b.mule_hazard() for b in self.banks])
        self.bank_eff = np.array([[b.effective_effort("sending"), b.effective_effort("receiving")]
                                  for b in self.banks])
        self.bank_member = np.array([b.hub_member for b in self.banks])
        self.mean_bank_effort = (float(np.dot(self.bank_share, [b.sending_effort for b in self.banks])),
                                 float(np.dot(self.bank_share, [b.receiving_effort for b in self.banks])))
        self.pl_hazard = np.array([p.proactive_hazard() for p in self.platforms])
        self.tc_hazard = np.array([x.proactive_hazard() for x in self.telecoms])
        self.pl_effort = np.array([p.effort for p in self.platforms])
        self.tc_effort = np.array([x.effort for x in self.telecoms])
        self.pl_member = np.array([p.hub_member for p in self.platforms])
        self.tc_member = np.array([x.hub_member for x in self.telecoms])
        self.recv_weights = receiving_bank_weights(self.bank_share, self.bank_hazard,
                                                   self.s.fraudsters.bank_displacement)
        self.recv_cdf = np.cumsum(self.recv_weights)
        self.spend_per_day = {
            "banks": sum(b.spend_per_year() for b in self.banks) / 365.0,
            "platforms": sum(p.spend_per_year() for p in self.platforms) / 365.0,
            "telecoms": sum(t.spend_per_year() for t in self.telecoms) / 365.0,
        }
        self.n_hub_members = self.hub_members()

    def _block_matrix(self) -> np.ndarray:
        """block[t, telecom]: chance a contact of type t to a subscriber of that operator is stopped."""
        m = np.zeros((self.T, max(len(self.telecoms), 1)))
        for t, key in enumerate(self.types):
            ft = FRAUD_TYPES[key]
            if self.t_origin[t] == ORIGIN_TELECOM:
                m[t] = [tc.block_probability(ft.channel, ft.impersonates_bank) for tc in self.telecoms]
            elif self.t_origin[t] == ORIGIN_PLATFORM:
                m[t] = self.platforms[self.t_platform[t]].block_probability()
        return m

    def _use_instruments(self, d: int, groups: np.ndarray, types: np.ndarray) -> None:
        """Each (group, type) pair that made contacts today needs a live instrument; create one where it
        was taken down (a new number, account, ad or site)."""
        new = self.current_instrument[groups, types] < 0
        g, t = groups[new], types[new]
        if g.size:
            k = g.size
            sector = self.t_origin[t]
            org = np.where(sector == ORIGIN_PLATFORM, self.t_platform[t],
                           np.where(sector == ORIGIN_TELECOM, self.rng.integers(0, len(self.telecoms), k), -1))
            ids = self.instruments.add(k, group=g, ftype=t, sector=sector, org=org, first_use=d)
            self.current_instrument[g, t] = ids
            # a simulated instrument stands for a group's pool of parallel ones (see process_reports)
            self.system["fraudster_costs_eur"][d] += k * self.s.fraudsters.instrument_cost_eur * \
                self.s.fraudsters.instruments_per_type

    def _w(self, popk: np.ndarray) -> np.ndarray:
        """National weight of each event: how many real persons/SMEs one simulated one stands for."""
        return np.where(popk == 0, self.scale, self.sme_scale)

    def _pop_attr(self, popk: np.ndarray, idx: np.ndarray, name: str, sme_default: object = None) -> np.ndarray:
        """An attribute of persons or SMEs for mixed events (popk 0: consumer, 1: SME)."""
        cons = popk == 0
        a = getattr(self.consumers, name)[np.where(cons, idx, 0)]
        if self.n_smes and not cons.all():
            b = getattr(self.smes, name)[np.where(cons, 0, idx)] if sme_default is None else sme_default
            a = np.where(cons, a, b)
        return a

    def _open_cases(self, d: int, popk: np.ndarray, target: np.ndarray, type_of: np.ndarray,
                    group_of: np.ndarray) -> None:
        """Targets who fell for a contact today become cases: payments planned, reports decided."""
        rng = self.rng
        k = target.size
        n_pay = np.where(self.t_payments_mean[type_of] > 1, rng.geometric(1.0 / self.t_payments_mean[type_of]), 1)
        first = d + rng.exponential(np.maximum(self.t_scam_days[type_of], 1e-9)) * (self.t_scam_days[type_of] > 0)
        last = first + (n_pay - 1) * self.t_days_between_payments[type_of]
        sme = popk == 1
        vkind = np.where(sme, np.where(self.smes.micro[np.where(sme, target, 0)] if self.n_smes else False, 1, 2),
                         0).astype(np.int8)
        u = rng.random((k, 2))
        ids = self.cases.add(
            k, pop=popk, victim=target, ftype=type_of, group=group_of,
            instrument=self.current_instrument[group_of, type_of], bank=self._pop_attr(popk, target, "bank"),
            telecom=self._pop_attr(popk, target, "telecom", -1), vkind=vkind,
            vulnerable=self._pop_attr(popk, target, "vulnerable"),
            own_bank=self.t_bankimp[type_of] & (u[:, 0] < self.t_own_bank_share[type_of]),
            mismatch=u[:, 1] < self.t_name_check_mismatch[type_of],
            start_day=d, last_planned_day=last, payments_left=n_pay,
            repeat=self._pop_attr(popk, target, "victimisations") > 0)
        self.daily["cases"][d] += np.bincount(type_of, self._w(popk), self.T)
        # in need of victim support (Een Loket refers by need): vulnerable, repeat victims, high-harm types
        need = self.cases.vulnerable[ids] | self.cases.repeat[ids] | self.t_support_need[type_of]
        rep = self.desks.route(rng, self.t_bank_report_prob[type_of], self.t_police_report_prob[type_of],
                               self.t_platform_report_prob[type_of], self.t_origin[type_of] != ORIGIN_NONE,
                               self.expected_reimbursement[type_of], need=need)
        c = self.cases
        c.bank_day[ids] = last + rep.bank_day
        c.police_day[ids] = last + rep.police_day
        c.platform_day[ids] = last + rep.platform_day
        c.fraudehelpdesk[ids], c.support[ids], c.desks[ids] = rep.fraudehelpdesk, rep.support, rep.desks
        c.police_quality[ids] = rep.police_quality
        c.help_day[ids] = last + rep.first_day
        c.loket[ids] = rep.loket
        c.police_routed[ids] = rep.police_routed
        now = first < d + 1     # most scams are paid the day they succeed
        self._due_today.append(ids[now])
        self.pay_calendar.schedule(first[~now], ids[~now])
        self.bank_report_cal.schedule(c.bank_day[ids], ids)
        self.police_report_cal.schedule(c.police_day[ids], ids)
        self.platform_report_cal.schedule(c.platform_day[ids], ids)

    # 4 ----------------------------------------------------------------------------------------
    def make_payments(self, d: int) -> None:
        """Due payments pass the sending bank's checks; those that pass land in a mule account."""
        ids = np.concatenate([self.pay_calendar.pop(d), *self._due_today])
        self._due_today = []
        if ids.size == 0:
            return
        c, rng, bp = self.cases, self.rng, self.s.banks
        ids = ids[~c.stopped[ids]]
        if ids.size == 0:
            return
        t = c.ftype[ids].astype(np.int64)
        popk = c.pop[ids]
        victim = c.victim[ids]
        balance = np.where(popk == 0, self.consumers.savings[np.where(popk == 0, victim, 0)],
                           self.smes.savings[np.where(popk == 1, victim, 0)] if self.n_smes else 0.0)
        amount = self.t_loss_median_eur[t] * np.exp(self.t_loss_sigma[t] * rng.standard_normal(ids.size))
        amount = np.minimum(np.minimum(amount, balance), bp.daily_limit_eur)
        kind = np.where(rng.random(ids.size) < self.t_card_share[t], PAYMENT_KINDS.index("card"), self.t_payment[t])
        u = rng.random((ids.size, 4))
        flag = u[:, 0] < self.bank_flag[c.bank[ids]]
        authorised = kind != PAYMENT_KINDS.index("unauthorised")
        stop = flag & (~authorised | (u[:, 1] < bp.warning_heeded))
        if bp.name_check:
            stop |= authorised & c.mismatch[ids] & (u[:, 2] < bp.name_check_heeded)
        if bp.risky_payment_delay_hours > 0:
            # a time lock on risky first payments: monitoring at a looser threshold (1.5 x the flag rate)
            # holds the payment; some victims cancel in the time it buys, most in pressure scams
            risky = u[:, 0] < np.minimum(1.5 * self.bank_flag[c.bank[ids]], 1.0)
            first_payment = c.payments_made[ids] == 0
            p_cancel = bp.delay_stop_share * min(bp.risky_payment_delay_hours / 24.0, 1.0) * self.t_delay_sensitivity[t]
            reflect = self.rng.random(ids.size) < p_cancel
            stop |= (kind != PAYMENT_KINDS.index("card")) & first_payment & risky & reflect
        stop |= amount < 1.0
        for actor in self.extension_actors:
            ev = PaymentEvents(ids, np.array(self.types, dtype=object)[t], amount, c.vkind[ids], c.bank[ids])
            extra = actor.on_payments(d, ev)
            if extra is not None:
                stop |= np.asarray(extra, dtype=bool)
        c.stopped[ids[stop]] = True
        self.daily["stopped_payments"][d] += np.bincount(t[stop], self._w(popk[stop]), self.T)
        go = ~stop
        ids, t, amount, popk, victim, kind = ids[go], t[go], amount[go], popk[go], victim[go], kind[go]
        if ids.size == 0:
            return
        # balances fall (never below zero: amount <= balance)
        cons = popk == 0
        np.subtract.at(self.consumers.savings, victim[cons], amount[cons].astype(np.float32))
        if (~cons).any():
            np.subtract.at(self.smes.savings, victim[~cons], amount[~cons].astype(np.float32))
        first_loss = np.isinf(c.first_loss_day[ids])
        c.first_loss_day[ids[first_loss]] = d
        new_v = ids[first_loss]
        self.daily["victims"][d] += np.bincount(t[first_loss], self._w(popk[first_loss]), self.T)
        self._victim_bookkeeping(new_v)
        c.payments_made[ids] += 1
        c.payments_left[ids] -= 1
        c.gross[ids] += amount
        mule = self._pick_mules(c.group[ids], d)
        c.last_mule[ids] = mule
        credit = d + rng.random(ids.size)
        cashout = credit + rng.exponential(bp.cashout_hours_mean / 24.0, ids.size)
        self.mules.first_credit_day[mule] = np.minimum(self.mules.first_credit_day[mule], credit)
        np.add.at(self.mules.credits, mule, 1)
        for k, v in (("case", ids), ("mule", mule), ("amount", amount), ("credit", credit), ("cashout", cashout),
                     ("kind", kind)):
            self.pending[k] = np.concatenate([self.pending[k], v])
        more = c.payments_left[ids] > 0
        nxt = d + self.t_days_between_payments[t[more]] * rng.uniform(0.7, 1.3, int(more.sum()))
        self.pay_calendar.schedule(np.maximum(nxt, d + 1), ids[more])

    def _victim_bookkeeping(self, case_ids: np.ndarray) -> None:
        """A case's first loss: the victim's history and the firms' victim counts (reputation)."""
        c = self.cases
        for popk, P in ((0, self.consumers), (1, self.smes)):
            m = c.pop[case_ids] == popk
            if m.any():
                np.add.at(P.victimisations, c.victim[case_ids[m]], 1)
        w = self._w(c.pop[case_ids])
        VIC = 2
        self.books["banks", "sending"][:, VIC] += np.bincount(c.bank[case_ids], w, len(self.banks))
        t = c.ftype[case_ids]
        plat = self.t_platform[t]
        self.books["platforms", "prevention"][:, VIC] += np.bincount(plat[plat >= 0], w[plat >= 0],
                                                                     len(self.platforms))
        on_tel = (self.t_origin[t] == ORIGIN_TELECOM) & (c.telecom[case_ids] >= 0)
        self.books["telecoms", "prevention"][:, VIC] += np.bincount(c.telecom[case_ids][on_tel], w[on_tel],
                                                                    len(self.telecoms))

    def _pick_mules(self, groups: np.ndarray, d: int) -> np.ndarray:
        """A usable mule account of each payment's group (recruit at once if a group has none)."""
        ok = self.mules.usable(self.mule_slots)           # ok[g, k]: group g's slot k holds a usable account
        none = ~ok[groups].any(axis=1)
        if none.any():
            g = np.unique(groups[none])
            self._recruit(g, np.zeros(g.size, dtype=np.int64), d, urgent=True)
            ok = self.mules.usable(self.mule_slots)
        if self.slots_per_group == 1:
            return self.mule_slots[groups, 0]
        rows = ok[groups]
        choice = np.argmax(self.rng.random(rows.shape) * rows, axis=1)
        return self.mule_slots[groups, choice]

    def _recruit(self, groups: np.ndarray, slot_idx: np.ndarray, d: int, urgent: bool = False) -> None:
        """Open new mule accounts for (group, slot) pairs at banks chosen by displacement weights."""
        ids = self.mules.recruit(groups, slot_idx.size, d, self.recv_cdf, self.rng)
        self.mules.holder[ids] = self.consumers.recruit_mules(ids.size, self.s.mules.young_share, self.rng)
        self.mule_slots[groups, slot_idx] = ids
        self.slot_refill[groups, slot_idx] = np.inf
        cost = self.s.mules.recruitment_cost_eur * (2.0 if urgent else 1.0)
        np.add.at(self.group_costs, groups, cost)
        self.system["fraudster_costs_eur"][d] += slot_idx.size * cost * self.mule_weight

    # 5 ----------------------------------------------------------------------------------------
    def process_reports(self, d: int) -> None:
        c, rng, s = self.cases, self.rng, self.s
        handling = 0.0
        ids = self.bank_report_cal.pop(d)
        if ids.size:
            # recall: the bank asks the receiving bank to freeze the account the money went to
            mule = c.last_mule[ids]
            mule = mule[(mule >= 0) & self.mules.usable(mule)]
            hit = mule[rng.random(mule.size) < s.banks.freeze_on_report]
            self._block_mules(hit, d + rng.random(hit.size), d)
            handling += ids.size * s.banks.case_cost_eur
            # Eén Loket routes every report to the hub too: the group's other instruments are exposed
            routed = ids[c.loket[ids]]
            if routed.size and s.hub.enabled:
                self.hub_mule_signals.schedule(d + s.hub.signal_delay_days + np.zeros(routed.size),
                                               c.group[routed].astype(np.int64))
        ids = self.platform_report_cal.pop(d)
        if ids.size:
            inst = c.instrument[ids]
            inst = inst[inst >= 0]
            self.instruments.notified[inst] = np.minimum(self.instruments.notified[inst], d)
            sector = self.instruments.sector[inst]
            # each simulated notice stands for `scale` notices spread over a group's parallel instruments
            weight = self.scale / s.fraudsters.instruments_per_type
            acted = np.where(sector == ORIGIN_PLATFORM, s.platforms.notice_acted_share,
                             np.where(sector == ORIGIN_TELECOM, 0.8, s.reporting.site_notice_takedown))
            p = 1.0 - np.power(1.0 - acted, weight)
            act = rng.random(inst.size) < p
            delay = np.where(sector == ORIGIN_PLATFORM, s.platforms.takedown_hours_median / 24.0,
                             np.where(sector == ORIGIN_TELECOM, s.telecoms.number_block_hours / 24.0, 2.0))
            when = d + rng.exponential(delay)
            self.instruments.due[inst[act]] = np.minimum(self.instruments.due[inst[act]], when[act])
            handling += ids.size * np.where(sector == ORIGIN_PLATFORM, s.platforms.case_cost_eur,
                                            s.telecoms.case_cost_eur).mean()
        ids = self.police_report_cal.pop(d)
        if ids.size:
            self.police.receive(ids, c.group[ids], c.police_quality[ids], d, rng)
            self.system["police_reports"][d] += ids.size * self.scale
            handling += ids.size * s.police.case_cost_eur
        self.system["case_handling_eur"][d] += handling * self.scale

    # 6 ----------------------------------------------------------------------------------------
    def mules_and_cashout(self, d: int) -> None:
        rng, m, s = self.rng, self.mules, self.s
        # accounts in use are exactly those in the groups' slots (a blocked or dropped one is replaced)
        slots = self.mule_slots.ravel()
        active = slots[self.mules.usable(slots)]
        active = active[np.isfinite(m.first_credit_day[active])]
        if active.size:
            hazard = self.bank_hazard[m.bank[active]]
            caught = active[rng.random(active.size) < hazard]
            self._block_mules(caught, d + rng.random(caught.size), d)
            old = active[(d - m.first_credit_day[active]) > s.mules.max_use_days]
            m.dropped_day[old] = d
            self._slots_dirty |= bool(old.size)
        self.system["mule_accounts_active"][d] = active.size * self.mule_weight
        self._refill_slots(d)
        p = self.pending
        due = p["cashout"] < d + 1
        if not due.any():
            return
        ids, mule, amount, cashout, kind = (p[k][due] for k in ("case", "mule", "amount", "cashout", "kind"))
        for k in p:
            p[k] = p[k][~due]
        frozen = m.blocked_day[mule] < cashout
        involved = np.zeros((ids.size, len(self.extension_actors)), dtype=bool)
        for a, actor in enumerate(self.extension_actors):
            ev = CashoutEvents(ids, np.array(self.types, dtype=object)[self.cases.ftype[ids]], amount,
                               self.cases.group[ids], m.bank[mule], cashout, self._w(self.cases.pop[ids]))
            out = actor.on_cashout(d, ev)
            if out is not None:
                involved[:, a] = out[0]
                frozen |= np.asarray(out[1], dtype=bool) & ~frozen
        self._settle(d, ids, amount, frozen, cashout, involved, kind)

    def _block_mules(self, ids: np.ndarray, when: np.ndarray, d: int, signal: bool = True) -> None:
        """Block mule accounts; a block at a hub member becomes a shared signal (unless it came from one)."""
        if ids.size == 0:
            return
        m = self.mules
        first = np.isinf(m.blocked_day[ids])
        ids, when = ids[first], when[first]
        m.blocked_day[ids] = when
        self._slots_dirty |= bool(ids.size)
        if not signal:
            return
        members = self.bank_member[m.bank[ids]]
        if members.any():
            self.hub_mule_signals.schedule(d + self.s.hub.signal_delay_days + np.zeros(int(members.sum())),
                                           m.group[ids[members]].astype(np.int64))

    def _refill_slots(self, d: int) -> None:
        """Groups replace blocked or dropped mule accounts after a recruitment delay.

        Skipped (a no-op) unless an account was blocked or dropped since the last call, or a pending
        replacement falls due today."""
        if not self._slots_dirty and d < self._next_refill:
            return
        bad = ~self.mules.usable(self.mule_slots) & self.group_active[:, None]
        newly = bad & np.isinf(self.slot_refill)
        self.slot_refill[newly] = d + self.s.mules.recruit_delay_days
        ready = bad & (self.slot_refill <= d)
        g, k = np.nonzero(ready)
        if g.size:
            self._recruit(g, k, d)
        waiting = self.slot_refill[bad & ~ready]
        self._next_refill = float(waiting.min()) if waiting.size else np.inf
        self._slots_dirty = False

    def _settle(self, d: int, ids: np.ndarray, amount: np.ndarray, frozen: np.ndarray, when: np.ndarray,
                involved: np.ndarray, kind: np.ndarray) -> None:
        """Money frozen goes back to the victim; money cashed out is a loss, allocated by the regime."""
        c, s, rng = self.cases, self.s, self.rng
        t = c.ftype[ids].astype(np.int64)
        w = self._w(c.pop[ids])
        recovered = np.where(frozen, amount, 0.0)
        net = amount - recovered
        c.recovered[ids] += recovered
        self.frozen_share = 0.98 * self.frozen_share + 0.02 * (recovered.sum() / max(amount.sum(), 1e-9))
        T = self.T
        self.daily["gross_loss_eur"][d] += np.bincount(t, amount * w, T)
        self.daily["recovered_eur"][d] += np.bincount(t, recovered * w, T)
        self.daily["net_loss_eur"][d] += np.bincount(t, net * w, T)
        # fraudster proceeds: cashed out, minus the mule's fee
        fee = s.mules.fee_share
        proceeds = net * (1.0 - fee)
        self.daily["fraudster_proceeds_eur"][d] += np.bincount(t, proceeds * w, T)
        self.system["fraudster_proceeds_eur"][d] += float((proceeds * w).sum())
        self._proceeds_window += np.bincount(t, proceeds, T)
        np.add.at(self.group_proceeds, c.group[ids], proceeds)
        lost = net > 0
        if not lost.any():
            return
        ids, t, net, when, w, involved, kind = (x[lost] for x in (ids, t, net, when, w, involved, kind))
        n = ids.size
        popk = c.pop[ids]
        victim = c.victim[ids]
        caution = self._pop_attr(popk, victim, "caution")
        origin = self.t_origin[t]
        mule_bank = self.mules.bank[np.maximum(c.last_mule[ids], 0)]
        eff = np.column_stack([self.bank_eff[c.bank[ids], 0], self.bank_eff[mule_bank, 1],
                               self._origin_effort(t, c.telecom[ids])])
        inst = c.instrument[ids]
        notified = (inst >= 0) & (self.instruments.notified[np.maximum(inst, 0)] < when) & \
                   (self.instruments.takedown[np.maximum(inst, 0)] > when)
        gw = np.where(popk == 0, self.goodwill_case[0][np.where(popk == 0, victim, 0)],
                      self.goodwill_case[1][np.where(popk == 1, victim, 0)] if self.n_smes else -1)
        # gw: the case that used this victim's once-per-victim reimbursement (-1: none yet)
        batch = LossBatch(
            net=net, ftype=t, payment_kind=kind, victim_kind=c.vkind[ids].astype(np.int64),
            vulnerable=c.vulnerable[ids], caution=caution, own_bank=c.own_bank[ids],
            police_report=np.isfinite(c.police_day[ids]), claimed=np.isfinite(c.bank_day[ids]),
            claim_delay=c.bank_day[ids] - c.first_loss_day[ids], once_ok=(gw < 0) | (gw == ids),
            cum_before=c.settled[ids], eff=eff, origin_sector=origin, origin_notified=notified,
            name_check_failed=c.mismatch[ids] & (not s.banks.name_check) & (kind == 0), u=rng.random((n, 6)),
            involved=involved)
        alloc = allocate(batch, self.rules, s.liability.gross_negligence_standard)
        c.settled[ids] += net
        # insurers on what the victim still carries
        insured = self._pop_attr(popk, victim, "insured")
        ins = self.insurer.pay_claims(alloc.victim, insured, popk == 1, batch.police_report, rng.random(n))
        ins = np.minimum(ins, np.maximum(np.where(popk == 1, s.insurers.sme_cap_eur, s.insurers.cap_eur)
                                         - c.ins_paid[ids], 0.0))
        c.ins_paid[ids] += ins
        banks_paid = alloc.sending_bank + alloc.receiving_bank
        plat_paid = np.where(origin == ORIGIN_PLATFORM, alloc.origin, 0.0)
        tel_paid = np.where(origin == ORIGIN_TELECOM, alloc.origin, 0.0)
        # what extension actors pay is carried by the sector they declared (so the five buckets still add up)
        for a, actor in enumerate(self.extension_actors):
            paid_a = alloc.actors[:, a]
            sector = self.actor_sector[a]
            if sector == "banks":
                banks_paid = banks_paid + paid_a
            elif sector == "platforms":
                plat_paid = plat_paid + paid_a
            elif sector == "telecoms":
                tel_paid = tel_paid + paid_a
            else:
                ins = ins + paid_a
            actor.on_settled(d, SettledLosses(ids, np.array(self.types, dtype=object)[t], paid_a, w))
        victim_paid = net - banks_paid - plat_paid - tel_paid - ins
        for col, v in (("borne_banks", banks_paid), ("borne_platforms", plat_paid), ("borne_telecoms", tel_paid),
                       ("borne_insurers", ins)):
            getattr(c, col)[ids] += v
            self.daily[col + "_eur"][d] += np.bincount(t, v * w, T)
        self.daily["borne_victims_eur"][d] += np.bincount(t, victim_paid * w, T)
        reimbursed = banks_paid + plat_paid + tel_paid + ins
        c.reimbursed[ids] += reimbursed
        self.daily["reimbursed_eur"][d] += np.bincount(t, reimbursed * w, T)
        # what victims hear: the share reimbursed to those who claimed (drives claims and moral hazard)
        claimed = batch.claimed
        self._mh_net += np.bincount(t[claimed], net[claimed], T)
        self._mh_reimb += np.bincount(t[claimed], reimbursed[claimed], T)
        claim_day = np.maximum(c.bank_day[ids], when)
        paid = (reimbursed > 0)
        dec = np.where(np.isnan(alloc.decision_days), 0.0, alloc.decision_days)
        ins_day = np.maximum(c.police_day[ids], claim_day) + 30.0   # assumption: insurers settle in a month
        rday = np.where(alloc.reimbursed > 0, claim_day + dec, np.where(ins > 0, ins_day, np.inf))
        c.reimb_day[ids[paid]] = np.minimum(c.reimb_day[ids[paid]], rday[paid])
        used = alloc.once_used
        for popk_, key in ((0, 0), (1, 1)):
            mm = used & (popk == popk_)
            if mm.any():
                self.goodwill_case[key][victim[mm]] = ids[mm]
        self._book_firms(ids, t, alloc, origin, mule_bank, w)

    def _origin_effort(self, t: np.ndarray, telecom: np.ndarray) -> np.ndarray:
        o = self.t_origin[t]
        return np.where(o == ORIGIN_PLATFORM, self.pl_effort[np.maximum(self.t_platform[t], 0)],
                        np.where(o == ORIGIN_TELECOM, self.tc_effort[np.maximum(telecom, 0)], 0.0))

    def _book_firms(self, ids: np.ndarray, t: np.ndarray, alloc, origin: np.ndarray, mule_bank: np.ndarray,
                    w: np.ndarray) -> None:
        """Each firm learns what the regime made it carry (national EUR)."""
        c = self.cases
        nb = len(self.banks)
        pen = alloc.penalty[:, None] * alloc.breach     # (n, 3) penalty per breaching party
        CAR, BR, VIC = 0, 1, 2
        # the receiving side's "victims": fraud payments cashed out through its customers' accounts
        self.books["banks", "receiving"][:, VIC] += np.bincount(mule_bank, w, nb)
        for dim, payer, bank_of, col in (("sending", alloc.sending_bank, c.bank[ids], 0),
                                         ("receiving", alloc.receiving_bank, mule_bank, 1)):
            book = self.books["banks", dim]
            book[:, CAR] += np.bincount(bank_of, (payer - alloc.breach_paid[:, col]) * w, nb)
            book[:, BR] += np.bincount(bank_of, (alloc.breach_paid[:, col] + pen[:, col]) * w, nb)
        self.system["penalties_eur"][self.day] += float((pen.sum(axis=1) * w).sum())
        for sector, code, firms in (("platforms", ORIGIN_PLATFORM, self.platforms),
                                    ("telecoms", ORIGIN_TELECOM, self.telecoms)):
            sel = origin == code
            if sel.any():
                k = self.t_platform[t[sel]] if code == ORIGIN_PLATFORM else np.maximum(c.telecom[ids[sel]], 0)
                book = self.books[sector, "prevention"]
                book[:, CAR] += np.bincount(k, (alloc.origin[sel] - alloc.breach_paid[sel, 2]) * w[sel], len(firms))
                book[:, BR] += np.bincount(k, (alloc.breach_paid[sel, 2] + pen[sel, 2]) * w[sel], len(firms))

    def _flush_books(self, d: int) -> None:
        """Hand each firm what it carried since the last flush (its ledger); firms never see the model."""
        days = d + 1 - self._books_since
        for (sector, dim), book in self.books.items():
            firms = {"banks": self.banks, "platforms": self.platforms, "telecoms": self.telecoms}[sector]
            for f, (car, br, vic) in zip(firms, book, strict=True):
                f.book(dim, carried=float(car), breach_cost=float(br), victims=float(vic), days=days)
            book[:] = 0.0
        self._books_since = d + 1

    # 7 ----------------------------------------------------------------------------------------
    def take_down_instruments(self, d: int) -> None:
        cur = self.current_instrument
        live = cur[cur >= 0]
        if live.size == 0:
            return
        ins, s = self.instruments, self.s
        sector, org = ins.sector[live], ins.org[live]
        hazard = self._by_org(sector, org, self.pl_hazard, self.tc_hazard, s.reporting.site_takedown_hazard)
        u = self.rng.random(live.size)
        proactive = u < hazard
        when = np.where(proactive, d + u / np.maximum(hazard, 1e-12) * 0.999, ins.due[live])
        down = proactive | (ins.due[live] < d + 1)
        self._take_down(live[down], np.minimum(np.maximum(when[down], ins.first_use[live[down]]), d + 0.999), d)

    @staticmethod
    def _by_org(sector: np.ndarray, org: np.ndarray, platform_values: np.ndarray, telecom_values: np.ndarray,
                default: float | bool) -> np.ndarray:
        """Look up a per-organisation value for instruments whose origin is a platform or a telecom."""
        out = np.full(sector.size, default, dtype=np.result_type(platform_values, telecom_values, default))
        pl, tc = sector == ORIGIN_PLATFORM, sector == ORIGIN_TELECOM
        out[pl] = platform_values[org[pl]]
        out[tc] = telecom_values[org[tc]]
        return out

    def _take_down(self, ids: np.ndarray, when: np.ndarray, d: int) -> None:
        if ids.size == 0:
            return
        ins = self.instruments
        ins.takedown[ids] = when
        self.current_instrument[ins.group[ids], ins.ftype[ids]] = -1
        sector, org = ins.sector[ids], ins.org[ids]
        member = self._by_org(sector, org, self.pl_member, self.tc_member, False).astype(bool)
        if member.any():
            self.hub_instrument_signals.schedule(d + self.s.hub.signal_delay_days + np.zeros(int(member.sum())),
                                                 ins.group[ids[member]].astype(np.int64))

    # 8 ----------------------------------------------------------------------------------------
    def police_work(self, d: int) -> None:
        intel = self.hub.signal_strength() if self.police.hub_member else 0.0
        cases, groups, investigated = self.police.investigate(d, self.rng, intel)
        self.system["case_handling_eur"][d] += investigated * self.scale * self.s.police.investigation_cost_eur
        self.system["police_investigations"][d] += investigated * self.scale
        if cases.size == 0:
            return
        self.cases.identified[cases] = True
        self.system["suspects_identified"][d] += cases.size * self.scale
        # each identified suspect costs the group capacity; one simulated case stands for `scale` real ones
        loss = 1.0 - (1.0 - self.s.fraudsters.disruption_per_suspect) ** self.scale
        for g in groups.tolist():
            self.groups[g].disrupt(loss)
            self._effort = None
            self.group_active[g] = self.groups[g].active

    # 9 ----------------------------------------------------------------------------------------
    def hub_sharing(self, d: int) -> None:
        """Signals due today expose what they link to, at member organisations only.

        A removed number, ad/account or site exposes the group's other live instruments (each simulated
        instrument stands for a pool, so this is per representative); a blocked mule IBAN (or a report
        routed by Een Loket) exposes `linked_accounts` other accounts of the group. Blocks caused by a
        signal do not signal again (no cascades)."""
        inst_groups, mule_groups = self.hub_instrument_signals.pop(d), self.hub_mule_signals.pop(d)
        q = self.hub.signal_strength()
        if q <= 0 or (inst_groups.size == 0 and mule_groups.size == 0):
            return
        rng = self.rng
        inst = self.current_instrument[inst_groups].ravel()
        inst = inst[inst >= 0]
        if inst.size:
            ins = self.instruments
            member = self._by_org(ins.sector[inst], ins.org[inst], self.pl_member, self.tc_member, False).astype(bool)
            hit = inst[member & (rng.random(inst.size) < q)]
            hit = np.unique(hit)
            ins.due[hit] = np.minimum(ins.due[hit], d + 1 + rng.random(hit.size))
        # linked mule accounts at member banks: a block links to `linked_accounts` others of the group
        # (scale-free: the chance per account falls with the number of accounts a group runs here)
        slots = self.mule_slots[mule_groups].ravel()
        slots = slots[self.mules.usable(slots)]
        if slots.size:
            p = min(1.0, q / max(self.s.hub.link_share, 1e-9) * self.s.hub.linked_accounts
                    / max(self.slots_per_group - 1, 1))
            hit = np.unique(slots[self.bank_member[self.mules.bank[slots]] & (rng.random(slots.size) < p)])
            self._block_mules(hit, d + rng.random(hit.size), d, signal=False)

    # 10 ---------------------------------------------------------------------------------------
    def adapt(self, d: int) -> None:
        s = self.s
        if d % 30 == 29:
            # consumers hear what share of losses gets reimbursed (moral hazard input)
            seen = self._mh_net > 0
            cur = np.where(seen, self._mh_reimb / np.maximum(self._mh_net, 1e-9), self.expected_reimbursement)
            self.expected_reimbursement = 0.5 * self.expected_reimbursement + 0.5 * cur
            self._mh_net[:] = 0
            self._mh_reimb[:] = 0
        if d % 30 == 29:
            for g in self.groups:   # groups rebuild capacity lost to police disruption
                g.recover(s.fraudsters.recovery_per_month)
            self._effort = None
        if d % 365 == 364:
            self.insurer.reprice(int(self.consumers.insured.sum() + self.smes.insured.sum()), 365)
        if d == min(WARMUP_DAYS, self.days_total) - 1:
            self._end_of_warmup()
        elif d >= WARMUP_DAYS:
            since = d - WARMUP_DAYS
            if since % 30 == 29:
                self._fraudsters_adapt()
            if since % s.incentives.review_days == s.incentives.review_days - 1:
                self._quarterly_review()

    def _end_of_warmup(self) -> None:
        """End of year 1: take the status quo as the reference equilibrium (see agents/firm.py)."""
        self._flush_books(self.day)
        for f in self.banks + self.platforms + self.telecoms:
            for ch in f.efforts.values():
                ch.infer_reputation()
                ch.ledger.reset()
        self.ref_profit_per_contact = self.expected_profit_per_contact()
        active = [g for g in self.groups if g.active]
        self._ema_profit = float(self._proceeds_window.sum()) * 30.0 / 365.0    # a typical month of year 1
        self.ref_profit_per_group = self._ema_profit / max(len(active), 1)
        self._contacts_window[:] = 0
        self._proceeds_window[:] = 0

    def expected_profit_per_contact(self) -> np.ndarray:
        """What a group expects a contact of each type to yield, from the success rate at each step.

        Fraudsters see their own funnel: how many contacts get through filters, how many targets pay,
        how many payments the banks stop, how much is frozen. Using these rates (not the noisy
        proceeds of a month) makes displacement respond to defences, not to luck (assumption).
        """
        tel_w = np.array([t.share for t in self.telecoms])
        passing = 1.0 - self.block @ (tel_w / tel_w.sum())
        flag = float(np.dot(self.bank_share, self.bank_flag))
        bp = self.s.banks
        authorised = self.t_payment != PAYMENT_KINDS.index("unauthorised")
        stop = np.where(authorised, flag * bp.warning_heeded, flag)
        if bp.name_check:
            stop = stop + (1 - stop) * authorised * self.t_name_check_mismatch * bp.name_check_heeded
        value = self.t_loss_median_eur * np.exp(0.5 * self.t_loss_sigma ** 2) * self.t_payments_mean
        cash = 1.0 - self.frozen_share
        shift = self.s.liability.moral_hazard * self.expected_reimbursement
        return passing * self.t_susceptibility * (1 + shift) * (1 - stop) * value * cash * (1 - self.s.mules.fee_share)

    def _fraudsters_adapt(self) -> None:
        """Monthly displacement toward fraud types whose expected profit per contact rose."""
        if self.ref_profit_per_contact is None:
            return
        ref = self.ref_profit_per_contact
        rel = np.clip(self.expected_profit_per_contact() / np.maximum(ref, 1e-12), 0.1, 10.0)
        for g in self.groups:
            if g.active:
                g.adapt_mix(rel, self.base_shares, self.s.fraudsters.profit_elasticity)
        self._effort = None
        # profit for entry/exit: smoothed (EMA, half-life ~3 months) so one lucky month is not a signal
        self._ema_profit = 0.8 * self._ema_profit + 0.2 * float(self._proceeds_window.sum())
        self._contacts_window[:] = 0
        self._proceeds_window[:] = 0

    def _quarterly_review(self) -> None:
        s = self.s
        inc = s.incentives
        self._flush_books(self.day)
        costs = {}
        for f in self.hub_orgs():
            total = 0.0
            for ch in getattr(f, "efforts", {}).values():
                lg = ch.ledger
                if lg.days:
                    total += (lg.carried + lg.breach_cost + ch.reputation_per_victim * lg.victims) * 365 / lg.days
            costs[f.unique_id] = total
        self.hub.review_membership(self.hub_orgs(), costs)
        if inc.enabled:
            for f in self.banks + self.platforms + self.telecoms:
                f.review_efforts(inc.adjustment, inc.max_step)
        self._entry_exit()
        self._refresh()

    def _entry_exit(self) -> None:
        """Quarterly: the number of groups moves halfway toward the level profit per group supports."""
        fp = self.s.fraudsters
        if not self.ref_profit_per_group:
            return
        active = [g for g in self.groups if g.active]
        per_group = self._ema_profit / max(len(active), 1)
        rel = per_group / max(self.ref_profit_per_group, 1e-9)
        target = fp.groups * rel ** fp.entry_elasticity
        change = int(round(0.5 * (target - len(active))))
        profit = self.group_proceeds - self.group_costs
        if change > 0:
            mix = np.mean([g.shares for g in active], axis=0) if active else self.base_shares
            for _ in range(change):
                self.groups.append(FraudsterGroup(self, self.mean_group_capacity, mix, float(fp.adaptation_rate)))
            self._grow_group_arrays(change)
        elif change < 0 and active:
            order = sorted((i for i, g in enumerate(self.groups) if g.active), key=lambda i: profit[i])
            for i in order[: min(-change, len(active) - 1)]:
                self.groups[i].active = False
        self.group_active = np.array([g.active for g in self.groups])
        self._effort = None
        self.group_proceeds[:] = 0.0
        self.group_costs[:] = 0.0

    def _grow_group_arrays(self, k: int) -> None:
        S = self.slots_per_group
        self.current_instrument = np.vstack([self.current_instrument, np.full((k, self.T), -1, dtype=np.int64)])
        self.mule_slots = np.vstack([self.mule_slots, np.full((k, S), -1, dtype=np.int64)])
        self._slots_dirty = True
        self.slot_refill = np.vstack([self.slot_refill, np.full((k, S), np.inf)])
        self.group_proceeds = np.concatenate([self.group_proceeds, np.zeros(k)])
        self.group_costs = np.concatenate([self.group_costs, np.zeros(k)])

    # 11 ---------------------------------------------------------------------------------------
    def record(self, d: int) -> None:
        sy = self.system
        day_frac = 1.0 / 365.0
        sy["prevention_spend_banks_eur"][d] = self.spend_per_day["banks"]
        sy["prevention_spend_platforms_eur"][d] = self.spend_per_day["platforms"]
        sy["prevention_spend_telecoms_eur"][d] = self.spend_per_day["telecoms"]
        h = self.s.hub
        if h.enabled:
            sy["public_cost_eur"][d] += h.funding_eur_per_year * day_frac
            sy["case_handling_eur"][d] += self.n_hub_members * h.member_cost_eur * day_frac
        sy["hub_members"][d] = self.n_hub_members
        sy["fraudster_groups"][d] = int(self.group_active.sum())
        sy["bank_sending_effort"][d] = self.mean_bank_effort[0]
        sy["bank_receiving_effort"][d] = self.mean_bank_effort[1]
        sy["platform_effort"][d] = float(self.pl_effort.mean())
        sy["telecom_effort"][d] = float(self.tc_effort.mean())
        sy["caution_shift"][d] = float(self.s.liability.moral_hazard * self.expected_reimbursement.mean())
        for actor in self.extension_actors:
            actor.on_day_end(d)

    def actor(self, name: str):
        """The extension actor registered under `name` in this scenario."""
        return self.extension_actors[self.actor_names.index(name)]
