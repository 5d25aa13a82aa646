"""How much work a run asks for, before it starts: events per day x days x runs, and CPU time.

One estimate for every command (run, compare, sweep, value, contributions, optimise, report,
calibrate, bench) and the dashboard: beyond CAP_CPU_SECONDS the command line goes on only with
`--yes`, and the dashboard refuses. A scenario with every value inside its range can still ask for
hours of computing and gigabytes of memory (all contact rates at 50, susceptibility 1, 2,000 groups:
one seed goes from seconds to ten minutes), and such a scenario fits in a short dashboard link.

The model's daily work grows with its events, not its population (see sim/engine/model.py): fraud contacts
(contact rate x targets / 365 per fraud type) and payments (contacts x susceptibility x payments per
victim; an upper bound: reach, filters and bank checks are ignored), plus a fixed cost per day and a
small cost per simulated person and day (awareness campaigns, daily vectors). The seconds per unit
were measured on the development machine (2 cores, 2026-11-29: nl_baseline 4,000 agents x 1 year
0.20 s, 20,000 agents 0.33 s; all contact rates 50 at 20,000 agents 1.9 s; all contact rates 50 and
susceptibility 1 with 2,000 groups at 4,000 agents 2.1 s). The estimate errs high (payments are an
upper bound), so it is for refusing runs that are far too large, not for a progress bar.

Every value a run can take is priced, at its heaviest: the scenario as it starts and after each of
its reforms; a swept or searched range (`vary`) at whichever end is heavier (the work grows or falls
with each value on its own, so the ends taken one by one give the heaviest corner, whether or not
that corner is a valid scenario); and under `--uncertainty assumptions` every drawn range. The
arithmetic works on the scenario's numbers as plain tables (never re-validated), so pricing a
thousand coalitions or design corners takes milliseconds.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.loader import set_dotted
from fraudchain.scenarios.schema import Scenario

DAYS_PER_YEAR = 365
# CPU seconds per unit of work (measured, see the module doc)
SECONDS_PER_DAY = 4.5e-4          # fixed daily stages
SECONDS_PER_AGENT_DAY = 2e-8      # daily vector work over the population
SECONDS_PER_CONTACT = 2e-7        # a contact: filters and the target's decision
SECONDS_PER_PAYMENT = 2e-6        # a payment: bank checks, mule account, reports, liability, tables
SECONDS_PER_GROUP_DAY = 2e-7      # a fraudster group's daily bookkeeping
# Default cap for the command line: one CPU hour. The default compare of the eight liability regimes
# (8 x 4 seeds x 150,000 agents x 3 years) is about 2-3 CPU minutes; a run beyond an hour is almost
# always a mistake or a hostile scenario, and `--yes` runs it anyway.
CAP_CPU_SECONDS = 3600.0
Ranges = Mapping[str, tuple[float, float]]


@dataclass(frozen=True)
class Workload:
    """The estimated work of `runs` runs (each one seed)."""

    contacts_per_day: float
    payments_per_day: float
    days: int
    runs: int
    cpu_seconds: float
    cap_seconds: float

    @property
    def events_per_day(self) -> float:
        """Contacts and payments the model handles per simulated day, in one run (mean over the runs)."""
        return self.contacts_per_day + self.payments_per_day

    @property
    def events(self) -> float:
        """Events per day x days x runs."""
        return self.events_per_day * self.days * self.runs

    @property
    def exceeds(self) -> bool:
        return self.cpu_seconds > self.cap_seconds

    def describe(self) -> str:
        return (f"about {self.events_per_day:,.0f} events per day x {self.days:,} days x {self.runs:,} run(s) = "
                f"{self.events:,.3g} events, roughly {_duration(self.cpu_seconds)} of CPU time "
                f"(cap {_duration(self.cap_seconds)})")


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:,.1f} h"


def _num(table: Any, *path: str, default: float = 0.0) -> float:
    node = table
    for p in path:
        node = node.get(p) if isinstance(node, dict) else None
    try:
        return float(node) if node is not None and not isinstance(node, bool) else default
    except (TypeError, ValueError, OverflowError):
        return default


def simulated_smes(scenario: Scenario | dict[str, Any], agents: int) -> int:
    """SME agents a run with `agents` consumer agents simulates (as sim/engine/model.py sizes them)."""
    t = scenario.model_dump() if isinstance(scenario, Scenario) else scenario
    smes, consumers = _num(t, "population", "smes"), max(_num(t, "population", "consumers", default=1.0), 1.0)
    return max(20, round(agents * smes / consumers)) if smes > 0 else 0


def daily_events(scenario: Scenario | dict[str, Any], agents: int) -> tuple[float, float]:
    """Contacts and (an upper bound of) payments per simulated day in one run with `agents` consumers."""
    t = scenario.model_dump() if isinstance(scenario, Scenario) else scenario
    n_smes = simulated_smes(t, agents)
    repeat = _num(t, "population", "repeat_victim_multiplier", default=1.0)
    contacts = payments = 0.0
    types = t.get("fraud_types") if isinstance(t.get("fraud_types"), dict) else {}
    for name, ft in types.items():
        target = FRAUD_TYPES[name].target if name in FRAUD_TYPES else "consumer"
        n = n_smes if target == "sme" else agents
        c = n * max(_num(ft, "contact_rate"), 0.0) / DAYS_PER_YEAR
        ages = ft.get("age_profile") if isinstance(ft, dict) and isinstance(ft.get("age_profile"), dict) else {}
        worst_age = max([1.0, *(_num(ages, k) for k in ages)])
        contacts += c
        payments += c * min(1.0, max(_num(ft, "susceptibility"), 0.0) * worst_age * repeat) * \
            max(_num(ft, "payments_mean", default=1.0), 0.0)
    return contacts, payments


def _day(t: dict[str, Any], agents: int) -> tuple[float, float, float]:
    """(CPU seconds per simulated day, contacts, payments) of one state of a scenario."""
    contacts, payments = daily_events(t, agents)
    population = agents + simulated_smes(t, agents)
    per_day = (SECONDS_PER_DAY + population * SECONDS_PER_AGENT_DAY + contacts * SECONDS_PER_CONTACT
               + payments * SECONDS_PER_PAYMENT + _num(t, "fraudsters", "groups") * SECONDS_PER_GROUP_DAY)
    return per_day, contacts, payments


def _heaviest(t: dict[str, Any], agents: int, vary: Ranges) -> tuple[float, float, float]:
    """The state `t` with each varied value at its heavier end (judged one by one; the work is monotone
    in each value), priced."""
    if not vary:
        return _day(t, agents)
    worst = copy.deepcopy(t)
    for key, (low, high) in vary.items():
        ends = []
        for end in (low, high):
            trial = copy.deepcopy(t)
            set_dotted(trial, key, end)
            ends.append((_day(trial, agents)[0], end))
        set_dotted(worst, key, max(ends)[1])
    return _day(worst, agents)


def states(scenario: Scenario, reforms: Sequence[Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The scenario's numbers as it starts and after each reform (in order of day), as plain tables. A
    reform can raise the work (susceptibility 1 from day 365), so the estimate takes the heaviest state.
    reforms: other reforms instead of the scenario's own (e.g. a coalition of a package's measures),
    each {"day": ..., "set": {...}}."""
    base = scenario.model_dump(mode="python", exclude={"reforms"})
    todo = [{"day": r.day, "set": r.set} for r in scenario.reforms] if reforms is None else list(reforms)
    out = [base]
    current = base
    for r in sorted(todo, key=lambda r: r["day"]):
        current = copy.deepcopy(current)
        for key, value in r["set"].items():
            set_dotted(current, key, value)
        out.append(current)
    return out


