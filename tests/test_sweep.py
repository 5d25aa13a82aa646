"""`fraudchain sweep`: designs, bad input, streaming to disk, resume after interruption, failed runs,
and the Dask path on a LocalCluster. Runs are tiny (2,000 agents, 1 year) but real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import fraudchain.sim.cli.main as cli
import numpy as np
import pandas as pd
import pytest
from fraudchain.sim import load_scenario
from fraudchain.sim.studies.sweep import Vary, design_hash, make_design, parse_vary, sweep

TINY = ["--agents", "2000", "--years", "1"]
VARY = ["--vary", "awareness.campaign_reach=0:1", "--vary", "hub.data_sharing_scope=0:1"]


def fc(*args: str) -> int:
    """The fraudchain command line, in-process, with this issue's commands registered."""
    return cli.main(list(args))


def results(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / "results.parquet")


# ---------------------------------------------------------------------------------------------
def test_lhs_design_puts_one_point_in_every_stratum_and_stays_in_range():
    v = [Vary("awareness.campaign_reach", 0.2, 0.6), Vary("incentives.review_days", 30, 120, integer=True)]
    d = make_design(v, "lhs", 16, design_seed=3)
    assert d.points.shape == (16, 2) and d.block == ["lhs"] * 16
    strata = np.floor((d.points[:, 0] - 0.2) / 0.4 * 16).astype(int)
    assert sorted(strata) == list(range(16))
    assert np.all(d.points[:, 1] == np.round(d.points[:, 1])) and d.points[:, 1].min() >= 30
    again = make_design(v, "lhs", 16, design_seed=3)
    assert np.array_equal(d.points, again.points)                    # the design is seeded
    assert not np.array_equal(d.points, make_design(v, "lhs", 16, design_seed=4).points)


def test_sobol_design_is_the_saltelli_scheme():
    v = [Vary("a.x", 0, 1), Vary("a.y", 10, 20), Vary("a.z", -1, 1)]
    d = make_design(v, "sobol", 8)
    assert d.n_points == 8 * (3 + 2)
    a, b = d.points[:8], d.points[8:16]
    for i in range(3):
        ab = d.points[16 + 8 * i:24 + 8 * i]
        assert np.array_equal(np.delete(ab, i, axis=1), np.delete(a, i, axis=1))
        assert np.array_equal(ab[:, i], b[:, i])
        assert d.block[16 + 8 * i] == f"AB:{v[i].key}"
    assert d.base[:8] == list(range(8)) and d.base[-1] == 7


def test_the_hash_changes_with_the_design_and_scale_but_not_the_seeds():
    s = load_scenario("nl_baseline")
    v = [Vary("awareness.campaign_reach", 0, 1)]
    h = design_hash(s, make_design(v, "lhs", 8), 2000, 1)
    assert h == design_hash(s, make_design(v, "lhs", 8), 2000, 1)
    assert h != design_hash(s, make_design(v, "lhs", 9), 2000, 1)
    assert h != design_hash(s, make_design(v, "lhs", 8), 3000, 1)
    assert h != design_hash(s.with_overrides({"hub.data_sharing_scope": 0.5}), make_design(v, "lhs", 8), 2000, 1)


@pytest.mark.parametrize("vary, words", [
    ("awareness.campaign_reach=0:2", ["awareness.campaign_reach", "less than or equal to 1"]),
    ("awareness.campain_reach=0:1", ["did you mean 'awareness.campaign_reach'"]),
    ("liability.regime=0:1", ["liability.regime", "not numeric"]),
    ("hub.data_sharing_scope=0.8:0.2", ["LOW < HIGH"]),
    ("hub.data_sharing_scope", ["KEY=LOW:HIGH"]),
    ("police.capacity_cases_per_year=-10:100", ["police.capacity_cases_per_year", "greater than or equal to 0"]),
])
def test_bad_vary_exits_2_naming_the_key_and_writes_nothing(tmp_path, capsys, vary, words):
    out = tmp_path / "sweep"
    assert fc("sweep", "nl_baseline", "--vary", vary, "--samples", "4", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words), err
    assert "Traceback" not in err and not out.exists()


