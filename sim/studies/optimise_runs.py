"""Where the runs of `fraudchain optimise` execute: a batch of (point, seed, overrides) jobs on the local worker
processes (fraudchain.sim.runs.procs, the same for the command line and the dashboard) or on Dask. Each yields
(job index, row) as runs finish; a row is sweep's `run_point` result (status, error, every KPI, extension KPIs
included).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from fraudchain.scenarios.schema import Scenario


@contextlib.contextmanager
def executor(kind: str, workers: int, scheduler: str | None = None) -> Iterator[Any]:
    """Yields run(scenario, jobs, agents, years) -> iterator of (job index, row): local workers or a Dask client."""
    from fraudchain.sim.studies import sweep_exec as sweep

    if kind == "dask":
        with sweep.dask_client(scheduler, workers) as client:
            yield lambda scenario, jobs, agents, years: _dask_rows(client, scenario, jobs, agents, years)
    else:
        def run_local(scenario: Scenario, jobs: list, agents: int, years: int) -> Iterator:
            return sweep._local_results(scenario, jobs, agents, years, min(workers, len(jobs)))
        yield run_local


def _dask_rows(client: Any, scenario: Scenario, jobs: list, agents: int, years: int) -> Iterator:
    """Runs as Dask tasks (each packed point travels with its tasks: several batches share one client)."""
    from distributed import as_completed
    from fraudchain.sim.studies.sweep_exec import _row_of, point_tasks, run_point

    futs = {client.submit(run_point, *task, pure=False): i
            for i, task in enumerate(point_tasks(scenario, jobs, agents, years))}
    try:
        for f in as_completed(list(futs)):
            yield futs[f], _row_of(f.exception, f.result)
    finally:
        client.cancel(list(futs))
