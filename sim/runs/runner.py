"""Running scenarios: seeds, replications in parallel processes, summaries with confidence
intervals, paired comparisons (common random numbers), and saving results.

Owns `run` and `compare` (the public API) and the result objects. Every seed is an independent
model whose draws come from named random streams derived from the seed (agents/streams.py); scenario A
and B with the same seed draw the same numbers in every stage their rules do not change, so differences
are paired by seed. Each model's pipeline (its stages, KPIs and extension actors, built from its scenario:
sim/engine/pipeline.py) travels to the worker processes with the scenario (`Packed`), so a stage or KPI a
script defines runs in every worker, and only in the scenarios that ask for it.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cloudpickle
import numpy as np
import pandas as pd
from fraudchain.scenarios.loader import load_scenario
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.engine.metrics import EXTRA_KPI_KEYS, KPI_KEYS, SeedResult, collect
from fraudchain.sim.engine.model import FraudChainModel
from fraudchain.sim.engine.pipeline import Pipeline, build_pipeline
from fraudchain.sim.errors import BadInput
from fraudchain.sim.runs.procs import parallel
from fraudchain.sim.runs.uncertainty import describe, replications
from fraudchain.sim.runs.workload import stall_seconds
from scipy import stats

DEFAULT_AGENTS = 150_000


@dataclass
class Summary:
    """A KPI across seeds: mean and 95 % t-interval (equal to the mean when there is one seed)."""

    mean: float
    ci_low: float
    ci_high: float
    values: list[float]

    def as_dict(self, with_values: bool = True) -> dict[str, Any]:
        d = {"mean": _num(self.mean), "ci_low": _num(self.ci_low), "ci_high": _num(self.ci_high)}
        if with_values:
            d["values"] = [_num(v) for v in self.values]
        return d

    @property
    def half_width(self) -> float:
        return (self.ci_high - self.ci_low) / 2.0


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


# KPIs named "_share" that are ratios of two changes, not parts of a whole: they can exceed 1 (displaced contacts:
# the contacts moved into other types can outnumber those a measure removed when it removes few)
RATIO_SHARES = frozenset({"displaced_contacts_share"})


def kpi_bounds(kpi: str) -> tuple[float, float]:
    """The range a KPI can take (intervals are clipped to it): shares in [0, 1] (ratios of changes, RATIO_SHARES,
    >= 0), amounts >= 0."""
    if kpi in RATIO_SHARES:
        return 0.0, math.inf
    if kpi.endswith(("_share", "_rate")):
        return 0.0, 1.0
    if kpi in ("fraudster_profit_eur",):
        return -math.inf, math.inf
    return 0.0, math.inf


def summarise(values: Iterable[float], confidence: float = 0.95,
              bounds: tuple[float, float] = (-math.inf, math.inf)) -> Summary:
    """Mean and t-interval across seeds (scipy.stats), clipped to the KPI's possible range."""
    v = np.array([x for x in values], dtype=float)
    ok = v[np.isfinite(v)]
    if ok.size == 0:
        return Summary(float("nan"), float("nan"), float("nan"), v.tolist())
    mean = float(ok.mean())
    if ok.size < 2 or float(ok.std()) == 0.0:
        return Summary(mean, mean, mean, v.tolist())
    lo, hi = stats.t.interval(confidence, ok.size - 1, loc=mean, scale=stats.sem(ok))
    return Summary(mean, float(max(lo, bounds[0])), float(min(hi, bounds[1])), v.tolist())


def seeds_needed(values: Iterable[float], rel_precision: float = 0.05, confidence: float = 0.95) -> int | None:
    """Seeds needed for a CI half-width of `rel_precision` x |mean| (from the observed spread)."""
    v = np.array([x for x in values if np.isfinite(x)], dtype=float)
    if v.size < 2 or v.mean() == 0:
        return None
    z = stats.norm.ppf(0.5 + confidence / 2)
    return int(math.ceil((z * v.std(ddof=1) / (rel_precision * abs(v.mean()))) ** 2))