def estimate_work(scenario: Scenario, agents: int, seeds: int, years: int | None = None, runs: int | None = None,
                  cap_seconds: float = CAP_CPU_SECONDS, vary: Ranges | None = None,
                  reforms: Sequence[Mapping[str, Any]] | None = None) -> Workload:
    """The work of running `scenario` for `seeds` seeds (or `runs` runs in all, e.g. a sweep's points x
    seeds) with `agents` consumers over `years` years (default: the scenario's), at its heaviest state
    (before or after a reform) with every range in `vary` at its heavier end. `.exceeds` says whether
    it is beyond `cap_seconds` of CPU time; `.describe()` says it in one line."""
    days = (years or scenario.run.years) * DAYS_PER_YEAR
    n_runs = runs if runs is not None else seeds
    per_day, contacts, payments = max(_heaviest(t, agents, vary or {}) for t in states(scenario, reforms))
    return Workload(contacts, payments, days, n_runs, per_day * days * n_runs, cap_seconds)


def drawn_ranges(scenarios: Sequence[Scenario], uncertainty: str) -> dict[str, tuple[float, float]]:
    """The ranges `--uncertainty assumptions` draws from (none for `seeds`)."""
    if uncertainty != "assumptions":
        return {}
    from fraudchain.sim.runs.uncertainty import common_parameters

    return dict(common_parameters(scenarios))


def combine(parts: Iterable[Workload], cap_seconds: float = CAP_CPU_SECONDS) -> Workload:
    """Several pieces of work (scenarios, stages of a study) as one Workload."""
    parts = list(parts)
    runs = sum(p.runs for p in parts)
    contacts = sum(p.contacts_per_day * p.runs for p in parts) / max(runs, 1)
    payments = sum(p.payments_per_day * p.runs for p in parts) / max(runs, 1)
    return Workload(contacts, payments, max((p.days for p in parts), default=0), runs,
                    sum(p.cpu_seconds for p in parts), cap_seconds)


def estimate_many(scenarios: Sequence[Scenario], agents: int, seeds: int, years: int | None = None,
                  cap_seconds: float = CAP_CPU_SECONDS, uncertainty: str = "seeds",
                  vary: Ranges | None = None) -> Workload:
    """The work of several scenarios on the same seeds (a comparison), as one Workload; under
    `--uncertainty assumptions` every drawn value at its heavier end."""
    ranges = {**drawn_ranges(scenarios, uncertainty), **(vary or {})}
    return combine([estimate_work(s, agents, seeds, years, cap_seconds=cap_seconds, vary=ranges)
                    for s in scenarios], cap_seconds)


# Waiting for worker processes: a stuck worker (e.g. a child that inherited a held lock) must not hang a run for
# ever. If no run finishes for this long, the workers are stopped (fraudchain.sim.runs.procs.parallel).
STALL_FACTOR = 30.0         # x the estimated CPU time of one run (a loaded machine runs several times slower)
STALL_MIN_SECONDS = 600.0


def stall_seconds(scenarios: list[Scenario], agents: int, years: int | None = None) -> float:
    """How long to wait for the next run to finish before declaring the workers stuck: STALL_FACTOR x the
    estimated CPU time of the heaviest single run, at least STALL_MIN_SECONDS."""
    per_run = max((estimate_work(s, agents, 1, years).cpu_seconds for s in scenarios), default=0.0)
    return max(STALL_MIN_SECONDS, STALL_FACTOR * per_run)
