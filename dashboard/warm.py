"""Fill the dashboard's result store ahead of time: `python -m fraudchain.dashboard.warm [SCENARIO ...]`.

Computes every replication the dashboard needs for the given built-in scenarios (default: the
landing comparison) at the landing scale (or FRAUDCHAIN_DASHBOARD_SCALE) and keeps it in the store
(store.py), so the first visitor sees the page at once. Already stored replications are skipped.
Progress goes to stderr. Exit 2 on an unknown scenario name.
"""

from __future__ import annotations

import sys
import time

from fraudchain.dashboard import data, store
from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario
from fraudchain.sim.runs.runner import run_many


def main(argv: list[str] | None = None) -> int:
    names = list(argv if argv is not None else sys.argv[1:]) or data.landing_scenarios()
    if names == ["all"]:
        names = builtin_names()
    try:
        scenarios = [load_scenario(n) for n in names]
    except ScenarioError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        return 2
    scale = data.default_scale()
    jobs = [(s, seed) for s in scenarios for seed in range(scale.seeds)
            if not store.has_seed(s.model_dump_json(), seed, scale.agents, scale.years)]
    print(f"store: {store.store_root()} · scale: {scale.seeds} seeds x {scale.agents:,} agents x {scale.years} "
          f"years · {len(jobs)} replications to compute", file=sys.stderr)
    t0 = time.monotonic()

    def progress(done: int, total: int) -> None:
        print(f"  {done}/{total} done ({time.monotonic() - t0:.0f} s)", file=sys.stderr)

    for (s, _seed), r in zip(jobs, run_many(jobs, scale.agents, scale.years, progress=progress) if jobs else [],
                            strict=True):
        store.save_seed(s.model_dump_json(), scale.agents, scale.years, r)
    print(f"done in {time.monotonic() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
