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

The unit of work is `sim.runner.run_seed`; this module must not change the model.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import logging
import math
import multiprocessing as mp
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from scipy.stats import qmc

from scenarios.loader import ScenarioError, load_scenario, parse_value
from scenarios.schema import Scenario
from sim.cli import BadInput, check_scale, parse_overrides, progress_bar
from sim.metrics import EXTRA_KPI_KEYS, KPI_KEYS, TYPE_KPI_KEYS, SeedResult
from sim.runner import run_seed, seeds_needed

SWEEP_FORMAT = 1
MANIFEST = "sweep.json"
RESULTS = "results.parquet"
PARTS = "parts"
DESIGNS = ("lhs", "sobol")
KEY_COLUMNS = ("design_hash", "sample", "seed")
# Dask worker processes get MALLOC_TRIM_THRESHOLD_=65536 from distributed's default config; with it
# numpy-heavy tasks like ours run several times slower. None unsets it (distributed reads the key
# when the nanny spawns a worker).
DASK_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


# ---------------------------------------------------------------------------------------------
# what is varied
@dataclass(frozen=True)
class Vary:
    """One varied parameter: a numeric schema key and its range [low, high]."""

    key: str
    low: float
    high: float
    integer: bool = False


def numeric_keys(scenario: Scenario) -> dict[str, bool]:
    """Every numeric parameter of a scenario (dotted key -> is it an integer)."""
    return {k: isinstance(v, int) for k, v in scenario.flat().items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)}


def parse_vary(texts: list[str], scenario: Scenario) -> list[Vary]:
    """`KEY=LOW:HIGH` strings -> Vary, checked against the schema (key, type, range) and the
    scenario validator at both ends. Raises BadInput / ScenarioError with every problem."""
    import difflib

    keys = numeric_keys(scenario)
    problems: list[str] = []
    out: list[Vary] = []
    seen: set[str] = set()
    for text in texts:
        if "=" not in text or ":" not in text.split("=", 1)[1]:
            problems.append(f"--vary {text!r}: expected KEY=LOW:HIGH, e.g. --vary awareness.campaign_reach=0:1")
            continue
        key, rng = (p.strip() for p in text.split("=", 1))
        lo_s, hi_s = (p.strip() for p in rng.split(":", 1))
        if key not in keys:
            close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            if key in scenario.flat():
                kind, hint = "is not numeric", ""
            else:
                kind = "is not a parameter of the scenario"
            problems.append(f"--vary {key}: {kind}{hint}; any numeric schema key can be varied, e.g. "
                            "awareness.campaign_reach, hub.data_sharing_scope, police.capacity_cases_per_year")
            continue
        try:
            lo, hi = float(parse_value(lo_s)), float(parse_value(hi_s))
        except (TypeError, ValueError):
            problems.append(f"--vary {key}={lo_s}:{hi_s}: LOW and HIGH must be numbers")
            continue
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
            problems.append(f"--vary {key}={lo_s}:{hi_s}: needs finite LOW < HIGH")
            continue
        if key in seen:
            problems.append(f"--vary {key}: given twice")
            continue
        seen.add(key)
        integer = keys[key]
        for end in (lo, hi):
            try:
                scenario.with_overrides({key: int(round(end)) if integer else end})
            except ScenarioError as e:
                problems += [f"--vary {key}={lo_s}:{hi_s}: {p.split(': ', 1)[-1]}" for p in e.problems]
                break
        out.append(Vary(key, lo, hi, integer))
    if problems:
        raise ScenarioError(problems)
    if not out:
        raise BadInput("sweep: give at least one --vary KEY=LOW:HIGH")
    return out


# ---------------------------------------------------------------------------------------------
# the design
@dataclass
class Design:
    """Design points in parameter units. For 'sobol' the points are the Saltelli matrices A (n rows),
    B (n rows) and AB_i (n rows each, A with column i taken from B), in that order."""

    kind: str
    samples: int            # lhs: points; sobol: base samples n (points = n * (d + 2))
    design_seed: int
    vary: list[Vary]
    points: np.ndarray      # (P, d)
    block: list[str]        # "lhs" | "A" | "B" | "AB:<key>"
    base: list[int]         # row within its block (Saltelli base index)

    @property
    def n_points(self) -> int:
        return int(self.points.shape[0])

    def overrides(self, i: int) -> dict[str, float | int]:
        return {v.key: (int(x) if v.integer else float(x)) for v, x in zip(self.vary, self.points[i], strict=True)}


