"""Victims' history: how long a past victimisation keeps a person (or SME) more likely to fall again.

A part of the population section (`PopulationParams` in scenarios/schema.py inherits it), kept in its own
module so the schema does not grow. The model (sim/engine/history.py) starts every run with the history the
status quo would have left over the window before day 0, so the share of recent victims, and with it the
repeat victims' extra susceptibility, is the same in every year of a run with no policy change.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class RepeatWindow(BaseModel):
    repeat_window_days: float = Field(
        365.0, ge=30, le=3650,
        description="a victimisation raises the person's susceptibility (population.repeat_victim_multiplier) and "
                    "counts as 'victim before' (repeat_victim_share, need of support) for this many days",
        json_schema_extra={"unit": "days",
                           "source": "assumption: the 12-month recall window of the Dutch victim surveys; the "
                                     "repeat risk is highest soon after a victimisation and fades (plausible "
                                     "180-730)",
                           "range": (180.0, 730.0)})
