"""Long work started from the page runs in a background process, never in the web server.

Owns the life of a job: `submit` starts `python -m fraudchain.dashboard.worker FOLDER` (a separate process
that dies with the server) unless the result exists or a live worker already has the job; `status` reads
what the worker writes (state, replications done of total, the time left, a partial result, the result).
A job's folder is its study folder in the store (store.study_folder), so a finished job is a stored study
and a visitor who asks the same question later gets the answer at once. Workers take one machine-wide
lock before computing, so jobs run one after another and a page that asks for more never slows the work
already running; the server only reads small JSON files, so it keeps serving every visitor. No streamlit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fraudchain.dashboard import store

KINDS = ("replications", "contributions", "front", "curves")


@dataclass
class Status:
    state: str                      # none | queued | running | done | failed
    done: int = 0
    total: int = 0
    seconds_left: float | None = None
    message: str = ""
    partial: dict[str, Any] | None = None
    result: Any = None

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


def folder(kind: str, params: dict[str, Any]) -> Path:
    return store.study_folder(kind, params)


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:                                    # a finished child of this server that nobody waited for
        waited, _ = os.waitpid(int(pid), os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        return True


def time_left(st: dict[str, Any], now: float | None = None) -> float | None:
    """Seconds left: the pace of this job so far, else the store's pace of a replication of this size."""
    now = time.time() if now is None else now
    done, total = int(st.get("done", 0)), int(st.get("total", 0))
    if total <= 0 or done >= total:
        return None
    started = st.get("running_since")
    if done > 0 and started:
        return (now - float(started)) / done * (total - done)
    estimate = st.get("estimate_s")
    return float(estimate) if estimate else None


def status(kind: str, params: dict[str, Any]) -> Status:
    f = folder(kind, params)
    result = store.read_json(f / "result.json")
    if result is not None:
        return Status("done", result=result)
    launch = store.read_json(f / "launch.json") or {}
    st = store.read_json(f / "status.json") or {"state": "queued" if launch else "none"}
    st.setdefault("estimate_s", launch.get("estimate_s"))
    state = st.get("state", "none")
    if state in ("queued", "running") and not _alive(st.get("pid") or launch.get("pid")):
        state = "none"                       # its worker is gone (the server restarted): start it again
    partial = store.read_json(f / "partial.json") if state in ("queued", "running") else None
    return Status(state, int(st.get("done", 0)), int(st.get("total", 0)), time_left(st),
                  str(st.get("message", "")), partial)


def submit(kind: str, params: dict[str, Any], estimate_s: float | None = None) -> Status:
    """Start the job in a background worker unless it is done or running; returns its status."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    now = status(kind, params)
    if now.state in ("done", "queued", "running"):
        return now
    f = folder(kind, params)
    f.mkdir(parents=True, exist_ok=True)
    for old in ("status.json", "partial.json"):          # what a worker that is gone left behind
        (f / old).unlink(missing_ok=True)
    store.write_json(f / "spec.json", {"kind": kind, "params": params})
    log = open(f / "worker.log", "ab")       # noqa: SIM115 - handed to the child, closed below
    try:
        proc = subprocess.Popen([sys.executable, "-m", "fraudchain.dashboard.worker", str(f)],
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                                close_fds=True)
    finally:
        log.close()
    # the worker writes status.json itself; this only says who was started, when, and the first estimate
    store.write_json(f / "launch.json", {"pid": proc.pid, "estimate_s": estimate_s, "submitted": time.time()})
    return Status("queued", seconds_left=estimate_s)
