"""A background worker: `python -m fraudchain.dashboard.worker FOLDER` runs the job described in
FOLDER/spec.json (jobs.py starts it) and writes FOLDER/status.json as it goes, FOLDER/partial.json when
there is a result so far and FOLDER/result.json at the end (each written whole: temp file + rename).

Only one worker holds a job (a lock on FOLDER/lock), and workers run one at a time (a lock in the store),
each using the machine's cores through the runner's worker processes. A worker ends with the server that
started it, and its own worker processes end with it; it runs at a lower priority (nice 10) than the web
server, so the pages of other visitors stay quick while it computes. A failure is written to status.json in one line;
the traceback goes to FOLDER/worker.log.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from fraudchain.dashboard import store

NICENESS = 10       # a lower scheduling priority for the worker and the processes it starts


def _write_status(folder: Path, **fields: Any) -> None:
    now = store.read_json(folder / "status.json") or {}
    now.update(fields, pid=os.getpid(), updated=time.time())
    store.write_json(folder / "status.json", now)


def run_job(kind: str, params: dict[str, Any], folder: Path, report: Any, partial: Any) -> Any:
    """The computation of one job kind (the same functions `make run` uses to fill the store)."""
    from fraudchain.dashboard import budget, work
    from fraudchain.scenarios.schema import Scenario

    if kind == "replications":
        jobs = [(Scenario.model_validate_json(js), int(seed)) for js, seed in params["jobs"]]
        work.compute(jobs, params["agents"], params["years"], report)
        return {"replications": len(jobs)}
    if kind == "contributions":
        return work.contributions(params, report, partial, folder)
    if kind == "front":
        return budget.compute_front(params, report, partial, folder)
    if kind == "curves":
        return budget.compute_curves(params, report)
    raise ValueError(f"unknown job kind {kind!r}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0])
    from fraudchain.sim.runs.procs import die_with_parent

    die_with_parent()                                   # the server that started this worker
    try:
        os.nice(NICENESS)       # visitors' pages first: the web server and browsers get the cores when they ask
    except OSError:
        pass
    lock = open(folder / "lock", "w")                   # noqa: SIM115 - held for the worker's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return 0                                        # another worker has this job
    if (folder / "result.json").is_file():
        return 0
    spec = store.read_json(folder / "spec.json") or {}
    _write_status(folder, state="queued")
    machine = open(store.store_root() / "worker.lock", "w")  # noqa: SIM115 - one job at a time
    fcntl.flock(machine, fcntl.LOCK_EX)
    _write_status(folder, state="running", running_since=time.time(), done=0)

    def report(done: int, total: int) -> None:
        _write_status(folder, done=done, total=total)

    def partial(doc: dict[str, Any]) -> None:
        store.write_json(folder / "partial.json", doc)

    try:
        result = run_job(spec["kind"], spec["params"], folder, report, partial)
    except Exception as e:  # noqa: BLE001 - a failed job is reported to the page in one line
        traceback.print_exc()
        _write_status(folder, state="failed", message=f"{type(e).__name__}: {e}"[:500])
        return 1
    store.write_json(folder / "result.json", result)
    _write_status(folder, state="done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