def test_both_fixed_keys_can_be_varied():
    v = parse_vary(["awareness.campaign_reach=0:1", "hub.data_sharing_scope=0:1"], load_scenario("nl_baseline"))
    assert [x.key for x in v] == ["awareness.campaign_reach", "hub.data_sharing_scope"]


def test_sobol_needs_a_power_of_two(tmp_path, capsys):
    assert fc("sweep", "nl_baseline", *VARY, "--samples", "6", "--design", "sobol", "--out", str(tmp_path / "s")) == 2
    assert "power of 2" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
def test_sweep_writes_one_row_per_point_and_seed_and_resumes_without_recomputing(tmp_path, capsys):
    out = tmp_path / "sweep"
    args = ["sweep", "nl_baseline", *VARY, "--samples", "3", "--seeds", "2", *TINY, "--out", str(out)]
    assert fc(*args, "--workers", "2") == 0
    df = results(out)
    assert len(df) == 6 and set(df["status"]) == {"ok"}
    assert set(zip(df["sample"], df["seed"], strict=True)) == {(i, s) for i in range(3) for s in range(2)}
    assert df["awareness.campaign_reach"].between(0, 1).all() and df["hub.data_sharing_scope"].nunique() == 3
    assert (df["victims"] > 0).all() and "by_type.bank_helpdesk.victims" in df
    assert not list((out / "parts").glob("*.parquet"))            # compacted
    man = json.loads((out / "sweep.json").read_text())
    assert man["design_hash"] == df["design_hash"].iloc[0] and len(man["design_points"]) == 3
    text = capsys.readouterr().out
    assert "seeds needed" in text

    # the same command again: nothing recomputed, the stored rows untouched
    assert fc(*args) == 0
    assert "6 resumed, 0 computed" in capsys.readouterr().out
    pd.testing.assert_frame_equal(results(out), df)
    # one more seed: only the new seed's runs are computed (seeds are not part of the design's hash)
    assert fc(*[a if a != "2" else "3" for a in args]) == 0
    assert "6 resumed, 3 computed" in capsys.readouterr().out
    assert len(results(out)) == 9

    # a different command is refused for the same folder, and nothing is lost
    before = (out / "results.parquet").read_bytes()
    assert fc("sweep", "nl_baseline", "--vary", "awareness.campaign_reach=0:0.5", "--samples", "3", *TINY,
              "--out", str(out)) == 2
    assert "holds another sweep" in capsys.readouterr().err
    assert (out / "results.parquet").read_bytes() == before


def test_same_seed_same_row_on_every_executor_path(tmp_path):
    s = load_scenario("nl_baseline")
    v = parse_vary(["hub.data_sharing_scope=0:1"], s)
    one = sweep(s, v, tmp_path / "a", samples=2, seeds=1, agents=2000, years=1, workers=1).frame
    two = sweep(s, v, tmp_path / "b", samples=2, seeds=1, agents=2000, years=1, workers=2).frame
    cols = ["sample", "seed", "hub.data_sharing_scope", "victims", "net_loss_eur", "median_days_to_takedown"]
    pd.testing.assert_frame_equal(one[cols], two[cols])


BROKEN_ACTOR = """
from fraudchain.sim import ActorParams, register_actor


def _factory(model, params):
    raise RuntimeError("this actor is broken on purpose")


register_actor("broken_for_sweep_test", _factory, ActorParams, "banks")
"""


def test_a_failed_run_is_recorded_with_its_error_and_retried_on_resume(tmp_path, capsys, monkeypatch):
    """An extension actor that fails when the model builds it: a real failing run."""
    (tmp_path / "broken_actor_ext.py").write_text(BROKEN_ACTOR)
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "sweep"
    scenario = tmp_path / "broken.toml"          # extensions are named at a file's top level, never by --set
    scenario.write_text('extends = "nl_baseline"\nextensions = ["broken_actor_ext"]\n'
                        "[actors.broken_for_sweep_test]\n")
    args = ["sweep", str(scenario), "--vary", "awareness.campaign_reach=0:1", "--samples", "2", *TINY,
            "--workers", "1", "--out", str(out)]
    assert fc(*args) == 1
    df = results(out)
    assert list(df["status"]) == ["error", "error"]
    assert df["error"].str.contains("RuntimeError: this actor is broken on purpose").all()
    assert df["victims"].isna().all()
    assert "retry" in capsys.readouterr().err
    assert fc(*args) == 1                                           # failed runs are tried again
    assert "0 resumed, 2 computed" in capsys.readouterr().out