def make_design(vary: list[Vary], kind: str = "lhs", samples: int = 64, design_seed: int = 0) -> Design:
    """A Latin hypercube of `samples` points, or a Saltelli design on a scrambled Sobol' sequence
    (as scipy.stats.sobol_indices builds it: one Sobol' draw of 2d columns split into A and B)."""
    d = len(vary)
    lows = np.array([v.low for v in vary])
    highs = np.array([v.high for v in vary])
    if kind == "lhs":
        if samples < 2:
            raise BadInput(f"--samples {samples}: a Latin hypercube needs at least 2 samples")
        unit = qmc.LatinHypercube(d, rng=design_seed).random(samples)
        block, base = ["lhs"] * samples, list(range(samples))
    elif kind == "sobol":
        if samples < 2 or samples & (samples - 1):
            raise BadInput(f"--samples {samples}: a Sobol' design needs a power of 2 (e.g. 32, 64, 128) base "
                           f"samples; it runs samples x (parameters + 2) = samples x {d + 2} points")
        ab = qmc.Sobol(2 * d, scramble=True, rng=design_seed).random(samples)
        a, b = ab[:, :d], ab[:, d:]
        pages = [a, b]
        for i in range(d):
            p = a.copy()
            p[:, i] = b[:, i]
            pages.append(p)
        unit = np.vstack(pages)
        block = ["A"] * samples + ["B"] * samples + [f"AB:{v.key}" for v in vary for _ in range(samples)]
        base = list(range(samples)) * (d + 2)
    else:
        raise BadInput(f"--design {kind}: allowed: {', '.join(DESIGNS)}")
    points = qmc.scale(unit, lows, highs)
    for j, v in enumerate(vary):
        if v.integer:
            points[:, j] = np.clip(np.round(points[:, j]), math.ceil(v.low), math.floor(v.high))
    return Design(kind, samples, design_seed, vary, points, block, base)


def design_hash(scenario: Scenario, design: Design, agents: int, years: int | None) -> str:
    """What makes two sweeps the same sweep: scenario as resolved, ranges, design, scale (not seeds)."""
    obj = {"format": SWEEP_FORMAT, "scenario": scenario.model_dump(mode="json"),
           "vary": [asdict(v) for v in design.vary], "design": design.kind, "samples": design.samples,
           "design_seed": design.design_seed, "agents": agents, "years": years}
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# one run (the task sent to a worker)
def kpi_columns() -> list[str]:
    types = list(Scenario().fraud_types)
    return list(KPI_KEYS) + list(EXTRA_KPI_KEYS) + [f"by_type.{t}.{k}" for t in types for k in TYPE_KPI_KEYS]


def kpi_row(r: SeedResult) -> dict[str, float]:
    row = {k: float(r.kpis.get(k, float("nan"))) for k in list(KPI_KEYS) + list(EXTRA_KPI_KEYS)}
    for t, d in r.by_type.items():
        for k in TYPE_KPI_KEYS:
            row[f"by_type.{t}.{k}"] = float(d.get(k, float("nan")))
    return row


def run_point(scenario: Scenario, overrides: dict[str, Any], agents: int, seed: int,
              years: int | None) -> dict[str, Any]:
    """One design point and seed. Never raises for a failing run: the error is in the row."""
    t0 = time.perf_counter()
    try:
        s = scenario.with_overrides(overrides) if overrides else scenario
        row: dict[str, Any] = {"status": "ok", "error": "", **kpi_row(run_seed(s, agents, seed, years))}
    except Exception as e:  # noqa: BLE001 - a failed run is data: recorded with its error, not lost
        tb = traceback.extract_tb(e.__traceback__)
        where = f" (at {tb[-1].filename}:{tb[-1].lineno})" if tb else ""
        row = {"status": "error", "error": f"{type(e).__name__}: {e}{where}"[:2000]}
    row["seconds"] = time.perf_counter() - t0
    row["host"] = os.uname().nodename
    return row


# ---------------------------------------------------------------------------------------------
# the results folder
def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def atomic_write_table(path: Path, table: pa.Table) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


