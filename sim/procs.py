"""Worker processes that never outlive the run that started them.

A replication runs in a child process. If the main process is killed (kill -9, an out-of-memory
kill, a closed terminal), its children must stop too instead of computing for nobody. On Linux
each worker asks the kernel for SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere,
and as a second line on Linux, a daemon thread in the worker exits it once its parent is gone
(the parent pid changes when a process is re-parented).

Also owns stopping a pool now (`stop_pool`) and SIGTERM handled like Ctrl-C (`sigterm_as_interrupt`),
so `kill PID` of a run or sweep stops its workers and keeps what finished.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 1.0


def die_with_parent() -> None:
    """Call in a child process: it is killed when its parent process ends."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent or parent == 1:     # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="fraudchain-parent-watch", daemon=True).start()


def worker_init() -> None:
    """Initializer of a replication worker: Ctrl-C is the main process's to handle (it stops the
    workers itself), and the worker dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()


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


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While the block runs in the main thread, SIGTERM raises Terminated there (once; a second SIGTERM
    during the clean-up is ignored so the clean-up completes)."""
    def handler(signum: int, frame: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
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
