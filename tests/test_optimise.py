"""`fraudchain optimise` (issue 13): the search finds a known optimum on synthetic objectives (with
and without a constraint), resumes after the process is killed without recomputing finished
trials, parses constraints without eval, maps a public budget to measure intensities through the
schema's parameters, and gives the documented JSON on the real model at a tiny scale."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from fraudchain.scenarios.loader import load_scenario
from fraudchain.sim.cli.main import main
from fraudchain.sim.errors import BadInput
from fraudchain.sim.studies.optimise import (
    Constraint,
    front_trials,
    open_study,
    pareto_front,
    parse_constraint,
    run_study,
)
from fraudchain.sim.studies.policy_levers import Lever, allocate, lever_changes

FRAUDCHAIN = str(Path(sys.executable).parent / "fraudchain")


def synthetic(fn):
    """evaluate(points) for run_study from a function params -> (objective values, constraint values)."""
    def evaluate(points):
        for i, p in enumerate(points):
            values, cons = fn(p)
            yield i, {"values": values, "constraints": cons, "attrs": {}}
    return evaluate


def test_finds_a_known_optimum(tmp_path):
    study = open_study(tmp_path / "j.log", "s", 1, constrained=False, seed=1)
    run_study(study, [Lever("x", 0.0, 1.0), Lever("y", -1.0, 1.0)], 40,
              synthetic(lambda p: ([(p["x"] - 0.3) ** 2 + (p["y"] + 0.5) ** 2], [])), batch=2)
    best = front_trials(study)[0]
    assert abs(best.params["x"] - 0.3) < 0.1 and abs(best.params["y"] + 0.5) < 0.15
    assert len(study.trials) == 40


def test_constraint_moves_the_optimum_to_its_boundary(tmp_path):
    study = open_study(tmp_path / "j.log", "s", 1, constrained=True, seed=2)
    c = Constraint("x", ">=", 0.6)
    run_study(study, [Lever("x", 0.0, 1.0)], 30, synthetic(lambda p: ([p["x"]], [c.violation(p["x"])])))
    best = front_trials(study)
    assert len(best) == 1 and 0.6 <= best[0].params["x"] < 0.7


def test_pareto_front_keeps_feasible_non_dominated_points():
    import numpy as np

    pts = np.array([[1, 5], [2, 2], [3, 3], [5, 1], [0, 0]], dtype=float)
    feasible = np.array([True, True, True, True, False])
    assert pareto_front(pts, feasible) == [0, 1, 3]


SCRIPT = textwrap.dedent("""
    import sys, time
    from fraudchain.sim.studies.optimise import Lever, open_study, run_study
    log, journal, trials = sys.argv[1], sys.argv[2], int(sys.argv[3])

    def evaluate(points):
        for i, p in enumerate(points):
            with open(log, "a") as f:
                f.write(repr(p["x"]) + "\\n")
            time.sleep(0.15)
            yield i, {"values": [(p["x"] - 0.5) ** 2], "constraints": [], "attrs": {}}

    study = open_study(journal, "resume", 1, constrained=False, seed=0)
    print(run_study(study, [Lever("x", 0.0, 1.0)], trials, evaluate))
