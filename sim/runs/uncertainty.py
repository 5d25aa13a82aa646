"""Uncertainty from assumptions: per replication, a Latin hypercube draw of every uncertain parameter.

Owns `--uncertainty assumptions` (the default, `seeds`, varies only the random seed): every
parameter with a plausible range in scenarios/schema.py (the `range` of a documented field, or
`ASSUMPTION_RANGES` for the older behavioural assumptions), and every field of a liability rule that
gives a range (`ranges` in scenarios/regimes/*.toml: how firms apply the rule, drawn into
`liability.rule_values`, one value per rule name in every regime), is drawn once per replication from a
Latin hypercube (scipy.stats.qmc) seeded from the run's seeds, mapped to a triangular distribution
over its range whose most likely value is the stated one (so the draws centre on the defaults). Replication
i of every scenario in a comparison gets the same draw i (and the same seed), so differences stay
paired and intervals include what is not known. Only parameters every scenario leaves at the schema
default are drawn: a value a scenario file, a calibration or `--set` states is kept (a lever, not
an assumption). The effect of a value a measure states is drawn all the same: the schema separates
the stated (mandated) level, which the measure's cost follows, from how much of its effect the world
realises (`*_factor`, `floor_compliance`, `freeze_miss_factor`), which is an assumption with a range
like any other (docs/evidence.md). `assumption_draws` gives the overrides per replication for reuse
(value, dashboard, `fraudchain robustness`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from fraudchain.scenarios.regimes import regime_data, regime_names
from fraudchain.scenarios.schema import ASSUMPTION_RANGES, LiabilityRule, Scenario, Section
from pydantic import BaseModel
from scipy import stats
from scipy.stats import qmc

MODES = ("seeds", "assumptions")
_SALT = 0x0A55_0C05   # separates the design's random stream from the model's streams of the same seeds


def uncertain_parameters() -> dict[str, tuple[float, float]]:
    """Every uncertain parameter with its range: {dotted key: (low, high)}, in schema order."""
    out: dict[str, tuple[float, float]] = {}

    def walk(prefix: str, model: type[BaseModel]) -> None:
        for name, f in model.model_fields.items():
            ann = f.annotation
            if isinstance(ann, type) and issubclass(ann, Section):
                walk(f"{prefix}{name}.", ann)
                continue
            extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
            if "range" in extra:
                lo, hi = extra["range"]
                out[f"{prefix}{name}"] = (float(lo), float(hi))

    walk("", Scenario)
    for key, (lo, hi) in ASSUMPTION_RANGES.items():
        out.setdefault(key, (float(lo), float(hi)))
    for key, (lo, hi, _) in rule_ranges().items():
        out.setdefault(key, (lo, hi))
    return out


RULE_PREFIX = "liability.rule_values."


def rule_ranges() -> dict[str, tuple[float, float, float]]:
    """{"liability.rule_values.<rule>.<field>": (low, high, stated value)} of every rule field with a range, over
    all regimes (built-in and registered). A rule name (or the `draw_as` name it shares) means the same practice
    in every regime (e.g. card chargebacks): one draw serves them all, so comparisons between regimes stay paired."""
    out: dict[str, tuple[float, float, float]] = {}
    for name in regime_names():
        for raw in regime_data(name).get("rules", []):
            rng = raw.get("ranges") or {}
            if not rng:
                continue
            rule = LiabilityRule.model_validate({k: v for k, v in raw.items() if k not in ("cap", "excess", "penalty")})
            for f, (lo, hi) in rule.ranges.items():
                out.setdefault(f"{RULE_PREFIX}{rule.draw_name}.{f}", (float(lo), float(hi), float(getattr(rule, f))))
    return out


def stated_values() -> dict[str, float]:
    """The most likely value of every uncertain parameter: the schema default, or a rule's stated value."""
    default = Scenario().flat()
    rules = {k: v[2] for k, v in rule_ranges().items()}
    return {k: float(default[k]) if k in default else rules[k] for k in uncertain_parameters()}


def common_parameters(scenarios: Sequence[Scenario],
                      params: dict[str, tuple[float, float]] | None = None) -> dict[str, tuple[float, float]]:
    """The uncertain parameters every scenario leaves at the schema default.

    A value a scenario file, a calibration or `--set` states is kept as stated, and a parameter on
    which the scenarios differ is a lever, not an assumption to draw (reforms still apply on top)."""
    params = uncertain_parameters() if params is None else params
    default = Scenario().flat()
    flats = [s.flat() for s in scenarios]
    return {k: r for k, r in params.items() if all(f.get(k) == default.get(k) for f in flats)}


def design(n: int, d: int, seeds: Iterable[int]) -> np.ndarray:
    """An n x d Latin hypercube in [0, 1), seeded from the replications' seeds (same seeds, same design)."""
    if n <= 0 or d <= 0:
        return np.zeros((max(n, 0), max(d, 0)))
    rng = np.random.default_rng(np.random.SeedSequence([_SALT, *(int(x) for x in seeds)]))
    return qmc.LatinHypercube(d=d, rng=rng).random(n)


def assumption_draws(scenarios: Sequence[Scenario], seeds: Sequence[int],
                     params: dict[str, tuple[float, float]] | None = None) -> list[dict[str, float]]:
    """One override dict per replication (aligned with `seeds`), the same for every scenario given."""
    params = common_parameters(scenarios, params)
    keys = list(params)
    u = design(len(seeds), len(keys), seeds)
    lo = np.array([params[k][0] for k in keys])
    hi = np.array([params[k][1] for k in keys])
    stated = stated_values()
    mode = np.clip(np.array([stated[k] for k in keys]), lo, hi)
    # triangular between the range's ends, most likely at the stated value (the schema default)
    x = stats.triang.ppf(u, (mode - lo) / (hi - lo), loc=lo, scale=hi - lo) if keys else u
    return [{k: float(v) for k, v in zip(keys, row, strict=True)} for row in x]


def replications(scenarios: Sequence[Scenario], seeds: Sequence[int], mode: str = "seeds"
                 ) -> tuple[list[list[Scenario]], list[dict[str, float]] | None]:
    """Per scenario, the scenario of each replication; and the draws (None in `seeds` mode)."""
    if mode not in MODES:
        raise ValueError(f"uncertainty {mode!r}: choose one of {', '.join(MODES)}")
    if mode == "seeds":
        return [[s] * len(seeds) for s in scenarios], None
    draws = assumption_draws(scenarios, seeds)
    return [[s.with_overrides(d) for d in draws] for s in scenarios], draws


def describe(draws: list[dict[str, float]] | None) -> dict[str, Any]:
    """The JSON description of how a run's replications differ: mode, ranges and each draw."""
    if draws is None:
        return {"mode": "seeds"}
    params = uncertain_parameters()
    keys = list(draws[0]) if draws else []
    return {"mode": "assumptions", "parameters": {k: list(params[k]) for k in keys}, "draws": draws}
