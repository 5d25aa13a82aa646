"""The best package: `fraudchain optimise`, a multi-objective search over policy levers.

Owns the search: optuna's TPE sampler (multi-objective, constraints through `constraints_func`) over
the levers of sim/studies/policy_levers.py, for the Pareto front of the chosen KPIs (all minimised), under
constraints such as `public_cost_eur<=5e6`. Every trial runs on the same seeds (common random
numbers), its objectives are the means over those seeds; the trials of a batch run in parallel on
a local process pool or Dask (the executors of sim/studies/sweep_exec.py). The study lives in an optuna
JournalStorage file, DIR/journal.log: the same command again resumes, and finished trials are
never recomputed (a trial cut off by a kill is run again). Every point of the front is then
evaluated again on fresh seeds (10000, 10001, ...) and reported with 95 % t-intervals, together with
the scenario without the levers on the same fresh seeds.

    DIR/optimise.json   the command and its hash (another command is refused for the same folder)
    DIR/journal.log     the optuna study (append-only)
    DIR/evaluations.json  the fresh-seed evaluations, cached by point and seeds
    DIR/trials.parquet  one row per trial: state, levers, objective means, constraint values, feasible
    DIR/front.parquet   one row per front point: levers, every reported KPI with its interval
    DIR/front.html      the front as an interactive chart (plotly)

One process at a time writes a folder (an flock on DIR/.lock); every file read back on a resume is
checked first (a regular file within a size bound, the JSON shape it must have), so a damaged, planted
or foreign file gives a message naming it instead of a traceback or a hang. A folder that holds a saved
run or a sweep is refused.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from fraudchain.scenarios.files import FileRefused, read_regular
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim.errors import BadInput
from fraudchain.sim.studies.optimise_runs import executor
from fraudchain.sim.studies.policy_levers import (
    Lever,
    check_range,
    lever_changes,
    pseudo_keys,
    with_levers,
)

FRESH_SEED = 10_000
MARKER = "optimise.json"
OUTPUTS = ("journal.log", "evaluations.json", "trials.parquet", "front.parquet", "front.html")
MAX_JSON_BYTES = 256 * 2**20        # the evaluations of 100,000 trials' fronts are far smaller


class StudyFailed(Exception):
    """Too many trials failed (every run of them raised); the message names the last error."""
REPORTED = ("net_loss_eur", "victims", "loss_borne_victims_eur", "victim_harm_eur", "social_cost_eur",
            "public_cost_eur", "prevention_spend_eur", "measure_cost_eur", "friction_cost_eur", "support_rate")
CONSTRAINT_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(<=|>=|<|>)\s*"
                           r"([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$")
Evaluation = dict[str, Any]     # {"values": [...], "constraints": [...], "attrs": {...}} or {"error": str}


# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Constraint:
    """KPI op bound, e.g. public_cost_eur <= 5e6; judged on the mean over seeds (< is read as <=)."""

    kpi: str
    op: str
    bound: float

    def violation(self, value: float) -> float:
        """<= 0 when satisfied (optuna's convention), the shortfall otherwise."""
        return value - self.bound if self.op in ("<=", "<") else self.bound - value

    def __str__(self) -> str:
        return f"{self.kpi}{self.op}{self.bound:g}"


def parse_constraint(text: str, known: list[str]) -> Constraint:
    """'KPI<=NUMBER' (or >=, <, >) parsed without eval."""
    m = CONSTRAINT_RE.match(text)
    if not m:
        raise BadInput(f"--constraint {text!r}: expected KPI<=NUMBER (or >=, <, >), e.g. "
                       "--constraint \"public_cost_eur<=5e6\"")
    kpi, op, num = m.groups()
    if kpi not in known:
        raise BadInput(f"--constraint {text!r}: unknown KPI '{kpi}'; allowed: {', '.join(known)}")
    bound = float(num)
    if not math.isfinite(bound):
        raise BadInput(f"--constraint {text!r}: the bound must be a finite number")
    return Constraint(kpi, op, bound)


def parse_levers(texts: list[str], scenario: Scenario) -> list[Lever]:
    """`KEY=LOW:HIGH` -> Lever: numeric schema keys (checked like sweep's --vary) or the pseudo levers."""
    from fraudchain.sim.studies.sweep_design import parse_vary

    pseudo, schema_texts, out = pseudo_keys(), [], []
    for text in texts:
        key = text.split("=", 1)[0].strip()
        if key in pseudo:
            try:
                lo_s, hi_s = text.split("=", 1)[1].split(":", 1)
                lo, hi = float(lo_s), float(hi_s)
            except ValueError:
                raise BadInput(f"--lever {text!r}: expected KEY=LOW:HIGH with numbers") from None
            if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
                raise BadInput(f"--lever {text!r}: needs finite LOW < HIGH")
            problem = check_range(key, lo, hi)
            if problem:
                raise BadInput(problem)
            out.append(Lever(key, lo, hi))
        else:
            schema_texts.append(text)
    if schema_texts:
        try:
            out += [Lever(v.key, v.low, v.high, v.integer) for v in parse_vary(schema_texts, scenario)]
        except BadInput:
            raise
    keys = [lv.key for lv in out]
    if len(set(keys)) != len(keys):
        raise BadInput(f"--lever: a key is given twice ({', '.join(sorted({k for k in keys if keys.count(k) > 1}))})")
    return out


# ---------------------------------------------------------------------------------------------
# the study: generic over how a batch of points is evaluated (the model, or a test's function)
def _optuna() -> Any:
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    return optuna


def open_study(path: Path, name: str, n_objectives: int, constrained: bool = False, seed: int = 0) -> Any:
    """The study in a journal file (created or loaded): TPE, all objectives minimised (constraints are
    set per trial, so `constrained` only documents the call)."""
    optuna = _optuna()
    from optuna.storages.journal import JournalFileBackend

    storage = optuna.storages.JournalStorage(JournalFileBackend(str(path)))
    study = optuna.create_study(study_name=name, storage=storage, load_if_exists=True,
                                directions=["minimize"] * n_objectives)
    # a resumed study continues the sampler's stream instead of proposing its first points again
    n = len(study.get_trials(deepcopy=False))
    # constraints: each trial's Trial.set_constraint values, which TPE reads (feasible when all <= 0)
    study.sampler = optuna.samplers.TPESampler(seed=seed + n, n_startup_trials=8)
    return study


def distributions(levers: list[Lever]) -> dict[str, Any]:
    optuna = _optuna()
    return {lv.key: (optuna.distributions.IntDistribution(int(lv.low), int(lv.high)) if lv.integer
                     else optuna.distributions.FloatDistribution(lv.low, lv.high)) for lv in levers}


def run_study(study: Any, levers: list[Lever], trials: int,
              evaluate: Callable[[list[dict[str, float]]], Iterator[tuple[int, Evaluation]]], batch: int = 1,
              progress: Callable[[int, int], None] | None = None) -> int:
    """Run trials until `trials` are complete; returns how many were run now.

    A trial left running by a killed process is marked failed and its point queued again. Each
    batch of `batch` points is asked together and told as its evaluations come in.
    """
    optuna = _optuna()
    from optuna.trial import TrialState

    for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        study.enqueue_trial(t.params, user_attrs={"rerun_of": t.number})
        study.tell(t.number, state=TrialState.FAIL)
    dists = distributions(levers)
    finished = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    known = {_key(t.params): t for t in finished}
    done = len(finished)
    ran, failed = 0, 0
    while done < trials:
        asked = [study.ask(dists) for _ in range(min(batch, trials - done))]
        # a point evaluated before (same levers, same seeds) gives the same result: copy it
        results = [(i, _copy(known[_key(t.params)])) for i, t in enumerate(asked) if _key(t.params) in known]
        new = [i for i, t in enumerate(asked) if _key(t.params) not in known]
        for j, res in itertools.chain(results, ((new[j], r) for j, r in
                                                evaluate([dict(asked[i].params) for i in new]))):
            i = j
            t = asked[i]
            if "error" in res:
                t.set_user_attr("error", str(res["error"])[:2000])
                study.tell(t, state=TrialState.FAIL)
                failed += 1
                continue
            for k, v in res.get("attrs", {}).items():
                t.set_user_attr(k, v)
            cons = [float(c) for c in res.get("constraints", [])]
            t.set_user_attr("constraints", cons)
            for n, c in enumerate(cons):
                t.set_constraint(f"c{n}", c)
            study.tell(t, [float(v) for v in res["values"]])
            known[_key(t.params)] = study.get_trials(deepcopy=False)[t.number]
            done += 1
            ran += 1
            if progress:
                progress(done, trials)
        if failed > max(3, trials):
            raise StudyFailed(f"{failed} trials failed; the last error: {t.user_attrs.get('error')}")
    del optuna
    return ran


def _key(params: dict[str, Any]) -> tuple:
    return tuple(sorted((k, float(v)) for k, v in params.items()))


def _copy(t: Any) -> Evaluation:
    attrs = {k: v for k, v in t.user_attrs.items() if k not in ("constraints", "rerun_of")}
    return {"values": list(t.values), "constraints": t.user_attrs.get("constraints", []),
            "attrs": {**attrs, "copied_from": t.number}}


def pareto_front(points: np.ndarray, feasible: np.ndarray) -> list[int]:
    """Indices of the feasible, non-dominated rows of `points` (all objectives minimised)."""
    idx = [i for i in range(len(points)) if feasible[i]]
    front = []
    for i in idx:
        dominated = any(np.all(points[j] <= points[i]) and np.any(points[j] < points[i]) for j in idx if j != i)
        if not dominated:
            front.append(i)
    # one point per distinct objective vector
    seen, out = set(), []
    for i in front:
        key = tuple(np.round(points[i], 9))
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def front_trials(study: Any) -> list[Any]:
    from optuna.trial import TrialState

    done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if not done:
        return []
    pts = np.array([t.values for t in done], dtype=float)
    ok = np.array([all(c <= 0 for c in t.user_attrs.get("constraints", [])) for t in done])
    return [done[i] for i in pareto_front(pts, ok)]


# ---------------------------------------------------------------------------------------------
# evaluating points with the model
@dataclass
class Problem:
    scenario: Scenario
    levers: list[Lever]
    objectives: list[str]
    constraints: list[Constraint]
    budget_eur: float | None
    agents: int
    years: int

    def overrides(self, params: dict[str, float]) -> tuple[dict[str, Any], dict[str, Any]]:
        changes, buys = lever_changes(self.scenario, params, self.budget_eur)
        return with_levers(self.scenario, changes, self.years), buys

    def kpis(self) -> list[str]:
        return list(dict.fromkeys([*self.objectives, *(c.kpi for c in self.constraints), *REPORTED]))


def model_evaluator(problem: Problem, seeds: list[int], run_jobs: Callable[..., Iterator]
                    ) -> Callable[[list[dict[str, float]]], Iterator[tuple[int, Evaluation]]]:
    """evaluate(points) for run_study: every point on the same seeds, in parallel."""
    def evaluate(points: list[dict[str, float]]) -> Iterator[tuple[int, Evaluation]]:
        jobs, buys = [], {}
        for i, p in enumerate(points):
            ov, buys[i] = problem.overrides(p)
            jobs += [(i, s, ov) for s in seeds]
        rows: dict[int, list[dict[str, Any]]] = {i: [] for i in range(len(points))}
        for j, row in run_jobs(problem.scenario, jobs, problem.agents, problem.years):
            i = jobs[j][0]
            rows[i].append(row)
            if len(rows[i]) < len(seeds):
                continue
            bad = [r["error"] for r in rows[i] if r.get("status") != "ok"]
            if bad:
                yield i, {"error": bad[0]}
                continue
            per = {k: [float(r[k]) for r in rows[i]] for k in problem.kpis()}
            means = {k: float(np.mean(v)) for k, v in per.items()}
            yield i, {"values": [means[k] for k in problem.objectives],
                      "constraints": [c.violation(means[c.kpi]) for c in problem.constraints],
                      "attrs": {"kpis": per, "buys": buys[i]}}
        for i, got in rows.items():          # runs that never came back (a lost worker) fail the trial
            if len(got) < len(seeds):
                yield i, {"error": f"{len(seeds) - len(got)} of {len(seeds)} runs did not come back"}
    return evaluate


def evaluate_fresh(problem: Problem, points: list[dict[str, float]], seeds: list[int], run_jobs: Callable,
                   cache_path: Path) -> list[dict[str, list[float]]]:
    """KPIs per seed of each point (None: the scenario without levers) on fresh seeds, cached on disk."""
    cache = read_json(cache_path, "evaluations of front points", _check_evaluations) if cache_path.exists() else {}
    keys = [hashlib.sha256(json.dumps([p, seeds], sort_keys=True).encode()).hexdigest()[:24] for p in points]
    todo = [i for i, k in enumerate(keys) if k not in cache]
    jobs = []
    for i in todo:
        ov = problem.overrides(points[i])[0] if points[i] is not None else {}
        jobs += [(i, s, ov) for s in seeds]
    got: dict[int, list[dict[str, Any]]] = {i: [] for i in todo}
    if jobs:
        for j, row in run_jobs(problem.scenario, jobs, problem.agents, problem.years):
            got[jobs[j][0]].append(row)
    for i in todo:
        if len(got[i]) != len(seeds):
            raise StudyFailed(f"re-evaluating a front point: {len(got[i])} of {len(seeds)} runs came back")
        bad = [r["error"] for r in got[i] if r.get("status") != "ok"]
        if bad:
            raise StudyFailed(f"re-evaluating a front point failed: {bad[0]}")
        cache[keys[i]] = {k: [float(r[k]) for r in got[i]] for k in problem.kpis()}
    if todo:
        tmp = cache_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(cache))
        os.replace(tmp, cache_path)
    return [cache[k] for k in keys]


