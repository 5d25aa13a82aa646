"""Uncertainty across seeds (fraudchain.sim.runs.runner): intervals that cover a known answer as often as they claim,
paired comparisons (common random numbers) and the seeds needed for a precision."""

from __future__ import annotations

import numpy as np
import pandas as pd
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.engine.metrics import EXTRA_KPI_KEYS, KPI_KEYS, SeedResult
from fraudchain.sim.runs.runner import CompareResult, RunResult, kpi_bounds, seeds_needed, summarise
from scipy import stats

EMPTY = pd.DataFrame()


def _coverage_ok(hits: int, n: int, level: float = 0.95) -> bool:
    """The observed coverage is compatible with `level` (two-sided binomial test at 1 %)."""
    return stats.binomtest(hits, n, level).pvalue > 0.01


def test_t_interval_covers_the_true_mean_95_percent_of_the_time():
    rng = np.random.default_rng(20240601)
    true_mean, n_rep = 10.0, 1000
    hits = 0
    for _ in range(n_rep):
        s = summarise(rng.normal(true_mean, 2.0, size=5))
        hits += s.ci_low <= true_mean <= s.ci_high
    assert _coverage_ok(hits, n_rep), hits / n_rep


def test_interval_is_clipped_to_the_kpi_range_and_a_single_seed_has_no_width():
    s = summarise([0.01, 0.02, 0.0, 0.03], bounds=(0.0, 1.0))
    assert s.ci_low == 0.0 and s.ci_high > s.mean
    one = summarise([3.0])
    assert one.mean == one.ci_low == one.ci_high == 3.0


def test_a_ratio_of_changes_keeps_an_interval_that_holds_its_mean():
    """displaced_contacts_share divides two changes and exceeds 1 where a measure removes few contacts (Een Loket
    once showed 113.5 % [41.5 %; 100 %]): its interval is not clipped at 1; true shares still are."""
    values = [0.4, 2.1, 0.9, 1.7, 0.6]
    s = summarise(values, bounds=kpi_bounds("displaced_contacts_share"))
    assert s.ci_low <= s.mean <= s.ci_high and s.ci_high > 1.0
    assert kpi_bounds("reimbursed_share") == (0.0, 1.0) and kpi_bounds("police_report_rate") == (0.0, 1.0)


def _run(values: dict[str, list[float]]) -> RunResult:
    """A RunResult over len(values) seeds where the KPIs in `values` take the given values (others 0)."""
    n = len(next(iter(values.values())))
    per = []
    for i in range(n):
        kpis = {k: 0.0 for k in (*KPI_KEYS, *EXTRA_KPI_KEYS)}
        kpis.update({k: v[i] for k, v in values.items()})
        per.append(SeedResult(i, kpis, {}, EMPTY, EMPTY, EMPTY, []))
    return RunResult(Scenario(), list(range(n)), 1000, 1, per)


def test_paired_difference_covers_a_known_effect_and_is_narrower_than_unpaired():
    """Scenario B = A + 1 plus small noise; both share a large per-seed component (common random
    numbers). The paired 95 % interval must cover 1 about 95 % of the time and be far narrower than an
    interval that ignores the pairing."""
    rng = np.random.default_rng(7)
    n_rep, seeds, effect = 200, 6, 1.0
    hits = 0
    ratio = []
    for _ in range(n_rep):
        common = rng.normal(100.0, 10.0, seeds)                 # what the shared seed does to both
        a = common + rng.normal(0, 0.5, seeds)
        b = common + effect + rng.normal(0, 0.5, seeds)
        c = CompareResult({"A": _run({"net_loss_eur": list(a)}), "B": _run({"net_loss_eur": list(b)})})
        d = c.difference("net_loss_eur", "B", "A")
        hits += d.ci_low <= effect <= d.ci_high
        unpaired = stats.ttest_ind(b, a).confidence_interval(0.95)
        ratio.append((d.ci_high - d.ci_low) / (unpaired.high - unpaired.low))
    assert _coverage_ok(hits, n_rep), hits / n_rep
    assert np.median(ratio) < 0.2


def test_paired_test_finds_a_real_effect_and_not_a_null_one():
    rng = np.random.default_rng(3)
    common = rng.normal(100.0, 10.0, 8)
    a = common + rng.normal(0, 0.5, 8)
    real = CompareResult({"A": _run({"victims": list(a)}), "B": _run({"victims": list(common + 2 + rng.normal(0, .5, 8))})})
    null = CompareResult({"A": _run({"victims": list(a)}), "B": _run({"victims": list(common + rng.normal(0, .5, 8))})})
    assert real.difference("victims", "B").p_value < 0.001
    assert null.difference("victims", "B").p_value > 0.01
    assert abs(real.difference("victims", "B").relative - 0.02) < 0.01


def test_seeds_needed_delivers_the_precision_it_promises():
    """sigma 2, mean 10, +-5 %: n = (1.96 * 2 / 0.5)^2 = 61.5 -> 62 seeds; with that many seeds the
    95 % interval's half-width is about 5 % of the mean."""
    rng = np.random.default_rng(11)
    pilot = rng.normal(10.0, 2.0, 5000)
    n = seeds_needed(pilot, rel_precision=0.05)
    assert 55 <= n <= 70
    widths = [summarise(rng.normal(10.0, 2.0, n)).half_width / 10.0 for _ in range(200)]
    assert abs(np.mean(widths) - 0.05) < 0.005
    assert seeds_needed([5.0]) is None
