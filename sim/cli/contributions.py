"""`fraudchain contributions`: the command line of sim/studies/contributions.py (arguments, printing, exit codes)."""

from __future__ import annotations

import argparse
import csv
import io
from typing import Any

from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.cli.commands import COMMANDS
from fraudchain.sim.cli.main import (
    add_yes,
    check_scale,
    check_workload,
    print_result,
    progress_bar,
    warn_few_seeds,
    warn_reforms,
)
from fraudchain.sim.errors import BadInput
from fraudchain.sim.formats import fmt_decimal, fmt_number
from fraudchain.sim.safe_text import csv_cell, rich_text
from fraudchain.sim.studies.contributions import (
    DEFAULT_KPIS,
    DEFAULT_PERMUTATIONS,
    EXACT_MAX,
    MAX_PERMUTATIONS,
    ContributionResult,
    contributions,
    plan,
    plan_workload,
)


def _cell(d: dict[str, Any]) -> str:
    s = fmt_number(d["mean"])
    return s if d["ci_low"] == d["ci_high"] else f"{s} [{fmt_number(d['ci_low'])}; {fmt_number(d['ci_high'])}]"


def _table(res: ContributionResult) -> str:
    from rich.console import Console
    from rich.table import Table

    d = res.to_dict()
    buf = io.StringIO()
    con = Console(file=buf, width=150, force_terminal=False, emoji=False)
    con.print(f"fraudchain contributions: {rich_text(res.scenario)} ({res.method}); {len(res.seeds)} seeds x {fmt_decimal(res.agents)} "
              f"agents x {res.years} years; last year, national; mean [95 % interval over seeds]")
    for k, c in d["kpis"].items():
        t = Table(title=f"{k}: package effect {_cell(c['package_effect'])}")
        t.add_column("measure")
        t.add_column("Shapley contribution", justify="right")
        t.add_column("alone", justify="right")
        for m, v in c["contributions"].items():
            t.add_row(rich_text(m), _cell(v), _cell(c["standalone"][m]) if m in c["standalone"] else "")
        t.add_row("interaction (package - sum alone)", _cell(c["interaction"]), "")
        con.print(t)
    return buf.getvalue()


def _csv(res: ContributionResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["scenario", "kpi", "term", "measure", "mean", "ci_low", "ci_high"])
    for k, c in res.to_dict()["kpis"].items():
        rows = [("package_effect", "", c["package_effect"]), ("interaction", "", c["interaction"])]
        rows += [("contribution", m, v) for m, v in c["contributions"].items()]
        rows += [("standalone", m, v) for m, v in c["standalone"].items()]
        for term, m, v in rows:
            w.writerow([csv_cell(res.scenario), k, term, csv_cell(m), v["mean"], v["ci_low"], v["ci_high"]])
    return buf.getvalue()


def check_kpis(kpis: list[str], option: str = "--kpi", scenario: Scenario | None = None) -> list[str]:
    """Known KPI names only, the scenario's extension KPIs included (one message naming the allowed ones)."""
    import difflib

    from fraudchain.sim.engine.metrics import EXTRA_KPI_KEYS, KPI_KEYS
    from fraudchain.sim.runs.runner import pipeline_of

    known = list(KPI_KEYS) + list(EXTRA_KPI_KEYS) + (list(pipeline_of(scenario).kpi_names) if scenario else [])
    for k in kpis:
        if k not in known:
            close = difflib.get_close_matches(k, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise BadInput(f"{option} {k}: unknown KPI{hint}; allowed: {', '.join(known)}")
    return kpis


def cmd_contributions(args: argparse.Namespace) -> int:
    from fraudchain.scenarios.loader import load_scenario

    check_scale(args)
    if not 1 <= args.permutations <= MAX_PERMUTATIONS:
        raise BadInput(f"--permutations {args.permutations}: must be between 1 and {MAX_PERMUTATIONS:,}")
    scenario = load_scenario(args.scenario)
    kpis = check_kpis(args.kpi or list(DEFAULT_KPIS), scenario=scenario)
    warn_few_seeds(args.seeds)
    warn_reforms([scenario], args.years)
    check_workload(plan_workload(scenario, plan(scenario, args.permutations), args.agents, args.seeds, args.years),
                   args.yes)
    update, stop = progress_bar("coalitions")
    try:
        res = contributions(scenario, kpis, seeds=args.seeds, agents=args.agents, years=args.years,
                            n_permutations=args.permutations, progress=update)
    finally:
        stop()
    print_result(args.format, res.to_dict, lambda: _csv(res), lambda: _table(res))
    return 0


def add_command(subparsers: Any) -> None:
    p = subparsers.add_parser("contributions", help=COMMANDS["contributions"][1])
    p.add_argument("scenario", metavar="SCENARIO", help="a package whose reforms name their measures")
    p.add_argument("--kpi", action="append", metavar="KPI", help=f"repeatable (default: {', '.join(DEFAULT_KPIS)})")
    p.add_argument("--seeds", type=int, default=3, help="replications, the same for every coalition")
    p.add_argument("--agents", type=int, default=150_000, help="consumer agents (results are national)")
    p.add_argument("--years", type=int, default=None, help="simulated years (default: the scenario's)")
    p.add_argument("--permutations", type=int, default=DEFAULT_PERMUTATIONS,
                   help=f"sampled permutations above {EXACT_MAX} measures (at most {MAX_PERMUTATIONS:,})")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    add_yes(p)
    p.set_defaults(func=cmd_contributions)
