"""Recalls meet a receiving account only as its victims' reports can have arrived (issue 19; docs/evidence.md,
"Recalls, freezes and mule accounts"): the report lag read from the reports (sim/engine/pooled.py, ReportLag),
and its effect in a run, in the direction the evidence gives (paired seeds)."""

from __future__ import annotations

import numpy as np
import pytest
from fraudchain.sim import compare, load_scenario
from fraudchain.sim.engine.pooled import ReportLag
from scipy import stats


def test_exposure_is_the_share_of_reports_arrived_by_an_account_s_age():
    lag = ReportLag(window_days=1.0)          # no smoothing: today's reports are the distribution
    assert np.all(lag.exposure(np.array([0.0, 3.0])) == 1.0)    # no report seen yet: the rule without a lag
    lag.add(np.array([1.5, 1.2, 3.7, 10.0]), np.array([1.0, 1.0, 1.0, 1.0]))
    lag.close_day()
    f = lag.exposure(np.array([0.0, 1.0, 2.0, 3.5, 4.0, 20.0, 500.0]))
    assert f[0] == 0.0 and f[1] == 0.0                  # a fresh account: no report can have arrived yet
    assert f[2] == pytest.approx(0.5)                   # two of four reports arrive within 2 days
    assert f[3] == pytest.approx(0.625)                 # linear within the fourth day (one report in it)
    assert f[4] == pytest.approx(0.75) and f[5] == f[6] == pytest.approx(1.0)
    assert np.all(np.diff(f) >= 0)
    # weights count as national reports: a heavier late report moves the distribution later
    heavy = ReportLag(window_days=1.0)
    heavy.add(np.array([1.5, 10.0]), np.array([1.0, 3.0]))
    heavy.close_day()
    assert heavy.exposure(np.array([2.0]))[0] == pytest.approx(0.25)


def test_later_reports_let_mule_accounts_take_more_payments_before_a_block():
    """Victims who realise later report later: a recall reaches a mule account later, so accounts live longer
    and fewer are needed (fewer mules recruited), paired by seed."""
    base = load_scenario("nl_baseline")
    late = base.with_overrides({"reporting.realise_days": 8.0, "name": "late"})
    res = compare([base, late], seeds=range(4), agents=20_000, years=2)
    for kpi, sign in (("median_mule_account_lifetime_days", 1), ("mules_recruited", -1)):
        a = np.asarray(res.results["late"].kpis[kpi].values, float)
        b = np.asarray(res.results["nl_baseline"].kpis[kpi].values, float)
        d = sign * (a - b)
        p = float(stats.ttest_rel(sign * a, sign * b, alternative="greater").pvalue)
        assert d.mean() > 0 and p < 0.05, (kpi, a, b, p)