class SweepStore:
    """DIR of a sweep: manifest, append-only parts and the compacted results (see module doc)."""

    def __init__(self, folder: str | Path):
        self.dir = Path(folder)
        self.parts = self.dir / PARTS
        self._lock_file: Any = None
        self._counter = 0

    @property
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    @property
    def results_path(self) -> Path:
        return self.dir / RESULTS

    def read_manifest(self) -> dict[str, Any] | None:
        if not self.manifest_path.exists():
            return None
        try:
            return json.loads(self.manifest_path.read_text())
        except json.JSONDecodeError as e:
            raise BadInput(f"{self.manifest_path}: not a readable sweep manifest ({e})") from None

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_bytes(self.manifest_path, json.dumps(manifest, indent=1, allow_nan=False).encode())

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Only one sweep process writes to a folder at a time."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self.parts.mkdir(exist_ok=True)
            f = open(self.dir / ".lock", "w")
        except OSError as e:
            raise BadInput(f"--out {self.dir}: cannot use it as the sweep's folder ({e.strerror or e})") from None
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.close()
            raise BadInput(f"{self.dir}: another sweep is writing to this folder; wait for it or use "
                           "another --out") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
            f.close()

    def part_files(self) -> list[Path]:
        return sorted(self.parts.glob("part-*.parquet")) if self.parts.exists() else []

    def read_all(self) -> pd.DataFrame:
        """Every stored row (results + parts), one per key: an ok row beats a failed one, else the latest."""
        frames = []
        if self.results_path.exists():
            frames.append(pq.read_table(self.results_path).to_pandas())
        frames += [pq.read_table(p).to_pandas() for p in self.part_files()]
        frames = [f for f in frames if len(f)]
        if not frames:
            return pd.DataFrame(columns=list(KEY_COLUMNS) + ["status"])
        df = pd.concat(frames, ignore_index=True)
        df["_ok"] = df["status"] == "ok"
        df = df.sort_values(["_ok", "finished_at"]).drop_duplicates(list(KEY_COLUMNS), keep="last")
        return df.drop(columns="_ok").sort_values(["sample", "seed"]).reset_index(drop=True)

    def append(self, rows: list[dict[str, Any]], columns: list[str]) -> None:
        """A batch of finished runs as a new part file (atomic; never rewrites an earlier one)."""
        if not rows:
            return
        self._counter += 1
        df = pd.DataFrame(rows).reindex(columns=columns)
        name = f"part-{time.time_ns():020d}-{os.getpid()}-{self._counter:05d}.parquet"
        atomic_write_table(self.parts / name, pa.Table.from_pandas(df, preserve_index=False))

    def compact(self, manifest: dict[str, Any], columns: list[str]) -> pd.DataFrame:
        """Fold the parts into results.parquet (atomic), then drop the parts it now holds."""
        parts = self.part_files()
        df = self.read_all()
        if not len(df):
            df = df.reindex(columns=columns)
        table = pa.Table.from_pandas(df, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[b"fraudchain.sweep"] = json.dumps({k: manifest[k] for k in ("design_hash", "scenario", "vary",
                                                                          "design", "samples")}).encode()
        atomic_write_table(self.results_path, table.replace_schema_metadata(meta))
        for p in parts:
            p.unlink(missing_ok=True)
        return df


# ---------------------------------------------------------------------------------------------
# executors: each yields (job index, row) as runs finish
Job = tuple[int, int, dict[str, Any]]          # (sample, seed, overrides)


def ignore_interrupts() -> None:
    """In a worker: leave Ctrl-C to the main process, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of worker processes forked from a clean, single-threaded server that has the engine
    imported: safe after threads exist in this process (pyarrow, Dask) and still fast to start.
    Extensions named by a scenario are imported by run_seed in the worker."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["sim.runner"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=ignore_interrupts)


def stop_pool(ex: ProcessPoolExecutor) -> None:
    """Stop a pool now: pending runs cancelled, running ones ended (they are not saved anyway)."""
    ex.shutdown(wait=False, cancel_futures=True)
    if hasattr(ex, "terminate_workers"):                 # Python >= 3.14
        ex.terminate_workers()
        return
    for proc in list((getattr(ex, "_processes", None) or {}).values()):
        proc.terminate()
    for proc in list((getattr(ex, "_processes", None) or {}).values()):
        proc.join(timeout=10)


def _local_results(scenario: Scenario, jobs: list[Job], agents: int, years: int | None,
                   workers: int) -> Iterator[tuple[int, dict[str, Any]]]:
    if workers <= 1:
        for i, (_, seed, ov) in enumerate(jobs):
            yield i, run_point(scenario, ov, agents, seed, years)
        return
    ex = process_pool(workers)
    try:
        futs: dict[Future, int] = {ex.submit(run_point, scenario, ov, agents, seed, years): i
                                   for i, (_, seed, ov) in enumerate(jobs)}
        for f in as_completed(futs):
            yield futs[f], _row_of(f.exception, f.result)
    except BaseException:
        stop_pool(ex)
        raise
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


def _row_of(exception: Callable[[], BaseException | None], result: Callable[[], Any]) -> dict[str, Any]:
    """The row of a finished future; a worker that died or was killed is a failed run."""
    e = exception()
    if e is None:
        return result()
    if not isinstance(e, Exception):          # KeyboardInterrupt in a worker: the sweep is interrupted
        raise KeyboardInterrupt
    return {"status": "error", "error": f"{type(e).__name__}: {e}"[:2000], "seconds": float("nan"), "host": ""}


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int | None, connect_timeout: str = "10s") -> Iterator[Any]:
    """A Dask client: to the cluster at `scheduler`, or to a LocalCluster of worker processes."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(DASK_CONFIG):
        if scheduler:
            try:
                client = Client(scheduler, timeout=connect_timeout)
            except (OSError, TimeoutError, ValueError) as e:
                raise BadInput(f"--scheduler {scheduler}: cannot connect to a Dask scheduler there ({e})") from None
            cluster = None
        else:
            n = workers or max(1, os.cpu_count() or 1)
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
            client = Client(cluster)
            # the workers share our terminal: Ctrl-C is ours to handle (we close the cluster)
            client.run(ignore_interrupts)
        try:
            if scheduler:
                _warn_malloc_trim(client)
            yield client
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def _malloc_trim_env() -> str | None:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def _warn_malloc_trim(client: Any) -> None:
    """Workers of an external cluster were started with their own config: say if they carry the trap."""
    try:
        env = client.run(_malloc_trim_env)
    except Exception:  # noqa: BLE001 - only a diagnostic
        return
    bad = [w for w, v in env.items() if v]
    if bad:
        print(f"warning: {len(bad)} Dask worker(s) run with MALLOC_TRIM_THRESHOLD_ set, which makes numpy-heavy "
              "runs several times slower; start them with the Dask config "
              "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_: null", file=sys.stderr)


def _dask_results(client: Any, scenario: Scenario, jobs: list[Job], agents: int, years: int | None,
                  hash_: str) -> Iterator[tuple[int, dict[str, Any]]]:
    from distributed import as_completed as dask_as_completed

    scen = client.scatter(scenario, broadcast=True)
    futs = {client.submit(run_point, scen, ov, agents, seed, years, key=f"fraudchain-{hash_}-{sample}-{seed}",
                          pure=False): i for i, (sample, seed, ov) in enumerate(jobs)}
    try:
        for f in dask_as_completed(list(futs)):
            if f.status == "cancelled":
                continue
            yield futs[f], _row_of(f.exception, f.result)
    finally:
        client.cancel(list(futs))


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


def cmd_sweep(args: argparse.Namespace) -> int:
    check_scale(args)
    if args.workers is not None and args.workers < 1:
        raise BadInput(f"--workers {args.workers}: must be at least 1")
    if args.flush_every < 1:
        raise BadInput(f"--flush-every {args.flush_every}: must be at least 1")
    if args.scheduler and args.executor != "dask":
        raise BadInput("--scheduler needs --executor dask")
    scenario = load_scenario(args.scenario, parse_overrides(args.set))
    vary = parse_vary(args.vary, scenario)
    update, stop = progress_bar("sweep")
    try:
        res = sweep(scenario, vary, args.out, samples=args.samples, seeds=args.seeds, agents=args.agents,
                    years=args.years, design=args.design, design_seed=args.design_seed, executor=args.executor,
                    scheduler=args.scheduler, workers=args.workers, flush_every=args.flush_every,
                    command=_command(args), scenario_ref=args.scenario, progress=update,
                    log=lambda s: print(s, file=sys.stderr))
    except KeyboardInterrupt:
        print(f"interrupted; finished runs are saved in {args.out}. Run the same command again to resume.",
              file=sys.stderr)
        return 130
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
    p.set_defaults(func=cmd_sweep)


def main(argv: list[str] | None = None) -> int:
    """`python -m sim.sweep ...` = `fraudchain sweep ...` (also before the command is registered)."""
    import sim.cli as cli

    return cli.main(["sweep", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
