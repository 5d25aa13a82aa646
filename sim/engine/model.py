"""FraudChainModel: one Mesa model, one step per day, the fraud chain in explicit stages.

The model builds the populations, the actors and the shared state (sim/engine/state.py), hands every actor
the parameters in force (`configure`, at build and after every reform), caches the actors' current
behaviour as arrays (`refresh`), and runs the day's stages of its pipeline in order (sim/engine/pipeline.py,
built from its scenario): the built-in stages (sim/engine/stages/, one module each)

  reforms -> awareness -> contacts -> payments -> reports -> cashout -> takedowns -> police -> hub
  -> adaptation -> record

with the stages of the extensions its scenario asks for in between.

Consumers and SMEs are numpy populations; every per-day array has one row per *event* (contact,
payment, report), never one per person. All randomness comes from the run's named random streams
(`self.streams`, agents/streams.py): each stage draws from its own, derived from the seed.
Money on events is real EUR per victim; sums are scaled to the nation by `self.scale` when recorded.
The model never writes into an actor's attributes: actors change through their own methods.
"""

from __future__ import annotations

import mesa
import numpy as np
from fraudchain.agents.banks import BankSector
from fraudchain.agents.consumers import ConsumerPopulation
from fraudchain.agents.firm import OriginFirms
from fraudchain.agents.fraudsters import FraudsterGroups, Market
from fraudchain.agents.hub import FraudHub
from fraudchain.agents.insurers import InsuranceSector
from fraudchain.agents.mules import MuleAccounts, receiving_bank_weights
from fraudchain.agents.payment_methods import account_share
from fraudchain.agents.platforms import make_platforms
from fraudchain.agents.police import Police
from fraudchain.agents.reporting import Desks
from fraudchain.agents.smes import SMEPopulation
from fraudchain.agents.streams import RandomStreams
from fraudchain.agents.telecoms import make_telecoms
from fraudchain.scenarios.codes import POP_CONSUMER, POP_SME
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.engine.history import seed_history
from fraudchain.sim.engine.liability import compile_rules, duty_floors, refund_needs_report, resolve_rules
from fraudchain.sim.engine.pipeline import Pipeline, build_pipeline
from fraudchain.sim.engine.stages import reforms
from fraudchain.sim.engine.stages.adaptation import WARMUP_DAYS
from fraudchain.sim.engine.stages.contacts import block_matrix
from fraudchain.sim.engine.state import (
    SYSTEM_COUNTERS,
    TYPE_COUNTERS,
    Cases,
    ChainState,
    Instruments,
    SystemCounters,
    TypeCounters,
)
from fraudchain.sim.engine.type_arrays import USE_COLUMNS, type_arrays

__all__ = ["FraudChainModel", "TYPE_COUNTERS", "SYSTEM_COUNTERS", "WARMUP_DAYS"]

LIMIT_SAMPLE = 4096   # persons and SMEs the banks' limits are weighed on in the groups' view (limit_samples)


