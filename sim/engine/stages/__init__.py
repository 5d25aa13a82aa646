"""The stages of a day, in order, and the registry that lets a researcher add one.

A stage is a function `run(model, day)`; each built-in stage is one module here whose docstring says
what it reads and writes. `register_stage` adds a stage (before or after a named one) exactly the way
the built-ins are registered; a model takes the list as it is when it is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fraudchain.sim.engine.stages import (
    adaptation,
    awareness,
    cashout,
    contacts,
    hub,
    payments,
    police,
    record,
    reforms,
    reports,
    takedowns,
)

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

Stage = Callable[["FraudChainModel", int], None]
STAGES: list[tuple[str, Stage]] = []


def register_stage(name: str, run: Stage, after: str | None = None, before: str | None = None) -> None:
    """Add a stage `run(model, day)` to every model built from now on: after `after`, before `before`, or last.

    Names are unique; the built-in names are reforms, awareness, contacts, payments, reports, cashout,
    takedowns, police, hub, adaptation, record."""
    names = [n for n, _ in STAGES]
    if name in names:
        raise ValueError(f"stage {name!r} is already registered")
    anchor = after or before
    if anchor is not None and anchor not in names:
        raise ValueError(f"unknown stage {anchor!r}; stages: {', '.join(names)}")
    at = len(STAGES) if anchor is None else names.index(anchor) + (1 if after else 0)
    STAGES.insert(at, (name, run))


for _name, _module in (("reforms", reforms), ("awareness", awareness), ("contacts", contacts),
                       ("payments", payments), ("reports", reports), ("cashout", cashout),
                       ("takedowns", takedowns), ("police", police), ("hub", hub), ("adaptation", adaptation),
                       ("record", record)):
    register_stage(_name, _module.run)
