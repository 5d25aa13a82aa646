"""fraudchain's engine and public API.

    from fraudchain.sim import load_scenario, run, compare
    s = load_scenario("nl_baseline").with_overrides({"liability.regime": "uk_psr_2024"})
    r = run(s, seeds=range(5), agents=100_000)
    r.kpis, r.by_type, r.daily, r.system, r.victims

Extending: an `Extension` bundles stages, KPIs and actors; a scenario asks for it
(`scenario.with_extensions(ext)`, or `extensions = [...]` in a file) and only its models run them.
Imports agents/ and scenarios/, never dashboard/.

The names below are imported on first use (PEP 562), so `import fraudchain.sim` (and the command line's
`--help` and `list`) does not load the engine, numpy's statistics or Mesa until a run needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> the module that defines it
_EXPORTS = {
    "load_scenario": "fraudchain.scenarios.loader", "ScenarioError": "fraudchain.scenarios.loader",
    "FraudType": "fraudchain.scenarios.fraud_types", "register_fraud_type": "fraudchain.scenarios.fraud_types",
    "register_regime": "fraudchain.scenarios.regimes",
    "ActorParams": "fraudchain.scenarios.registry", "register_actor": "fraudchain.scenarios.registry",
    "KPI_KEYS": "fraudchain.sim.engine.metrics",
    "Extension": "fraudchain.sim.engine.pipeline", "Pipeline": "fraudchain.sim.engine.pipeline",
    "build_pipeline": "fraudchain.sim.engine.pipeline", "register_kpi": "fraudchain.sim.engine.pipeline",
    "register_stage": "fraudchain.sim.engine.pipeline",
    "CompareResult": "fraudchain.sim.runs.runner", "Difference": "fraudchain.sim.runs.runner",
    "RunResult": "fraudchain.sim.runs.runner", "Summary": "fraudchain.sim.runs.runner",
    "compare": "fraudchain.sim.runs.runner", "run": "fraudchain.sim.runs.runner",
}

__all__ = ["load_scenario", "run", "compare", "RunResult", "CompareResult", "Summary", "Difference",
           "ScenarioError", "KPI_KEYS", "FraudType", "register_fraud_type", "register_regime", "register_actor",
           "ActorParams", "Extension", "Pipeline", "build_pipeline", "register_kpi", "register_stage"]

if TYPE_CHECKING:
    from fraudchain.scenarios.fraud_types import FraudType, register_fraud_type
    from fraudchain.scenarios.loader import ScenarioError, load_scenario
    from fraudchain.scenarios.regimes import register_regime
    from fraudchain.scenarios.registry import ActorParams, register_actor
    from fraudchain.sim.engine.metrics import KPI_KEYS
    from fraudchain.sim.engine.pipeline import (
        Extension,
        Pipeline,
        build_pipeline,
        register_kpi,
        register_stage,
    )
    from fraudchain.sim.runs.runner import CompareResult, Difference, RunResult, Summary, compare, run


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'fraudchain.sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value          # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
