"""What each measure of a package contributes: `fraudchain contributions SCENARIO`.

Owns the Shapley decomposition of a package's effect over its named measures. A package is a
scenario whose reforms name measures (`measure` / `measures` on a `[[reforms]]` entry, see
scenarios/schema.py Reform). A coalition is the same scenario with only its members' reform keys;
the empty coalition is the scenario without any reform (its status quo).

For every coalition S the effect v(S) = KPI(S) - KPI(empty) is taken per seed: every coalition runs
on the same seeds (common random numbers), so seed noise largely cancels between coalitions.
Shapley values per seed:

    phi_i = sum over S not containing i of |S|! (n-|S|-1)! / n! * (v(S + i) - v(S))

exactly over all 2^n coalitions up to EXACT_MAX measures; above that, averaged over sampled
permutations (each the marginal contributions along one random order). Either way the values sum
to the package effect v(all) seed by seed, exactly (up to floating point). Intervals are 95 %
t-intervals over the seeds. The interaction is the part of the package effect that the measures'
standalone effects do not explain: v(all) - sum_i v({i}); positive for a net-loss KPI means the
measures reinforce each other's cuts less than their sum (they overlap), negative that they add up
to more than their parts (for a KPI that falls, read the sign with care).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from fraudchain.scenarios.schema import Reform, Scenario
from fraudchain.sim.errors import BadInput
from fraudchain.sim.runs.procs import parallel
from fraudchain.sim.runs.runner import Packed, _workers, pack_jobs, run_packed
from fraudchain.sim.runs.workload import stall_seconds

EXACT_MAX = 6
DEFAULT_KPIS = ("net_loss_eur", "victims", "loss_borne_victims_eur", "social_cost_eur")
DEFAULT_PERMUTATIONS = 64
# sampled orders: the Shapley estimate's error falls as 1/sqrt(permutations); beyond ten thousand the seeds'
# noise dominates, and a typo (1,000,000,000) must not allocate the orders (assumption)
MAX_PERMUTATIONS = 10_000
Coalition = frozenset[str]


# ---------------------------------------------------------------------------------------------
# measures and coalitions
def measures_of(scenario: Scenario) -> list[str]:
    """The package's measures in the order they first appear; a reform entry that names none is a
    measure of its own, `reform_<i>` (its position in the list)."""
    out: list[str] = []
    for i, r in enumerate(scenario.reforms):
        for m in [*r.measures, *r.measure_of().values()]:
            name = m or f"reform_{i}"
            if name not in out:
                out.append(name)
    return out


def coalition_reforms(scenario: Scenario, members: Iterable[str]) -> list[dict[str, Any]]:
    """The reforms of the package with only the keys of the given measures (as plain tables)."""
    keep = set(members)
    reforms: list[dict[str, Any]] = []
    for i, r in enumerate(scenario.reforms):
        owner = {k: (m or f"reform_{i}") for k, m in r.measure_of().items()}
        kept = {k: v for k, v in r.set.items() if owner[k] in keep}
        if not kept:
            continue
        groups = {m: [k for k in ks if k in kept] for m, ks in r.measures.items()}
        reforms.append(Reform(day=r.day, label=r.label, set=kept, measure=r.measure,
                              measures={m: ks for m, ks in groups.items() if ks}).model_dump())
    return reforms


def coalition_scenario(scenario: Scenario, members: Iterable[str]) -> Scenario:
    """The scenario with only the reform keys of the given measures (validated like any scenario)."""
    keep = set(members)
    tag = "+".join(sorted(keep)) or "none"
    s = scenario.with_overrides({"reforms": coalition_reforms(scenario, keep)})
    return s.model_copy(update={"name": f"{scenario.name}[{tag}]"})


def all_coalitions(players: list[str]) -> list[Coalition]:
    return [frozenset(c) for k in range(len(players) + 1) for c in itertools.combinations(players, k)]


def permutations(players: list[str], n: int, seed: int = 0) -> list[list[str]]:
    """n random orders of the players (reproducible)."""
    rng = np.random.default_rng(seed)
    return [[players[j] for j in rng.permutation(len(players))] for _ in range(n)]


def permutation_coalitions(perms: list[list[str]]) -> list[Coalition]:
    """Every coalition the permutations pass through (prefixes), the empty and full ones included."""
    seen: dict[Coalition, None] = {frozenset(): None}
    for p in perms:
        for k in range(1, len(p) + 1):
            seen.setdefault(frozenset(p[:k]), None)
    return list(seen)


# ---------------------------------------------------------------------------------------------
# Shapley values of a game given per seed: values[S] is an array (one value per seed)
def shapley_exact(players: list[str], values: dict[Coalition, np.ndarray]) -> dict[str, np.ndarray]:
    """Exact Shapley values (per seed) from the values of all 2^n coalitions."""
    n = len(players)
    weight = [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in range(n)]
    out = {}
    for p in players:
        others = [q for q in players if q != p]
        phi = np.zeros_like(np.asarray(values[frozenset()], dtype=float))
        for k in range(n):
            for c in itertools.combinations(others, k):
                s = frozenset(c)
                phi = phi + weight[k] * (values[s | {p}] - values[s])
        out[p] = phi
    return out


def shapley_sampled(perms: list[list[str]], values: dict[Coalition, np.ndarray]) -> dict[str, np.ndarray]:
    """Shapley values (per seed) averaged over the marginal contributions along each permutation."""
    players = perms[0]
    acc = {p: np.zeros_like(np.asarray(values[frozenset()], dtype=float)) for p in players}
    for perm in perms:
        before: Coalition = frozenset()
        for p in perm:
            after = before | {p}
            acc[p] = acc[p] + (values[after] - values[before])
            before = after
    return {p: v / len(perms) for p, v in acc.items()}


# ---------------------------------------------------------------------------------------------
@dataclass
class KpiContributions:
    package_effect: np.ndarray                 # per seed: v(all) - v(empty)
    contributions: dict[str, np.ndarray]       # measure -> per-seed Shapley value
    standalone: dict[str, np.ndarray]          # measure -> per-seed v({i}) - v(empty)

    @property
    def interaction(self) -> np.ndarray:
        return self.package_effect - sum(self.standalone.values())


@dataclass
class ContributionResult:
    scenario: str
    measures: list[str]
    method: str
    seeds: list[int]
    agents: int
    years: int
    coalitions_run: int
    kpis: dict[str, KpiContributions]

    def to_dict(self) -> dict[str, Any]:
        def iv(v: np.ndarray) -> dict[str, Any]:
            return _interval(v)

        return {"scenario": self.scenario, "measures": self.measures, "method": self.method,
                "seeds": self.seeds, "agents": self.agents, "years": self.years,
                "coalitions_run": self.coalitions_run,
                "kpis": {k: {"package_effect": iv(c.package_effect),
                             "contributions": {m: iv(v) for m, v in c.contributions.items()},
                             "interaction": iv(c.interaction),
                             "standalone": {m: iv(v) for m, v in c.standalone.items()}}
                         for k, c in self.kpis.items()}}


def _interval(values: np.ndarray) -> dict[str, Any]:
    from fraudchain.sim.runs.runner import summarise

    s = summarise(np.asarray(values, dtype=float))
    return s.as_dict(with_values=False)


def decompose(players: list[str], values: dict[Coalition, np.ndarray], perms: list[list[str]] | None = None
              ) -> KpiContributions:
    """Package effect, Shapley contributions and standalone effects from per-seed coalition values."""
    empty = values[frozenset()]
    rel = {s: np.asarray(v, dtype=float) - empty for s, v in values.items()}
    phi = shapley_sampled(perms, rel) if perms else shapley_exact(players, rel)
    full = rel[frozenset(players)]
    standalone = {p: rel[frozenset([p])] for p in players if frozenset([p]) in rel}
    if len(standalone) < len(players):
        standalone = {}
    return KpiContributions(full, phi, standalone)


@dataclass
class Plan:
    """What a contributions study runs: the measures, the coalitions (each run on every seed) and, above
    EXACT_MAX measures, the sampled orders."""

    players: list[str]
    coalitions: list[Coalition]
    perms: list[list[str]] | None
    method: str


def plan(scenario: Scenario, n_permutations: int = DEFAULT_PERMUTATIONS) -> Plan:
    """The coalitions a study of this package runs (BadInput for fewer than 2 measures or a number of
    permutations outside 1..MAX_PERMUTATIONS); cheap, for pricing the work before it starts."""
    players = measures_of(scenario)
    if len(players) < 2:
        raise BadInput(f"{scenario.name}: {len(players)} measure(s) in its reforms; contributions need at least 2 "
                       "(name them with `measure` or `measures` on its [[reforms]] entries)")
    if not 1 <= n_permutations <= MAX_PERMUTATIONS:
        raise BadInput(f"--permutations {n_permutations}: must be between 1 and {MAX_PERMUTATIONS:,}")
    if len(players) <= EXACT_MAX:
        coalitions = all_coalitions(players)
        return Plan(players, coalitions, None, f"exact Shapley over all {len(coalitions)} coalitions")
    perms = permutations(players, n_permutations)
    coalitions = list(dict.fromkeys(permutation_coalitions(perms) + [frozenset([p]) for p in players]))
    return Plan(players, coalitions, perms,
                f"Shapley over {n_permutations} sampled permutations ({len(coalitions)} coalitions)")


def plan_workload(scenario: Scenario, p: Plan, agents: int, seeds: int, years: int | None = None) -> Any:
    """The work of running every coalition of the plan on every seed (sim/runs/workload.py), each
    coalition priced with its own reforms."""
    from fraudchain.sim.runs.workload import combine, estimate_work

    return combine(estimate_work(scenario, agents, seeds, years, reforms=coalition_reforms(scenario, c))
                   for c in p.coalitions)


def contributions(scenario: Scenario, kpis: Iterable[str] = DEFAULT_KPIS, seeds: int = 3, agents: int = 150_000,
                  years: int | None = None, workers: int | None = None, n_permutations: int = DEFAULT_PERMUTATIONS,
                  progress: Callable[[int, int], None] | None = None) -> ContributionResult:
    """Shapley contributions of the package's measures to each KPI (coalitions run in parallel)."""
    p = plan(scenario, n_permutations)
    players, coalitions, perms, method = p.players, p.coalitions, p.perms, p.method
    seed_list = list(range(seeds))
    scen = {c: coalition_scenario(scenario, c) for c in coalitions}
    jobs = [(scen[c], s) for c in coalitions for s in seed_list]
    per = run_kpis(jobs, agents, years, workers, progress)
    kpis = list(kpis)
    out = {}
    for k in kpis:
        values = {c: np.array([per[i * len(seed_list) + j][k] for j in range(len(seed_list))], dtype=float)
                  for i, c in enumerate(coalitions)}
        out[k] = decompose(players, values, perms)
    return ContributionResult(scenario.name, players, method + "; paired by seed (the same seeds for every coalition)",
                              seed_list, agents, years or scenario.run.years, len(coalitions), out)


def seed_kpis(packed: Packed, agents: int, seed: int, years: int | None) -> dict[str, float]:
    """One replication's KPIs only (the tables stay in the worker: many coalitions x seeds add up)."""
    return run_packed(packed, agents, seed, years).kpis


def run_kpis(jobs: list[tuple[Scenario, int]], agents: int, years: int | None, workers: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> list[dict[str, float]]:
    """(scenario, seed) jobs in worker processes (fraudchain.sim.runs.procs), in job order."""
    n = len(jobs)
    stall = stall_seconds(list({id(s): s for s, _ in jobs}.values()), agents, years)
    tasks = [(p, agents, seed, years) for p, seed in pack_jobs(jobs)]
    out: list[dict[str, float]] = [{} for _ in jobs]
    for done, (i, kpis) in enumerate(parallel(seed_kpis, tasks, _workers(n, workers), stall), 1):
        out[i] = kpis
        if progress:
            progress(done, n)
    return out


# ---------------------------------------------------------------------------------------------