class FraudChainModel(mesa.Model):
    """The online-fraud chain of the Netherlands. `agents` consumer agents stand for the nation."""

    def __init__(self, scenario: Scenario, agents: int = 150_000, seed: int = 0, years: int | None = None,
                 pipeline: Pipeline | None = None):
        super().__init__(rng=seed)
        self.pipeline = pipeline or build_pipeline(scenario)   # what runs: stages, KPIs, extension actors
        self.params = scenario               # the scenario in force today (replaced at each reform; Mesa's Model
        #                                      reserves the name `scenario`)
        self.initial_scenario = scenario     # before any reform (sim/engine/timeline.py rebuilds the periods from it)
        self.seed = seed
        self.years = years or scenario.run.years
        self.days_total = self.years * 365
        self.day = 0
        pop = scenario.population
        self.n_consumers = int(agents)
        self.scale = pop.consumers / self.n_consumers       # persons one simulated consumer stands for
        self.n_smes = max(20, round(self.n_consumers * pop.smes / pop.consumers)) if pop.smes > 0 else 0
        self.sme_scale = pop.smes / self.n_smes if self.n_smes else 0.0
        self.pop_size = np.array([self.n_consumers, self.n_smes])
        self.streams = RandomStreams(seed)   # every draw of the model: named streams derived from the seed

        # --- populations (numpy) and institutions (Mesa agents) --------------------------------
        bank_shares = list(pop.bank_shares.values())
        self.consumers = ConsumerPopulation(self.n_consumers, pop, bank_shares, list(pop.telecom_shares.values()),
                                            scenario.insurers.consumer_cover_share, self.streams)
        self.smes = SMEPopulation(self.n_smes, pop, bank_shares, scenario.insurers.sme_cover_share, self.streams)
        self.banks = BankSector(self, scenario.banks, pop.bank_shares, self.streams)
        self.telecoms = OriginFirms(make_telecoms(self, scenario.telecoms, pop.telecom_shares))
        self.platforms = OriginFirms(make_platforms(self, scenario.platforms))
        self.platform_index = {p.kind: i for i, p in enumerate(self.platforms)}
        self.insurer = InsuranceSector(self, scenario.insurers)
        self.police = Police(self, scenario.police, self.scale, phase=float(self.streams.fresh("police_phase").random()))
        self.desks = Desks(self, scenario.reporting, scenario.een_loket, scenario.awareness, self.scale)
        self.hub = FraudHub(self, scenario.hub)
        self.mules = MuleAccounts()
        # uses[i, c]: person i can be reached through channel column c of USE_COLUMNS (column 0: everyone)
        self.uses = np.column_stack([np.ones(self.n_consumers, bool)] +
                                    [self.consumers.uses[c] for c in USE_COLUMNS[1:]])
        self.types = [k for k in FRAUD_TYPES if k in self.pipeline.fraud_types]
        self.n_types = len(self.types)
        self.type_keys = np.array(self.types, dtype=object)   # fraud-type key by index (what actors' events carry)
        self.fraudsters = FraudsterGroups(self, self.types)
        # extension actors (docs/extending.md): Mesa agents that join the stages whose hooks they implement
        actors = self.pipeline.actors
        self.actor_names = tuple(scenario.actors)
        self.extension_actors = [actors[n].factory(self, actors[n].params.model_validate(p or {}))
                                 for n, p in scenario.actors.items()]
        self.actor_sector = [actors[n].sector for n in self.actor_names]
        self.payment_screeners = [self.banks, *self.extension_actors]
        self.state = ChainState.new(self.days_total, self.n_types, self.n_consumers, self.n_smes,
                                    (len(self.banks), len(self.platforms), len(self.telecoms)))

        # --- parameters in force, then the fraudsters organise from the conditions of day 0 ---------
        self.configure()
        self.refresh()
        reforms.apply_due(self, 0)
        self._organise_fraudsters()
        self.refresh()
        seed_history(self)       # who was a victim in the window before day 0 (a stationary start)

    # ------------------------------------------------------------------------------------------
    def configure(self, changed: frozenset[str] | None = None) -> None:
        """Hand every actor the parameters in force and rebuild what derives from them (per-type arrays,
        compiled liability rules, duty floors). At build `changed` is None; after a reform it holds the keys
        the reform set (a firm's starting effort is reset only when a reform sets it)."""
        params = self.params
        ft = type_arrays(params, self.types, self.platform_index, self.consumers.age_bands)
        self.rules = compile_rules(resolve_rules(params), self.types, self.actor_names)
        self.report_needed = refund_needs_report(self.rules, self.n_types)   # [t, kind, victim kind]
        # gross negligence protects caution where the first rule covering a type's consumer losses has the test
        for t in range(self.n_types):
            for cr in self.rules:
                if cr.types[t] and cr.kinds[ft.payment[t]] and cr.victims[0]:
                    ft.gross_negligence[t] = cr.rule.gross_negligence
                    break
        self.ft = ft
        floors = duty_floors(self.rules, ft.origin)

        def keys(section: str) -> frozenset[str] | None:
            return None if changed is None else frozenset(k.split(".", 1)[1] for k in changed
                                                          if k.startswith(section + "."))

        self.banks.configure(params.banks, floors, keys("banks"))
        for p in self.platforms:
            p.configure(params.platforms, floors["origin_platform"], keys("platforms"))
        for tc in self.telecoms:
            tc.configure(params.telecoms, floors["origin_telecom"], keys("telecoms"))
        self.insurer.configure(params.insurers)
        self.police.configure(params.police)
        self.desks.configure(params.reporting, params.een_loket, params.awareness)
        self.consumers.configure(params.insurers.consumer_cover_share)
        self.smes.configure(params.insurers.sme_cover_share)
        self.hub.configure(params.hub, self.hub_orgs(), self.police, at_build=changed is None)
        if self.fraudsters.groups:
            self.fraudsters.configure(params.fraudsters)
        for name, actor in zip(self.actor_names, self.extension_actors, strict=True):
            if changed is not None and any(k.startswith(f"actors.{name}.") for k in changed):
                actor.configure(self.pipeline.actors[name].params.model_validate(params.actors.get(name) or {}))

    def refresh(self) -> None:
        """Cache the actors' current behaviour as arrays (it changes only at reforms and effort reviews)."""
        self.block = block_matrix(self)
        self.banks.refresh()
        self.platforms.refresh()
        self.telecoms.refresh()
        recv = receiving_bank_weights(self.banks.share, self.banks.hazard, self.params.fraudsters.bank_displacement)
        self.recv_cdf = np.cumsum(recv)          # where groups open mule accounts
        self.n_hub_members = sum(o.hub_member for o in self.hub_orgs() + [self.police])

    def _organise_fraudsters(self) -> None:
        """The groups form from the market they see in the conditions in force (agents/fraudsters.py)."""
        ft = self.ft
        market = Market(targets=self.pop_size[ft.target], contact_rate=ft.contact_rate,
                        reach=np.array([1.0 if u == 0 else self.uses[:, u].mean() for u in ft.use]),
                        passing=1.0 - self.block @ self.telecom_weights(), susceptibility=ft.susceptibility,
                        payments_mean=ft.payments_mean, recruited_share=ft.recruited_mule_share,
                        account_share=account_share(ft))
        self.fraudsters.organise(self.params.fraudsters, self.params.mules, market, self.scale,
                                 self.streams["fraudsters"])

    # ------------------------------------------------------------------------------------------
    def step(self) -> None:
        """One day of the chain: every stage of the pipeline in order."""
        self.streams.set_day(self.day)
        for stage in self.pipeline.stages:
            stage.run(self, self.day)
        self.day += 1

    def run_model(self) -> None:
        for _ in range(self.days_total):
            self.step()

    # --- small helpers the stages share -------------------------------------------------------
    def weight(self, pop: np.ndarray) -> np.ndarray:
        """National weight of each event: how many real persons/SMEs one simulated one stands for."""
        return np.where(pop == POP_CONSUMER, self.scale, self.sme_scale)

    def victim_values(self, pop: np.ndarray, idx: np.ndarray, consumers: np.ndarray,
                      smes: np.ndarray | float) -> np.ndarray:
        """For mixed events (`pop`: POP_CONSUMER / POP_SME), the value of person or SME `idx`: from the consumers'
        array, or the SMEs' array (or one value for every SME)."""
        cons = pop == POP_CONSUMER
        a = consumers[np.where(cons, idx, 0)]
        if self.n_smes and not cons.all():
            b = smes[np.where(cons, 0, idx)] if isinstance(smes, np.ndarray) else smes
            a = np.where(cons, a, b)
        return a

    def limit_samples(self, size: int = LIMIT_SAMPLE) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Per population, the bank and starting balance of its first `size` members (members are drawn
        independently, so these are a random sample): what the banks' limits are weighed on (agents/payment_limits.py,
        `pass_share_by_type`)."""
        return {POP_CONSUMER: (self.consumers.bank[:size], self.consumers.initial_savings[:size]),
                POP_SME: (self.smes.bank[:size], self.smes.initial_savings[:size])}

    def telecom_weights(self) -> np.ndarray:
        """Each operator's share of subscriptions (sums to 1)."""
        shares = np.array([t.share for t in self.telecoms])
        return shares / shares.sum()

    def firms(self) -> list:
        """The firms that choose a prevention effort."""
        return [*self.banks, *self.platforms, *self.telecoms]

    def hub_orgs(self) -> list:
        """The organisations that choose hub membership (the police joins when its sector is listed)."""
        return [*self.banks, *self.platforms, *self.telecoms, self.insurer]

    def actor(self, name: str):
        """The extension actor registered under `name` in this scenario."""
        return self.extension_actors[self.actor_names.index(name)]

    # --- the state, as the metrics and extensions read it --------------------------------------
    @property
    def cases(self) -> Cases:
        return self.state.cases

    @property
    def instruments(self) -> Instruments:
        return self.state.instruments

    @property
    def daily(self) -> TypeCounters:
        return self.state.daily

    @property
    def system(self) -> SystemCounters:
        return self.state.system

    @property
    def reforms_applied(self) -> list[tuple[int, str]]:
        return self.state.reforms_applied
