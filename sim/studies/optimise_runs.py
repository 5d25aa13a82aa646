"""Where the runs of `fraudchain optimise` execute: a batch of (point, seed, overrides) jobs on sweep's
local process pool, on the runner's forked workers (the dashboard: a fork server does not start under
Streamlit's server) or on Dask. Each yields (job index, row) as runs finish; a row is sweep's
`run_point` result (status, error, every KPI).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from fraudchain.scenarios.schema import Scenario


@contextlib.contextmanager
def executor(kind: str, workers: int, scheduler: str | None = None) -> Iterator[Any]:
    """Yields run(jobs) -> iterator of (job index, row): sweep's local pool or Dask client."""
    from fraudchain.sim.studies import sweep_exec as sweep

    if kind == "dask":
        with sweep.dask_client(scheduler, workers) as client:
            yield lambda scenario, jobs, agents, years: _dask_rows(client, scenario, jobs, agents, years)
    elif kind == "fork":
        yield lambda scenario, jobs, agents, years: _fork_results(scenario, jobs, agents, years, workers)
    else:
        def run_local(scenario: Scenario, jobs: list, agents: int, years: int) -> Iterator:
            return sweep._local_results(scenario, jobs, agents, years, min(workers, len(jobs)))
        yield run_local


def _dask_rows(client: Any, scenario: Scenario, jobs: list, agents: int, years: int) -> Iterator:
    """Runs as Dask tasks (the scenario travels with each task: several batches share one client)."""
    from distributed import as_completed
    from fraudchain.sim.studies.sweep_exec import _row_of, run_point

    futs = {client.submit(run_point, scenario, ov, agents, seed, years, pure=False): i
            for i, (_, seed, ov) in enumerate(jobs)}
    try:
        for f in as_completed(list(futs)):
            yield futs[f], _row_of(f.exception, f.result)
    finally:
        client.cancel(list(futs))


def _fork_results(scenario: Scenario, jobs: list, agents: int, years: int, workers: int) -> Iterator:
    """The runner's worker processes (forked on Linux, the choice tested under Streamlit's server)."""
    from concurrent.futures import as_completed

    from fraudchain.sim.runs.runner import _pool
    from fraudchain.sim.studies.sweep_exec import run_point

    if workers <= 1 or len(jobs) == 1:
        for i, (_, seed, ov) in enumerate(jobs):
            yield i, run_point(scenario, ov, agents, seed, years)
        return
    with _pool(min(workers, len(jobs))) as ex:
        futs = {ex.submit(run_point, scenario, ov, agents, seed, years): i for i, (_, seed, ov) in enumerate(jobs)}
        for f in as_completed(futs):
            yield futs[f], f.result()
