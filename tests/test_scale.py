"""Scale-free results (issue 19): every national KPI and every paired difference of the built-in reforms is the
same in expectation at any agent count.

SLOW: the suite's largest run (about a minute on 2 cores): nl_baseline, een_loket and fraud_hub at 20,000,
160,000 and 1,280,000 agents for 2 years (the reforms start on day 365; the KPIs are year 2's; the baseline is
stationary, tests/test_stationary.py), seeds 0-7, 0-5 and 0-3 (fewer where a run is dearer and less noisy).

For each KPI, each scenario and each reform's paired difference with the baseline (same seeds), the values at
each smaller agent count are compared with those at the largest by Welch's t-test (unequal variances), and the
p-values of all comparisons are corrected for their number (Holm: a 5 % chance that any agreeing pair is called
different). A KPI that takes the same value on every seed at both counts must agree exactly. Where a KPI has no
value (NaN: no event to take a median of) at some count, it must have none at the other either.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from fraudchain.sim import compare, load_scenario
from fraudchain.sim.engine.kpis import KPIS
from fraudchain.sim.engine.metrics import EXTRA_KPI_KEYS, KPI_KEYS
from scipy import stats

AGENTS = {20_000: range(8), 160_000: range(6), 1_280_000: range(4)}
YEARS = 2
BASE, REFORMS = "nl_baseline", ("een_loket", "fraud_hub")
FAMILY_ALPHA = 0.05
# KPIs of rare events (a median or a share of a few cases a year): below this many agents some replications have no
# event at all, so the KPI is compared only from this count up (the README's limitations say so)
MIN_AGENTS = {"median_days_to_decision_authorised": 160_000, "app_claimed_returned_share": 160_000}


CONSUMERS = load_scenario(BASE).population.consumers     # national consumers: CONSUMERS / agents per simulated one
COUNT_UNITS = {"persons", "persons/SMEs", "cases/year", "suspects", "contacts"}


@pytest.fixture(scope="module")
def by_agents() -> dict[int, object]:
    return {n: compare([BASE, *REFORMS], seeds=seeds, agents=n, years=YEARS, workers=2)
            for n, seeds in AGENTS.items()}


def samples(res, kpi: str) -> dict[str, np.ndarray]:
    """Per seed: each scenario's KPI and each reform's paired difference with the baseline."""
    v = {s: np.array(res.results[s].kpis[kpi].values, dtype=float) for s in (BASE, *REFORMS)}
    out = dict(v)
    for r in REFORMS:
        out[f"{r} - {BASE}"] = v[r] - v[BASE]
    return out


def welch(a: np.ndarray, b: np.ndarray, unit: float = 0.0) -> float:
    """Two-sided p-value that a and b have the same mean (1 or 0 where both are constant: then they must agree
    within `unit`, what one simulated person or case stands for nationally at the smaller count)."""
    if np.ptp(a) == 0 and np.ptp(b) == 0:
        return 1.0 if math.isclose(a[0], b[0], rel_tol=1e-9, abs_tol=max(unit, 1e-9)) else 0.0
    return float(stats.ttest_ind(a, b, equal_var=False).pvalue)


def comparisons(by_agents) -> list[tuple[str, float, str]]:
    """(what, p-value, summary) of every KPI and paired difference at every smaller count against the largest."""
    largest = max(by_agents)
    out = []
    for kpi in (*KPI_KEYS, *EXTRA_KPI_KEYS):
        ref = samples(by_agents[largest], kpi)
        for n in sorted(by_agents)[:-1]:
            if n < MIN_AGENTS.get(kpi, 0):
                continue
            got = samples(by_agents[n], kpi)
            # a count of persons or cases moves in steps of one simulated person or case at this count
            unit = CONSUMERS / n if KPIS[kpi].unit in COUNT_UNITS else 0.0
            for what, a in got.items():
                b = ref[what]
                fa, fb = np.isfinite(a), np.isfinite(b)
                label = f"{kpi} [{what}] at {n:,} vs {largest:,}"
                if fa.all() != fb.all() or not fa.any():
                    out.append((label, 1.0 if not (fa.any() or fb.any()) else 0.0,
                                f"values {np.round(a, 4)} vs {np.round(b, 4)}"))
                    continue
                a, b = a[fa], b[fb]
                out.append((label, welch(a, b, unit), f"{a.mean():.5g} vs {b.mean():.5g}"))
    return out


def holm(ps: list[float], alpha: float) -> list[bool]:
    """Which hypotheses Holm's step-down procedure rejects at family-wise level alpha."""
    order = np.argsort(ps)
    reject = [False] * len(ps)
    for rank, i in enumerate(order):
        if ps[i] > alpha / (len(ps) - rank):
            break
        reject[i] = True
    return reject


def test_kpis_and_paired_differences_agree_across_agent_counts(by_agents):
    tests = comparisons(by_agents)
    rejected = [f"{label}: {summary} (p = {p:.2g})"
                for (label, p, summary), r in zip(tests, holm([p for _, p, _ in tests], FAMILY_ALPHA), strict=True)
                if r]
    assert not rejected, f"{len(rejected)} of {len(tests)} differ across agent counts:\n" + "\n".join(rejected)
