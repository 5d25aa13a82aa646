"""`fraudchain budget`: the command line of sim/studies/budget_curve.py (arguments, printing, exit codes)."""

from __future__ import annotations

import argparse
import io
import json
import math
from typing import Any

from fraudchain.sim.cli.commands import COMMANDS
from fraudchain.sim.cli.main import (
    add_yes,
    check_scale,
    check_workload,
    parse_overrides,
    progress_bar,
    warn_few_seeds,
    warn_reforms,
)
from fraudchain.sim.engine.public_cost import INCLUDES
from fraudchain.sim.errors import BadInput
from fraudchain.sim.formats import fmt_number
from fraudchain.sim.studies.budget_curve import DEFAULT_AMOUNTS, MAX_AMOUNT, budget_curves, variants
from fraudchain.sim.studies.public_budget import BUDGET_CHANNELS
from fraudchain.sim.studies.sweep import MAX_WORKERS

SHOWN = ("victims", "loss_borne_victims_eur", "victim_harm_eur", "social_cost_eur", "public_cost_eur")


def parse_amounts(text: str) -> list[float]:
    """'1e6,5e6,20e6' -> amounts in EUR a year (each > 0 and at most 1e10)."""
    out = []
    for part in text.split(","):
        try:
            v = float(part.strip())
        except ValueError:
            raise BadInput(f"--amounts {text!r}: expected numbers separated by commas, e.g. 1e6,5e6,20e6") from None
        if not math.isfinite(v) or v <= 0 or v > MAX_AMOUNT:
            raise BadInput(f"--amounts {text!r}: each amount must be above 0 and at most {MAX_AMOUNT:g} EUR")
        out.append(v)
    if len(set(out)) != len(out) or len(out) > 20:
        raise BadInput(f"--amounts {text!r}: give at most 20 different amounts")
    return sorted(out)


def _cell(s: dict[str, Any]) -> str:
    if s["mean"] is None:
        return "n/a"
    return f"{fmt_number(s['mean'])} [{fmt_number(s['ci_low'])}; {fmt_number(s['ci_high'])}]"


def police_caveat(disruption_per_suspect: float) -> str:
    """What every police point rests on (docs/evidence.md, `fraudsters.disruption_per_suspect`)."""
    from fraudchain.scenarios.schema import ASSUMPTION_RANGES

    lo, hi = ASSUMPTION_RANGES["fraudsters.disruption_per_suspect"]
    return (f"police: what it does to victims rests on fraudsters.disruption_per_suspect ({disruption_per_suspect:g} "
            "of a group's capacity lost per identified suspect), an assumption without a source (--uncertainty "
            f"assumptions draws it from {lo:g} to {hi:g}); at 0, more police money changes the victims by nothing "
            "(docs/evidence.md).")


def table(res: dict[str, Any], disruption_per_suspect: float | None = None) -> str:
    """The curves as a table, then what the public cost includes (and, with police points, the assumption
    they rest on: `disruption_per_suspect` of the scenario run)."""
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"fraudchain budget: what extra money a year buys on each lever, against {res['scenario']} as "
              f"it is, paired by seed ({len(res['seeds'])} seeds x {res['agents']:,} agents x {res['years']} "
              "years; last year, national), difference: mean [95 % interval]; * = interval excludes zero")
    t.add_column("lever, extra a year")
    t.add_column("buys")
    for k in SHOWN:
        t.add_column(f"Δ {k}", justify="right")
    for lever, points in res["levers"].items():
        for p in points:
            cells = [_cell(p["difference"][k]) + (" *" if p["distinguishable"][k] else "") for k in SHOWN]
            t.add_row(f"{lever} +{fmt_number(p['extra_eur'])}", p["buys"], *cells)
    buf = io.StringIO()
    Console(file=buf, width=220, force_terminal=False).print(t)
    caveat = "\n" + police_caveat(disruption_per_suspect) \
        if "police" in res["levers"] and disruption_per_suspect is not None else ""
    return buf.getvalue().rstrip() + "\n" + INCLUDES + caveat


def cmd_budget(args: argparse.Namespace) -> int:
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim.runs.workload import estimate_many

    check_scale(args)
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise BadInput(f"--workers {args.workers}: must be between 1 and {MAX_WORKERS}")
    amounts = parse_amounts(args.amounts)
    levers = args.lever or list(BUDGET_CHANNELS)
    if len(set(levers)) != len(levers):
        raise BadInput("--lever: a lever is given twice")
    scenario = load_scenario(args.scenario, parse_overrides(args.set))
    warn_few_seeds(args.seeds)
    warn_reforms([scenario], args.years)
    # the work of every point (the scenario as it is and each lever at each amount), priced before any run
    years = args.years or scenario.run.years
    points = [p[2] for p in variants(scenario, amounts, levers, years)]
    check_workload(estimate_many([scenario, *points], args.agents, args.seeds, years), args.yes)
    update, stop = progress_bar("budget")
    try:
        res = budget_curves(scenario, amounts, levers, seeds=args.seeds, agents=args.agents, years=args.years,
                            workers=args.workers, progress=update)
    finally:
        stop()
    print(json.dumps(res, allow_nan=False) if args.format == "json"
          else table(res, scenario.fraudsters.disruption_per_suspect))
    return 0


def add_command(subparsers: Any) -> None:
    p = subparsers.add_parser("budget", help=COMMANDS["budget"][1])
    p.add_argument("scenario", nargs="?", default="nl_baseline", metavar="SCENARIO",
                   help="the scenario the money is added to (default nl_baseline)")
    p.add_argument("--amounts", default=",".join(f"{a:g}" for a in DEFAULT_AMOUNTS),
                   help="extra EUR a year per lever, comma-separated (default 1e6,5e6,2e7)")
    p.add_argument("--lever", action="append", choices=BUDGET_CHANNELS, help="a lever (repeatable; default all)")
    p.add_argument("--seeds", type=int, default=4, help="replications (seeds 0..N-1), the same for every point")
    p.add_argument("--agents", type=int, default=40_000, help="consumer agents (results are national)")
    p.add_argument("--years", type=int, default=None, help="simulated years (default: the scenario's)")
    p.add_argument("--workers", type=int, default=None, help="parallel runs (default: one per core)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="dotted override of the scenario")
    p.add_argument("--format", choices=("table", "json"), default="table")
    add_yes(p)
    p.set_defaults(func=cmd_budget)
