"""Running a sweep's runs: the task sent to a worker (`run_point`, one design point and seed) and the
executors, the local worker processes (fraudchain.sim.runs.procs) or a Dask cluster, each yielding (job index,
row) as runs finish.

Each design point's scenario is validated here, in the main process, and packed with its model's pipeline
(fraudchain.sim.runs.runner.Packed), so an extension's stages and KPIs reach every worker and a bad point
is a failed row without starting a worker. The workers ignore Ctrl-C (the main process stops them) and die
with the main process, so killing a sweep never leaves them running.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.engine.metrics import EXTRA_KPI_KEYS, KPI_KEYS, TYPE_KPI_KEYS, SeedResult
from fraudchain.sim.errors import BadInput
from fraudchain.sim.runs.procs import Terminated, parallel, terminating
from fraudchain.sim.runs.runner import Packed, run_packed
from fraudchain.sim.runs.workload import stall_seconds

# Dask worker processes get MALLOC_TRIM_THRESHOLD_=65536 from distributed's default config; with it
# numpy-heavy tasks like ours run several times slower. None unsets it (distributed reads the key
# when the nanny spawns a worker).
DASK_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
Job = tuple[int, int, dict[str, Any]]          # (sample, seed, overrides)


# ---------------------------------------------------------------------------------------------
# one run (the task sent to a worker)
def kpi_columns(extension_kpis: Iterable[str] = ()) -> list[str]:
    """The KPI columns of a sweep's table: the built-in KPIs, the scenario's extension KPIs, KPIs per type."""
    types = list(Scenario().fraud_types)
    return list(KPI_KEYS) + list(EXTRA_KPI_KEYS) + list(extension_kpis) + \
        [f"by_type.{t}.{k}" for t in types for k in TYPE_KPI_KEYS]


def kpi_row(r: SeedResult) -> dict[str, float]:
    """Every KPI of one run (built-in and extension KPIs), and the KPIs per type."""
    row = {k: float(r.kpis.get(k, float("nan"))) for k in list(KPI_KEYS) + list(EXTRA_KPI_KEYS)}
    row.update({k: float(v) for k, v in r.kpis.items() if k not in row})
    for t, d in r.by_type.items():
        for k in TYPE_KPI_KEYS:
            row[f"by_type.{t}.{k}"] = float(d.get(k, float("nan")))
    return row


def error_row(e: BaseException) -> dict[str, Any]:
    """A failed run is data: recorded with its error (and where it happened), not lost."""
    tb = traceback.extract_tb(e.__traceback__)
    where = f" (at {tb[-1].filename}:{tb[-1].lineno})" if tb else ""
    return {"status": "error", "error": f"{type(e).__name__}: {e}{where}"[:2000], "seconds": float("nan"),
            "host": ""}


def point(scenario: Scenario, overrides: dict[str, Any]) -> Packed | dict[str, Any]:
    """A design point's scenario, validated and packed with its pipeline; or the row of a point that is not
    valid (so its runs fail without starting a worker)."""
    try:
        return Packed.of(scenario.with_overrides(overrides) if overrides else scenario)
    except Exception as e:  # noqa: BLE001 - an invalid point is a failed run, recorded in the table
        return error_row(e)


def run_point(packed: Packed | dict[str, Any], agents: int, seed: int, years: int | None) -> dict[str, Any]:
    """One design point and seed (the task a worker runs). Never raises for a failing run: the error is in
    the row."""
    if isinstance(packed, dict):
        return dict(packed)
    t0 = time.perf_counter()
    try:
        row: dict[str, Any] = {"status": "ok", "error": "", **kpi_row(run_packed(packed, agents, seed, years))}
    except Exception as e:  # noqa: BLE001 - a failed run is data: recorded with its error, not lost
        if terminating():                     # SIGTERM surfaced as another exception: the sweep stops
            raise Terminated from e
        row = error_row(e)
    row["seconds"] = time.perf_counter() - t0
    row["host"] = os.uname().nodename
    return row


def point_tasks(scenario: Scenario, jobs: list[Job], agents: int, years: int | None) -> list[tuple]:
    """run_point's arguments for each (sample, seed, overrides) job; each design point packed once."""
    packed: dict[int, Packed | dict[str, Any]] = {}
    for sample, _, ov in jobs:
        if sample not in packed:
            packed[sample] = point(scenario, ov)
    return [(packed[sample], agents, seed, years) for sample, seed, _ in jobs]



# ---------------------------------------------------------------------------------------------
# executors: each yields (job index, row) as runs finish
def ignore_interrupts() -> None:
    """In a Dask worker: leave Ctrl-C to the main process, which closes the cluster itself."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _local_results(scenario: Scenario, jobs: list[Job], agents: int, years: int | None,
                   workers: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """The runs in local worker processes; a worker that died or was killed is a failed run."""
    stall = stall_seconds([scenario], agents, years)
    yield from parallel(run_point, point_tasks(scenario, jobs, agents, years), workers, stall, on_error=error_row)


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

    tasks = point_tasks(scenario, jobs, agents, years)
    futs = {client.submit(run_point, *task, key=f"fraudchain-{hash_}-{sample}-{seed}", pure=False): i
            for i, ((sample, seed, _), task) in enumerate(zip(jobs, tasks, strict=True))}
    try:
        for f in dask_as_completed(list(futs)):
            if f.status == "cancelled":
                continue
            yield futs[f], _row_of(f.exception, f.result)
    finally:
        client.cancel(list(futs))

