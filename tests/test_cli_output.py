"""What the command line prints for people: extension KPIs in the table, the warning under 4 replications on
every command that reports intervals, the time left on long work, no `nan` in an interval, and numbers in
the reader's locale (a count of six is never "6.000", which a Dutch reader takes for six thousand)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fraudchain.sim.cli import main as cli
from fraudchain.sim.cli.sensitivity import _ci
from fraudchain.sim.engine.metrics import KPI_KEYS
from fraudchain.sim.formats import fmt_number, kpi_text

PACKAGE = """name = "two measures"
extends = "nl_baseline"
[[reforms]]
day = 0
label = "two"
set = { "hub.data_sharing_scope" = 0.6, "een_loket.enabled" = true }
measures = { hub = ["hub.data_sharing_scope"], een_loket = ["een_loket.enabled"] }
"""


def fc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "fraudchain.sim.cli", *args], capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})


def test_numbers_follow_the_locale_and_counts_have_no_false_decimals(monkeypatch):
    monkeypatch.setenv("LC_ALL", "nl_NL.UTF-8")
    assert kpi_text("hub_members", 6.0) == "6" and kpi_text("hub_members", 13.12) == "13,1"
    assert kpi_text("net_loss_eur", 344.1e6) == "EUR 344,1 M" and kpi_text("reimbursed_share", 0.2023) == "20,2 %"
    assert fmt_number(12_345.0) == "12.345" and fmt_number(float("nan")) == "n/a"
    monkeypatch.setenv("LC_ALL", "C")
    assert kpi_text("hub_members", 6.0) == "6" and kpi_text("net_loss_eur", 344.1e6) == "EUR 344.1 M"
    assert fmt_number(12_345.0) == "12,345" and kpi_text("median_days_to_takedown", 4.62) == "4.6 d"


def test_an_interval_without_bounds_prints_no_nan(monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    assert _ci(0.12, float("nan"), float("nan")) == "+0.12 (no interval)"
    assert _ci(0.12, 0.05, 0.2) == "+0.12 [+0.05; +0.20]" and _ci(float("nan"), 0, 1) == "n/a"


def test_the_table_shows_kpis_that_extensions_registered():
    result = {"seeds": [0], "agents": 1000, "years": 1,
              "kpis": {**{k: {"mean": 1.0, "ci_low": 1.0, "ci_high": 1.0} for k in KPI_KEYS},
                       "crypto_frozen_eur": {"mean": 2.5e6, "ci_low": 2e6, "ci_high": 3e6}}}
    keys = cli.table_kpis(result)
    assert keys[:len(KPI_KEYS)] == list(KPI_KEYS) and keys[-1] == "crypto_frozen_eur"
    assert "crypto_frozen_eur" in cli._table({"x": result}, keys)


def test_long_work_shows_the_time_left(monkeypatch, capsys):
    assert cli.time_left(10.0, 2, 10) == "about 40 s left" and cli.time_left(60.0, 1, 10) == "about 9 min left"
    assert cli.time_left(5.0, 0, 10) == "" and cli.time_left(5.0, 10, 10) == ""
    clock = iter([0.0, 3.0, 6.0])
    monkeypatch.setattr("time.monotonic", lambda: next(clock))
    update, stop = cli.progress_bar("simulating")               # stderr is not a terminal here: plain lines
    update(1, 4)
    update(2, 4)
    stop()
    assert "simulating: 1/4 done (3 s, about 9 s left)" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["value", "contributions", "run"])
def test_every_command_with_intervals_warns_under_four_replications(command, tmp_path):
    package = tmp_path / "two.toml"
    package.write_text(PACKAGE, encoding="utf-8")
    target = {"value": ["value", str(package)], "contributions": ["contributions", str(package)],
              "run": ["run", "nl_baseline"]}[command]
    p = fc(*target, "--seeds", "1", "--agents", "2000", "--years", "1", env={"LC_ALL": "nl_NL.UTF-8"})
    assert p.returncode == 0, p.stderr
    assert "intervals rest on 1 seeds; with fewer than 4 they are unreliable" in p.stderr
    assert "nan" not in p.stdout
    if command == "run":
        row = [line for line in p.stdout.splitlines() if "hub_members" in line][0]
        assert "6.000" not in row and " 6 " in f" {row} "
        assert "2.000 simulated consumers" in p.stdout                  # the count in the locale's format


# every command that reports intervals, asked for more work than the cap allows: the warning comes before the
# work is priced, so the command stops at the price (exit 2, "add --yes") and nothing runs
HEAVY = {
    "compare": ["compare", "nl_baseline", "ecp_full_package", "--agents", "50000000", "--years", "20"],
    "value": ["value", "ecp_full_package", "--agents", "50000000", "--years", "20"],
    "contributions": ["contributions", "ecp_full_package", "--agents", "50000000"],
    "report": ["report", "nl_baseline", "ecp_full_package", "--agents", "50000000", "--years", "20"],
    "optimise": ["optimise", "--preset", "public_budget", "--trials", "100000", "--agents", "2000000"],
    "calibrate": ["calibrate", "--budget", "10000", "--seeds", "64", "--agents", "5000000", "--no-write"],
    "budget": ["budget", "nl_baseline", "--agents", "50000000", "--years", "20"],
}


@pytest.mark.parametrize("command", list(HEAVY))
def test_the_replication_warning_comes_before_any_work_on_every_command_with_intervals(command, tmp_path, capsys):
    flag = "--check-seeds" if command in ("optimise", "calibrate") else "--seeds"
    out = {"report": ["--out", str(tmp_path / "r.html")], "optimise": ["--out", str(tmp_path / "o")]}.get(command, [])
    for n in (2, 4):
        assert cli.main([*HEAVY[command], flag, str(n), *out]) == 2
        err = capsys.readouterr().err
        assert "add --yes" in err and "Traceback" not in err           # priced, refused, nothing ran
        assert ("intervals rest on 2" in err) == (n < 4), (command, n, err)
        if n < 4:
            assert "with fewer than 4 they are unreliable" in err
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "o").exists()


def test_bench_prints_counts_in_the_readers_locale(monkeypatch):
    from fraudchain.sim.cli.bench import row_text

    monkeypatch.setenv("LC_ALL", "nl_NL.UTF-8")
    row = row_text(150_000, 1.5, 1_234_567.4, 2.25).split()
    assert row == ["150.000", "1,50", "1.234.567", "2,25", "10,00"]
    monkeypatch.setenv("LC_ALL", "C")
    assert row_text(150_000, 1.5, 1_234_567.4, 2.25).split()[:3] == ["150,000", "1.50", "1,234,567"]
    p = fc("bench", "--sizes", "1000,2000", "--years", "1", "--no-dashboard-check", env={"LC_ALL": "nl_NL.UTF-8"})
    assert p.returncode == 0, p.stderr
    rows = [line.split() for line in p.stdout.splitlines() if line.strip().startswith(("1.000 ", "2.000 "))]
    assert [r[0] for r in rows] == ["1.000", "2.000"] and all("," in r[1] for r in rows)
    assert "from 1.000 to 2.000" in p.stdout


def test_budget_says_what_the_police_points_rest_on(capsys):
    """The police's effect on victims rests on one unsourced assumption (docs/evidence.md): `budget` names it, with
    the value the run used, under a table with police points, and not under one without."""
    args = ["budget", "--amounts", "1e6", "--seeds", "4", "--agents", "2000", "--years", "1"]
    assert cli.main([*args, "--lever", "police", "--set", "fraudsters.disruption_per_suspect=0.001"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "fraudsters.disruption_per_suspect (0.001 of a group's capacity" in out and "without a source" in out
    assert cli.main([*args, "--lever", "hub"]) == 0
    assert "disruption_per_suspect" not in capsys.readouterr().out