def test_ctrl_c_keeps_finished_runs_and_the_rerun_computes_only_the_rest(tmp_path):
    s = load_scenario("nl_baseline")
    v = parse_vary(["awareness.campaign_reach=0:1"], s)

    def interrupt_after_2(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt                                  # what Ctrl-C raises at that moment

    with pytest.raises(KeyboardInterrupt):
        sweep(s, v, tmp_path, samples=4, agents=2000, years=1, workers=1, progress=interrupt_after_2)
    first = results(tmp_path)
    assert len(first) == 2 and set(first["status"]) == {"ok"}
    res = sweep(s, v, tmp_path, samples=4, agents=2000, years=1, workers=1)
    assert (res.resumed, res.computed, len(res.frame)) == (2, 2, 4)
    kept = res.frame.merge(first[["sample", "seed", "finished_at"]], on=["sample", "seed"], suffixes=("", "_1"))
    assert (kept["finished_at"] == kept["finished_at_1"]).all()    # the first three were not recomputed


def test_killed_sweep_resumes_from_its_part_files(tmp_path):
    """kill -9 of the whole sweep (no chance to clean up): the part files written so far survive and
    the same command resumes from them."""
    out = tmp_path / "sweep"
    cmd = [sys.executable, "-m", "fraudchain.sim.cli", "sweep", "nl_baseline", "--vary", "hub.data_sharing_scope=0:1",
           "--samples", "6", *TINY, "--workers", "1", "--flush-every", "1", "--out", str(out)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and len(list((out / "parts").glob("part-*.parquet"))) < 2:
        time.sleep(0.05)
    os.killpg(p.pid, signal.SIGKILL)
    p.wait(timeout=30)
    parts = list((out / "parts").glob("part-*.parquet"))
    assert 2 <= len(parts) < 6 and not (out / "results.parquet").exists()
    done = pd.concat([pd.read_parquet(x) for x in parts])
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert f"{len(done)} resumed, {6 - len(done)} computed" in r.stdout
    final = results(out)
    assert len(final) == 6 and set(final["status"]) == {"ok"}
    kept = final.merge(done[["sample", "seed", "finished_at"]], on=["sample", "seed"], suffixes=("", "_1"))
    assert len(kept) == len(done) and (kept["finished_at"] == kept["finished_at_1"]).all()


# ---------------------------------------------------------------------------------------------
def test_dask_local_cluster_runs_the_sweep_without_the_malloc_trap(tmp_path):
    """Our own LocalCluster (one worker process) gets MALLOC_TRIM_THRESHOLD_ unset; a sweep sent to it by
    scheduler address gives the same rows as the local executor, and resumes like it."""
    from fraudchain.sim.studies.sweep import _malloc_trim_env, dask_client

    s = load_scenario("nl_baseline")
    v = parse_vary(["awareness.campaign_reach=0:1", "hub.data_sharing_scope=0:1"], s)
    with dask_client(None, 1) as client:
        assert list(client.run(_malloc_trim_env).values()) == [None]
        address = client.scheduler.address
        res = sweep(s, v, tmp_path / "dask", samples=3, agents=2000, years=1, executor="dask", scheduler=address)
        assert (res.computed, res.failed) == (3, 0)
        again = sweep(s, v, tmp_path / "dask", samples=3, agents=2000, years=1, executor="dask", scheduler=address)
        assert (again.resumed, again.computed) == (3, 0)
    local = sweep(s, v, tmp_path / "local", samples=3, agents=2000, years=1, workers=1).frame
    cols = ["sample", "awareness.campaign_reach", "victims", "net_loss_eur"]
    pd.testing.assert_frame_equal(res.frame[cols], local[cols])
    assert set(res.frame["host"]) == {os.uname().nodename}


def test_unreachable_scheduler_is_bad_input():
    from fraudchain.sim.errors import BadInput
    from fraudchain.sim.studies.sweep import dask_client

    with pytest.raises(BadInput, match="--scheduler tcp://127.0.0.1:9: cannot connect"):
        with dask_client("tcp://127.0.0.1:9", None, connect_timeout="1s"):
            pass