""")


def test_resumes_after_a_kill_without_recomputing(tmp_path):
    script, log, journal = tmp_path / "opt.py", tmp_path / "evals.txt", tmp_path / "journal.log"
    script.write_text(SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    args = [sys.executable, str(script), str(log), str(journal), "12"]
    p = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and (not log.exists() or len(log.read_text().split()) < 5):
        time.sleep(0.05)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    first = log.read_text().split()
    assert 5 <= len(first) < 12, "the run must be killed mid-way"
    study = open_study(journal, "resume", 1, constrained=False)
    done = [t for t in study.trials if t.state.name == "COMPLETE"]
    assert len(done) >= 4
    q = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert q.returncode == 0, q.stderr
    second = log.read_text().split()[len(first):]
    assert int(q.stdout.split()[-1]) == 12 - len(done)
    # no finished trial is evaluated again; only the trial the kill cut off is run once more
    assert not {repr(t.params["x"]) for t in done} & set(second)
    assert len(second) <= 12 - len(done) + 1
    study = open_study(journal, "resume", 1, constrained=False)
    assert sum(t.state.name == "COMPLETE" for t in study.trials) == 12
    # a third run has nothing left to do
    assert run_study(study, [Lever("x", 0.0, 1.0)], 12, synthetic(lambda p: ([0.0], []))) == 0


@pytest.mark.parametrize("text", ["public_cost_eur<=__import__('os')", "public_cost_eur=5", "5<=public_cost_eur",
                                  "public_cost_eur<=1e6;rm", "nonsense_kpi<=3"])
def test_constraints_are_parsed_without_eval(text):
    with pytest.raises(BadInput):
        parse_constraint(text, ["public_cost_eur"])


def test_constraint_forms():
    c = parse_constraint(" public_cost_eur <= 5e6 ", ["public_cost_eur"])
    assert c == Constraint("public_cost_eur", "<=", 5e6) and c.violation(4e6) < 0 < c.violation(6e6)
    g = parse_constraint("victims>-1.5", ["victims"])
    assert g.violation(0) < 0


def test_budget_maps_money_through_schema_parameters():
    from fraudchain.sim.engine.public_cost import planned_loket_cost

    s = load_scenario("nl_baseline")
    changes, buys = allocate(s, 800_000.0, {"hub": 1, "een_loket": 0, "campaigns": 1, "victim_support": 1,
                                            "police": 1})
    assert changes["hub.funding_eur_per_year"] == pytest.approx(200_000.0)
    per_person = s.awareness.cost_per_person_reached_eur * s.population.consumers
    assert changes["awareness.campaign_reach"] == pytest.approx(s.awareness.campaign_reach + 200_000 / per_person)
    assert changes["reporting.support_funding_eur_per_year"] == pytest.approx(200_000.0)
    assert changes["police.capacity_cases_per_year"] == pytest.approx(
        s.police.capacity_cases_per_year + 200_000 / s.police.investigation_cost_eur)
    assert "een_loket.enabled" not in changes and buys["een_loket"]["spent_eur"] == 0
    assert sum(b["spent_eur"] for b in buys.values()) == pytest.approx(800_000.0)
    # money Een Loket cannot use (less than a region) goes to the other levers: nothing is left unspent
    changes, buys = allocate(s, 800_000.0, {"een_loket": 1})
    assert "een_loket.enabled" not in changes and "no region" in buys["een_loket"]["buys"]
    assert sum(b["spent_eur"] for b in buys.values()) == pytest.approx(800_000.0)
    # Een Loket opens whole regions while their planned public cost fits; its share of the build is per region
    region = planned_loket_cost(s, 0.1)
    changes, buys = allocate(s, 2.5 * region, {"een_loket": 1})
    assert changes["een_loket.enabled"] is True and changes["een_loket.coverage"] == pytest.approx(0.2)
    assert buys["een_loket"]["spent_eur"] == pytest.approx(planned_loket_cost(s, 0.2))
    assert sum(b["spent_eur"] for b in buys.values()) == pytest.approx(2.5 * region)
    need = planned_loket_cost(s, 1.0)
    changes, buys = allocate(s, need, {"een_loket": 1})
    assert changes["een_loket.coverage"] == pytest.approx(1.0) and buys["een_loket"]["spent_eur"] == pytest.approx(need)
    # liability levers become one validated rule for authorised payments
    ch, _ = lever_changes(s, {"liability.app.sending_bank": 0.8, "liability.app.origin": 0.4,
                              "liability.app.excess_eur": 100.0}, None)
    app = ch["liability.rules"][-1]
    assert app["payers"] == {"sending_bank": pytest.approx(2 / 3), "origin": pytest.approx(1 / 3)}
    assert all("authorised" not in r["payment_kinds"] for r in ch["liability.rules"][:-1])
    s.with_overrides(ch)


def test_cli_public_budget_json_and_resume(tmp_path, capsys):
    out = tmp_path / "opt"
    args = [FRAUDCHAIN, "optimise", "--preset", "public_budget", "--budget-eur", "800000", "--trials", "2",
            "--seeds", "1", "--check-seeds", "2", "--agents", "2000", "--years", "1", "--out", str(out),
            "--format", "json"]
    assert main(args[1:]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["trials"] == 2 and d["trials_run_now"] == 2 and d["front"]
    pt = d["front"][0]
    assert set(pt["params"]) == {"budget.hub", "budget.een_loket", "budget.campaigns", "budget.victim_support",
                                 "budget.police"}
    assert set(pt["objectives"]) == {"social_cost_eur", "loss_borne_victims_eur", "victim_harm_eur"}
    assert set(pt["objectives"]["victim_harm_eur"]) == {"mean", "ci_low", "ci_high"}
    assert sum(a["eur"] for a in pt["allocation"].values()) == pytest.approx(800_000)
    assert sum(a["spent_eur"] for a in pt["allocation"].values()) == pytest.approx(800_000)
    assert isinstance(d["verdict"]["distinguishable"], bool) and d["verdict"]["text"]
    for f in ("front.parquet", "trials.parquet", "front.html", "journal.log"):
        assert (out / f).exists()
    # the same command again: nothing is run (trials and fresh-seed evaluations are stored)
    assert main(args[1:]) == 0
    assert json.loads(capsys.readouterr().out)["trials_run_now"] == 0
    assert main([*args[1:-2], "--objective", "victims"]) == 2   # another command, same folder
    assert "holds another optimisation" in capsys.readouterr().err
    assert main(["optimise", "--lever", "banks.sending_effort_floor=0:2", "--out", str(tmp_path / "b")]) == 2
    assert "banks.sending_effort_floor" in capsys.readouterr().err


def test_verdict_says_when_no_point_differs_and_what_scale_would_tell():
    from fraudchain.sim.studies.optimise_report import seeds_for, verdict

    def point(lo, hi):
        return {"difference": {"social_cost_eur": {"mean": (lo + hi) / 2, "ci_low": lo, "ci_high": hi}}}

    ref = {"social_cost_eur": [0.0, 0.0, 0.0, 0.0]}
    evals = [{"social_cost_eur": [1.0, -1.0, 3.0, 1.0]}]          # mean 1, sd 1.63 per seed
    v = verdict([point(-1.6, 3.6)], evals, ref, ["social_cost_eur"], 4, 40_000, 3)
    assert not v["distinguishable"] and v["seeds_needed"] == seeds_for(1.0 / np.std([1, -1, 3, 1], ddof=1))
    assert "No allocation" in v["text"] and f"{v['seeds_needed']:,} seeds at 40,000 agents" in v["text"]
    v = verdict([point(0.5, 2.0)], evals, ref, ["social_cost_eur"], 4, 40_000, 3)
    assert v["distinguishable"] and v["points"] == [1] and "differ" in v["text"]
    # the seeds for an 80 % chance at 5 %: about 10 for one standard deviation, more for smaller differences
    assert seeds_for(1.0) == 10 and seeds_for(0.5) > seeds_for(1.0) > seeds_for(2.0) >= 2
