"""Parameter sweeps over a scenario: `fraudchain sweep`.

Owns the sweep design (Latin hypercube or a Sobol'/Saltelli design from scipy.stats.qmc), the
execution of its runs on a local process pool or a Dask cluster, and the sweep's results folder:

    DIR/sweep.json        the manifest: command, scenario as resolved, the --vary ranges, the design
                          (every point), its hash
    DIR/parts/*.parquet   append-only batches of finished runs, each written atomically
    DIR/results.parquet   one row per design point and seed (parameter values, KPIs, status, error),
                          compacted from the parts and written atomically (temp file + os.replace)

Rows are keyed by (design_hash, sample, seed). Running the same command again resumes: runs with a
row of status "ok" are not recomputed, failed runs are tried again. A different command (other
ranges, design, scenario, agents or years) has another hash and is refused for the same folder, so
results are never silently mixed. Seeds are not part of the hash: `--seeds 8` after `--seeds 4`
adds seeds 4..7 to the same sweep.

Ctrl-C and SIGTERM both write the finished runs before the sweep stops; workers end with the main
process; a damaged folder (manifest or table) is reported naming the file, never added to.

The unit of work is `sim.runner.run_seed`; this module must not change the model.
The design lives in sim/sweep_design.py, the folder in sim/sweep_store.py, the workers in
sim/sweep_exec.py; this module runs a sweep and owns the command. The names other modules and
tests use are importable from here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scenarios.loader import load_scenario
from scenarios.schema import Scenario
from sim.cli import (
    BadInput,
    add_yes,
    check_scale,
    check_workload,
    parse_overrides,
    progress_bar,
    warn_reforms,
)
from sim.procs import Terminated
from sim.runner import seeds_needed
from sim.store import atomic_write_bytes, atomic_write_table
from sim.sweep_design import (
    DESIGNS,
    MAX_POINTS,
    MAX_VARY,
    SWEEP_FORMAT,
    Design,
    Vary,
    check_design_size,
    design_hash,
    design_points,
    make_design,
    numeric_keys,
    parse_vary,
)
from sim.sweep_exec import (
    DASK_CONFIG,
    Job,
    _dask_results,
    _local_results,
    _malloc_trim_env,
    dask_client,
    ignore_interrupts,
    kpi_columns,
    kpi_row,
    process_pool,
    run_point,
    stop_pool,
)
from sim.sweep_store import KEY_COLUMNS, MANIFEST, PARTS, RESULTS, SweepStore
from sim.workload import Workload, estimate_work

__all__ = ["DASK_CONFIG", "DESIGNS", "KEY_COLUMNS", "MANIFEST", "MAX_POINTS", "MAX_VARY", "MAX_WORKERS", "PARTS",
           "RESULTS", "SWEEP_FORMAT", "Design", "SweepStore", "SweepSummary", "Vary", "_malloc_trim_env",
           "atomic_write_bytes", "atomic_write_table", "dask_client", "design_hash", "ignore_interrupts",
           "kpi_columns", "kpi_row", "make_design", "numeric_keys", "parse_vary", "process_pool", "run_point",
           "stop_pool", "sweep"]

# more local processes than this only queue for the same cores and memory
MAX_WORKERS = 256


# ---------------------------------------------------------------------------------------------
@dataclass
class SweepSummary:
    points: int
    seeds: list[int]
    total: int
    resumed: int
    computed: int
    failed: int
    results: Path
    frame: pd.DataFrame


def sweep(scenario: Scenario, vary: list[Vary], out: str | Path, *, samples: int = 64, seeds: int = 1,
          agents: int = 20_000, years: int | None = None, design: str = "lhs", design_seed: int = 0,
          executor: str = "local", scheduler: str | None = None, workers: int | None = None,
          flush_every: int = 8, flush_seconds: float = 10.0, command: list[str] | None = None,
          scenario_ref: str | None = None, progress: Callable[[int, int], None] | None = None,
          log: Callable[[str], None] = lambda s: None) -> SweepSummary:
    """Run (or resume) a sweep; results stream to `out` as runs finish (see the module doc)."""
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise BadInput(f"--workers {workers}: must be between 1 and {MAX_WORKERS}")
    d = make_design(vary, design, samples, design_seed)
    h = design_hash(scenario, d, agents, years)
    store = SweepStore(out)
    seed_list = list(range(seeds))
    with store.lock():
        old = store.read_manifest()
        if old is not None and old.get("design_hash") != h:
            raise BadInput(f"{store.dir} holds another sweep (hash {old.get('design_hash')}, command: "
                           f"{' '.join(old.get('command') or [])!s}); this command's hash is {h}. Use a new --out "
                           "folder, or repeat that sweep's exact options to resume it; nothing was changed.")
        known_seeds = sorted(set(old.get("seeds", [])) | set(seed_list)) if old else seed_list
        manifest = {
            "format": SWEEP_FORMAT, "design_hash": h, "command": command or [], "scenario": scenario.name,
            "scenario_ref": scenario_ref or scenario.name, "vary": [asdict(v) for v in vary], "design": design,
            "samples": samples, "design_seed": design_seed, "points": d.n_points, "agents": agents,
            "years": years, "seeds": known_seeds, "parameters": [v.key for v in vary],
            "block": d.block, "base": d.base, "design_points": d.points.tolist(),
            "resolved_scenario": scenario.model_dump(mode="json"),
            "created": (old or {}).get("created", time.strftime("%Y-%m-%dT%H:%M:%S%z")),
        }
        done_df = store.read_all()
        if len(done_df) and set(done_df["design_hash"]) - {h}:
            raise BadInput(f"{store.dir}: results.parquet holds rows of another sweep; use a new --out folder")
        store.write_manifest(manifest)
        ok = set(zip(done_df.loc[done_df["status"] == "ok", "sample"].astype(int),
                     done_df.loc[done_df["status"] == "ok", "seed"].astype(int), strict=True))
        jobs: list[Job] = [(i, s, d.overrides(i)) for i in range(d.n_points) for s in seed_list if (i, s) not in ok]
        total = d.n_points * len(seed_list)
        resumed = total - len(jobs)
        log(f"sweep {h}: {d.n_points} points x {len(seed_list)} seed(s) = {total} runs; "
            f"{resumed} already done, computing {len(jobs)} on {executor}")
        columns = list(KEY_COLUMNS) + ["block", "base"] + [v.key for v in vary] + \
            ["status", "error", "seconds", "host", "finished_at"] + kpi_columns()
        buffer: list[dict[str, Any]] = []
        last_flush = time.monotonic()
        computed = failed = 0
        if progress:
            progress(0, len(jobs))

        def flush() -> None:
            nonlocal buffer, last_flush
            store.append(buffer, columns)
            buffer, last_flush = [], time.monotonic()

        try:
            with contextlib.ExitStack() as stack:
                results: Iterator[tuple[int, dict[str, Any]]]
                if not jobs:
                    results = (x for x in ())
                elif executor == "dask":
                    client = stack.enter_context(dask_client(scheduler, workers))
                    results = _dask_results(client, scenario, jobs, agents, years, h)
                else:
                    w = max(1, min(len(jobs), workers or os.cpu_count() or 1))
                    results = _local_results(scenario, jobs, agents, years, w)
                stack.enter_context(contextlib.closing(results))   # stops the workers on Ctrl-C too
                for j, row in results:
                    sample, seed, ov = jobs[j]
                    row.update({"design_hash": h, "sample": sample, "seed": seed, "block": d.block[sample],
                                "base": d.base[sample], "finished_at": time.time(), **ov})
                    buffer.append(row)
                    computed += 1
                    failed += row["status"] != "ok"
                    if progress:
                        progress(computed, len(jobs))
                    if len(buffer) >= flush_every or time.monotonic() - last_flush > flush_seconds:
                        flush()
        finally:
            flush()        # whatever finished is kept, also on Ctrl-C
            frame = store.compact(manifest, columns)
    return SweepSummary(d.n_points, seed_list, total, resumed, computed, failed, store.results_path, frame)


def seeds_needed_report(frame: pd.DataFrame, kpis: tuple[str, ...] = ("victims", "net_loss_eur"),
                        rel_precision: float = 0.05) -> dict[str, int | None]:
    """Seeds each design point needs for a 95 % CI of +-rel_precision on a KPI (median over points),
    from the spread across the sweep's seeds (sim.runner.seeds_needed)."""
    ok = frame[frame["status"] == "ok"]
    out: dict[str, int | None] = {}
    for k in kpis:
        if k not in ok:
            continue
        per = [seeds_needed(g[k].to_numpy(), rel_precision) for _, g in ok.groupby("sample") if len(g) >= 2]
        per = [n for n in per if n is not None]
        out[k] = int(np.median(per)) if per else None
    return out


