"""How robust is a ranking of options: `fraudchain robustness` and the probabilities the dashboard shows.

Owns the analysis of a comparison run with `--uncertainty assumptions` (sim/runs/uncertainty.py): each
replication is one plausible world (a seed and a Latin-hypercube draw of every uncertain parameter, the
same draw for every option). For every KPI it reports:
- per option, the probability that it beats the baseline: the share of worlds in which its paired
  difference is better (a tie counts half), with a Wilson 95 % interval for that share;
- the probability of each ranking of the options (best first), and of each option being the best;
- per option, the parameters ranked by their share of the variance of the difference across the worlds:
  a regression of the difference's ranks on the draws' ranks with forward selection (a parameter enters
  only if it improves the fit beyond chance, Bonferroni-adjusted over the ~100 drawn parameters), each
  selected parameter's share being what it alone adds to the fit, and the share all of them explain.
  Variance-based indices (Sobol', SALib's delta or HDMR) need hundreds of worlds and a dedicated design;
  at the tens of worlds a policy comparison can afford, a selective regression is what can be estimated
  honestly (a plain correlation picks up parameters that happen to correlate with a true driver).
  Valuation parameters (costs.*, harm.*), which the engine never reads, are candidates only for the KPIs
  that value outcomes in money (social cost, harm, costs, bills).
A world's difference also contains seed noise, so a reform without effect gives about one half.
`analyse(compare_result, ...)` works on any comparison (the dashboard calls `beat_probability`);
`robustness(...)` runs the comparison first. Reads results; runs the model only through `compare`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

DEFAULT_KPIS = ("victims", "net_loss_eur", "social_cost_eur", "social_cost_excl_harm_eur")
# key figures where a higher value is better (for every other KPI lower is better)
HIGHER_IS_BETTER = frozenset({"reimbursed_share", "reporting_rate", "claimed_returned_share", "app_claimed_returned_share",
                              "suspects_identified_share", "suspects_identified", "support_rate", "claim_rate",
                              "police_report_rate", "hub_members"})
# a KPI computed here from others: social cost without victims' harm (the valuation everything else rests on)
DERIVED = {"social_cost_excl_harm_eur": ("social_cost_eur", "victim_harm_eur")}
TOP_DRIVERS = 10
# costs.* and harm.* only value outcomes after the run (the engine never reads them), so they are candidate
# drivers only of the KPIs that put a money value on outcomes beyond the money lost
VALUATION_ONLY = ("costs.", "harm.")
VALUED_KPIS = frozenset({"social_cost_eur", "victim_harm_eur", "victim_time_eur", "measure_cost_eur",
                         "friction_cost_eur", "case_handling_eur", "public_cost_eur", "sector_bill_government_eur",
                         "sector_bill_banks_eur", "sector_bill_platforms_eur", "sector_bill_telecoms_eur",
                         "sector_bill_insurers_eur", "sector_bill_victims_eur"})
TOP_RANKINGS = 10


@dataclass
class Driver:
    parameter: str
    variance_share: float       # selected: the share of the difference's (rank) variance it alone explains in the
    #                             regression on the selected parameters; not selected: its squared rank correlation
    direction: int              # +1: a higher draw raises the difference, -1 lowers it
    p_value: float              # selected: Bonferroni-adjusted p of its entry; not selected: the plain p
    selected: bool              # entered the regression (told from chance); False: shown for reference only

    def as_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "variance_share": _num(self.variance_share),
                "direction": self.direction, "p_value": _num(self.p_value), "selected": self.selected}


@dataclass
class OptionRobustness:
    option: str
    worlds: int
    better: float               # share of worlds in which the option beats the baseline (ties count half)
    better_low: float           # Wilson 95 % interval of that share
    better_high: float
    mean_difference: float
    drivers: list[Driver] = field(default_factory=list)
    explained: float = float("nan")     # share of the difference's rank variance the selected parameters explain

    def as_dict(self) -> dict[str, Any]:
        return {"option": self.option, "worlds": self.worlds, "p_better": _num(self.better),
                "p_better_low": _num(self.better_low), "p_better_high": _num(self.better_high),
                "mean_difference": _num(self.mean_difference), "explained_share": _num(self.explained),
                "drivers": [d.as_dict() for d in self.drivers]}


@dataclass
class KpiRobustness:
    kpi: str
    higher_is_better: bool
    options: list[OptionRobustness]
    rankings: list[tuple[tuple[str, ...], float]]     # each ranking of the options (best first) and its share
    best: dict[str, float]                           # each option's share of worlds in which it ranks first

    def as_dict(self) -> dict[str, Any]:
        return {"kpi": self.kpi, "higher_is_better": self.higher_is_better,
                "options": [o.as_dict() for o in self.options],
                "rankings": [{"ranking": list(r), "probability": p} for r, p in self.rankings],
                "p_best": {o: _num(p) for o, p in self.best.items()}}


@dataclass
class RobustnessResult:
    baseline: str
    options: list[str]
    seeds: list[int]
    agents: int
    years: int
    mode: str                                        # "assumptions" (plausible worlds) or "seeds"
    kpis: dict[str, KpiRobustness]

    def to_dict(self) -> dict[str, Any]:
        return {"baseline": self.baseline, "options": self.options, "seeds": self.seeds, "agents": self.agents,
                "years": self.years, "uncertainty": self.mode, "worlds": len(self.seeds),
                "kpis": {k: v.as_dict() for k, v in self.kpis.items()}}


def _num(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def wilson(k: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a share k/n (k may be a half-integer when ties count half)."""
    if n <= 0:
        return float("nan"), float("nan")
    z = stats.norm.ppf(0.5 + confidence / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def kpi_values(cmp: Any, scenario: str, kpi: str) -> np.ndarray:
    """A KPI's value in each replication (a derived one computed from its parts)."""
    if kpi in DERIVED:
        a, b = DERIVED[kpi]
        return kpi_values(cmp, scenario, a) - kpi_values(cmp, scenario, b)
    return np.array(cmp.results[scenario].kpis[kpi].values, dtype=float)


def higher_is_better(kpi: str) -> bool:
    return kpi in HIGHER_IS_BETTER


def beat_probability(cmp: Any, kpi: str, option: str, base: str | None = None) -> tuple[float, int]:
    """(share of replications in which `option` beats `base` on `kpi`, replications): ties count half.

    With `--uncertainty assumptions` each replication is a plausible world; with seeds only, a seed."""
    base = base or cmp.scenarios[0]
    d = kpi_values(cmp, option, kpi) - kpi_values(cmp, base, kpi)
    d = d[np.isfinite(d)]
    if d.size == 0:
        return float("nan"), 0
    sign = 1.0 if higher_is_better(kpi) else -1.0
    wins = float((sign * d > 0).sum()) + 0.5 * float((d == 0).sum())
    return wins / d.size, int(d.size)


def _draw_matrix(draws: Sequence[dict[str, float]] | None) -> tuple[list[str], np.ndarray]:
    """The parameters that vary across the draws and their values (replications x parameters)."""
    if not draws:
        return [], np.zeros((0, 0))
    keys = [k for k in draws[0] if len({round(float(d[k]), 12) for d in draws}) > 1]
    return keys, np.array([[float(d[k]) for k in keys] for d in draws])


def _rss(y: np.ndarray, x: np.ndarray, cols: list[int]) -> tuple[float, np.ndarray]:
    """Residual sum of squares and coefficients of the least-squares fit of y on an intercept and x[:, cols]."""
    a = np.column_stack([np.ones(len(y)), *(x[:, j] for j in cols)])
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    r = y - a @ coef
    return float(r @ r), coef[1:]


def drivers(diff: np.ndarray, keys: list[str], x: np.ndarray, top: int = TOP_DRIVERS,
            alpha: float = 0.05) -> tuple[list[Driver], float]:
    """The parameters ranked by their share of the variance of `diff` across the replications, and the share
    the selected ones explain together.

    A regression on the ranks of the draws (Spearman-like, robust to curvature) with forward selection: the
    parameter whose entry most improves the fit enters while its partial F-test, Bonferroni-adjusted for the
    candidates left, has p < alpha. A Latin hypercube of tens of points leaves chance correlations between
    parameters, so a parameter that merely correlates with a true driver does not enter. A selected
    parameter's share is what it alone adds to the fit of the others (its squared semi-partial
    correlation). Up to `top` parameters are returned: the selected ones, then the next by squared rank
    correlation, marked as not told from chance."""
    ok = np.isfinite(diff)
    n = int(ok.sum())
    if n < 6 or not keys or np.ptp(diff[ok]) == 0:
        return [], float("nan")
    y = (stats.rankdata(diff[ok]) - 0.5) / n
    r = (stats.rankdata(x[ok], axis=0) - 0.5) / n
    p = r.shape[1]
    tss = float(((y - y.mean()) ** 2).sum())
    selected: list[int] = []
    entry_p: dict[int, float] = {}
    current = tss
    while len(selected) < min(top, n // 4):
        df = n - len(selected) - 2
        best = None
        for j in range(p):
            if j in selected or np.ptp(r[:, j]) == 0:
                continue
            new, _ = _rss(y, r, [*selected, j])
            f = (current - new) / max(new / df, 1e-300)
            pv = float(stats.f.sf(f, 1, df))
            if best is None or pv < best[1]:
                best = (j, pv, new)
        if best is None or best[1] * (p - len(selected)) >= alpha:
            break
        selected.append(best[0])
        entry_p[best[0]] = min(1.0, best[1] * (p - len(selected) + 1))
        current = best[2]
    full, coef = _rss(y, r, selected)
    out = []
    for i, j in enumerate(selected):
        without, _ = _rss(y, r, [k for k in selected if k != j])
        share = min(max((without - full) / tss, 0.0), 1.0)      # a share; rounding can leave it a hair above 1
        out.append(Driver(keys[j], share, int(np.sign(coef[i])), entry_p[j], True))
    out.sort(key=lambda d: -d.variance_share)
    rho = np.nan_to_num(np.array([stats.spearmanr(r[:, j], y).statistic if np.ptp(r[:, j]) > 0 else 0.0
                                  for j in range(p)]))
    t = rho * np.sqrt((n - 2) / np.maximum(1 - rho ** 2, 1e-12))
    pv = 2 * stats.t.sf(np.abs(t), n - 2)
    for j in np.argsort(-np.abs(rho)):
        if len(out) >= top:
            break
        if j not in selected:
            out.append(Driver(keys[j], float(rho[j] ** 2), int(np.sign(rho[j])), float(pv[j]), False))
    return out, (1.0 - full / tss) if selected else 0.0


def candidates(kpi: str, keys: list[str]) -> list[int]:
    """Columns of the draws that can move `kpi`: valuation parameters only for the KPIs they value."""
    if kpi == "social_cost_excl_harm_eur":
        excluded: tuple[str, ...] = ("harm.",)
    elif kpi in VALUED_KPIS:
        excluded = ()
    else:
        excluded = VALUATION_ONLY
    return [i for i, k in enumerate(keys) if not k.startswith(excluded)] if excluded else list(range(len(keys)))


def analyse(cmp: Any, kpis: Iterable[str] = DEFAULT_KPIS, baseline: str | None = None) -> RobustnessResult:
    """The robustness of every option against the baseline in a finished comparison (see the module doc)."""
    baseline = baseline or cmp.scenarios[0]
    options = [s for s in cmp.scenarios if s != baseline]
    first = cmp.results[baseline]
    keys, x = _draw_matrix(first.draws)
    out: dict[str, KpiRobustness] = {}
    for kpi in kpis:
        hib = higher_is_better(kpi)
        sign = 1.0 if hib else -1.0
        base = kpi_values(cmp, baseline, kpi)
        rows = []
        for o in options:
            diff = kpi_values(cmp, o, kpi) - base
            p, n = beat_probability(cmp, kpi, o, baseline)
            lo, hi = wilson(p * n, n) if n else (float("nan"), float("nan"))
            cols = candidates(kpi, keys)
            ds, explained = drivers(diff, [keys[i] for i in cols], x[:, cols]) if x.size else ([], float("nan"))
            rows.append(OptionRobustness(o, n, p, lo, hi, float(np.nanmean(diff)) if n else float("nan"), ds,
                                         explained))
        values = np.array([kpi_values(cmp, o, kpi) for o in options])          # options x replications
        counts: Counter[tuple[str, ...]] = Counter()
        best: Counter[str] = Counter()
        worlds = 0
        for j in range(values.shape[1] if values.size else 0):
            col = values[:, j]
            if not np.all(np.isfinite(col)):
                continue
            order = tuple(options[i] for i in np.argsort(-sign * col, kind="stable"))
            counts[order] += 1
            best[order[0]] += 1
            worlds += 1
        rankings = [(r, c / worlds) for r, c in counts.most_common(TOP_RANKINGS)] if worlds else []
        out[kpi] = KpiRobustness(kpi, hib, rows, rankings, {o: best[o] / worlds if worlds else float("nan")
                                                               for o in options})
    years = first.years
    return RobustnessResult(baseline, options, list(first.seeds), first.agents, years,
                            "assumptions" if first.draws is not None else "seeds", out)


def robustness(scenarios: Sequence[Any], baseline: Any = "nl_baseline", kpis: Iterable[str] = DEFAULT_KPIS,
               seeds: int | Iterable[int] = 16, agents: int = 40_000, years: int | None = None,
               workers: int | None = None, progress: Callable[[int, int], None] | None = None) -> RobustnessResult:
    """Run the options and the baseline over the same plausible worlds (`--uncertainty assumptions`) and analyse
    how robust each answer is. scenarios / baseline: Scenario objects, built-in names or TOML paths."""
    from fraudchain.sim.runs.runner import _as_scenario, compare

    base = _as_scenario(baseline if not isinstance(baseline, Path) else str(baseline))
    cmp = compare([base, *scenarios], seeds=seeds, agents=agents, years=years, workers=workers, progress=progress,
                  uncertainty="assumptions")
    return analyse(cmp, kpis, cmp.scenarios[0])
