"""An extension defined in a script belongs to the scenarios that ask for it, in every way of running.

A real script (run as a subprocess, its work under `if __name__ == "__main__":`) defines a stage, a KPI and the
actor they use, inside its main function (so a worker can only get them with the model's pipeline), and runs
`run`, `compare`, a sweep and the optimiser with 2 worker processes. The stage must run on every day of every
model of the scenario that asks for the extension, and the KPI must be measured there; a scenario that does
not ask for it runs without them: no KPI, and results identical to a process where the extension was never
defined.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from fraudchain.sim import load_scenario, run

AGENTS, YEARS, SEEDS = 3_000, 1, [0, 1]

SCRIPT = textwrap.dedent('''
    import json
    import sys
    from pathlib import Path

    import numpy as np
    from fraudchain.agents.base import ChainActor
    from fraudchain.sim import Extension, compare, load_scenario, run
    from fraudchain.sim.studies.optimise import Problem, optimise, parse_levers
    from fraudchain.sim.studies.sweep import parse_vary, sweep

    AGENTS, YEARS, SEEDS = {agents}, {years}, {seeds}


    def main(out: Path) -> None:
        class Tally(ChainActor):
            """Counts the days the probe stage ran in its model."""

            def __init__(self, model, params):
                super().__init__(model, "tally", params)
                self.days = np.zeros(model.days_total)

            def tick(self, day):
                self.days[day] += 1

        def probe(model, day):
            model.actor("tally").tick(day)

        def probe_days(model, start, end):
            return float(model.actor("tally").days[start:end].sum())

        ext = Extension("probe")
        ext.actor("tally", Tally)
        ext.stage("probe", probe, after="record")
        ext.kpi("probe_days", probe_days, "days the probe stage ran in the window", unit="days")

        plain = load_scenario("nl_baseline").with_overrides({{"name": "plain"}})
        probed = plain.with_extensions(ext).with_overrides({{"actors.tally": {{}}, "name": "probed"}})
        report = {{}}
        r = run(probed, seeds=SEEDS, agents=AGENTS, years=YEARS, workers=2)
        report["run"] = r.kpis["probe_days"].values
        c = compare([plain, probed], seeds=SEEDS, agents=AGENTS, years=YEARS, workers=2)
        report["compare_probed"] = c.results["probed"].kpis["probe_days"].values
        report["compare_plain"] = {{k: s.values for k, s in c.results["plain"].kpis.items()}}
        vary = parse_vary(["awareness.campaign_reach=0.1:0.5"], probed)
        for name, s in (("probed", probed), ("plain", plain)):
            frame = sweep(s, vary, out / f"sweep_{{name}}", samples=2, seeds=1, agents=AGENTS, years=YEARS,
                          workers=2).frame
            report[f"sweep_{{name}}"] = {{"status": frame["status"].tolist(),
                                          "probe_days": frame["probe_days"].tolist() if "probe_days" in frame else None}}
        problem = Problem(probed, parse_levers(["awareness.campaign_reach=0.1:0.5"], probed),
                          ["victims", "probe_days"], [], None, AGENTS, YEARS)
        optimise(problem, out / "optimise", trials=2, seeds=1, check_seeds=1, workers=2)
        evals = json.loads((out / "optimise" / "evaluations.json").read_text())
        report["optimise"] = [v["probe_days"] for v in evals.values()]
        print(json.dumps(report))


    if __name__ == "__main__":
        main(Path(sys.argv[1]))
''').format(agents=AGENTS, years=YEARS, seeds=SEEDS)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extension")
    script = folder / "probe_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    p = subprocess.run([sys.executable, str(script), str(folder)], capture_output=True, text=True, cwd=folder,
                       timeout=900)
    assert p.returncode == 0, p.stderr[-4000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_the_stage_runs_every_day_in_run_and_compare_with_two_workers(report):
    days = 365 * YEARS
    assert report["run"] == [days] * len(SEEDS)
    assert report["compare_probed"] == [days] * len(SEEDS)


def test_a_scenario_that_does_not_ask_runs_as_if_the_extension_did_not_exist(report):
    plain = report["compare_plain"]
    assert "probe_days" not in plain
    # this process never defined the extension: the same seeds give the same KPIs
    here = run(load_scenario("nl_baseline").with_overrides({"name": "plain"}), seeds=SEEDS, agents=AGENTS,
               years=YEARS, workers=1)
    for k, s in here.kpis.items():
        assert plain[k] == pytest.approx(s.values, nan_ok=True, rel=1e-12, abs=1e-12), k


def test_sweeps_measure_the_extension_kpi_only_where_asked(report):
    probed, plain = report["sweep_probed"], report["sweep_plain"]
    assert probed["status"] == ["ok", "ok"] and plain["status"] == ["ok", "ok"]
    assert probed["probe_days"] == [365 * YEARS] * 2
    assert plain["probe_days"] is None


def test_the_optimiser_sees_the_extension_kpi_in_its_workers(report):
    assert report["optimise"] and all(v == [365 * YEARS] for v in report["optimise"])