# ---------------------------------------------------------------------------------------------
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
    """The sweep's work, priced at the scenario with every varied parameter at its high end (where that
    is a valid scenario; else as given): an upper bound for the parameters that drive the work."""
    from scenarios.loader import ScenarioError

    try:
        worst = scenario.with_overrides({v.key: int(v.high) if v.integer else v.high for v in vary})
    except ScenarioError:
        worst = scenario
    runs = design_points(args.design, args.samples, len(vary)) * args.seeds
    return estimate_work(worst, args.agents, args.seeds, args.years, runs=runs)


def cmd_sweep(args: argparse.Namespace) -> int:
    check_scale(args)
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise BadInput(f"--workers {args.workers}: must be between 1 and {MAX_WORKERS}")
    if args.flush_every < 1:
        raise BadInput(f"--flush-every {args.flush_every}: must be at least 1")
    if args.scheduler and args.executor != "dask":
        raise BadInput("--scheduler needs --executor dask")
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
                    log=lambda s: print(s, file=sys.stderr))
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
            print(f"failed x{n}: {msg}", file=sys.stderr)
        print("failed runs are recorded (status/error columns); run the same command again to retry them",
              file=sys.stderr)
        return 1
    return 0


def add_command(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "sweep", help="run a scenario over a Latin-hypercube or Sobol' design of parameter values",
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


def main(argv: list[str] | None = None) -> int:
    """`python -m sim.sweep ...` = `fraudchain sweep ...` (also before the command is registered)."""
    import sim.cli as cli

    return cli.main(["sweep", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
