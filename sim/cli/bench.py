"""`fraudchain bench`: agent-days per second and peak memory by population size.

Each size runs in a fresh worker process (fraudchain.sim.runs.procs.worker_pool, so its peak resident memory
is its own), one seed of nl_baseline. Then the dashboard case: 2 scenarios x 8 seeds at 150,000 agents on all cores.
A benchmark, never a timed unit test.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from typing import Any

from fraudchain.sim.formats import fmt_decimal

TARGETS = {"15M x 3y": "< 120 s and < 8 GB", "150k x 3y": "< 2 s", "2 x 8 seeds at 150k": "< 20 s"}
MIN_AGENTS, MAX_AGENTS = 1_000, 50_000_000      # as --agents everywhere
MAX_SIZES = 20


def parse_sizes(text: str) -> list[int]:
    """--sizes: comma-separated agent counts (1e4 allowed), each a whole number within the --agents range."""
    from fraudchain.sim.errors import BadInput

    parts = [x.strip() for x in text.split(",") if x.strip()]
    if not parts or len(parts) > MAX_SIZES:
        raise BadInput(f"--sizes {text!r}: give 1 to {MAX_SIZES} comma-separated agent counts, e.g. 1e4,1e5,1e6")
    sizes = []
    for x in parts:
        try:
            v = float(x)
        except ValueError:
            raise BadInput(f"--sizes: {x!r} is not a number; give agent counts such as 1e4,1e5,1e6") from None
        if not (v == v and MIN_AGENTS <= v <= MAX_AGENTS) or v != int(v):
            raise BadInput(f"--sizes: {x!r} must be a whole number of agents between {fmt_decimal(MIN_AGENTS)} and "
                           f"{fmt_decimal(MAX_AGENTS)}")
        sizes.append(int(v))
    return sizes


def row_text(agents: int, secs: float, agent_days_per_s: float, peak_gb: float) -> str:
    """One size's line of the table, every number in the reader's locale (sim/formats.py: 150.000 in Dutch)."""
    return (f"{fmt_decimal(agents):>12} {fmt_decimal(secs, 2):>9} {fmt_decimal(agent_days_per_s):>14} "
            f"{fmt_decimal(peak_gb, 2):>8} {fmt_decimal(secs / agents * 1e6, 2):>17}")


def bench_workload(sizes: list[int], years: int, dashboard_check: bool) -> Any:
    """The benchmark's work (sim/runs/workload.py): one seed of nl_baseline per size, plus the dashboard case."""
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim.runs.workload import combine, estimate_many, estimate_work

    base = load_scenario("nl_baseline")
    parts = [estimate_work(base, n, 1, years) for n in sizes]
    if dashboard_check:
        parts.append(estimate_many([base, base], 150_000, 8))
    return combine(parts)


def _one(agents: int, years: int) -> tuple[float, float]:
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim.engine.model import FraudChainModel

    s = load_scenario("nl_baseline")
    t0 = time.perf_counter()
    m = FraudChainModel(s, agents=agents, seed=0, years=years)
    m.run_model()
    secs = time.perf_counter() - t0
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    return secs, peak_gb


def main(args: argparse.Namespace) -> int:
    from fraudchain.sim.cli.main import check_workload
    from fraudchain.sim.errors import BadInput
    from fraudchain.sim.runs.procs import worker_pool

    sizes = parse_sizes(args.sizes)
    if not 1 <= args.years <= 20:
        raise BadInput(f"--years {args.years}: must be between 1 and 20")
    check_workload(bench_workload(sizes, args.years, not getattr(args, "no_dashboard_check", False)),
                   getattr(args, "yes", False))
    print(f"fraudchain bench: nl_baseline, 1 seed, {args.years} years ({args.years * 365} days), "
          f"{os.cpu_count()} cores")
    print(f"{'agents':>12} {'seconds':>9} {'agent-days/s':>14} {'peak GB':>8} {'s per 1e6 agents':>17}")
    rows = []
    for n in sizes:
        with worker_pool(1) as pool:
            secs, peak = pool.submit(_one, n, args.years).result()
        ad = n * args.years * 365 / secs
        rows.append((n, secs, ad, peak))
        print(row_text(n, secs, ad, peak), flush=True)
    if len(rows) >= 2:
        (n0, s0, *_), (n1, s1, *_) = rows[0], rows[-1]
        exponent = (0 if s1 <= 0 or s0 <= 0 else __import__("math").log(s1 / s0) / __import__("math").log(n1 / n0))
        print(f"time grows as agents^{fmt_decimal(exponent, 2)} from {fmt_decimal(n0)} to {fmt_decimal(n1)} "
              "(must be <= 1)")
    if not getattr(args, "no_dashboard_check", False):
        from fraudchain.sim.runs.runner import compare

        t0 = time.perf_counter()
        compare(["nl_baseline", "ecp_full_package" if _has("ecp_full_package") else "uk_psr_2024"], seeds=8,
                agents=150_000)
        print(f"dashboard scale: 2 scenarios x 8 seeds x {fmt_decimal(150_000)} agents: "
              f"{fmt_decimal(time.perf_counter() - t0, 1)} s")
    print("targets: " + "; ".join(f"{k} {v}" for k, v in TARGETS.items()))
    return 0


def _has(name: str) -> bool:
    from fraudchain.scenarios.loader import builtin_names

    return name in builtin_names()
