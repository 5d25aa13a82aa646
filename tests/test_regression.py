"""Regression pin: a small run's KPIs, exactly as the engine produced them when pinned.

A refactor must leave these numbers unchanged (same seed, same agents). If a deliberate change of
the model moves them, regenerate the fixture with

    python tests/test_regression.py --update

and say in the commit which KPIs changed and why.
"""

from __future__ import annotations

import json
import math
import pathlib
import sys

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


if __name__ == "__main__" and "--update" in sys.argv:
    data = {name: _kpis(name, n) for name, n in CASES.items()}
    FIXTURE.write_text(json.dumps(data, indent=1, sort_keys=True, allow_nan=True) + "\n")
    print(f"wrote {FIXTURE}")
