"""Value for money: `fraudchain value SCENARIO... [--baseline nl_baseline]`.

Owns what a scenario buys against a baseline, paired by seed (both run on the same seeds, common
random numbers), over the measured (last) year, national scale:

    loss_avoided_eur              baseline net loss - scenario net loss
    harm_avoided_eur              baseline victim harm - scenario victim harm (KPI victim_harm_eur)
    public_cost_eur               additional public money: the change in the state's bill (public_cost_eur,
                                  sim/engine/public_cost.py), the report handling the scenario causes included
    private_cost_eur              additional private cost: prevention spend + measure cost + friction
    net_benefit_eur               the fall in social cost (baseline social_cost_eur - scenario's); it
                                  counts every term of social_cost_eur, report handling included
    benefit_cost_ratio            (loss avoided + harm avoided) / (public cost + private cost)
    loss_avoided_per_public_eur   loss avoided / public cost

Differences carry a 95 % t-interval over the per-seed differences. The two ratios carry a paired
percentile bootstrap over seeds (the same seeds drawn for numerator and denominator; the ratio of
the resampled means), which needs at least 2 seeds. A ratio is null, with the reason in `note`,
when its denominator does not rise (no additional cost: the ratio is not defined, read the
differences instead) or when the 95 % t-interval of the additional cost reaches zero (the cost is
not distinguishable from zero); its interval is null when a bootstrap resample's denominator is <= 0. A KPI the engine does not (yet) compute is named in `missing`
and left out of the sums, never replaced by a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from fraudchain.sim.formats import fmt_number

METRICS = ("loss_avoided_eur", "harm_avoided_eur", "public_cost_eur", "private_cost_eur", "net_benefit_eur",
           "benefit_cost_ratio", "loss_avoided_per_public_eur")
RATIOS = ("benefit_cost_ratio", "loss_avoided_per_public_eur")
HARM_KPI = "victim_harm_eur"
PRIVATE_TERMS = ("prevention_spend_eur", "measure_cost_eur", "friction_cost_eur")
BOOTSTRAP = 2000
BOOTSTRAP_SEED = 20260   # the resampling is reproducible


@dataclass
class Metric:
    """A value-for-money metric: mean and 95 % interval (None where undefined, with the reason)."""

    mean: float | None
    ci_low: float | None
    ci_high: float | None
    values: list[float] = field(default_factory=list)    # per seed (differences), empty for ratios
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"mean": _num(self.mean), "ci_low": _num(self.ci_low), "ci_high": _num(self.ci_high)}
        if self.note:
            d["note"] = self.note
        return d


def _num(x: float | None) -> float | None:
    return None if x is None or not np.isfinite(x) else float(x)


def _diff(values: np.ndarray) -> Metric:
    from fraudchain.sim.runs.runner import summarise

    s = summarise(values)
    return Metric(s.mean, s.ci_low, s.ci_high, [float(v) for v in values])


def ratio(num: np.ndarray, den: np.ndarray, what: str, resamples: int = BOOTSTRAP,
          seed: int = BOOTSTRAP_SEED) -> Metric:
    """mean(num) / mean(den) with a paired percentile bootstrap over seeds.

    Null when mean(den) <= 0 (nothing was spent, or costs fell); null interval when a resample's
    denominator is <= 0 or when there is a single seed.
    """
    from fraudchain.sim.runs.runner import summarise

    num, den = np.asarray(num, float), np.asarray(den, float)
    d = float(den.mean())
    if d <= 0:
        why = "no additional cost" if d == 0 else f"the cost does not rise (change {fmt_number(d)} EUR)"
        return Metric(None, None, None, note=f"{what} undefined: {why}; read the differences instead")
    s = summarise(den)
    if s.ci_low <= 0:
        return Metric(None, None, None, note=f"{what} undefined: the additional cost ({fmt_number(d)} EUR, 95 % "
                      f"interval {fmt_number(s.ci_low)} to {fmt_number(s.ci_high)}) is not distinguishable from "
                      "zero; read the differences instead")
    r = float(num.mean()) / d
    if num.size < 2:
        return Metric(r, None, None, note="interval needs at least 2 seeds")
    idx = np.random.default_rng(seed).integers(0, num.size, size=(resamples, num.size))
    dens = den[idx].mean(axis=1)
    if (dens <= 0).any():
        return Metric(r, None, None, note=f"interval undefined: the cost difference is not distinguishable "
                      f"from zero ({int((dens <= 0).sum())} of {resamples} bootstrap resamples <= 0)")
    rs = num[idx].mean(axis=1) / dens
    return Metric(r, float(np.quantile(rs, 0.025)), float(np.quantile(rs, 0.975)))


def value_metrics(base: dict[str, np.ndarray], scen: dict[str, np.ndarray]) -> tuple[dict[str, Metric], list[str]]:
    """The metrics of one scenario from per-seed KPI arrays (same seeds, same order) -> (metrics, missing)."""
    missing = [k for k in (HARM_KPI, *PRIVATE_TERMS) if k not in base or k not in scen]
    loss = base["net_loss_eur"] - scen["net_loss_eur"]
    harm = base[HARM_KPI] - scen[HARM_KPI] if HARM_KPI not in missing else None
    public = scen["public_cost_eur"] - base["public_cost_eur"]
    private = sum((scen[k] - base[k] for k in PRIVATE_TERMS if k not in missing), np.zeros_like(loss))
    net = base["social_cost_eur"] - scen["social_cost_eur"]
    benefit = loss + (harm if harm is not None else 0.0)
    out = {"loss_avoided_eur": _diff(loss),
           "harm_avoided_eur": _diff(harm) if harm is not None else
           Metric(None, None, None, note=f"{HARM_KPI} is not computed by this engine"),
           "public_cost_eur": _diff(public),
           "private_cost_eur": _diff(private),
           "net_benefit_eur": _diff(net),
           "benefit_cost_ratio": ratio(benefit, public + private, "benefit_cost_ratio"),
           "loss_avoided_per_public_eur": ratio(loss, public, "loss_avoided_per_public_eur")}
    gone = [k for k in missing if k in PRIVATE_TERMS]
    if gone:
        out["private_cost_eur"].note = f"without {', '.join(gone)} (not computed by this engine)"
    if harm is None and out["benefit_cost_ratio"].mean is not None:
        m = out["benefit_cost_ratio"]
        m.note = "; ".join(filter(None, [f"benefit counts loss avoided only ({HARM_KPI} missing)", m.note]))
    return out, missing


@dataclass
class ValueResult:
    baseline: str
    results: dict[str, dict[str, Metric]]
    missing: list[str]
    seeds: list[int]
    agents: int
    years: int
    uncertainty: str = "seeds"

    def to_dict(self) -> dict[str, Any]:
        return {"baseline": self.baseline,
                "results": {s: {k: m.as_dict() for k, m in ms.items()} for s, ms in self.results.items()},
                "missing": self.missing, "seeds": self.seeds, "agents": self.agents, "years": self.years,
                "uncertainty": self.uncertainty,
                "method": "paired by seed; differences: 95 % t-interval; ratios: paired percentile bootstrap "
                          f"over seeds ({BOOTSTRAP} resamples)"}


def per_seed(run: Any) -> dict[str, np.ndarray]:
    """KPI -> per-seed values of a RunResult."""
    return {k: np.array(s.values, dtype=float) for k, s in run.kpis.items()}


def value(scenarios: list[Any], baseline: Any = "nl_baseline", seeds: int = 3, agents: int = 150_000,
          years: int | None = None, workers: int | None = None, progress: Any = None,
          uncertainty: str = "seeds") -> ValueResult:
    """Value for money of each scenario against the baseline (Scenario objects, names or files).

    uncertainty: "seeds" (replications differ in their seed) or "assumptions" (each replication also
    draws the uncertain parameters from their ranges, the same draw for baseline and scenario: the
    intervals then include what is not known; sim/runs/uncertainty.py)."""
    from fraudchain.sim.runs.runner import compare

    extra = {} if uncertainty == "seeds" else {"uncertainty": uncertainty}
    cmp = compare([baseline, *scenarios], seeds=seeds, agents=agents, years=years, workers=workers,
                  progress=progress, **extra)
    names = cmp.scenarios
    base = per_seed(cmp.results[names[0]])
    results, missing = {}, []
    for name in names[1:]:
        results[name], missing = value_metrics(base, per_seed(cmp.results[name]))
    first = cmp.results[names[0]]
    return ValueResult(names[0], results, missing, first.seeds, first.agents, first.years, uncertainty)


# ---------------------------------------------------------------------------------------------
