"""How robust is a ranking of options: `fraudchain robustness` and the probabilities the dashboard shows.

Owns the analysis of a comparison run with `--uncertainty assumptions` (sim/runs/uncertainty.py): each
replication is one plausible world (a seed and a Latin-hypercube draw of every uncertain parameter, the
same draw for every option). For every KPI it reports:
- per option, the probability that it beats the baseline: the share of worlds in which its paired
  difference is better (a tie counts half), with a Wilson 95 % interval for that share;
- the probability of each ranking of the options (best first), and of each option being the best;
- per option, the parameters ranked by their share of the variance of the difference across the worlds:
  the squared Spearman correlation of the parameter's draw with the difference (the share it explains
  alone; the draws are a Latin hypercube, so the parameters are nearly uncorrelated), with a p-value and
  the Benjamini-Hochberg q-value over all parameters (with 100 parameters, about five pass p < 0.05 by
  chance). Variance-based indices (Sobol', SALib's delta or HDMR) need hundreds of worlds and a dedicated
  design; at the tens of worlds a policy comparison can afford, the rank correlation is what can be
  estimated honestly.
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
TOP_RANKINGS = 10


@dataclass
class Driver:
    parameter: str
    variance_share: float       # squared Spearman correlation of the draw with the difference
    direction: int              # +1: a higher draw raises the difference, -1 lowers it
    p_value: float
    q_value: float              # Benjamini-Hochberg over all drawn parameters

    def as_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "variance_share": _num(self.variance_share),
                "direction": self.direction, "p_value": _num(self.p_value), "q_value": _num(self.q_value)}


@dataclass
class OptionRobustness:
    option: str
    worlds: int
    better: float               # share of worlds in which the option beats the baseline (ties count half)
    better_low: float           # Wilson 95 % interval of that share
    better_high: float
    mean_difference: float
    drivers: list[Driver] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"option": self.option, "worlds": self.worlds, "p_better": _num(self.better),
                "p_better_low": _num(self.better_low), "p_better_high": _num(self.better_high),
                "mean_difference": _num(self.mean_difference), "drivers": [d.as_dict() for d in self.drivers]}


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


def drivers(diff: np.ndarray, keys: list[str], x: np.ndarray, top: int = TOP_DRIVERS) -> list[Driver]:
    """The parameters ranked by the share of the variance of `diff` each explains alone (squared Spearman
    correlation across the replications), with p- and Benjamini-Hochberg q-values."""
    ok = np.isfinite(diff)
    if ok.sum() < 4 or not keys or np.ptp(diff[ok]) == 0:
        return []
    y, xs = diff[ok], x[ok]
    rho = np.array([stats.spearmanr(xs[:, j], y).statistic if np.ptp(xs[:, j]) > 0 else 0.0
                    for j in range(len(keys))])
    rho = np.nan_to_num(rho)
    n = int(ok.sum())
    t = rho * np.sqrt((n - 2) / np.maximum(1 - rho ** 2, 1e-12))
    p = 2 * stats.t.sf(np.abs(t), n - 2)
    q = stats.false_discovery_control(p)
    order = np.argsort(-np.abs(rho))[:top]
    return [Driver(keys[j], float(rho[j] ** 2), int(np.sign(rho[j])), float(p[j]), float(q[j])) for j in order]


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
            rows.append(OptionRobustness(o, n, p, lo, hi, float(np.nanmean(diff)) if n else float("nan"),
                                         drivers(diff, keys, x) if x.size else []))
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
