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

The unit of work is `fraudchain.sim.runs.runner.run_seed`; this module must not change the model.
The design lives in sim/studies/sweep_design.py, the folder in sim/studies/sweep_store.py, the workers in
sim/studies/sweep_exec.py; this module runs a sweep and owns the command. The names other modules and
tests use are importable from here.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.errors import BadInput
from fraudchain.sim.runs.runner import pipeline_of, seeds_needed
from fraudchain.sim.runs.store import atomic_write_bytes, atomic_write_table
from fraudchain.sim.studies.sweep_design import (
    DESIGNS,
    MAX_POINTS,
    MAX_VARY,
    SWEEP_FORMAT,
    Design,
    Vary,
    design_hash,
    make_design,
    numeric_keys,
    parse_vary,
)
from fraudchain.sim.studies.sweep_exec import (
    DASK_CONFIG,
    Job,
    _dask_results,
    _local_results,
    _malloc_trim_env,
    dask_client,
    ignore_interrupts,
    kpi_columns,
    kpi_row,
    run_point,
)
from fraudchain.sim.studies.sweep_store import KEY_COLUMNS, MANIFEST, PARTS, RESULTS, SweepStore

__all__ = ["DASK_CONFIG", "DESIGNS", "KEY_COLUMNS", "MANIFEST", "MAX_POINTS", "MAX_VARY", "MAX_WORKERS", "PARTS",
           "RESULTS", "SWEEP_FORMAT", "Design", "SweepStore", "SweepSummary", "Vary", "_malloc_trim_env",
           "atomic_write_bytes", "atomic_write_table", "dask_client", "design_hash", "ignore_interrupts",
           "kpi_columns", "kpi_row", "make_design", "numeric_keys", "parse_vary", "run_point", "sweep"]

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
            ["status", "error", "seconds", "host", "finished_at"] + kpi_columns(pipeline_of(scenario).kpi_names)
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
    from the spread across the sweep's seeds (fraudchain.sim.runs.runner.seeds_needed)."""
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
