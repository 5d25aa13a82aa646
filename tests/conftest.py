"""Shared fixtures: small, fast runs of the real model (no mocks)."""

from __future__ import annotations

import pytest
from fraudchain.sim import load_scenario
from fraudchain.sim.engine.metrics import collect
from fraudchain.sim.engine.model import FraudChainModel

SMALL = 8_000  # consumer agents for unit-level runs: fast, still every stage fires


@pytest.fixture(scope="session")
def baseline():
    return load_scenario("nl_baseline")


@pytest.fixture(scope="session")
def small_run(baseline):
    """One finished 2-year run of the baseline (year 2 is measured)."""
    m = FraudChainModel(baseline, agents=SMALL, seed=11, years=2)
    m.run_model()
    return m, collect(m)
