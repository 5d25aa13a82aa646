"""The budget answer: how the structural public money is best split over the hub, Eén Loket, campaigns and
victim support, and whether any split is demonstrably better than today.

Owns computing it for the dashboard (fraudchain.sim.studies.optimise with the `public_budget` preset: a
search on a few replications, then every point of the Pareto front run again on fresh replications and
compared with today's allocation on the same ones), the partial front while the search runs, and the
plain verdict. This is the one place to swap when `fraudchain budget` gives the answer directly: the
page (view_budget.py) needs only `compute_front`'s result shape and `verdict`. No streamlit.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import numpy as np
from fraudchain.scenarios.loader import load_scenario
from fraudchain.scenarios.packs import default_value

REFERENCE = "nl_baseline"
BUDGETS = (float(default_value("hub.funding_eur_per_year")), 5_000_000.0)   # the Dutch pack's 2026 hub money, and 5 M
TRIALS = 12
TRIALS_ENV = "FRAUDCHAIN_DASHBOARD_TRIALS"       # fewer trials for tests and slow machines
SEARCH_SEEDS = 2


def trials() -> int:
    """The search's trials: 12, unless FRAUDCHAIN_DASHBOARD_TRIALS (2-100) says otherwise."""
    raw = os.environ.get(TRIALS_ENV, "").strip()
    return min(max(int(raw), 2), 100) if raw.isdigit() else TRIALS


def front_params(budget: float, trials: int, seeds: int, agents: int, years: int) -> dict[str, Any]:
    """What a front depends on (the job's and the stored result's key)."""
    return {"budget": float(budget), "trials": int(trials), "seeds": min(int(seeds), SEARCH_SEEDS),
            "check_seeds": int(seeds), "agents": int(agents), "years": int(years), "scenario": REFERENCE}


def _problem(params: dict[str, Any]) -> Any:
    from fraudchain.sim.studies.optimise import Problem
    from fraudchain.sim.studies.policy_levers import PRESETS

    preset = PRESETS["public_budget"]
    return Problem(load_scenario(params["scenario"]), list(preset["levers"]), list(preset["objectives"]), [],
                   params["budget"], params["agents"], params["years"])


def front_seconds(params: dict[str, Any]) -> float:
    """The CPU time compute_front asks for (sim/runs/workload.py, as `fraudchain optimise` prices it): every
    trial on the search's replications, then each front point (at most every trial) and today's split on
    the fresh ones; each searched schema key at its heavier end."""
    from fraudchain.sim.runs.workload import combine, estimate_work
    from fraudchain.sim.studies.policy_levers import pseudo_keys

    problem = _problem(params)
    vary = {lv.key: (lv.low, lv.high) for lv in problem.levers if lv.key not in pseudo_keys()}
    s, trials, seeds, check = problem.scenario, params["trials"], params["seeds"], params["check_seeds"]
    return combine([estimate_work(s, problem.agents, seeds, problem.years, runs=trials * seeds, vary=vary),
                    estimate_work(s, problem.agents, check, problem.years, runs=(trials + 1) * check,
                                  vary=vary)]).cpu_seconds


def _partial_front(problem: Any, journal: Path, name: str) -> list[dict[str, Any]]:
    """The front of the trials finished so far, on the search's own replications (not yet re-run)."""
    from fraudchain.sim.runs.runner import summarise
    from fraudchain.sim.studies.optimise import _optuna, front_trials
    from optuna.storages.journal import JournalFileBackend

    optuna = _optuna()
    study = optuna.load_study(study_name=name, storage=optuna.storages.JournalStorage(JournalFileBackend(str(journal))))
    points = []
    for t in front_trials(study):
        per = t.user_attrs.get("kpis") or {}
        points.append({"params": dict(t.params), "trial": t.number, "allocation": t.user_attrs.get("buys") or {},
                       "objectives": {k: summarise(np.asarray(per.get(k, []), dtype=float)).as_dict(with_values=False)
                                      for k in problem.objectives}})
    return points


