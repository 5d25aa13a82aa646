"""The dashboard's runs, as the page sees them: which replications a comparison needs, reading them from
the store (the key figures alone for the headline, which is fast; whole for the charts), keeping
finished comparisons in memory, the cap on work, and handing missing work to a background worker.

Replications are paired as `fraudchain compare` pairs them (work.replications): the same seeds and,
with uncertainty in assumptions (the default), the same draw of every uncertain parameter for each
scenario, so the dashboard's intervals and verdicts are the README's. Nothing is computed here: the
page never waits on a simulation in the web server (jobs.py, worker.py). Uses sim's public results.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import streamlit as st
from fraudchain.dashboard import jobs, store, work
from fraudchain.dashboard.i18n import fmt_number, t
from fraudchain.dashboard.specs import REFERENCE
from fraudchain.dashboard.state import Scale
from fraudchain.scenarios.loader import load_scenario
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim import CompareResult, RunResult
from fraudchain.sim.runs.uncertainty import replications as paired_replications
from fraudchain.sim.runs.workload import estimate_work

# the largest comparison computed in one go, in simulated agent-years (seeds x agents x years, summed
# over the replications still to compute): 4 scenarios at the landing scale. Stored results cost nothing.
WORK_CAP = 4 * 8 * 150_000 * 3
# the largest study a page may hand to the background worker (contributions of a package, the budget
# search), in the same unit: the contributions of the full package (5 measures, 32 coalitions) on 8
# replications at the landing scale, which `make run` precomputes. Studies run one at a time in the worker.
STUDY_CAP = 32 * 8 * 150_000 * 3
MEMORY_ENTRIES = 8      # comparisons kept in memory with their tables (one at 8 x 150,000 takes ~100 MB)
_MEMORY_LOCK = threading.Lock()


class WorkTooLarge(Exception):
    """Work beyond the cap (WORK_CAP, STUDY_CAP); the message says what to reduce."""


@st.cache_resource(show_spinner=False)
def _memory() -> OrderedDict[tuple, CompareResult]:
    return OrderedDict()


def _reference_seconds(agents: int, years: int) -> float:
    return estimate_work(load_scenario(REFERENCE), agents, 1, years).cpu_seconds


def refuse_work(cpu_seconds: float, runs: int, scale: Scale, lang: str, cap: float = WORK_CAP) -> None:
    """WorkTooLarge beyond `cap` (WORK_CAP for a comparison, STUDY_CAP for a study; the dashboard has no
    --yes); CPU time (sim/runs/workload.py, the command line's estimate) is counted in simulated
    person-years of the reference scenario at this scale, the caps' unit. Every long piece of work the
    page can start passes here first."""
    amount = cpu_seconds / _reference_seconds(scale.agents, scale.years) * scale.agents * scale.years
    if amount > cap * (1 + 1e-9):
        raise WorkTooLarge(t("work_too_large", lang, runs=fmt_number(runs, lang), agents=fmt_number(scale.agents, lang),
                             years=scale.years, work=fmt_number(amount / 1e6, lang, 1),
                             cap=fmt_number(cap / 1e6, lang, 1)))


def check_work(scenarios: list[Scenario], scale: Scale, lang: str, uncertainty: str = "assumptions"
               ) -> list[tuple[Scenario, int]]:
    """The replications still to compute (each priced as it will run, with its draw of the uncertain
    parameters); raises WorkTooLarge beyond WORK_CAP."""
    missing = work.missing(scenarios, scale.seeds, scale.agents, scale.years, uncertainty)
    refuse_work(sum(estimate_work(s, scale.agents, 1, scale.years).cpu_seconds for s, _ in missing), len(missing),
                scale, lang)
    return missing


def estimate_seconds(replications: int, scale: Scale) -> float | None:
    """Time for this many replications on this machine, from the store's own pace (None before any)."""
    import os

    rate = store.seconds_per_agent_year()
    workers = max(1, min(replications, os.cpu_count() or 1))
    return rate * scale.agents * scale.years * replications / workers if rate else None


def replications_job(scenarios: list[Scenario], scale: Scale, uncertainty: str = "assumptions") -> dict:
    """The background job of a comparison: every replication it needs (the worker runs those the store
    lacks), so the job is the same on every page run until it is done."""
    reps = work.replications(scenarios, scale.seeds, uncertainty)
    jobs_ = sorted({(store.key(r), seed) for per in reps for seed, r in enumerate(per)})
    return {"jobs": [list(j) for j in jobs_], "agents": scale.agents, "years": scale.years}


def comparison_key(scenarios: list[Scenario], scale: Scale, uncertainty: str = "assumptions") -> str:
    """A short stable id of a comparison (for caching its figures and tables)."""
    h = hashlib.sha256("|".join(s.model_dump_json() for s in scenarios).encode())
    h.update(f"{scale.seeds},{scale.agents},{scale.years},{uncertainty}".encode())
    return h.hexdigest()[:20]


def load(scenarios: list[Scenario], scale: Scale, uncertainty: str = "assumptions", tables: bool = True
         ) -> CompareResult | None:
    """The comparison from memory or the store, paired like `compare` (same seeds and draws); None when a
    replication is not stored yet. tables=False reads the key figures only (the headline needs no more)."""
    key = (comparison_key(scenarios, scale, uncertainty), tables)
    memory = _memory()
    with _MEMORY_LOCK:                        # sessions run in threads of one process
        for k in (key, (key[0], True)):
            found = memory.get(k)
            if found is not None:
                memory.move_to_end(k)
                return found
    reps, draws = paired_replications(scenarios, list(range(scale.seeds)), uncertainty)
    results: dict[str, RunResult] = {}
    for s, per_rep in zip(scenarios, reps, strict=True):
        per = [store.load_seed(store.key(r), seed, scale.agents, scale.years, tables=tables)
               for seed, r in enumerate(per_rep)]
        if any(r is None for r in per):
            for seed, (r, got) in enumerate(zip(per_rep, per, strict=True)):
                if got is None:               # unreadable (damaged or half-deleted): computed again
                    store.forget_seed(store.key(r), seed, scale.agents, scale.years)
            return None
        results[s.name] = RunResult(s, list(range(scale.seeds)), scale.agents, scale.years, per, draws=draws)
    out = CompareResult(results)
    with _MEMORY_LOCK:
        memory[key] = out
        while len(memory) > MEMORY_ENTRIES:
            memory.popitem(last=False)
    return out


def ensure(scenarios: list[Scenario], scale: Scale, lang: str, uncertainty: str = "assumptions"
           ) -> jobs.Status:
    """Done when the store holds every replication; else the background job computing them (started now
    if it is not running). Raises WorkTooLarge beyond the cap."""
    missing = check_work(scenarios, scale, lang, uncertainty)
    if not missing:
        return jobs.Status("done")
    params = replications_job(scenarios, scale, uncertainty)
    now = jobs.status("replications", params)
    if now.state == "done":                   # the worker finished but the store could not keep it all
        return jobs.Status("failed", message=t("store_failed", lang))
    return jobs.submit("replications", params, estimate_seconds(len(missing), scale))


def reforms_outside(scenarios: list[Scenario], years: int) -> list[tuple[str, int]]:
    """(scenario, day) of reforms that fall after the simulated period: such a scenario equals its
    starting point in that run."""
    days = years * 365
    return [(s.name, r.day) for s in scenarios for r in s.reforms if r.day >= days]
