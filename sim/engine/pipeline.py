"""A model's pipeline: the ordered stages of its day, its KPIs and its extension actors, built from its scenario.

The built-in stages (sim/engine/stages/) and KPIs (sim/engine/kpis.py) belong to every model. An `Extension`
bundles stages, KPIs and actors under a name; they belong only to the models whose scenario asks for it
(`extensions = ["name"]` in a scenario file, or `scenario.with_extensions(ext)` in Python). Nothing
process-wide decides what a model runs: `build_pipeline(scenario)` does, and the runner ships each model's
pipeline to its worker processes together with the scenario (pickled with cloudpickle, so a stage defined in a
script travels by value), so `run`, `compare`, sweeps and the optimiser run the same stages in every process.

A pipeline also carries what the scenario names from the process's catalogues (fraud types, liability
regimes, extension actors): a worker `install`s them before it builds the model, because a reform validates
the scenario again and must find them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fraudchain.scenarios.fraud_types import FRAUD_TYPES, FraudType, register_fraud_type
from fraudchain.scenarios.regimes import builtin_regime_names, regime_data, register_regime
from fraudchain.scenarios.registry import ACTORS, EXTENSIONS, ActorParams, ActorSpec, register_actor
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.engine.contracts import Contract, module_contract
from fraudchain.sim.engine.kpis import KPI, KPIS, KpiFn
from fraudchain.sim.engine.stages import BUILTIN, STEPS

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

StageFn = Callable[["FraudChainModel", int], None]
BUILTIN_STAGE_NAMES = tuple(name for name, _ in BUILTIN)


@dataclass(frozen=True)
class Stage:
    """One stage of a model's day: `run(model, day)` and the state fields it may read and write."""

    name: str
    run: StageFn
    contract: Contract = Contract()
    extension: str = ""           # "" for a built-in stage


@dataclass(frozen=True)
class PlacedStage:
    """An extension's stage and where it goes: after or before a stage (built-in or the extension's own), or last."""

    stage: Stage
    after: str | None = None
    before: str | None = None


class Extension:
    """Stages, KPIs and actors that a scenario can ask for by name.

        check = Extension("check_service")
        check.actor("check_before_pay", CheckBeforePay, params=CheckParams, sector="banks")
        check.stage("check_review", monthly_check_review, after="adaptation")
        check.kpi("check_stopped_eur", check_stopped_eur, "fraud money stopped by the check service", unit="EUR")
        scenario = load_scenario("nl_baseline").with_extensions(check)

    In a module of your own package name it after the module (`Extension(__name__)`): a scenario file then
    asks for it with `extensions = ["your.module"]`, which imports the module first.
    """

    def __init__(self, name: str, description: str = ""):
        if not name:
            raise ValueError("an extension needs a name")
        self.name = name
        self.description = description
        self.module = sys._getframe(1).f_globals.get("__name__", "")   # where it was defined
        self.stages: list[PlacedStage] = []
        self.kpis: list[KPI] = []
        self.actor_names: list[str] = []
        EXTENSIONS[name] = self

    def __repr__(self) -> str:
        return f"Extension({self.name!r}: stages {[p.stage.name for p in self.stages]}, kpis " \
               f"{[k.name for k in self.kpis]}, actors {self.actor_names})"

    def stage(self, name: str, run: StageFn, *, after: str | None = None, before: str | None = None,
              reads: Iterable[str] = (), writes: Iterable[str] = ()) -> StageFn:
        """Add a stage `run(model, day)`: after `after`, before `before` (a built-in stage or one of this
        extension's), or last. `reads`/`writes`: the state fields it uses (sim/engine/contracts.py)."""
        if after and before:
            raise ValueError(f"stage {name!r}: give after or before, not both")
        if name in BUILTIN_STAGE_NAMES or any(p.stage.name == name for p in self.stages):
            raise ValueError(f"stage {name!r} is already defined")
        contract = Contract(frozenset(reads), frozenset(writes))
        self.stages.append(PlacedStage(Stage(name, run, contract, self.name), after, before))
        return run

    def kpi(self, name: str, fn: KpiFn, description: str = "", unit: str = "") -> KpiFn:
        """Add a KPI `fn(model, start_day, end_day) -> float` over the same window as the others; it appears in
        RunResult.kpis, the JSON output, saved results and sweeps after the built-in KPIs."""
        if name in KPIS:
            raise ValueError(f"KPI {name!r} is built in; choose another name")
        self.kpis = [k for k in self.kpis if k.name != name] + [KPI(name, fn, unit, description)]
        return fn

    def actor(self, name: str, factory: Callable[..., Any], params: type = ActorParams, sector: str = "banks",
              description: str = "") -> ActorSpec:
        """Add an institutional actor a scenario switches on with an `[actors.NAME]` table (see
        fraudchain.scenarios.registry.register_actor)."""
        spec = register_actor(name, factory, params=params, sector=sector, description=description)
        if name not in self.actor_names:
            self.actor_names.append(name)
        return spec

    @classmethod
    def of_module(cls, module: str) -> Extension:
        """The extension named after a module (created when first asked for)."""
        ext = EXTENSIONS.get(module)
        return ext if isinstance(ext, Extension) else cls(module)


