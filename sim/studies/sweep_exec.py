"""Running a sweep's runs: the task sent to a worker (`run_point`, one design point and seed) and the
executors, a local process pool or a Dask cluster, each yielding (job index, row) as runs finish.

Local workers are forked from a clean fork server, ignore Ctrl-C (the main process stops them) and
die with their parent (fraudchain.sim.runs.procs.die_with_parent), so killing a sweep never leaves them running.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.engine.metrics import EXTRA_KPI_KEYS, KPI_KEYS, TYPE_KPI_KEYS, SeedResult
from fraudchain.sim.errors import BadInput
from fraudchain.sim.runs.procs import stop_pool, worker_init
from fraudchain.sim.runs.runner import run_seed

# Dask worker processes get MALLOC_TRIM_THRESHOLD_=65536 from distributed's default config; with it
# numpy-heavy tasks like ours run several times slower. None unsets it (distributed reads the key
# when the nanny spawns a worker).
DASK_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
Job = tuple[int, int, dict[str, Any]]          # (sample, seed, overrides)


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
# executors: each yields (job index, row) as runs finish
def ignore_interrupts() -> None:
    """In a Dask worker: leave Ctrl-C to the main process, which closes the cluster itself."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of worker processes forked from a clean, single-threaded server that has the engine
    imported: safe after threads exist in this process (pyarrow, Dask) and still fast to start.
    Extensions named by a scenario are imported by run_seed in the worker."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["fraudchain.sim.runs.runner"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init,
                               initargs=(os.getpid(),))


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

