"""`fraudchain robustness`: the command line of sim/studies/robustness.py (arguments, printing, exit codes)."""

from __future__ import annotations

import argparse
import io
from typing import Any

from fraudchain.sim.cli.commands import COMMANDS
from fraudchain.sim.cli.main import (
    _load_all,
    check_scale,
    check_workload,
    parse_overrides,
    print_result,
    progress_bar,
)
from fraudchain.sim.errors import BadInput
from fraudchain.sim.formats import fmt_decimal, fmt_number
from fraudchain.sim.safe_text import rich_text
from fraudchain.sim.studies.robustness import DEFAULT_KPIS, DERIVED, RobustnessResult, robustness


def _pct(x: float | None) -> str:
    return "n/a" if x is None or x != x else f"{100 * x:.0f} %"


def _table(res: RobustnessResult) -> str:
    from rich.console import Console
    from rich.table import Table

    worlds = len(res.seeds)
    buf = io.StringIO()
    con = Console(file=buf, width=140, force_terminal=False, emoji=False)
    con.print(f"fraudchain robustness: against {rich_text(res.baseline)}, {worlds} plausible worlds (each a seed and a draw of "
              f"every uncertain parameter, the same for every option) x {fmt_decimal(res.agents)} agents x {res.years} years; "
              "last year, national")
    for kpi, k in res.kpis.items():
        better = "higher" if k.higher_is_better else "lower"
        t = Table(title=f"{kpi} ({better} is better)")
        t.add_column("option")
        t.add_column("P(beats baseline) [95 %]", justify="right")
        t.add_column("mean difference", justify="right")
        t.add_column("P(best)", justify="right")
        t.add_column("decisive assumptions (share of the difference's variance, direction)")
        for o in k.options:
            top = "; ".join(f"{d.parameter} {d.variance_share:.2f}{'+' if d.direction > 0 else '-'}"
                            for d in o.drivers if d.selected) or "none told from chance"
            if o.drivers and o.drivers[0].selected:
                top += f" (together {o.explained:.2f})"
            t.add_row(rich_text(o.option), f"{_pct(o.better)} [{_pct(o.better_low)}; {_pct(o.better_high)}]",
                      fmt_number(o.mean_difference), _pct(k.best.get(o.option)), top)
        con.print(t)
        if k.rankings:
            con.print("  rankings (best first): " + "; ".join(f"{' > '.join(rich_text(x) for x in r)} {_pct(p)}"
                                                          for r, p in k.rankings[:5]))
    con.print("Decisive assumptions: a regression of the difference's ranks on the draws' ranks; a parameter is "
              "listed only if it improves the fit beyond chance (Bonferroni over all drawn parameters), with the "
              "share of the variance it alone explains; + a higher value raises the difference, - lowers it.")
    return buf.getvalue().rstrip()


def cmd_robustness(args: argparse.Namespace) -> int:
    from fraudchain.sim.engine.metrics import EXTRA_KPI_KEYS, KPI_KEYS
    from fraudchain.sim.runs.workload import estimate_many

    check_scale(args)
    if args.seeds < 4:
        raise BadInput(f"--seeds {args.seeds}: robustness needs at least 4 plausible worlds (use 16 or more)")
    known = set(KPI_KEYS) | set(EXTRA_KPI_KEYS) | set(DERIVED)
    bad = [k for k in args.kpi or [] if k not in known]
    if bad:
        raise BadInput(f"--kpi {', '.join(bad)}: unknown KPI; allowed: {', '.join(sorted(known))}")
    loaded = _load_all([args.baseline, *args.scenarios], parse_overrides(args.set))
    check_workload(estimate_many(loaded, args.agents, args.seeds, args.years), args.yes)
    update, stop = progress_bar("robustness")
    try:
        res = robustness(loaded[1:], loaded[0], kpis=args.kpi or DEFAULT_KPIS, seeds=args.seeds, agents=args.agents,
                         years=args.years, progress=update)
    finally:
        stop()
    print_result(args.format, res.to_dict, lambda: "", lambda: _table(res))
    return 0


def add_command(subparsers: Any) -> None:
    p = subparsers.add_parser("robustness", help=COMMANDS["robustness"][1])
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    p.add_argument("--baseline", default="nl_baseline", help="the reference scenario (default nl_baseline)")
    p.add_argument("--seeds", type=int, default=16, help="plausible worlds: replications, each a seed and a draw of "
                   "every uncertain parameter (default 16)")
    p.add_argument("--agents", type=int, default=40_000, help="consumer agents (results are national)")
    p.add_argument("--years", type=int, default=None, help="simulated years (default: the scenario's)")
    p.add_argument("--kpi", action="append", metavar="KPI", help=f"key figure (repeatable; default: "
                   f"{', '.join(DEFAULT_KPIS)}; social_cost_excl_harm_eur is social cost without victims' harm)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="dotted override for every scenario")
    p.add_argument("--yes", action="store_true", help="run even if the estimated work exceeds one CPU hour")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_robustness)
