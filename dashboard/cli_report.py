"""`fraudchain report SCENARIO SCENARIO... --out FILE.html`: the dashboard's comparison as a
standalone HTML report (the same document as the dashboard's download button).

A command plug-in for sim/cli/main.py (registered through the `fraudchain.commands` entry point in
pyproject.toml and loaded only when `fraudchain report` is asked for): defines add_command(subparsers).
It lives in dashboard/ because the report is drawn with the dashboard's figures, and sim must not
import the dashboard. Bad input exits with status 2: a ScenarioError for scenarios (the CLI prints one
line per problem), one printed line for options.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from fraudchain.dashboard.i18n import LANGS
from fraudchain.dashboard.report import build_report, write_report
from fraudchain.scenarios.loader import ScenarioError, load_scenario

EXIT_BAD_INPUT = 2
MAX_SEEDS = 1000


def add_command(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser("report", help="compare scenarios and write a standalone HTML report")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="built-in names or TOML files (2 or more)")
    p.add_argument("--out", required=True, metavar="FILE.html", help="where to write the report")
    p.add_argument("--seeds", type=int, default=8, help="replications (seeds 0..N-1; default 8)")
    p.add_argument("--agents", type=int, default=150_000, help="consumer agents (results are national; "
                   "default 150,000)")
    p.add_argument("--years", type=int, default=None, help="simulated years (default: the scenario's)")
    p.add_argument("--lang", choices=LANGS, default="nl", help="language of the report (default nl)")
    p.add_argument("--uncertainty", choices=("seeds", "assumptions"), default="seeds",
                   help="assumptions: each replication also draws the uncertain parameters (paired)")
    p.add_argument("--yes", action="store_true", help="run even when the estimated work is beyond the cap "
                   "(one CPU hour; see sim/runs/workload.py)")
    p.set_defaults(func=cmd_report)
    return p


def _problems(args: argparse.Namespace) -> list[str]:
    out = []
    if len(args.scenarios) < 2:
        out.append("report: give at least two scenarios to compare")
    if not str(args.out).strip():
        out.append(f"--out {args.out!r}: empty; give the HTML file to write, e.g. --out report.html")
    elif not str(args.out).lower().endswith((".html", ".htm")):
        out.append(f"--out {args.out}: the report is an HTML file; use a name ending in .html")
    if not 1 <= args.seeds <= MAX_SEEDS:
        out.append(f"--seeds {args.seeds}: must be between 1 and {MAX_SEEDS}")
    if not 1_000 <= args.agents <= 50_000_000:
        out.append(f"--agents {args.agents}: must be between 1,000 and 50,000,000")
    if args.years is not None and not 1 <= args.years <= 20:
        out.append(f"--years {args.years}: must be between 1 and 20")
    return out


def check_target(path: str) -> str | None:
    """Why the report cannot be written at `path` (checked before anything is simulated), or None: its
    folder is created if missing and must take a new file; an existing target must be a regular file."""
    import os
    import tempfile
    from pathlib import Path

    from fraudchain.sim.runs.store import StoreError, check_output_file

    p = Path(path)
    try:
        check_output_file(p)
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".probe", dir=p.parent)
        os.close(fd)
        os.unlink(probe)
    except StoreError as e:
        return f"--out {path}: {str(e).split(': ', 1)[-1]}"
    except (OSError, ValueError) as e:
        return f"--out {path}: cannot write there ({getattr(e, 'strerror', None) or e})"
    return None


def cmd_report(args: argparse.Namespace) -> int:
    from fraudchain.sim import compare
    from fraudchain.sim.safe_text import terminal_text

    problems = _problems(args)
    if not problems:
        problems += [p for p in [check_target(args.out)] if p]
    if problems:
        for line in problems:
            print(terminal_text(line), file=sys.stderr)
        return EXIT_BAD_INPUT
    scenarios, bad = [], []
    for ref in args.scenarios:
        try:
            scenarios.append(load_scenario(ref))
        except ScenarioError as e:
            bad += e.problems
    if bad:
        raise ScenarioError(bad)
    from fraudchain.sim.cli.main import (
        check_workload,
        progress_bar,
        scale_header,
        warn_few_seeds,
        warn_reforms,
    )
    from fraudchain.sim.runs.workload import estimate_many

    print(f"fraudchain report: {len(scenarios)} scenarios; {scale_header(args.seeds, args.agents, args.years)}",
          file=sys.stderr)
    warn_few_seeds(args.seeds)
    warn_reforms(scenarios, args.years)
    check_workload(estimate_many(scenarios, args.agents, args.seeds, args.years, uncertainty=args.uncertainty),
                   args.yes)
    update, stop = progress_bar("simulating")
    try:
        result = compare(scenarios, seeds=args.seeds, agents=args.agents, years=args.years, progress=update,
                         uncertainty=args.uncertainty)
    finally:
        stop()
    path = write_report(args.out, build_report(result, args.lang))
    print(terminal_text(f"report written to {path}"), file=sys.stderr)
    return 0