@dataclass
class RunResult:
    """A scenario run over several seeds: KPIs with intervals, tables, and `save(dir)` to Parquet."""

    scenario: Scenario
    seeds: list[int]
    agents: int
    years: int
    per_seed: list[SeedResult]
    seconds: float = 0.0
    draws: list[dict[str, float]] | None = None   # --uncertainty assumptions: the overrides of each replication
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def kpis(self) -> dict[str, Summary]:
        if "kpis" not in self._cache:
            keys = list(KPI_KEYS) + list(EXTRA_KPI_KEYS)
            keys += [k for k in self.per_seed[0].kpis if k not in keys]   # registered by extensions
            self._cache["kpis"] = {k: summarise((r.kpis[k] for r in self.per_seed), bounds=kpi_bounds(k))
                                   for k in keys}
        return self._cache["kpis"]

    @property
    def by_type(self) -> dict[str, dict[str, Summary]]:
        if "by_type" not in self._cache:
            types = list(self.per_seed[0].by_type)
            keys = list(self.per_seed[0].by_type[types[0]]) if types else []
            self._cache["by_type"] = {t: {k: summarise((r.by_type[t][k] for r in self.per_seed),
                                                       bounds=kpi_bounds(k)) for k in keys}
                                      for t in types}
        return self._cache["by_type"]

    @property
    def daily(self) -> pd.DataFrame:
        """One row per day, seed and fraud type (national scale)."""
        return pd.concat([r.daily for r in self.per_seed], ignore_index=True)

    @property
    def takedowns(self) -> pd.DataFrame:
        """One row per fraud instrument or mule account taken down (days from first use, weight)."""
        return pd.concat([r.takedowns for r in self.per_seed if r.takedowns is not None], ignore_index=True)

    @property
    def system(self) -> pd.DataFrame:
        """One row per day and seed: efforts, prevention spend, hub members, fraudster groups, ..."""
        return pd.concat([r.system for r in self.per_seed], ignore_index=True)

    @property
    def victims(self) -> pd.DataFrame:
        """One row per case with a loss: victim profile and outcome (`weight` = persons it stands for)."""
        return pd.concat([r.victims for r in self.per_seed], ignore_index=True)

    def kpis_by_year(self) -> pd.DataFrame:
        """KPIs of each simulated year across seeds (year 1 = before any reform at day 365):
        columns year, kpi, mean, ci_low, ci_high."""
        rows = []
        years = sorted(self.per_seed[0].by_year or {})
        for y in years:
            for k in self.per_seed[0].by_year[y]:
                s = summarise((r.by_year[y][k] for r in self.per_seed), bounds=kpi_bounds(k))
                rows.append({"year": y, "kpi": k, "mean": s.mean, "ci_low": s.ci_low, "ci_high": s.ci_high})
        return pd.DataFrame(rows)

    @property
    def reforms(self) -> list[tuple[int, str]]:
        return self.per_seed[0].reforms if self.per_seed else []

    def to_dict(self) -> dict[str, Any]:
        """The JSON object `run` and `compare` print: the fixed KPIs, then the extra ones, then extensions'."""
        return {
            "scenario": self.name,
            "seeds": list(self.seeds),
            "agents": self.agents,
            "years": self.years,
            "kpis": {k: s.as_dict() for k, s in self.kpis.items()},
            "by_type": {t: {k: s.as_dict(with_values=False) for k, s in d.items()} for t, d in self.by_type.items()},
            **({"uncertainty": describe(self.draws)} if self.draws is not None else {}),
        }

    def save(self, out: str | Path) -> Path:
        """Write OUT/<name>/ (Parquet tables and a JSON manifest) atomically: a new folder, then one rename;
        `fraudchain.sim.runs.store.check_run_folder` verifies a saved folder against its manifest."""
        from fraudchain.sim.runs.store import save_run

        return save_run(self, Path(out))


@dataclass
class Difference:
    """A paired difference across seeds: mean, 95 % t-interval, paired t-test p-value, relative to base."""

    mean: float
    ci_low: float
    ci_high: float
    p_value: float
    relative: float