def register_stage(name: str, run: StageFn, after: str | None = None, before: str | None = None,
                   reads: Iterable[str] = (), writes: Iterable[str] = ()) -> None:
    """Add a stage to the extension named after the module that defines `run` (see Extension.stage); it runs in
    the models whose scenario lists that module in `extensions`. Prefer an explicit `Extension`."""
    Extension.of_module(run.__module__).stage(name, run, after=after, before=before, reads=reads, writes=writes)


def register_kpi(name: str, fn: KpiFn, description: str = "", unit: str = "") -> None:
    """Add a KPI to the extension named after the module that defines `fn` (see Extension.kpi); it is measured
    in the models whose scenario lists that module in `extensions`. Prefer an explicit `Extension`."""
    Extension.of_module(fn.__module__).kpi(name, fn, description, unit)


@dataclass(frozen=True)
class Pipeline:
    """What one model runs: its stages in order, its extension KPIs (after the built-ins) and extension actors,
    and the catalogue entries its scenario names (fraud types, custom regimes)."""

    stages: tuple[Stage, ...]
    kpis: tuple[KPI, ...] = ()
    actors: dict[str, ActorSpec] = field(default_factory=dict)
    fraud_types: dict[str, FraudType] = field(default_factory=dict)
    regimes: dict[str, dict[str, Any]] = field(default_factory=dict)
    extensions: tuple[Extension, ...] = ()

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    @property
    def kpi_names(self) -> tuple[str, ...]:
        """The extension KPIs this pipeline measures (after the built-in ones)."""
        return tuple(k.name for k in self.kpis)

    def install(self) -> None:
        """Make this process know the fraud types, regimes, actors and extensions the scenario names (a worker
        process calls it before it builds the model; in the process that built the pipeline it changes
        nothing)."""
        for key, ft in self.fraud_types.items():
            if key not in FRAUD_TYPES:
                register_fraud_type(ft)
        for name, doc in self.regimes.items():
            register_regime(name, doc["rules"], doc.get("description", ""), doc.get("currency", "EUR"))
        for name, spec in self.actors.items():
            ACTORS.setdefault(name, spec)
        for ext in self.extensions:
            EXTENSIONS.setdefault(ext.name, ext)


def builtin_stages() -> list[Stage]:
    return [Stage(name, module.run, module_contract(module, STEPS)) for name, module in BUILTIN]


def asked_for(scenario: Scenario) -> list[Extension]:
    """The extensions the scenario asks for (by name, or by the module that defines them), in its order."""
    out: list[Extension] = []
    for name in scenario.extensions:
        for ext in list(EXTENSIONS.values()):
            if isinstance(ext, Extension) and (ext.name == name or ext.module == name) and ext not in out:
                out.append(ext)
    return out


def build_pipeline(scenario: Scenario) -> Pipeline:
    """The pipeline of a model of `scenario`: the built-in stages with the stages of the extensions it asks for
    placed where they say, the KPIs of those extensions, its actors and the catalogue entries it names."""
    exts = asked_for(scenario)
    stages = builtin_stages()
    for ext in exts:
        for placed in ext.stages:
            names = [s.name for s in stages]
            if placed.stage.name in names:
                raise ValueError(f"extension {ext.name!r}: stage {placed.stage.name!r} is already in the pipeline")
            anchor = placed.after or placed.before
            if anchor is not None and anchor not in names:
                raise ValueError(f"extension {ext.name!r}: stage {placed.stage.name!r} goes "
                                 f"{'after' if placed.after else 'before'} {anchor!r}, which is not a stage; "
                                 f"stages: {', '.join(names)}")
            at = len(stages) if anchor is None else names.index(anchor) + (1 if placed.after else 0)
            stages.insert(at, placed.stage)
    kpis: list[KPI] = []
    for ext in exts:
        for k in ext.kpis:
            if any(k.name == other.name for other in kpis):
                raise ValueError(f"extension {ext.name!r}: KPI {k.name!r} is defined by another extension too")
            kpis.append(k)
    actors = {name: ACTORS[name] for name in scenario.actors}
    fraud_types = {k: FRAUD_TYPES[k] for k in scenario.fraud_types}
    builtin = set(builtin_regime_names())
    named = {scenario.liability.regime} | {str(r.set["liability.regime"]) for r in scenario.reforms
                                           if "liability.regime" in r.set}
    regimes = {name: regime_data(name) for name in sorted(named - builtin)}
    return Pipeline(tuple(stages), tuple(kpis), actors, fraud_types, regimes, tuple(exts))
