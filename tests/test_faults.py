"""Interrupted work (issue 15): a save killed at its worst moments, a mixed folder, two writers of one
folder, a killed main process and its workers, SIGTERM on a sweep and the resume after it. Real
processes and real signals; runs are tiny."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import fraudchain.sim.cli.main as cli
import pandas as pd
import pytest
from fraudchain.sim import run
from fraudchain.sim.runs.store import check_run_folder, folder_lock, read_run_manifest

TINY = {"agents": 2000, "years": 1}
SAVE_AND_DIE = textwrap.dedent("""
    import os, signal, sys
    import fraudchain.sim.runs.store as store
    from fraudchain.sim import run
    out, point = sys.argv[1], sys.argv[2]
    def die(*a, **k):
        os.kill(os.getpid(), signal.SIGKILL)
    if point == "before_manifest":      # every table written into the temp folder, the manifest not yet
        real = store.atomic_write_bytes
        store.atomic_write_bytes = lambda path, data: die() if path.name == "manifest.json" else real(path, data)
    elif point == "after_swap":         # the new folder in place, the old one not yet removed
        real_exchange = store._exchange
        store._exchange = lambda a, b: real_exchange(a, b) and die()
    run("nl_baseline", seeds=[1], agents=2000, years=1).save(out)
""")


def _save_killed_at(out: Path, point: str) -> int:
    p = subprocess.run([sys.executable, "-c", SAVE_AND_DIE, str(out), point], capture_output=True, timeout=120)
    return p.returncode


def _temp_folders(out: Path) -> list[Path]:
    return list(out.glob(".nl_baseline.tmp-*"))


def test_a_save_killed_at_any_point_leaves_one_complete_result_and_the_next_save_cleans_up(tmp_path):
    out = tmp_path / "out"
    first = run("nl_baseline", seeds=[0], **TINY).save(out)
    before = (first / "manifest.json").read_text()
    assert check_run_folder(first) == [] and read_run_manifest(first)["seeds"] == [0]

    assert _save_killed_at(out, "before_manifest") == -signal.SIGKILL
    assert (first / "manifest.json").read_text() == before and check_run_folder(first) == []   # old result intact
    assert len(_temp_folders(out)) == 1                        # the killed writer's temp folder is left ...

    assert _save_killed_at(out, "after_swap") == -signal.SIGKILL
    assert check_run_folder(first) == [] and read_run_manifest(first)["seeds"] == [1]          # new result whole

    run("nl_baseline", seeds=[2], **TINY).save(out)
    assert _temp_folders(out) == [] and read_run_manifest(first)["seeds"] == [2]                # ... and cleaned


def test_a_mixed_or_incomplete_run_folder_is_detected(tmp_path, capsys):
    a = run("nl_baseline", seeds=[0], **TINY).save(tmp_path / "a")
    b = run("nl_baseline", seeds=[1], **TINY).save(tmp_path / "b")
    (a / "victims.parquet").write_bytes((b / "victims.parquet").read_bytes())      # one file from another run
    assert [p for p in check_run_folder(a) if "victims.parquet: differs" in p]
    (b / "extra.parquet").write_bytes((b / "kpis.parquet").read_bytes())
    assert [p for p in check_run_folder(b) if "extra.parquet: not part of this run" in p]
    (b / "manifest.json").unlink()
    assert "the save was interrupted" in check_run_folder(b)[0]
    good = run("nl_baseline", seeds=[2], **TINY).save(tmp_path / "c")
    assert cli.main(["validate", str(good)]) == 0 and "a complete saved run" in capsys.readouterr().out
    assert cli.main(["validate", str(a)]) == 2                 # `fraudchain validate DIR` reads the check
    assert "victims.parquet: differs" in capsys.readouterr().err
    assert not [f for f in a.iterdir() if ".tmp-" in f.name]


def test_a_second_run_into_a_locked_folder_is_refused_before_simulating(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    held, release = threading.Event(), threading.Event()

    def first_writer() -> None:                                # holds the folder's lock as a running `run --out`
        with folder_lock(out / "nl_baseline"):
            held.set()
            release.wait(30)

    t = threading.Thread(target=first_writer)
    t.start()
    try:
        assert held.wait(10)
        code = cli.main(["run", "nl_baseline", "--seeds", "1", "--agents", "2000", "--years", "1", "--out", str(out)])
    finally:
        release.set()
        t.join()
    assert code == 2 and "another fraudchain process is saving into this folder" in capsys.readouterr().err
    assert not (out / "nl_baseline").exists()
    os.mkfifo(out / ".other.lock")                             # a pipe planted at a lock's name: no hang
    assert cli.main(["run", "nl_baseline", "--seeds", "1", "--agents", "2000", "--years", "1", "--out", str(out),
                     "--set", 'name="other"']) == 2
    assert "cannot create the lock file" in capsys.readouterr().err
    assert not (out / "nl_baseline").exists()


# ------------------------------------------------------------------------- workers die with their parent
def _descendants(pid: int) -> set[int]:
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                kids = {int(x) for x in Path(f"/proc/{p}/task/{t}/children").read_text().split()}
            except OSError:
                continue
            todo += list(kids - out)
            out |= kids
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("args, n_procs", [
    (["run", "nl_baseline", "--seeds", "2", "--agents", "60000", "--years", "3"], 2),      # 2 forked workers
    (["sweep", "nl_baseline", "--vary", "hub.data_sharing_scope=0:1", "--samples", "2", "--agents", "60000",
      "--years", "3", "--workers", "2"], 4),      # resource tracker, fork server and its 2 workers
])
def test_killing_the_main_process_kills_its_workers(tmp_path, args, n_procs):
    if args[0] == "sweep":
        args = [*args, "--out", str(tmp_path / "sw")]
    p = subprocess.Popen([sys.executable, "-m", "fraudchain.sim.cli", *args], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        kids: set[int] = set()
        while time.monotonic() < deadline and len(kids) < n_procs:
            kids = {k for k in _descendants(p.pid) if _alive(k)}
            time.sleep(0.05)
        assert len(kids) >= n_procs, "the workers did not start"
        time.sleep(0.5)                                        # the workers are computing
        p.kill()                                               # kill -9 of the main process only
        p.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(k) for k in kids):
            time.sleep(0.1)
        left = {k: Path(f"/proc/{k}/cmdline").read_bytes()[:150] for k in kids if _alive(k)}
        assert not left, f"outlived their parent: {left}"
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# ------------------------------------------------------------------------- SIGTERM on a sweep
def test_sigterm_on_a_sweep_keeps_finished_runs_and_the_same_command_resumes(tmp_path, capsys):
    out = tmp_path / "sw"
    cmd = [sys.executable, "-m", "fraudchain.sim.cli", "sweep", "nl_baseline", "--vary", "hub.data_sharing_scope=0:1",
           "--samples", "4", "--agents", "2000", "--years", "1", "--workers", "1", "--flush-every", "1",
           "--out", str(out)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not list((out / "parts").glob("part-*.parquet")):
        time.sleep(0.02)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 143, err
    assert "terminated; finished runs are saved" in err and "Traceback" not in err
    kept = pd.read_parquet(out / "results.parquet")            # flushed and compacted on the way out
    assert 1 <= len(kept) < 4 and set(kept["status"]) == {"ok"}
    assert not list((out / "parts").glob("*")) and not list(out.glob(".*.tmp-*"))
    stale = [out / ".results.parquet.tmp-abc123", out / "parts" / ".part-1.parquet.tmp-def456"]
    for p_ in stale:                                           # what a writer killed mid-write leaves behind
        p_.write_bytes(b"half")
    assert cli.main(cmd[3:]) == 0                              # the same command, in-process
    assert not [p_ for p_ in stale if p_.exists()]
    assert f"{len(kept)} resumed, {4 - len(kept)} computed" in capsys.readouterr().out
    final = pd.read_parquet(out / "results.parquet")
    assert len(final) == 4 and json.loads((out / "sweep.json").read_text())["points"] == 4


def test_sigterm_that_numpy_turns_into_another_error_still_stops_the_sweep(monkeypatch):
    """A SIGTERM handled inside a numpy call can come out as numpy's own exception (a structured comparison
    raised TypeError in a full-suite run): the run must not be recorded as failed; the sweep stops (143)."""
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim.runs import procs
    from fraudchain.sim.studies import sweep_exec

    def interrupted_inside_numpy(*_args):
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)                       # the handler raises Terminated here
        except procs.Terminated:
            raise TypeError("Cannot compare structured arrays unless they have a common dtype") from None
        raise AssertionError("SIGTERM was not delivered")

    monkeypatch.setattr(sweep_exec, "run_packed", interrupted_inside_numpy)
    packed = sweep_exec.point(load_scenario("nl_baseline"), {})
    with pytest.raises(procs.Terminated), procs.sigterm_as_interrupt():
        sweep_exec.run_point(packed, 2000, 1, 1)
    assert not procs.terminating()              # cleared when the block ends
    row = sweep_exec.run_point(sweep_exec.error_row(ValueError("bad point")), 2000, 1, 1)
    assert row["status"] == "error"             # outside SIGTERM an error is still data
