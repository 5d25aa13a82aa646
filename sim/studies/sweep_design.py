"""The design of a parameter sweep: what is varied (`--vary KEY=LOW:HIGH`, checked against the
schema), the design points (Latin hypercube or a Sobol'/Saltelli design from scipy.stats.qmc) and
the hash that says whether two sweeps are the same sweep.

Bounded: at most MAX_VARY parameters and MAX_POINTS design points, checked before anything is
allocated.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass

import numpy as np
from fraudchain.scenarios.loader import ScenarioError, parse_value
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.errors import BadInput
from scipy.stats import qmc

SWEEP_FORMAT = 1
DESIGNS = ("lhs", "sobol")
# a sweep of 100,000 points at the smallest scale (1,000 agents, 1 year, ~0.1 s a run) is about three CPU
# hours; more is not a sweep this tool is meant for, and a typo (--samples 1000000000) must not allocate GiBs
MAX_POINTS = 100_000
MAX_VARY = 50

# ---------------------------------------------------------------------------------------------
# what is varied
@dataclass(frozen=True)
class Vary:
    """One varied parameter: a numeric schema key and its range [low, high]."""

    key: str
    low: float
    high: float
    integer: bool = False


def numeric_keys(scenario: Scenario) -> dict[str, bool]:
    """Every numeric parameter of a scenario (dotted key -> is it an integer)."""
    return {k: isinstance(v, int) for k, v in scenario.flat().items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)}


def parse_vary(texts: list[str], scenario: Scenario) -> list[Vary]:
    """`KEY=LOW:HIGH` strings -> Vary, checked against the schema (key, type, range) and the
    scenario validator at both ends. Raises BadInput / ScenarioError with every problem."""
    import difflib

    if len(texts) > MAX_VARY:
        raise BadInput(f"--vary given {len(texts)} times: at most {MAX_VARY} parameters can be varied at once")
    keys = numeric_keys(scenario)
    problems: list[str] = []
    out: list[Vary] = []
    seen: set[str] = set()
    for text in texts:
        if "=" not in text or ":" not in text.split("=", 1)[1]:
            problems.append(f"--vary {text!r}: expected KEY=LOW:HIGH, e.g. --vary awareness.campaign_reach=0:1")
            continue
        key, rng = (p.strip() for p in text.split("=", 1))
        lo_s, hi_s = (p.strip() for p in rng.split(":", 1))
        if key not in keys:
            close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            if key in scenario.flat():
                kind, hint = "is not numeric", ""
            else:
                kind = "is not a parameter of the scenario"
            problems.append(f"--vary {key}: {kind}{hint}; any numeric schema key can be varied, e.g. "
                            "awareness.campaign_reach, hub.data_sharing_scope, police.capacity_cases_per_year")
            continue
        try:
            lo, hi = float(parse_value(lo_s)), float(parse_value(hi_s))
        except (TypeError, ValueError):
            problems.append(f"--vary {key}={lo_s}:{hi_s}: LOW and HIGH must be numbers")
            continue
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
            problems.append(f"--vary {key}={lo_s}:{hi_s}: needs finite LOW < HIGH")
            continue
        if key in seen:
            problems.append(f"--vary {key}: given twice")
            continue
        seen.add(key)
        integer = keys[key]
        for end in (lo, hi):
            try:
                scenario.with_overrides({key: int(round(end)) if integer else end})
            except ScenarioError as e:
                problems += [f"--vary {key}={lo_s}:{hi_s}: {p.split(': ', 1)[-1]}" for p in e.problems]
                break
        out.append(Vary(key, lo, hi, integer))
    if problems:
        raise ScenarioError(problems)
    if not out:
        raise BadInput("sweep: give at least one --vary KEY=LOW:HIGH")
    return out


# ---------------------------------------------------------------------------------------------
# the design
@dataclass
class Design:
    """Design points in parameter units. For 'sobol' the points are the Saltelli matrices A (n rows),
    B (n rows) and AB_i (n rows each, A with column i taken from B), in that order."""

    kind: str
    samples: int            # lhs: points; sobol: base samples n (points = n * (d + 2))
    design_seed: int
    vary: list[Vary]
    points: np.ndarray      # (P, d)
    block: list[str]        # "lhs" | "A" | "B" | "AB:<key>"
    base: list[int]         # row within its block (Saltelli base index)

    @property
    def n_points(self) -> int:
        return int(self.points.shape[0])

    def overrides(self, i: int) -> dict[str, float | int]:
        return {v.key: (int(x) if v.integer else float(x)) for v, x in zip(self.vary, self.points[i], strict=True)}


def design_points(kind: str, samples: int, n_vary: int) -> int:
    """How many points a design has: lhs `samples`; sobol samples x (parameters + 2)."""
    return samples * (n_vary + 2) if kind == "sobol" else samples


def check_design_size(kind: str, samples: int, n_vary: int) -> None:
    """Refuse a design larger than MAX_POINTS before any array is allocated."""
    if samples < 1:
        raise BadInput(f"--samples {samples}: must be at least 1")
    n = design_points(kind, samples, n_vary)
    if n > MAX_POINTS:
        raise BadInput(f"--samples {samples}: the {kind} design would have {n:,} points; at most {MAX_POINTS:,} "
                       "are allowed (use fewer samples, or split the sweep)")


def make_design(vary: list[Vary], kind: str = "lhs", samples: int = 64, design_seed: int = 0) -> Design:
    """A Latin hypercube of `samples` points, or a Saltelli design on a scrambled Sobol' sequence
    (as scipy.stats.sobol_indices builds it: one Sobol' draw of 2d columns split into A and B)."""
    d = len(vary)
    check_design_size(kind, samples, d)
    lows = np.array([v.low for v in vary])
    highs = np.array([v.high for v in vary])
    if kind == "lhs":
        if samples < 2:
            raise BadInput(f"--samples {samples}: a Latin hypercube needs at least 2 samples")
        unit = qmc.LatinHypercube(d, rng=design_seed).random(samples)
        block, base = ["lhs"] * samples, list(range(samples))
    elif kind == "sobol":
        if samples < 2 or samples & (samples - 1):
            raise BadInput(f"--samples {samples}: a Sobol' design needs a power of 2 (e.g. 32, 64, 128) base "
                           f"samples; it runs samples x (parameters + 2) = samples x {d + 2} points")
        ab = qmc.Sobol(2 * d, scramble=True, rng=design_seed).random(samples)
        a, b = ab[:, :d], ab[:, d:]
        pages = [a, b]
        for i in range(d):
            p = a.copy()
            p[:, i] = b[:, i]
            pages.append(p)
        unit = np.vstack(pages)
        block = ["A"] * samples + ["B"] * samples + [f"AB:{v.key}" for v in vary for _ in range(samples)]
        base = list(range(samples)) * (d + 2)
    else:
        raise BadInput(f"--design {kind}: allowed: {', '.join(DESIGNS)}")
    points = qmc.scale(unit, lows, highs)
    for j, v in enumerate(vary):
        if v.integer:
            points[:, j] = np.clip(np.round(points[:, j]), math.ceil(v.low), math.floor(v.high))
    return Design(kind, samples, design_seed, vary, points, block, base)


def design_hash(scenario: Scenario, design: Design, agents: int, years: int | None) -> str:
    """What makes two sweeps the same sweep: scenario as resolved, ranges, design, scale (not seeds)."""
    obj = {"format": SWEEP_FORMAT, "scenario": scenario.model_dump(mode="json"),
           "vary": [asdict(v) for v in design.vary], "design": design.kind, "samples": design.samples,
           "design_seed": design.design_seed, "agents": agents, "years": years}
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:16]