@dataclass
class CompareResult:
    """Several scenarios run on the same seeds; `results` maps scenario name to its RunResult."""

    results: dict[str, RunResult]

    @property
    def scenarios(self) -> list[str]:
        return list(self.results)

    def difference(self, kpi: str, scenario: str, base: str | None = None) -> Difference:
        """Paired difference scenario - base over common seeds, 95 % t-interval and paired t-test."""
        base = base or self.scenarios[0]
        a = np.array(self.results[scenario].kpis[kpi].values, dtype=float)
        b = np.array(self.results[base].kpis[kpi].values, dtype=float)
        d = a - b
        ok = np.isfinite(d)
        d = d[ok]
        if d.size == 0:
            return Difference(float("nan"), float("nan"), float("nan"), float("nan"), float("nan"))
        s = summarise(d)
        if d.size >= 2 and d.std() > 0:
            p = float(stats.ttest_rel(a[ok], b[ok]).pvalue)
        else:
            p = float("nan")
        bm = float(np.nanmean(b))
        return Difference(s.mean, s.ci_low, s.ci_high, p, s.mean / bm if bm else float("nan"))

    def to_dict(self) -> dict[str, Any]:
        return {"scenarios": self.scenarios, "results": {k: r.to_dict() for k, r in self.results.items()}}


# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Packed:
    """A scenario and its model's pipeline, pickled once with cloudpickle to send to worker processes (a stage,
    KPI or actor a script defines travels by value, one from an importable module by reference)."""

    blob: bytes

    @classmethod
    def of(cls, scenario: Scenario, pipeline: Pipeline | None = None) -> Packed:
        return cls(cloudpickle.dumps((scenario, pipeline or pipeline_of(scenario))))

    def unpack(self) -> tuple[Scenario, Pipeline]:
        """The scenario and pipeline, with what the pipeline names installed in this process."""
        scenario, pipeline = cloudpickle.loads(self.blob)
        pipeline.install()
        return scenario, pipeline


def pipeline_of(scenario: Scenario) -> Pipeline:
    """The pipeline of a model of `scenario`; a problem with its extensions is bad input (before any work)."""
    try:
        return build_pipeline(scenario)
    except (ValueError, KeyError) as e:
        raise BadInput(f"{scenario.name}: extensions: {e}") from None


def run_seed(scenario: Scenario, agents: int, seed: int, years: int | None = None,
             pipeline: Pipeline | None = None) -> SeedResult:
    """One replication: build the model (with `pipeline`, default: the scenario's), run every day, collect
    KPIs and tables."""
    t0 = time.perf_counter()
    m = FraudChainModel(scenario, agents=agents, seed=seed, years=years, pipeline=pipeline)
    m.run_model()
    return collect(m, time.perf_counter() - t0)


def run_packed(packed: Packed, agents: int, seed: int, years: int | None = None) -> SeedResult:
    """One replication of a packed scenario (the task a worker process runs)."""
    scenario, pipeline = packed.unpack()
    return run_seed(scenario, agents, seed, years, pipeline)


def _as_scenario(s: Scenario | str | Path) -> Scenario:
    return s if isinstance(s, Scenario) else load_scenario(s)


def _workers(n_jobs: int, workers: int | None) -> int:
    """Processes to start: as asked (default one per core), never more than there are jobs (so
    `workers=10**6` does not mean a million processes)."""
    if workers is not None:
        return max(1, min(workers, n_jobs))
    return max(1, min(n_jobs, os.cpu_count() or 1))


def pack_jobs(jobs: list[tuple[Scenario, int]]) -> list[tuple[Packed, int]]:
    """(scenario, seed) jobs with each distinct scenario packed once, with its pipeline."""
    packed: dict[int, Packed] = {}
    out = []
    for s, seed in jobs:
        if id(s) not in packed:
            packed[id(s)] = Packed.of(s)
        out.append((packed[id(s)], seed))
    return out


