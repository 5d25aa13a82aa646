"""Fill the dashboard's store before the server starts (`make run` does this first):
`python -m fraudchain.dashboard.warm [--only SCENARIO ...]`.

By default it precomputes, at the landing scale (or FRAUDCHAIN_DASHBOARD_SCALE), with uncertainty in
assumptions (the page's default): every built-in scenario paired with the baseline, the built-in
comparisons, the value page's measures, the contributions of the full package's measures and the
budget fronts for EUR 0.8 M and EUR 5 M; so the common questions have nothing to wait for. Work already
in the store is skipped (the store is keyed by the engine's fingerprint: a changed model computes again).
`--only` limits it to comparisons of those scenarios with the baseline and skips the studies.
Progress goes to stderr (the command line's progress bar: the time left on a terminal, a line every few seconds
otherwise).
Exit 2 on an unknown scenario name.
"""

from __future__ import annotations

import argparse
import fcntl
import sys
import time
from collections.abc import Callable
from typing import Any

from fraudchain.dashboard import budget, jobs, state, store, work
from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario


def comparisons(only: list[str] | None = None) -> list[list[str]]:
    """The comparisons the pages show without being asked: the landing one, the built-in ones, each
    built-in scenario against the baseline and the value page's measures."""
    ref = state.landing_scenarios()[0]
    names = only or builtin_names()
    out = [[ref, n] for n in names if n != ref]
    if only is None:
        out += [state.landing_scenarios(), *state.builtin_comparisons().values(),
                [ref, *[m for m in work.MEASURES if m in builtin_names()]]]
    return out


def plan(scale: state.Scale, only: list[str] | None = None) -> dict[str, Any]:
    """Everything still to compute: replications (deduplicated) and studies, with their size in runs."""
    reps: dict[tuple[str, int], tuple[Any, int]] = {}
    for names in comparisons(only):
        for s, seed in work.missing([load_scenario(n) for n in names], scale.seeds, scale.agents, scale.years,
                                    "assumptions"):
            reps.setdefault((store.key(s), seed), (s, seed))
    studies: list[tuple[str, dict[str, Any], int]] = []
    if only is None:
        if work.PACKAGE in builtin_names():
            p = work.contributions_params(load_scenario(work.PACKAGE), work.PACKAGE_KPIS, scale.seeds, scale.agents,
                                          scale.years, "assumptions")
            studies.append(("contributions", p, len(work._design(load_scenario(work.PACKAGE))[1]) * scale.seeds))
        for b in budget.BUDGETS:
            p = budget.front_params(b, budget.trials(), scale.seeds, scale.agents, scale.years)
            studies.append(("front", p, budget.trials() * p["seeds"] + 5 * p["check_seeds"]))
    studies = [s for s in studies if jobs.status(s[0], s[1]).state != "done"]
    return {"replications": list(reps.values()), "studies": studies}


def run_study(kind: str, params: dict[str, Any], report: Callable[[int, int], None] | None = None) -> Any:
    """Compute one study in this process and store it where the page and the background worker look."""
    folder = jobs.folder(kind, params)
    folder.mkdir(parents=True, exist_ok=True)
    fn = work.contributions if kind == "contributions" else budget.compute_front
    result = fn(params, report, None, folder)
    store.write_json(folder / "result.json", result)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fraudchain.dashboard.warm", description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="+", metavar="SCENARIO", help="only these scenarios against the baseline")
    args = ap.parse_args(argv)
    try:
        for n in args.only or []:
            load_scenario(n)
    except ScenarioError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        return 2
    scale = state.default_scale()
    t0 = time.monotonic()
    todo = plan(scale, args.only)
    total = len(todo["replications"]) + sum(n for _, _, n in todo["studies"])
    print(f"store: {store.store_root()} · scale: {scale.seeds} replications x {scale.agents:,} agents x "
          f"{scale.years} years, uncertainty in assumptions · {len(todo['replications'])} replications and "
          f"{len(todo['studies'])} studies ({total:,} runs) to compute", file=sys.stderr)
    if not total:
        return 0
    store.store_root().mkdir(parents=True, exist_ok=True)
    lock = open(store.store_root() / "worker.lock", "w")   # noqa: SIM115 - no background job runs meanwhile
    fcntl.flock(lock, fcntl.LOCK_EX)
    from fraudchain.sim.cli.main import progress_bar

    update, stop = progress_bar("precomputing")

    def advance(done: int) -> None:
        if update:
            update(done, total)

    done = 0
    try:
        base = done
        work.compute(todo["replications"], scale.agents, scale.years, lambda d, _n: advance(base + d))
        done += len(todo["replications"])
        for kind, params, size in todo["studies"]:
            base = done

            def step(d: int, n: int, base: int = base, size: int = size) -> None:
                advance(base + min(d, size))

            run_study(kind, params, step)
            done += size
            advance(done)
    finally:
        stop()
        lock.close()
    print(f"done in {time.monotonic() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
