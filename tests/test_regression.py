"""Regression pin: a small run's KPIs, exactly as the engine produced them when pinned.

A refactor must leave these numbers unchanged (same seed, same agents). If a deliberate change of
the model moves them, regenerate the fixture with

    python tests/test_regression.py --update

and say in the commit which KPIs changed and why. The pin is backed by checks that do not depend on the
pinned values: money is conserved, the tables add up, and a run gives the same numbers in any worker process.
"""

from __future__ import annotations

import json
import math
import pathlib
import sys

import numpy as np
import pandas as pd
import pytest
from fraudchain.scenarios.loader import load_scenario
from fraudchain.sim.engine.metrics import collect
from fraudchain.sim.engine.model import FraudChainModel

FIXTURE = pathlib.Path(__file__).parent / "data" / "regression_kpis.json"
CASES = {"nl_baseline": 10_000, "ecp_full_package": 10_000}
YEARS, SEED = 2, 0


def _kpis(name: str, agents: int) -> dict:
    m = FraudChainModel(load_scenario(name), agents=agents, seed=SEED, years=YEARS)
    m.run_model()
    r = collect(m)
    return {"kpis": r.kpis, "by_type": r.by_type, "by_year": {str(k): v for k, v in r.by_year.items()}}


def _same(a: float, b: float) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a == pytest.approx(b, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("name", sorted(CASES))
def test_kpis_match_the_pinned_run(name: str) -> None:
    pinned = json.loads(FIXTURE.read_text())[name]
    got = _kpis(name, CASES[name])
    for part in ("kpis", "by_year", "by_type"):
        flat_pin = _flatten(pinned[part])
        flat_got = _flatten(json.loads(json.dumps(got[part])))
        assert set(flat_pin) <= set(flat_got), f"{name}: KPIs missing: {sorted(set(flat_pin) - set(flat_got))}"
        diff = {k: (flat_pin[k], flat_got[k]) for k in flat_pin if not _same(flat_got[k], flat_pin[k])}
        assert not diff, f"{name} {part}: changed from the pinned run: {diff}"


def _flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = float("nan") if v is None else v
    return out


# ---- what backs the pin: invariants that hold whatever the numbers ------------------------------------------
@pytest.fixture(scope="module")
def pinned_models():
    out = {}
    for name, agents in CASES.items():
        m = FraudChainModel(load_scenario(name), agents=agents, seed=SEED, years=YEARS)
        m.run_model()
        out[name] = (m, collect(m))
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_pinned_runs_conserve_money_and_their_tables_add_up(pinned_models, name):
    """Independent of the pinned values: every euro is borne by someone, the cases add up to the daily counters,
    each victim is counted once, and the takedown table matches its KPIs."""
    m, r = pinned_models[name]
    k = r.kpis
    borne = sum(k[f"loss_borne_{b}_eur"] for b in ("victims", "banks", "platforms", "telecoms", "insurers"))
    assert borne == pytest.approx(k["net_loss_eur"], rel=1e-9)
    assert k["net_loss_eur"] == pytest.approx(k["gross_loss_eur"] - k["recovered_eur"], rel=1e-9)
    d = r.daily
    cases = m.cases
    n = cases.n
    w = m.weight(cases.pop[:n])
    pending = m.state.pending
    waiting = float((pending.amount[:pending.n] * m.weight(cases.pop[pending.case[:pending.n]])).sum())
    assert float((cases.gross[:n] * w).sum()) == pytest.approx(d["gross_loss_eur"].sum() + waiting, rel=1e-12)
    for col, counter in (("recovered", "recovered_eur"), ("reimbursed", "reimbursed_eur"),
                         ("borne_banks", "borne_banks_eur"), ("borne_insurers", "borne_insurers_eur")):
        assert float((dict(cases.items())[col] * w).sum()) == pytest.approx(d[counter].sum(), rel=1e-12, abs=1e-6)
    assert float(w[np.isfinite(cases.first_loss_day[:n])].sum()) == pytest.approx(d["victims"].sum(), rel=1e-12)
    assert float(d["cases"].sum()) == pytest.approx(float(w.sum()), rel=1e-12)     # one row per case opened
    # settled money never exceeds what was paid, reimbursements never exceed the loss
    assert (cases.settled[:n] <= cases.gross[:n] - cases.recovered[:n] + 1e-6).all()
    assert (cases.reimbursed[:n] <= cases.settled[:n] + 1e-6).all()


def test_the_same_results_in_any_worker_process(monkeypatch):
    """A run gives the same numbers in this process, in 2 workers started by the fork server and in 2 workers
    started by spawn: nothing a worker inherits decides a result."""
    from fraudchain.sim.runs import procs
    from fraudchain.sim.runs.runner import run

    s = load_scenario("ecp_full_package")
    one = run(s, seeds=[3, 4], agents=3_000, years=2, workers=1)
    results = {"in-process": one}
    for method in ("forkserver", "spawn"):
        monkeypatch.setattr(procs, "start_method", lambda m=method: m)
        results[method] = run(s, seeds=[3, 4], agents=3_000, years=2, workers=2)
    for how, r in results.items():
        for a, b in zip(one.per_seed, r.per_seed, strict=True):
            np.testing.assert_equal(a.kpis, b.kpis, err_msg=how)
            pd.testing.assert_frame_equal(a.victims, b.victims)


if __name__ == "__main__" and "--update" in sys.argv:
    data = {name: _kpis(name, n) for name, n in CASES.items()}
    FIXTURE.write_text(json.dumps(data, indent=1, sort_keys=True, allow_nan=True) + "\n")
    print(f"wrote {FIXTURE}")