def run_many(jobs: list[tuple[Scenario, int]], agents: int, years: int | None, workers: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> list[SeedResult]:
    """Run (scenario, seed) jobs, in worker processes when there is more than one (fraudchain.sim.runs.procs)."""
    n = len(jobs)
    w = _workers(n, workers)
    out: list[SeedResult | None] = [None] * n
    if w == 1 or n == 1:
        pipelines: dict[int, Pipeline] = {}
        for i, (s, seed) in enumerate(jobs):
            pipeline = pipelines.setdefault(id(s), pipeline_of(s))
            out[i] = run_seed(s, agents, seed, years, pipeline)
            if progress:
                progress(i + 1, n)
    else:
        stall = stall_seconds(list({id(s): s for s, _ in jobs}.values()), agents, years)
        tasks = [(p, agents, seed, years) for p, seed in pack_jobs(jobs)]
        for done, (i, r) in enumerate(parallel(run_packed, tasks, w, stall), 1):
            out[i] = r
            if progress:
                progress(done, n)
    return [r for r in out if r is not None]


def run(scenario: Scenario | str | Path, seeds: int | Iterable[int] = 3, agents: int = DEFAULT_AGENTS,
        years: int | None = None, workers: int | None = None,
        progress: Callable[[int, int], None] | None = None, uncertainty: str = "seeds") -> RunResult:
    """Run a scenario for several seeds (in parallel processes) and summarise across them.

    scenario: a Scenario, a built-in name or a path to a TOML file.
    seeds: a count N (seeds 0..N-1) or the seeds themselves; each seed is an independent replication.
    agents: simulated consumers (SMEs scale with them); results are always national.
    years: simulated years (default: the scenario's); KPIs cover the last one.
    workers: processes (default: one per core, at most one per seed).
    progress: called as progress(done, total) as seeds finish.
    uncertainty: "seeds" (only the seed varies) or "assumptions" (each replication also draws every
        uncertain parameter from its range, Latin hypercube; sim/runs/uncertainty.py).
    """
    s = _as_scenario(scenario)
    seed_list = list(range(seeds)) if isinstance(seeds, int) else [int(x) for x in seeds]
    t0 = time.perf_counter()
    reps, draws = replications([s], seed_list, uncertainty)
    per = run_many(list(zip(reps[0], seed_list, strict=True)), agents, years, workers, progress)
    return RunResult(s, seed_list, agents, years or s.run.years, per, time.perf_counter() - t0, draws)


def unique_names(ss: list[Scenario]) -> list[Scenario]:
    """Scenarios with names made unique (a repeated name gets #<position>), as `compare` reports them."""
    names = [s.name for s in ss]
    if len(set(names)) == len(names):
        return ss
    return [s.model_copy(update={"name": f"{s.name}#{i + 1}"}) if names.count(s.name) > 1 else s
            for i, s in enumerate(ss)]


def compare(scenarios: Iterable[Scenario | str | Path], seeds: int | Iterable[int] = 3,
            agents: int = DEFAULT_AGENTS, years: int | None = None, workers: int | None = None,
            progress: Callable[[int, int], None] | None = None, uncertainty: str = "seeds") -> CompareResult:
    """Run several scenarios on the same seeds (common random numbers) for paired comparison.

    Same arguments as `run`; with uncertainty="assumptions" replication i of every scenario uses the
    same draw i of the uncertain parameters (paired). Use `CompareResult.difference(kpi, scenario, base)` for the paired
    difference with its 95 % interval and p-value; a scenario effect is claimed from that, never
    from one seed.
    """
    ss = unique_names([_as_scenario(x) for x in scenarios])
    seed_list = list(range(seeds)) if isinstance(seeds, int) else [int(x) for x in seeds]
    reps, draws = replications(ss, seed_list, uncertainty)
    jobs = [(r, x) for per_s in reps for r, x in zip(per_s, seed_list, strict=True)]
    per = run_many(jobs, agents, years, workers, progress)
    results = {}
    for i, s in enumerate(ss):
        part = per[i * len(seed_list):(i + 1) * len(seed_list)]
        results[s.name] = RunResult(s, seed_list, agents, years or s.run.years, part, draws=draws)
    return CompareResult(results)