# ---------------------------------------------------------------------------------------------
def command_hash(problem: Problem, seeds: int, sampler_seed: int) -> str:
    doc = {"scenario": problem.scenario.model_dump(mode="json"), "levers": [vars(lv) for lv in problem.levers],
           "objectives": problem.objectives, "constraints": [str(c) for c in problem.constraints],
           "budget": problem.budget_eur, "agents": problem.agents, "years": problem.years, "seeds": seeds,
           "sampler_seed": sampler_seed}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()[:16]


def read_json(path: Path, what: str, check: Callable[[Any], str | None]) -> Any:
    """A JSON file of the folder, checked: a regular file within MAX_JSON_BYTES (never a hang on a pipe),
    valid JSON of the shape `check` accepts; BadInput naming the file otherwise."""
    remedy = "remove it (or use a new --out) to start the optimisation afresh"
    try:
        obj = json.loads(read_regular(path, MAX_JSON_BYTES))
    except FileRefused as e:
        raise BadInput(f"{path}: {e}; {remedy}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as e:
        raise BadInput(f"{path}: not readable as the {what} ({str(e)[:120]}); {remedy}") from None
    problem = check(obj)
    if problem:
        raise BadInput(f"{path}: not the {what} fraudchain optimise writes ({problem}); {remedy}")
    return obj


def _check_manifest(obj: Any) -> str | None:
    return None if isinstance(obj, dict) and isinstance(obj.get("hash"), str) else "a JSON object with a hash"


def _check_evaluations(obj: Any) -> str | None:
    if not isinstance(obj, dict):
        return "a JSON object"
    for v in obj.values():
        if not isinstance(v, dict) or not all(isinstance(x, list) and all(
                isinstance(y, (int, float)) and not isinstance(y, bool) for y in x) for x in v.values()):
            return "each entry maps KPIs to lists of numbers"
    return None


def check_journal(path: Path) -> None:
    """The optuna journal must be a regular file (or absent): a pipe there would hang its reader."""
    from fraudchain.sim.runs.store import StoreError, check_output_file

    try:
        check_output_file(path)
    except StoreError as e:
        raise BadInput(f"{e}; remove it to start afresh") from None


def claim_folder(out: Path, h: str, command: dict[str, Any]) -> None:
    """Create DIR/optimise.json, or check that the folder holds the same command."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BadInput(f"--out {out}: cannot create the folder ({e.strerror})") from None
    if not os.access(out, os.W_OK):
        raise BadInput(f"--out {out}: the folder is not writable")
    manifest = out / MARKER
    if os.path.lexists(manifest):
        old = read_json(manifest, "optimisation manifest", _check_manifest)
        if old.get("hash") != h:
            raise BadInput(f"--out {out}: holds another optimisation ({json.dumps(old.get('command'))}); "
                           "use a new folder, or the same options to resume")
        return
    tmp = manifest.with_suffix(".tmp")
    tmp.write_text(json.dumps({"hash": h, "command": command}, indent=1))
    os.replace(tmp, manifest)


def optimise(problem: Problem, out: Path, trials: int, seeds: int, check_seeds: int, kind: str = "local",
             workers: int | None = None, scheduler: str | None = None, sampler_seed: int = 0,
             command: dict[str, Any] | None = None, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Run (or resume) the search, re-evaluate the front on fresh seeds, write the outputs."""
    from fraudchain.sim.runs.store import StoreError, check_study_folder, study_lock
    from fraudchain.sim.studies.optimise_report import write_outputs

    h = command_hash(problem, seeds, sampler_seed)
    try:
        check_study_folder(out, MARKER, OUTPUTS)
        with study_lock(out, "another fraudchain optimise is writing to this folder; wait for it to finish or "
                             "give another --out"):
            claim_folder(out, h, command or {})
            check_journal(out / "journal.log")
            if os.path.lexists(out / "evaluations.json"):        # checked now, not after the search
                read_json(out / "evaluations.json", "evaluations of front points", _check_evaluations)
            try:
                study = open_study(out / "journal.log", f"fraudchain-{h}", len(problem.objectives),
                                   bool(problem.constraints), sampler_seed)
            except (ValueError, KeyError, TypeError, OSError, AssertionError, AttributeError, IndexError) as e:
                raise BadInput(f"{out / 'journal.log'}: not a readable optuna journal ({type(e).__name__}: "
                               f"{str(e)[:160]}); remove it to start the optimisation afresh") from None
            workers = max(1, workers or os.cpu_count() or 1)
            seed_list = list(range(seeds))
            fresh = list(range(FRESH_SEED, FRESH_SEED + check_seeds))
            with executor(kind, workers, scheduler) as run_jobs:
                ran = run_study(study, problem.levers, trials, model_evaluator(problem, seed_list, run_jobs),
                                batch=max(1, workers // max(1, min(seeds, workers))), progress=progress)
                front = front_trials(study)
                points: list[Any] = [dict(t.params) for t in front] + [None]
                evals = evaluate_fresh(problem, points, fresh, run_jobs, out / "evaluations.json")
            return write_outputs(problem, study, front, evals, fresh, out, ran)
    except StoreError as e:
        raise BadInput(str(e)) from None


# ---------------------------------------------------------------------------------------------
