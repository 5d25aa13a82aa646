"""The dashboard's long work, the same in the background worker (worker.py, started from the page) and in
`make run`'s warm-up (warm.py): the replications of comparisons, kept in the store, and the
contributions of a package's measures, with a partial result after every replication.

Replications are paired as `fraudchain compare` pairs them: replication i of every scenario uses seed i
and, with uncertainty "assumptions", the same draw i of every uncertain parameter
(fraudchain.sim.runs.uncertainty.replications). The store keys each replication by its resolved
scenario (draw included), seed, agents, years and the engine's fingerprint, so a comparison of any
built-in scenarios reuses what another comparison computed. No streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from fraudchain.dashboard import store
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.runs.runner import kpi_bounds, run_many, summarise
from fraudchain.sim.runs.uncertainty import assumption_draws
from fraudchain.sim.runs.uncertainty import replications as paired_replications
from fraudchain.sim.studies.contributions import coalition_scenario, decompose, plan, run_kpis

# the value page's built-in answers (precomputed by `make run`): the measures it compares with the baseline,
# the package whose contributions it shows, and the key figures of a contribution
MEASURES = ("fraud_hub", "een_loket", "awareness_campaign", "system_measures", "broad_participation",
            "ecp_full_package")
PACKAGE = "ecp_full_package"
PACKAGE_KPIS = ("net_loss_eur", "victims", "loss_borne_victims_eur", "social_cost_eur", "public_cost_eur")
Report = Callable[[int, int], None]          # (done, total)
Partial = Callable[[dict[str, Any]], None]   # a result so far
CHUNK = 8                                    # replications saved together (progress is reported per replication)


# ---------------------------------------------------------------------------------------------
# replications of comparisons
def replications(scenarios: Sequence[Scenario], seeds: int, uncertainty: str
                 ) -> list[list[Scenario]]:
    """Per scenario, the resolved scenario of each replication (seed i, draw i), as `compare` runs them."""
    reps, _ = paired_replications(list(scenarios), list(range(seeds)), uncertainty)
    return reps


def missing(scenarios: Sequence[Scenario], seeds: int, agents: int, years: int, uncertainty: str
            ) -> list[tuple[Scenario, int]]:
    """The replications of a comparison that the store does not hold yet (each once)."""
    out: dict[tuple[str, int], tuple[Scenario, int]] = {}
    for per in replications(scenarios, seeds, uncertainty):
        for seed, rep in enumerate(per):
            js = store.key(rep)
            if (js, seed) not in out and not store.has_seed(js, seed, agents, years):
                out[(js, seed)] = (rep, seed)
    return list(out.values())


def compute(jobs: Sequence[tuple[Scenario, int]], agents: int, years: int, report: Report | None = None,
            workers: int | None = None) -> int:
    """Run the (replication, seed) jobs the store does not hold yet and keep each; returns how many ran.
    Another process may be filling the store too: what it stored meanwhile is skipped."""
    total, done, ran = len(jobs), 0, 0
    for start in range(0, total, CHUNK):
        part = list(jobs[start:start + CHUNK])
        todo = [(s, seed) for s, seed in part if not store.has_seed(store.key(s), seed, agents, years)]
        done += len(part) - len(todo)
        if report:
            report(done, total)
        if not todo:
            continue
        before = done

        def step(d: int, _n: int, before: int = before) -> None:
            if report:
                report(before + d, total)

        for (s, _seed), r in zip(todo, run_many(todo, agents, years, workers=workers, progress=step), strict=True):
            store.save_seed(store.key(s), agents, years, r)
        done += len(todo)
        ran += len(todo)
    return ran


# ---------------------------------------------------------------------------------------------
# contributions of a package's measures, replication by replication
def contributions_params(scenario: Scenario, kpis: Sequence[str], seeds: int, agents: int, years: int,
                         uncertainty: str) -> dict[str, Any]:
    return {"scenario": scenario.model_dump_json(), "kpis": list(kpis), "seeds": seeds, "agents": agents,
            "years": years, "uncertainty": uncertainty}


def _design(scenario: Scenario) -> tuple[list[str], list[frozenset[str]], list[list[str]] | None, str]:
    """The coalitions `fraudchain contributions` runs for this package (sim's plan: every coalition up to
    EXACT_MAX measures, else the default number of sampled orders)."""
    p = plan(scenario)
    return p.players, p.coalitions, p.perms, p.method


def _interval(values: np.ndarray) -> dict[str, Any]:
    return summarise(np.asarray(values, dtype=float)).as_dict(with_values=False)


def contributions_result(params: dict[str, Any], rows: dict[int, list[dict[str, float]]]) -> dict[str, Any]:
    """The decomposition over the replications finished so far (seed-ordered), as
    fraudchain.sim.studies.contributions.ContributionResult.to_dict() gives it, plus `seeds_done`."""
    scenario = Scenario.model_validate_json(params["scenario"])
    players, coalitions, perms, method = _design(scenario)
    done = sorted(rows)
    kpis: dict[str, Any] = {}
    for k in params["kpis"]:
        values = {c: np.array([rows[s][i].get(k, math.nan) for s in done], dtype=float)
                  for i, c in enumerate(coalitions)}
        d = decompose(players, values, perms)
        kpis[k] = {"package_effect": _interval(d.package_effect),
                   "contributions": {m: _interval(v) for m, v in d.contributions.items()},
                   "interaction": _interval(d.interaction),
                   "standalone": {m: _interval(v) for m, v in d.standalone.items()},
                   "bounds": list(kpi_bounds(k))}
    return {"scenario": scenario.name, "measures": players, "method": method, "seeds": list(range(params["seeds"])),
            "seeds_done": done, "agents": params["agents"], "years": params["years"],
            "uncertainty": params["uncertainty"], "coalitions_run": len(coalitions), "kpis": kpis}


def contributions(params: dict[str, Any], report: Report | None = None, partial: Partial | None = None,
                  folder: Path | None = None) -> dict[str, Any]:
    """Every coalition of the package's measures on every replication, one replication (all coalitions)
    after another, so a partial result exists after the first; finished replications are kept in
    `folder` and not run again when the work is resumed."""
    scenario = Scenario.model_validate_json(params["scenario"])
    _players, coalitions, _perms, _method = _design(scenario)
    seeds = list(range(params["seeds"]))
    draws = assumption_draws([scenario], seeds) if params["uncertainty"] == "assumptions" else None
    saved = folder / "replications.json" if folder else None
    rows: dict[int, list[dict[str, float]]] = {}
    if saved and saved.is_file():
        rows = {int(k): v for k, v in (store.read_json(saved) or {}).items()}
    total = len(seeds) * len(coalitions)
    for seed in seeds:
        if seed in rows:
            continue
        base = scenario.with_overrides(draws[seed]) if draws else scenario
        jobs = [(coalition_scenario(base, c), seed) for c in coalitions]
        before = len(rows) * len(coalitions)

        def step(d: int, _n: int, before: int = before) -> None:
            if report:
                report(before + d, total)

        got = run_kpis(jobs, params["agents"], params["years"], progress=step)
        rows[seed] = [{k: float(r.get(k, math.nan)) for k in params["kpis"]} for r in got]
        if saved:
            store.write_json(saved, {str(k): v for k, v in rows.items()})
        if partial and len(rows) < len(seeds):
            partial(contributions_result(params, rows))
    return contributions_result(params, rows)
