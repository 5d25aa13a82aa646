"""Extension catalogues that scenario files refer to: institutional actors and extensions.

Fraud types live in scenarios/fraud_types.py (`register_fraud_type`), liability regimes in
scenarios/regimes.py (`register_regime`). This module holds the actor catalogue (name -> parameter model,
factory, the sector that carries what it pays), the extensions defined in this process by name (their stages
and KPIs run only in models whose scenario asks for them: sim/engine/pipeline.py), and loads extension modules:
those a scenario names in `extensions = [...]` and those installed packages declare under the entry-point
group `fraudchain.extensions`.

Importing a module runs its code: only scenario *files* the user runs may name modules; uploaded
scenario text (the dashboard) never imports anything (see loader.load_text).
Imports nothing from sim/, agents/ or dashboard/.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from pydantic import BaseModel, ConfigDict

ENTRY_POINT_GROUP = "fraudchain.extensions"
BEARER_SECTORS = ("banks", "platforms", "telecoms", "insurers")


class ActorParams(BaseModel):
    """Base for an extension actor's parameters: unknown keys are errors, like everywhere else."""

    model_config = ConfigDict(extra="forbid", strict=True)


@dataclass(frozen=True)
class ActorSpec:
    name: str
    factory: Callable[..., Any]        # factory(model, params) -> a mesa.Agent with the hooks it needs
    params: type[BaseModel]
    sector: str                        # which loss_borne_* bucket carries what this actor pays
    description: str = ""


ACTORS: dict[str, ActorSpec] = {}
EXTENSIONS: dict[str, Any] = {}        # name -> fraudchain.sim.engine.pipeline.Extension defined in this process
_entry_points_loaded = False


def register_actor(name: str, factory: Callable[..., Any], params: type[BaseModel] = ActorParams,
                   sector: str = "banks", description: str = "") -> ActorSpec:
    """Register an institutional actor that a scenario can switch on with an `[actors.NAME]` table.

    sector: the fixed KPI bucket (banks, platforms, telecoms, insurers) that carries what the actor pays
    under a liability rule, so the five loss_borne_* KPIs still add up to the net loss.
    """
    if sector not in BEARER_SECTORS:
        raise ValueError(f"actor {name!r}: sector must be one of {BEARER_SECTORS}, not {sector!r}")
    spec = ActorSpec(name, factory, params, sector, description)
    ACTORS[name] = spec
    return spec


def load_entry_points() -> None:
    """Import every installed extension declared under the `fraudchain.extensions` entry-point group (once)."""
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        ep.load()


def import_extensions(modules: list[str]) -> list[str]:
    """Import extension modules; returns one problem line per module that could not be imported."""
    problems = []
    for mod in modules:
        if mod in EXTENSIONS:              # an extension defined in this process (e.g. in a script): nothing to import
            continue
        try:
            importlib.import_module(mod)
        except Exception as e:  # an extension's own error must become a clear message, not a traceback
            problems.append(f"extensions: cannot import {mod!r}: {type(e).__name__}: {e}")
    return problems
