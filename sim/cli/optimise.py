"""`fraudchain optimise`: the command line of sim/studies/optimise.py (arguments, printing, exit codes)."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from fraudchain.sim.cli.commands import COMMANDS
from fraudchain.sim.cli.main import (
    add_yes,
    check_scale,
    check_workload,
    progress_bar,
    warn_few_seeds,
)
from fraudchain.sim.errors import BadInput
from fraudchain.sim.runs.workload import Workload, combine, estimate_work
from fraudchain.sim.safe_text import terminal_text
from fraudchain.sim.studies.optimise import (
    Constraint,
    Problem,
    StudyFailed,
    optimise,
    parse_constraint,
    parse_levers,
)
from fraudchain.sim.studies.policy_levers import (
    DEFAULT_OBJECTIVES,
    PRESETS,
    pseudo_keys,
    start_day,
)
from fraudchain.sim.studies.sweep import MAX_WORKERS

MAX_SAMPLER_SEED = 2**32 - 1


def _known_kpis(scenario: Any) -> list[str]:
    """The built-in KPIs and those of the extensions the scenario asks for."""
    from fraudchain.sim.engine.metrics import EXTRA_KPI_KEYS, KPI_KEYS
    from fraudchain.sim.runs.runner import pipeline_of

    return list(KPI_KEYS) + list(EXTRA_KPI_KEYS) + list(pipeline_of(scenario).kpi_names)


def problem_from_args(args: argparse.Namespace) -> Problem:
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim.cli.contributions import check_kpis

    if bool(args.preset) == bool(args.lever):
        raise BadInput("optimise: give --preset NAME or --lever KEY=LOW:HIGH ... (one of the two); presets: "
                       + ", ".join(PRESETS))
    scenario = load_scenario(args.scenario)
    years = args.years or scenario.run.years
    budget = args.budget_eur
    if budget is not None and (not math.isfinite(budget) or budget < 0 or budget > 1e10):
        raise BadInput(f"--budget-eur {budget:g}: must be between 0 and 1e10")
    constraints = [parse_constraint(c, _known_kpis(scenario)) for c in args.constraint or []]
    if args.preset:
        preset = PRESETS[args.preset]
        levers = list(preset["levers"])
        objectives = list(args.objective or preset["objectives"])
        if "budget" in preset:
            budget = preset["budget"] if budget is None else budget
        elif budget is not None:
            constraints.append(Constraint("public_cost_eur", "<=", budget))
    else:
        levers = parse_levers(args.lever, scenario)
        check_start_only(levers, years)
        objectives = list(args.objective or DEFAULT_OBJECTIVES)
        if any(lv.key.startswith("budget.") for lv in levers):
            if budget is None:
                raise BadInput("--lever budget.*: needs --budget-eur (the money to split)")
        elif budget is not None:
            constraints.append(Constraint("public_cost_eur", "<=", budget))
    check_kpis(objectives, "--objective", scenario=scenario)
    if len(set(objectives)) != len(objectives):
        raise BadInput("--objective: a KPI is given twice")
    return Problem(scenario, levers, objectives, constraints, budget, args.agents, years)


def check_start_only(levers: list[Any], years: int) -> None:
    """A lever acts as a reform from year 2 (sim/studies/policy_levers.py): a key that only shapes the
    start cannot be one, refused before any trial runs."""
    from fraudchain.scenarios.schema import reform_refusal

    day = start_day(years)
    if day == 0:
        return
    for lv in levers:
        why = None if lv.key in pseudo_keys() else reform_refusal(lv.key)
        if why:
            raise BadInput(f"--lever {lv.key}: cannot be searched: levers take effect on day {day} (year 2) as a "
                           f"reform, and {why}. Set it with a scenario file or --set in a sweep, or use --years 1 "
                           "(levers then apply from the start)")


def optimise_workload(problem: Problem, args: argparse.Namespace) -> Workload:
    """Every trial on --seeds seeds, then each front point (at most every trial) and the scenario without
    levers on --check-seeds fresh seeds; each searched schema key at its heavier end."""
    vary = {lv.key: (lv.low, lv.high) for lv in problem.levers if lv.key not in pseudo_keys()}
    s, years = problem.scenario, problem.years
    return combine([estimate_work(s, problem.agents, args.seeds, years, runs=args.trials * args.seeds, vary=vary),
                    estimate_work(s, problem.agents, args.check_seeds, years,
                                  runs=(args.trials + 1) * args.check_seeds, vary=vary)])


def cmd_optimise(args: argparse.Namespace) -> int:
    from fraudchain.sim.studies.optimise_report import table

    check_scale(args)
    if not 1 <= args.trials <= 100_000:
        raise BadInput(f"--trials {args.trials}: must be between 1 and 100,000")
    if not 1 <= args.check_seeds <= 1000:
        raise BadInput(f"--check-seeds {args.check_seeds}: must be between 1 and 1000")
    if args.scheduler and args.executor != "dask":
        raise BadInput("--scheduler needs --executor dask")
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise BadInput(f"--workers {args.workers}: must be between 1 and {MAX_WORKERS}")
    if not 0 <= args.sampler_seed <= MAX_SAMPLER_SEED:
        raise BadInput(f"--sampler-seed {args.sampler_seed}: must be between 0 and {MAX_SAMPLER_SEED:,}")
    from fraudchain.sim.runs.store import StoreError, check_study_folder
    from fraudchain.sim.studies.optimise import MARKER, OUTPUTS

    try:
        check_study_folder(args.out, MARKER, OUTPUTS)
    except StoreError as e:
        raise BadInput(str(e)) from None
    problem = problem_from_args(args)
    out = Path(args.out)
    warn_few_seeds(args.check_seeds, "fresh seeds (--check-seeds)")
    check_workload(optimise_workload(problem, args), args.yes)
    update, stop = progress_bar("trials")
    try:
        res = optimise(problem, out, args.trials, args.seeds, args.check_seeds, args.executor, args.workers,
                       args.scheduler, args.sampler_seed,
                       command={k: v for k, v in vars(args).items() if k not in ("func", "yes")},
                       progress=update)
    except StudyFailed as e:
        print(terminal_text(f"optimise stopped: {e}. Finished trials are kept in {out}; fix the cause and run the "
                            "same command again to resume."), file=sys.stderr)
        return 1
    finally:
        stop()
    if args.format == "json":
        print(json.dumps(res, allow_nan=False))
    else:
        print(table(res, problem))
    return 0


def add_command(subparsers: Any) -> None:
    p = subparsers.add_parser("optimise", help=COMMANDS["optimise"][1])
    p.add_argument("scenario", nargs="?", default="nl_baseline", metavar="SCENARIO",
                   help="the scenario the levers change (default nl_baseline)")
    p.add_argument("--preset", choices=sorted(PRESETS), help="; ".join(f"{k}: {v['help']}" for k, v in PRESETS.items()))
    p.add_argument("--lever", action="append", metavar="KEY=LOW:HIGH",
                   help="a numeric schema key or budget.hub|een_loket|campaigns|victim_support, "
                        "liability.app.sending_bank|receiving_bank|origin|excess_eur (repeatable)")
    p.add_argument("--objective", action="append", metavar="KPI", help="a KPI to minimise (repeatable)")
    p.add_argument("--constraint", action="append", metavar="EXPR", help='e.g. "public_cost_eur<=5e6" (repeatable)')
    p.add_argument("--budget-eur", type=float, default=None,
                   help="public money a year: split by the budget levers; otherwise a public_cost_eur<= constraint")
    p.add_argument("--trials", type=int, default=40, help="completed trials wanted (more resumes and adds)")
    p.add_argument("--seeds", type=int, default=2, help="seeds per trial (the same for every trial)")
    p.add_argument("--check-seeds", type=int, default=4, help="fresh seeds for re-evaluating the front")
    p.add_argument("--agents", type=int, default=40_000, help="consumer agents (results are national)")
    p.add_argument("--years", type=int, default=None, help="simulated years (default: the scenario's)")
    p.add_argument("--executor", choices=("local", "dask"), default="local")
    p.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler (with --executor dask)")
    p.add_argument("--workers", type=int, default=None, help="parallel runs (default: one per core)")
    p.add_argument("--sampler-seed", type=int, default=0, help="the sampler's seed (part of the study)")
    p.add_argument("--out", required=True, metavar="DIR", help="results folder (resumable)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    add_yes(p)
    p.set_defaults(func=cmd_optimise)
