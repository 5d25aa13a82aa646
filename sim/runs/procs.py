"""Worker processes: how fraudchain starts them (one way everywhere), waits for them (never for ever) and
makes sure they never outlive the run that started them.

`worker_pool` is the one pool every parallel part uses (runs, comparisons, sweeps, the optimiser,
contributions, calibration, the dashboard): its workers start from a fork server (spawn where there is none),
a clean single-threaded process that has the engine imported, so no process with threads (a progress bar,
Streamlit, pyarrow, Dask) is ever forked, and a worker sees only what it is sent: a model's scenario and
pipeline travel with each task (fraudchain.sim.runs.runner.Packed). `parallel` maps a task over jobs and
yields results as they finish; if no run finishes for `stall_seconds` the workers are stopped and
`WorkerTimeout` is raised, so a stuck child cannot hang a run for ever.

A replication runs in a child process. If the main process is killed (kill -9, an out-of-memory
kill, a closed terminal), its workers must stop too instead of computing for nobody. Each worker
watches the main process: on Linux through a pidfd (readable the moment that process ends) in a
daemon thread, elsewhere by polling; it exits when the main process is gone. Forked workers also
ask the kernel for SIGKILL when their direct parent dies (prctl PR_SET_PDEATHSIG). Watching the
direct parent is not enough for a fork-server pool: the fork server is the workers' parent, and it
stays alive as long as any worker holds its pipe, so workers and server would wait on each other.

Also owns stopping a pool now (`stop_pool`) and SIGTERM handled like Ctrl-C (`sigterm_as_interrupt`),
so `kill PID` of a run or sweep stops its workers and keeps what finished.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing as mp
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 1.0
PRELOAD = ("fraudchain.sim.runs.runner",)     # what the fork server imports once, for every worker


class WorkerTimeout(RuntimeError):
    """No run finished within the stall time: the workers were stopped."""


def start_method() -> str:
    """The one start method for worker processes: a fork server where the platform has one, else spawn."""
    return "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` worker processes started by `start_method()`; they ignore Ctrl-C (the main process
    stops them) and end with the main process."""
    ctx = mp.get_context(start_method())
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(list(PRELOAD))
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init, initargs=(os.getpid(),))


def as_finished(futures: Iterable[Future], stall_seconds: float) -> Iterator[Future]:
    """The futures as they finish; WorkerTimeout if none finishes for `stall_seconds`."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=stall_seconds, return_when=FIRST_COMPLETED)
        if not done:
            raise WorkerTimeout(f"no run finished in {stall_seconds:,.0f} s: the worker processes were stopped "
                                f"({len(pending)} run(s) unfinished)")
        yield from done


def parallel(task: Callable[..., Any], jobs: list[tuple], workers: int, stall_seconds: float,
             on_error: Callable[[Exception], Any] | None = None) -> Iterator[tuple[int, Any]]:
    """Run task(*job) for every job and yield (job index, result) as they finish: in this process when there is
    one worker or one job, else in a `worker_pool`. A failing job raises, or becomes `on_error(exception)` when
    that is given (a worker that died is a failed job). Ctrl-C, SIGTERM, a failure, a stall or closing the
    iterator stops every worker at once."""
    if workers <= 1 or len(jobs) <= 1:
        for i, job in enumerate(jobs):
            yield i, task(*job)
        return
    ex = worker_pool(min(workers, len(jobs)))
    try:
        futures = {ex.submit(task, *job): i for i, job in enumerate(jobs)}
        for f in as_finished(futures, stall_seconds):
            e = f.exception()
            if e is None:
                yield futures[f], f.result()
            elif on_error is not None and isinstance(e, Exception):
                yield futures[f], on_error(e)
            else:
                raise e
    except BaseException:
        stop_pool(ex)               # Ctrl-C, SIGTERM, a failed run or a stall: the other runs stop now
        raise
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent(main_pid: int | None = None) -> None:
    """Call in a worker process: it exits when `main_pid` (default: its parent) ends."""
    target = main_pid or os.getppid()
    if sys.platform.startswith("linux") and main_pid is None:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    pidfd = None
    if hasattr(os, "pidfd_open"):
        try:
            pidfd = os.pidfd_open(target)
        except ProcessLookupError:
            os._exit(1)                        # it ended before we started watching
        except OSError:
            pidfd = None
    if not _alive(target) or (main_pid is None and os.getppid() != target):
        os._exit(1)

    def watch() -> None:
        if pidfd is not None:
            select.select([pidfd], [], [])     # readable once the process has ended
            os._exit(1)
        while _alive(target) and (main_pid is not None or os.getppid() == target):
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="fraudchain-parent-watch", daemon=True).start()


def worker_init(main_pid: int | None = None) -> None:
    """Initializer of a replication worker: Ctrl-C is the main process's to handle (it stops the
    workers itself), and the worker ends when the main process `main_pid` ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(main_pid)


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


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread: handled like Ctrl-C (finished work is kept), exit status 143."""


_terminating = False     # set by the SIGTERM handler below until its block ends


def terminating() -> bool:
    """Whether SIGTERM arrived inside `sigterm_as_interrupt`. Code that records a run's exception as data must
    re-raise Terminated when this is true: numpy can turn the handler's exception into its own (a structured
    comparison interrupted by the signal raises TypeError), and that must stop the work, not fail one run."""
    return _terminating


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While the block runs in the main thread, SIGTERM raises Terminated there (once; a second SIGTERM
    during the clean-up is ignored so the clean-up completes)."""
    global _terminating

    def handler(signum: int, frame: Any) -> None:
        global _terminating
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _terminating = True
        raise Terminated

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:                       # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)
        _terminating = False
