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

TARGETS = {"15M x 3y": "< 120 s and < 8 GB", "150k x 3y": "< 2 s", "2 x 8 seeds at 150k": "< 20 s"}


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
    sizes = [int(float(x)) for x in args.sizes.split(",") if x.strip()]
    from fraudchain.sim.runs.procs import worker_pool

    print(f"fraudchain bench: nl_baseline, 1 seed, {args.years} years ({args.years * 365} days), "
          f"{os.cpu_count()} cores")
    print(f"{'agents':>12} {'seconds':>9} {'agent-days/s':>14} {'peak GB':>8} {'s per 1e6 agents':>17}")
    rows = []
    for n in sizes:
        with worker_pool(1) as pool:
            secs, peak = pool.submit(_one, n, args.years).result()
        ad = n * args.years * 365 / secs
        rows.append((n, secs, ad, peak))
        print(f"{n:>12,} {secs:>9.2f} {ad:>14,.0f} {peak:>8.2f} {secs / n * 1e6:>17.2f}", flush=True)
    if len(rows) >= 2:
        (n0, s0, *_), (n1, s1, *_) = rows[0], rows[-1]
        exponent = (0 if s1 <= 0 or s0 <= 0 else __import__("math").log(s1 / s0) / __import__("math").log(n1 / n0))
        print(f"time grows as agents^{exponent:.2f} from {n0:,} to {n1:,} (must be <= 1)")
    if not getattr(args, "no_dashboard_check", False):
        from fraudchain.sim.runs.runner import compare

        t0 = time.perf_counter()
        compare(["nl_baseline", "ecp_full_package" if _has("ecp_full_package") else "uk_psr_2024"], seeds=8,
                agents=150_000)
        print(f"dashboard scale: 2 scenarios x 8 seeds x 150,000 agents: {time.perf_counter() - t0:.1f} s")
    print("targets: " + "; ".join(f"{k} {v}" for k, v in TARGETS.items()))
    return 0


def _has(name: str) -> bool:
    from fraudchain.scenarios.loader import builtin_names

    return name in builtin_names()
