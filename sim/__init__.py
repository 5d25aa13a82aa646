"""fraudchain's engine and public API.

    from fraudchain.sim import load_scenario, run, compare
    s = load_scenario("nl_baseline").with_overrides({"liability.regime": "uk_psr_2024"})
    r = run(s, seeds=range(5), agents=100_000)
    r.kpis, r.by_type, r.daily, r.system, r.victims

Extending: an `Extension` bundles stages, KPIs and actors; a scenario asks for it
(`scenario.with_extensions(ext)`, or `extensions = [...]` in a file) and only its models run them.
Imports agents/ and scenarios/, never dashboard/.
"""

from fraudchain.scenarios.fraud_types import FraudType, register_fraud_type
from fraudchain.scenarios.loader import ScenarioError, load_scenario
from fraudchain.scenarios.regimes import register_regime
from fraudchain.scenarios.registry import ActorParams, register_actor
from fraudchain.sim.engine.metrics import KPI_KEYS
from fraudchain.sim.engine.pipeline import Extension, Pipeline, build_pipeline, register_kpi, register_stage
from fraudchain.sim.runs.runner import CompareResult, Difference, RunResult, Summary, compare, run

__all__ = ["load_scenario", "run", "compare", "RunResult", "CompareResult", "Summary", "Difference",
           "ScenarioError", "KPI_KEYS", "FraudType", "register_fraud_type", "register_regime", "register_actor",
           "ActorParams", "Extension", "Pipeline", "build_pipeline", "register_kpi", "register_stage"]
