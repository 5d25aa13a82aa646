"""How much work a run asks for, before it starts: events per day x days x runs, and CPU time.

A scenario with every value inside its range can still ask for hours of computing and gigabytes of
memory (all contact rates at 50, susceptibility 1, 2,000 groups: one seed goes from seconds to ten
minutes), and such a scenario fits in a short dashboard link. `estimate_work` prices a run from the
scenario's numbers, so the CLI can ask for confirmation and the dashboard can refuse before anything
is simulated.

The model's daily work grows with its events, not its population (see sim/engine/model.py): fraud contacts
(contact rate x targets / 365 per fraud type) and payments (contacts x susceptibility x payments per
victim; an upper bound: reach, filters and bank checks are ignored), plus a fixed cost per day and a
small cost per simulated person and day (awareness campaigns, daily vectors). The seconds per unit
were measured on the development machine (2 cores, 2026-11-29: nl_baseline 4,000 agents x 1 year
0.20 s, 20,000 agents 0.33 s; all contact rates 50 at 20,000 agents 1.9 s; all contact rates 50 and
susceptibility 1 with 2,000 groups at 4,000 agents 2.1 s). The estimate errs high (payments are an
upper bound), so it is for refusing runs that are far too large, not for a progress bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from fraudchain.scenarios.fraud_types import FRAUD_TYPES
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


@dataclass(frozen=True)
class Workload:
    """The estimated work of `runs` runs of one scenario (each one seed)."""

    contacts_per_day: float
    payments_per_day: float
    days: int
    runs: int
    cpu_seconds: float
    cap_seconds: float

    @property
    def events_per_day(self) -> float:
        """Contacts and payments the model handles per simulated day, in one run."""
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


def simulated_smes(scenario: Scenario, agents: int) -> int:
    """SME agents a run with `agents` consumer agents simulates (as sim/engine/model.py sizes them)."""
    pop = scenario.population
    return max(20, round(agents * pop.smes / pop.consumers)) if pop.smes > 0 else 0


def daily_events(scenario: Scenario, agents: int) -> tuple[float, float]:
    """Contacts and (an upper bound of) payments per simulated day in one run with `agents` consumers."""
    pop = scenario.population
    n_smes = simulated_smes(scenario, agents)
    contacts = payments = 0.0
    for name, ft in scenario.fraud_types.items():
        target = FRAUD_TYPES[name].target if name in FRAUD_TYPES else "consumer"
        n = n_smes if target == "sme" else agents
        c = n * ft.contact_rate / DAYS_PER_YEAR
        worst_age = max([1.0, *ft.age_profile.values()])
        contacts += c
        payments += c * min(1.0, ft.susceptibility * worst_age * pop.repeat_victim_multiplier) * ft.payments_mean
    return contacts, payments


def states(scenario: Scenario) -> list[Scenario]:
    """The scenario as it starts and after each of its reforms (applied in order of day): a reform can
    raise the work (susceptibility 1 from day 365), so the estimate takes the heaviest state."""
    from fraudchain.scenarios.loader import ScenarioError

    out = [scenario]
    current = scenario.model_copy(update={"reforms": []})
    for r in sorted(scenario.reforms, key=lambda r: r.day):
        try:
            current = current.with_overrides(dict(r.set))
        except ScenarioError:          # validated with the scenario; a reform valid only with others is skipped
            continue
        out.append(current)
    return out


def _seconds_per_day(scenario: Scenario, agents: int) -> tuple[float, float, float]:
    contacts, payments = daily_events(scenario, agents)
    population = agents + simulated_smes(scenario, agents)
    per_day = (SECONDS_PER_DAY + population * SECONDS_PER_AGENT_DAY + contacts * SECONDS_PER_CONTACT
               + payments * SECONDS_PER_PAYMENT + scenario.fraudsters.groups * SECONDS_PER_GROUP_DAY)
    return per_day, contacts, payments


def estimate_work(scenario: Scenario, agents: int, seeds: int, years: int | None = None, runs: int | None = None,
                  cap_seconds: float = CAP_CPU_SECONDS) -> Workload:
    """The work of running `scenario` for `seeds` seeds (or `runs` runs in all, e.g. a sweep's points x
    seeds) with `agents` consumers over `years` years (default: the scenario's), at its heaviest state
    (before or after a reform). `.exceeds` says whether it is beyond `cap_seconds` of CPU time;
    `.describe()` says it in one line."""
    days = (years or scenario.run.years) * DAYS_PER_YEAR
    n_runs = runs if runs is not None else seeds
    per_day, contacts, payments = max(_seconds_per_day(s, agents) for s in states(scenario))
    return Workload(contacts, payments, days, n_runs, per_day * days * n_runs, cap_seconds)


def estimate_many(scenarios: list[Scenario], agents: int, seeds: int, years: int | None = None,
                  cap_seconds: float = CAP_CPU_SECONDS) -> Workload:
    """The work of several scenarios on the same seeds (a comparison), as one Workload."""
    parts = [estimate_work(s, agents, seeds, years, cap_seconds=cap_seconds) for s in scenarios]
    days = max(p.days for p in parts)
    runs = sum(p.runs for p in parts)
    contacts = sum(p.contacts_per_day * p.runs for p in parts) / max(runs, 1)
    payments = sum(p.payments_per_day * p.runs for p in parts) / max(runs, 1)
    return Workload(contacts, payments, days, runs, sum(p.cpu_seconds for p in parts), cap_seconds)


# Waiting for worker processes: a stuck worker (e.g. a child that inherited a held lock) must not hang a run for
# ever. If no run finishes for this long, the workers are stopped (fraudchain.sim.runs.procs.parallel).
STALL_FACTOR = 30.0         # x the estimated CPU time of one run (a loaded machine runs several times slower)
STALL_MIN_SECONDS = 600.0


def stall_seconds(scenarios: list[Scenario], agents: int, years: int | None = None) -> float:
    """How long to wait for the next run to finish before declaring the workers stuck: STALL_FACTOR x the
    estimated CPU time of the heaviest single run, at least STALL_MIN_SECONDS."""
    per_run = max((estimate_work(s, agents, 1, years).cpu_seconds for s in scenarios), default=0.0)
    return max(STALL_MIN_SECONDS, STALL_FACTOR * per_run)
