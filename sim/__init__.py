"""fraudchain's engine and public API.

    from sim import load_scenario, run, compare
    s = load_scenario("nl_baseline").with_overrides({"liability.regime": "uk_psr_2024"})
    r = run(s, seeds=range(5), agents=100_000)
    r.kpis, r.by_type, r.daily, r.system, r.victims

Imports agents/ and scenarios/, never dashboard/.
"""

from scenarios.fraud_types import FraudType, register_fraud_type
from scenarios.loader import ScenarioError, load_scenario
from scenarios.regimes import register_regime
from scenarios.registry import ActorParams, register_actor
from sim.metrics import KPI_KEYS, register_kpi
from sim.runner import CompareResult, Difference, RunResult, Summary, compare, run
from sim.stages import register_stage

__all__ = ["load_scenario", "run", "compare", "RunResult", "CompareResult", "Summary", "Difference",
           "ScenarioError", "KPI_KEYS", "FraudType", "register_fraud_type", "register_regime", "register_actor",
           "ActorParams", "register_kpi", "register_stage"]
