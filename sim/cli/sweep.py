"""`fraudchain sweep`: the command line of sim/studies/sweep.py (arguments, printing, exit codes)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from fraudchain.scenarios.loader import load_scenario
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.cli.commands import COMMANDS
from fraudchain.sim.cli.main import (
    add_yes,
    check_scale,
    check_workload,
    parse_overrides,
    progress_bar,
    warn_reforms,
)
from fraudchain.sim.errors import BadInput
from fraudchain.sim.runs.procs import Terminated
from fraudchain.sim.runs.store import StoreError, check_study_folder
from fraudchain.sim.runs.workload import Workload, estimate_work
from fraudchain.sim.safe_text import terminal_text
from fraudchain.sim.studies.sweep import (
    MANIFEST,
    MAX_WORKERS,
    RESULTS,
    seeds_needed_report,
    sweep,
)
from fraudchain.sim.studies.sweep_design import (
    DESIGNS,
    Vary,
    check_design_size,
    design_points,
    parse_vary,
)

MAX_DESIGN_SEED = 2**32 - 1


def _ranges(xs: list[int]) -> str:
    """[0, 1, 2, 5] -> '0-2, 5'."""
    out: list[str] = []
    for x in xs:
        if out and x == int(out[-1].split("-")[-1]) + 1:
            out[-1] = f"{out[-1].split('-')[0]}-{x}"
        else:
            out.append(str(x))
    return ", ".join(out) or "none"


def _command(args: argparse.Namespace) -> list[str]:
    """The command as a user would retype it to resume this sweep."""
    cmd = ["fraudchain", "sweep", args.scenario]
    for v in args.vary:
        cmd += ["--vary", v]
    for s in args.set or []:
        cmd += ["--set", s]
    cmd += ["--samples", str(args.samples), "--design", args.design, "--seeds", str(args.seeds),
            "--agents", str(args.agents)]
    if args.design_seed:
        cmd += ["--design-seed", str(args.design_seed)]
    if args.years is not None:
        cmd += ["--years", str(args.years)]
    return cmd + ["--out", str(args.out)]


def sweep_workload(scenario: Scenario, vary: list[Vary], args: argparse.Namespace) -> Workload:
    """The sweep's work: every design point priced with each varied parameter at its heavier end (taken
    one by one, so a range that makes part of the design invalid cannot lower the estimate)."""
    runs = design_points(args.design, args.samples, len(vary)) * args.seeds
    return estimate_work(scenario, args.agents, args.seeds, args.years, runs=runs,
                         vary={v.key: (v.low, v.high) for v in vary})


def cmd_sweep(args: argparse.Namespace) -> int:
    check_scale(args)
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise BadInput(f"--workers {args.workers}: must be between 1 and {MAX_WORKERS}")
    if args.flush_every < 1:
        raise BadInput(f"--flush-every {args.flush_every}: must be at least 1")
    if args.scheduler and args.executor != "dask":
        raise BadInput("--scheduler needs --executor dask")
    if not 0 <= args.design_seed <= MAX_DESIGN_SEED:
        raise BadInput(f"--design-seed {args.design_seed}: must be between 0 and {MAX_DESIGN_SEED:,}")
    try:                                  # before anything runs: a saved run or an optimisation is not a sweep's
        check_study_folder(args.out, MANIFEST, (RESULTS,))
    except StoreError as e:
        raise BadInput(str(e)) from None
    scenario = load_scenario(args.scenario, parse_overrides(args.set))
    vary = parse_vary(args.vary, scenario)
    check_design_size(args.design, args.samples, len(vary))
    warn_reforms([scenario], args.years)
    check_workload(sweep_workload(scenario, vary, args), args.yes)
    update, stop = progress_bar("sweep")
    try:
        res = sweep(scenario, vary, args.out, samples=args.samples, seeds=args.seeds, agents=args.agents,
                    years=args.years, design=args.design, design_seed=args.design_seed, executor=args.executor,
                    scheduler=args.scheduler, workers=args.workers, flush_every=args.flush_every,
                    command=_command(args), scenario_ref=args.scenario, progress=update,
                    log=lambda s: print(terminal_text(s), file=sys.stderr))
    except KeyboardInterrupt as e:
        what = "terminated" if isinstance(e, Terminated) else "interrupted"
        print(f"{what}; finished runs are saved in {args.out}. Run the same command again to resume.",
              file=sys.stderr)
        return 143 if isinstance(e, Terminated) else 130
    finally:
        stop()
    n_ok = int((res.frame["status"] == "ok").sum()) if len(res.frame) else 0
    seeds_in = sorted(int(s) for s in res.frame["seed"].unique()) if len(res.frame) else []
    print(f"{res.results}: {len(res.frame)} rows ({res.points} points; seeds {_ranges(seeds_in)}); "
          f"{res.resumed} resumed, {res.computed} computed now, {n_ok} ok, {len(res.frame) - n_ok} failed")
    if len(seeds_in) >= 2:
        need = seeds_needed_report(res.frame)
        parts = [f"{k}: {'n/a' if v is None else v}" for k, v in need.items()]
        print(f"seeds needed per point for a 95 % CI of +-5 % (median over points, from {len(seeds_in)} seeds): "
              + "; ".join(parts))
    else:
        print("one seed per point: run with --seeds 2 or more to see seed noise and the seeds needed")
    if len(res.frame) - n_ok:
        errors = res.frame.loc[res.frame["status"] != "ok", "error"].value_counts().head(3)
        for msg, n in errors.items():
            print(terminal_text(f"failed x{n}: {msg}"), file=sys.stderr)
        print("failed runs are recorded (status/error columns); run the same command again to retry them",
              file=sys.stderr)
        return 1
    return 0


def add_command(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "sweep", help=COMMANDS["sweep"][1],
        description="Sweep numeric parameters over [LOW, HIGH]; writes DIR/results.parquet (one row per design "
        "point and seed: parameter values, KPIs, status, error). Running the same command again resumes.")
    p.add_argument("scenario", help="built-in name or TOML file")
    p.add_argument("--vary", action="append", required=True, metavar="KEY=LOW:HIGH",
                   help="a numeric schema key and its range, repeatable (e.g. hub.data_sharing_scope=0:1)")
    p.add_argument("--samples", type=int, required=True,
                   help="lhs: design points; sobol: base samples n, a power of 2 (runs n x (parameters + 2) points)")
    p.add_argument("--design", choices=DESIGNS, default="lhs", help="Latin hypercube (default) or Sobol'/Saltelli")
    p.add_argument("--design-seed", type=int, default=0, help="seed of the design's scrambling (default 0)")
    p.add_argument("--seeds", type=int, default=1, help="replications per point: seeds 0..S-1, the same for every "
                   "point (common random numbers)")
    p.add_argument("--agents", type=int, default=20_000, help="consumer agents (results are national)")
    p.add_argument("--years", type=int, default=None, help="simulated years (default: the scenario's)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="fixed dotted override, repeatable")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="local process pool (default) or Dask")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a LocalCluster)")
    p.add_argument("--workers", type=int, default=None, help="local processes / LocalCluster workers "
                   "(default: CPU count)")
    p.add_argument("--flush-every", type=int, default=8, metavar="N",
                   help="write finished runs to disk every N runs (and at least every 10 s; default 8)")
    p.add_argument("--out", required=True, metavar="DIR", help="results folder (resumable)")
    add_yes(p)
    p.set_defaults(func=cmd_sweep)
