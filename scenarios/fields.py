"""The building blocks of every scenario section: a documented parameter (`P`) and the strict base
class (`Section`).

Kept apart from scenarios/schema.py so that modules holding part of the schema (for example
scenarios/behaviour_params.py) can use them without importing the schema itself. Imports only
scenarios/strict.py.
"""

from __future__ import annotations

from typing import Annotated, Any

from fraudchain.scenarios.strict import plain_types
from pydantic import BaseModel, ConfigDict, Field, model_validator

# Upper bound of every amount in euros that names none of its own: a trillion euros is far above any
# Dutch fraud, budget or loss figure (assumption), and keeps sums of amounts finite in float64.
MAX_EUR = 1e12


def P(default: Any, unit: str, source: str, ge: float | None = None, le: float | None = None,
      description: str = "", range: tuple[float, float] | None = None, max_length: int | None = None) -> Any:
    """A documented parameter: default, unit, source (or stated assumption), bounds. An amount in
    euros without an upper bound gets MAX_EUR.

    `range` (low, high): the plausible range of an uncertain value; `--uncertainty assumptions`
    draws it per replication (sim/runs/uncertainty.py)."""
    if le is None and unit.startswith("EUR"):
        le = MAX_EUR
    extra: dict[str, Any] = {"unit": unit, "source": source}
    if range is not None:
        extra["range"] = (float(range[0]), float(range[1]))
    return Field(default, ge=ge, le=le, description=description, max_length=max_length, json_schema_extra=extra)


# a share or score in [0, 1], and a non-negative multiplier, as the values of a table
Share = Annotated[float, Field(ge=0, le=1)]
Multiplier = Annotated[float, Field(ge=0, le=10)]


class Section(BaseModel):
    # every number finite (no inf or nan, also inside tables); unknown keys are errors; strict types: no text
    # or true/false for a number, no true/false for an integer (scenarios/strict.py)
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _plain_types(cls, data: Any) -> Any:
        return plain_types(cls.model_fields, data)
