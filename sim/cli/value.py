"""`fraudchain value`: the command line of sim/studies/value.py (arguments, printing, exit codes)."""

from __future__ import annotations

import argparse
import csv
import io
from typing import Any

from fraudchain.sim.cli.commands import COMMANDS
from fraudchain.sim.cli.main import (
    add_yes,
    check_scale,
    check_workload,
    parse_overrides,
    print_result,
    progress_bar,
    warn_few_seeds,
    warn_reforms,
)
from fraudchain.sim.engine.public_cost import INCLUDES
from fraudchain.sim.errors import BadInput
from fraudchain.sim.formats import fmt_decimal, fmt_number
from fraudchain.sim.safe_text import csv_cell, rich_text
from fraudchain.sim.studies.value import (
    METRICS,
    RATIOS,
    ValueResult,
    value,
)


def _table(res: ValueResult) -> str:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"fraudchain value: against {rich_text(res.baseline)}, paired by seed ({len(res.seeds)} seeds x "
              f"{fmt_decimal(res.agents)} agents x {res.years} years; last year, national), mean [95 % interval]")
    t.add_column("metric")
    for name in res.results:
        t.add_column(rich_text(name), justify="right")
    notes: list[str] = []
    for k in METRICS:
        row = []
        for name, ms in res.results.items():
            m = ms[k]
            fmt = (lambda v: fmt_decimal(v, 2)) if k in RATIOS else fmt_number
            cell = fmt(m.mean)
            if m.ci_low is not None and m.ci_low != m.ci_high:
                cell += f" [{fmt(m.ci_low)}; {fmt(m.ci_high)}]"
            if m.note:
                notes.append(f"{rich_text(name)} {k}: {m.note}")
                cell += f" ({len(notes)})"
            row.append(cell)
        t.add_row(k, *row)
    buf = io.StringIO()
    Console(file=buf, width=40 + 34 * len(res.results), force_terminal=False, emoji=False).print(t)
    lines = [buf.getvalue().rstrip(), INCLUDES] + [f"({i}) {n}" for i, n in enumerate(notes, 1)]
    if res.missing:
        lines.append(f"missing terms (not computed by this engine, left out of the sums): {', '.join(res.missing)}")
    return "\n".join(lines)


def _csv(res: ValueResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["baseline", "scenario", "metric", "mean", "ci_low", "ci_high", "note"])
    for name, ms in res.results.items():
        for k in METRICS:
            d = ms[k].as_dict()
            w.writerow([csv_cell(res.baseline), csv_cell(name), k, d["mean"], d["ci_low"], d["ci_high"],
                        csv_cell(d.get("note", ""))])
    return buf.getvalue()


def cmd_value(args: argparse.Namespace) -> int:
    from fraudchain.scenarios.loader import ScenarioError, load_scenario

    check_scale(args)
    if args.uncertainty == "assumptions":
        try:
            import fraudchain.sim.runs.uncertainty  # noqa: F401 - the assumption draws of issue 12
        except ImportError:
            raise BadInput("--uncertainty assumptions: this build has no assumption-uncertainty module "
                           "(sim/runs/uncertainty.py); use --uncertainty seeds") from None
    overrides = parse_overrides(args.set)
    loaded, problems = [], []
    for n in [args.baseline, *args.scenarios]:
        try:
            loaded.append(load_scenario(n, overrides))
        except ScenarioError as e:
            problems += e.problems
    if problems:
        raise ScenarioError(problems)
    from fraudchain.sim.runs.workload import estimate_many

    warn_few_seeds(args.seeds)
    warn_reforms(loaded, args.years)
    check_workload(estimate_many(loaded, args.agents, args.seeds, args.years, uncertainty=args.uncertainty),
                   args.yes)
    update, stop = progress_bar("value")
    try:
        res = value(loaded[1:], loaded[0], seeds=args.seeds, agents=args.agents, years=args.years,
                    progress=update, uncertainty=args.uncertainty)
    finally:
        stop()
    print_result(args.format, res.to_dict, lambda: _csv(res), lambda: _table(res))
    return 0


def add_command(subparsers: Any) -> None:
    p = subparsers.add_parser("value", help=COMMANDS["value"][1])
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    p.add_argument("--baseline", default="nl_baseline", help="the reference scenario (default nl_baseline)")
    p.add_argument("--seeds", type=int, default=4, help="replications (seeds 0..N-1), the same for every scenario")
    p.add_argument("--agents", type=int, default=150_000, help="consumer agents (results are national)")
    p.add_argument("--years", type=int, default=None, help="simulated years (default: the scenario's)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="dotted override for every scenario")
    p.add_argument("--uncertainty", choices=("seeds", "assumptions"), default="seeds",
                   help="intervals over seeds, or over seeds and the cost assumptions' ranges")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    add_yes(p)
    p.set_defaults(func=cmd_value)
