"""Stage reforms: scheduled changes take effect at the start of their day.

The scenario's reforms due today replace the parameters in force (model.params); then every actor
takes the new parameters (`FraudChainModel.configure`) and the cached arrays are rebuilt (`refresh`),
exactly as at build, so a reform gives what a scenario that starts with the value would have. Keys that only shape the start (population, run length, ...) are refused when
the scenario is validated (scenarios/schema.py, FIXED_AT_START).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fraudchain.scenarios.loader import apply_overrides

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS: tuple[str, ...] = ()
WRITES = ("reforms_applied",)
CALLS: tuple[str, ...] = ()


def run(model: FraudChainModel, day: int) -> None:
    if day > 0:              # day-0 reforms take effect at build, before the fraudster groups organise
        apply_due(model, day)


def apply_due(model: FraudChainModel, day: int) -> None:
    due = [r for r in model.params.reforms if r.day == day]
    if not due:
        return
    for r in due:
        model.params = apply_overrides(model.params, r.set)
        model.state.reforms_applied.append((day, r.label or ", ".join(r.set)))
    model.configure(frozenset(k for r in due for k in r.set))
    model.refresh()