def compute_front(params: dict[str, Any], report: Any = None, partial: Any = None, folder: Path | None = None
                  ) -> dict[str, Any]:
    """The Pareto front of the public budget (fraudchain optimise's JSON object). The search resumes from
    FOLDER/search when the work is started again."""
    import tempfile

    from fraudchain.sim.studies.optimise import command_hash, optimise

    problem = _problem(params)
    out = (folder / "search") if folder else Path(tempfile.mkdtemp(prefix="fraudchain-front-"))
    name = f"fraudchain-{command_hash(problem, params['seeds'], 0)}"
    seeds, check = params["seeds"], params["check_seeds"]
    # progress in replications: the search's, then the front's re-run on fresh ones (its size is known
    # once the search is done; until then a front of 4 points is assumed)
    state = {"rerun": 5 * check}

    def progress(done: int, trials: int) -> None:
        front = None
        if partial or done >= trials:
            try:
                front = _partial_front(problem, out / "journal.log", name)
            except (OSError, KeyError, ValueError):
                front = None                 # a partial front is a courtesy; the final one is what counts
        if front is not None and done >= trials:
            state["rerun"] = (len(front) + 1) * check
        if report:
            report(done * seeds, trials * seeds + state["rerun"])
        if partial and front is not None and done < trials:
            partial({"front": front, "trials": done, "objectives": problem.objectives,
                     "budget_eur": params["budget"], "partial": True})

    res = optimise(problem, out, params["trials"], params["seeds"], params["check_seeds"], kind="local",
                   progress=progress)
    res.pop("out", None)                      # a path on the server, not part of the answer
    return res


def verdict(res: dict[str, Any]) -> dict[str, Any]:
    """Whether any front point is demonstrably better or worse than today on an objective (all are
    minimised): the paired difference on the fresh replications has a 95 % interval that excludes zero.
    Returns {"better": [(point, kpi, difference)], "worse": [...]} (points numbered from 1)."""
    better, worse = [], []
    for i, p in enumerate(res.get("front") or [], 1):
        for k in res.get("objectives") or []:
            d = (p.get("difference") or {}).get(k)
            if not d or d.get("ci_low") is None or d.get("ci_high") is None:
                continue
            lo, hi = float(d["ci_low"]), float(d["ci_high"])
            if not (math.isfinite(lo) and math.isfinite(hi)) or len(res.get("fresh_seeds") or []) < 2:
                continue
            if hi < 0:
                better.append((i, k, d))
            elif lo > 0:
                worse.append((i, k, d))
    return {"better": better, "worse": worse}


# ---------------------------------------------------------------------------------------------
# what each extra million buys: `fraudchain budget`'s curves
CURVE_AMOUNTS = (1e6, 5e6, 20e6)
CURVE_MAX_SEEDS, CURVE_MAX_AGENTS = 4, 40_000     # 1 + levers x 3 scenarios: kept small


def curves_params(levers: list[str], seeds: int, agents: int, years: int) -> dict[str, Any]:
    """What a set of curves depends on (the job's and the stored result's key)."""
    from fraudchain.sim.studies.public_budget import BUDGET_CHANNELS

    return {"levers": [c for c in BUDGET_CHANNELS if c in levers], "amounts": list(CURVE_AMOUNTS),
            "seeds": min(int(seeds), CURVE_MAX_SEEDS), "agents": min(int(agents), CURVE_MAX_AGENTS),
            "years": int(years), "scenario": REFERENCE}


def curves_runs(params: dict[str, Any]) -> int:
    return (1 + len(params["levers"]) * len(params["amounts"])) * params["seeds"]


def curves_seconds(params: dict[str, Any]) -> float:
    """The CPU time compute_curves asks for (sim/runs/workload.py, as `fraudchain budget` prices it)."""
    from fraudchain.sim.runs.workload import estimate_many
    from fraudchain.sim.studies.budget_curve import variants

    s = load_scenario(params["scenario"])
    points = [p[2] for p in variants(s, params["amounts"], params["levers"], params["years"])]
    return estimate_many([s, *points], params["agents"], params["seeds"], params["years"]).cpu_seconds


def compute_curves(params: dict[str, Any], report: Any = None) -> dict[str, Any]:
    """The curves of `fraudchain budget --format json` for these levers (one worker process: the machine's
    other visitors and jobs keep their share)."""
    from fraudchain.sim.studies.budget_curve import budget_curves

    return budget_curves(load_scenario(params["scenario"]), params["amounts"], params["levers"],
                         seeds=params["seeds"], agents=params["agents"], years=params["years"], workers=1,
                         progress=report)
