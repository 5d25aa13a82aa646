"""The command line as a user types it: exit codes, JSON shape, saved results."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fraudchain.sim.engine.metrics import KPI_KEYS

TYPES = ["bank_helpdesk", "phishing", "friend_in_need", "marketplace", "fake_webshop", "investment", "romance",
         "invoice"]
SMALL = ["--agents", "4000", "--years", "1"]


def fc(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fraudchain.sim.cli", *args], capture_output=True, text=True, timeout=timeout)


def test_list_names_every_builtin():
    p = fc("list")
    assert p.returncode == 0
    for name in ("nl_baseline", "uk_psr_2024", "bank_strict"):
        assert name in p.stdout


def test_run_json_has_every_kpi_and_type():
    p = fc("run", "nl_baseline", "--seeds", "2", *SMALL, "--format", "json")
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    assert r["scenario"] == "nl_baseline" and r["seeds"] == [0, 1] and r["agents"] == 4000 and r["years"] == 1
    for k in KPI_KEYS:
        assert set(r["kpis"][k]) == {"mean", "ci_low", "ci_high", "values"}
        assert len(r["kpis"][k]["values"]) == 2
    for t in TYPES:
        for k in ("victims", "gross_loss_eur", "reimbursed_share", "police_report_rate"):
            assert {"mean", "ci_low", "ci_high"} <= set(r["by_type"][t][k])
    m = r["kpis"]["net_loss_eur"]
    assert m["ci_low"] <= m["mean"] <= m["ci_high"]


def test_compare_json_and_csv_and_table():
    p = fc("compare", "nl_baseline", "uk_psr_2024", "--seeds", "1", *SMALL, "--format", "json")
    assert p.returncode == 0, p.stderr
    c = json.loads(p.stdout)
    assert c["scenarios"] == ["nl_baseline", "uk_psr_2024"] and set(c["results"]) == set(c["scenarios"])
    p = fc("run", "nl_baseline", "--seeds", "1", *SMALL, "--format", "csv")
    assert p.returncode == 0 and p.stdout.startswith("scenario,level,fraud_type,kpi,mean,ci_low,ci_high")
    p = fc("run", "nl_baseline", "--seeds", "1", *SMALL)
    assert p.returncode == 0 and "net_loss_eur" in p.stdout


def test_out_writes_parquet_and_manifest(tmp_path):
    p = fc("run", "nl_baseline", "--seeds", "1", *SMALL, "--out", str(tmp_path), "--set", "een_loket.enabled=true")
    assert p.returncode == 0, p.stderr
    folder = tmp_path / "nl_baseline"
    man = json.loads((folder / "manifest.json").read_text())
    assert man["scenario_resolved"]["een_loket"]["enabled"] is True
    assert man["seeds"] == [0] and len(man["scenario_hash"]) == 16 and "package_version" in man
    for t in ("kpis", "by_type", "daily", "system", "victims"):
        assert pq.read_table(folder / f"{t}.parquet").num_rows > 0
    assert not [f for f in folder.iterdir() if f.name.startswith(".")]   # no temp files left


@pytest.mark.parametrize("args, needle", [
    (["run", "no_such_scenario"], "no such scenario"),
    (["run", "nl_baseline", "--set", "liability.regime=mars"], "unknown regime 'mars'"),
    (["run", "nl_baseline", "--set", "banks.sending_effort"], "expected KEY=VALUE"),
    (["run", "nl_baseline", "--agents", "10"], "--agents"),
])
def test_bad_input_exits_2_without_traceback(args, needle):
    p = fc(*args)
    assert p.returncode == 2
    assert needle in p.stderr
    assert "Traceback" not in p.stdout + p.stderr


def test_validate_bad_file(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text('extends = "nl_baseline"\n[liability]\nregime = "no_such_regime"\n[hub]\ndata_sharing_scope = 2\n')
    p = fc("validate", str(f))
    assert p.returncode == 2
    assert "liability.regime" in p.stderr and "hub.data_sharing_scope" in p.stderr
    assert "Traceback" not in p.stderr
    p = fc("run", str(f), *SMALL)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    good = tmp_path / "good.toml"
    good.write_text('extends = "nl_baseline"\n[een_loket]\nenabled = true\n')
    assert fc("validate", str(good)).returncode == 0


def test_bad_run_keeps_saved_results(tmp_path):
    assert fc("run", "nl_baseline", "--seeds", "1", *SMALL, "--out", str(tmp_path)).returncode == 0
    before = (tmp_path / "nl_baseline" / "manifest.json").read_text()
    assert fc("run", "nl_baseline", "--seeds", "1", *SMALL, "--out", str(tmp_path),
              "--set", "hub.data_sharing_scope=5").returncode == 2
    assert (tmp_path / "nl_baseline" / "manifest.json").read_text() == before


ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("fraudchain.sim.engine.model", "fraudchain.sim.runs.runner", "fraudchain.sim.studies.sweep", "mesa",
         "scipy.stats", "optuna", "streamlit", "fraudchain.dashboard.report")


@pytest.mark.parametrize("args", [["--help"], ["list"], ["validate", "scenarios/builtin/een_loket.toml"],
                                  ["value", "--help"]])
def test_listing_and_parsing_do_not_load_the_engine_or_the_studies(args):
    """A command's module (and the engine, the studies, Mesa, optuna, the dashboard) loads only when that command
    runs: `--help`, `list` and `validate` start fast (issue 24), and a command's own help still works."""
    code = ("import contextlib, io, json, sys\nfrom fraudchain.sim.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    try:\n        rc = main(sys.argv[1:])\n    except SystemExit as e:\n        rc = e.code\n"
            f"print(json.dumps([rc, [m for m in {HEAVY!r} if m in sys.modules], len(out.getvalue())]))")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    rc, loaded, printed = json.loads(done.stdout.splitlines()[-1])
    assert rc == 0 and loaded == [] and printed > 100, (args, rc, loaded, printed, done.stderr)


def test_a_lazily_loaded_command_parses_and_runs_as_before(tmp_path):
    """The command named on the line is built in full: its options and its errors are the same as before."""
    bad = subprocess.run([sys.executable, "-m", "fraudchain.sim.cli", "value", "nl_baseline", "--seeds", "0"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "--seeds" in bad.stderr
    unknown = subprocess.run([sys.executable, "-m", "fraudchain.sim.cli", "valeu"], capture_output=True, text=True,
                             timeout=120)
    assert unknown.returncode == 2 and "value" in unknown.stderr      # argparse lists every command, lazy ones too
