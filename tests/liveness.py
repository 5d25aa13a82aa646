"""Helpers of tests/test_parameters_act.py: change one stated parameter at a time and tell whether anything the
model outputs changed.

A parameter's changed value comes from the schema: the far end of its plausible range when it has one, else a
clear step inside its bounds (x1.5 or x0.5, +1 for a count, the other truth value, another regime, one more
member...). A run is compared with the reference run of the same scenario and seed in lockstep, day by day (every
counter of the day, the number of cases, instruments and accounts); the first day that differs proves the
parameter acts, so most parameters cost a few simulated days. After `SWAP_DAY` identical days the changed value
is tried on the reference run's KPIs (parameters that only enter the KPIs: costs, harm); a run that never differs
is compared at the end on everything `collect` reports (KPIs of each year, by fraud type, the victim and takedown
tables).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from fraudchain.scenarios.behaviour_params import METHOD_SHARES
from fraudchain.scenarios.schema import FraudTypeParams, Scenario, Section, parameter_table
from fraudchain.sim.engine.metrics import collect, window_kpis
from fraudchain.sim.engine.model import FraudChainModel
from pydantic import BaseModel


def field_info(key: str):
    """The pydantic field of a dotted parameter key (of the table, for an entry of a table with its own range such
    as harm.type_multiplier.romance)."""
    parts = key.split(".")
    if parts[0] == "fraud_types":
        return FraudTypeParams.model_fields[parts[2]]
    model: type[BaseModel] = Scenario
    for name in parts[:-1]:
        field = model.model_fields[name]
        if not (isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)):
            return field                            # the rest of the key names an entry of this table
        model = field.annotation
    return model.model_fields[parts[-1]]


def current(scenario: Scenario, key: str) -> Any:
    """The value a scenario gives a dotted parameter key (an entry of a table included)."""
    parts = key.split(".")
    if parts[0] == "fraud_types":
        return getattr(scenario.fraud_types[parts[1]], parts[2])
    obj: Any = scenario
    for name in parts:
        obj = obj[name] if isinstance(obj, dict) else getattr(obj, name)
    return obj


def bounds(key: str, scenario: Scenario | None = None) -> tuple[float, float]:
    """The field's bounds; a fraud type's payment-method share is also bounded by the room its other shares leave
    (together at most 1: scenarios/behaviour_params.py, check_payment_shares)."""
    lo, hi = -math.inf, math.inf
    for m in field_info(key).metadata:
        lo = float(getattr(m, "ge", None) if getattr(m, "ge", None) is not None else lo)
        hi = float(getattr(m, "le", None) if getattr(m, "le", None) is not None else hi)
    parts = key.split(".")
    if scenario is not None and parts[0] == "fraud_types" and parts[2] in METHOD_SHARES:
        ft = scenario.fraud_types[parts[1]]
        hi = min(hi, 1.0 - sum(float(getattr(ft, k)) for k in METHOD_SHARES if k != parts[2]))
    return lo, hi


def changed_number(value: float, lo: float, hi: float, rng: tuple[float, float] | None, integer: bool) -> float:
    """A value clearly different from `value` inside the bounds: the far end of the plausible range, else a step."""
    if rng is not None:
        a, b = rng
        target = a if abs(a - value) >= abs(b - value) else b
    elif integer:
        target = value + 1 if value + 1 <= hi else value - 1
    elif value != 0:
        target = value * 1.5 if lo <= value * 1.5 <= hi else value * 0.5
    else:
        target = 0.5 * hi if math.isfinite(hi) and hi <= 10 else 1.0
    target = min(max(target, lo), hi)
    return int(round(target)) if integer else float(target)


SPECIAL = {     # values of parameters that are not numbers (a plausible other choice)
    "liability.regime": "uk_psr_2024",
    "awareness.target": "young",
    "hub.initial_members": ["banks", "police"],
    "een_loket.support_need_types": ["bank_helpdesk", "investment", "romance", "marketplace"],
    "banks.receiving_effort_by_bank": {"ing": 0.2},
    "fraudsters.skill_nests": {"bank_helpdesk": "own_nest"},
    "insurers.sme_cap_eur": 5_000.0,        # below the median invoice-fraud loss, so the cap binds
    "liability.rule_values": {"card_chargeback": {"acceptance": 0.6}},   # a Dutch rule drawn from its range
    "banks.limit_raise_wait_by_bank": {"ing": 24.0},                     # one bank waits a day, not four hours
}


def changed_values(scenario: Scenario, row: dict[str, Any]) -> list[Any]:
    """The changed value of one parameter, then (for a number) a bolder one: the other end of its plausible range,
    else its lower bound, else ten times the value."""
    first = changed_value(scenario, row)
    v = current(scenario, row["key"])
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return [first]
    lo, hi = bounds(row["key"], scenario)
    if row.get("range") is not None:
        bold = [min(max(x, lo), hi) for x in row["range"] if x != first][:1]
    elif math.isfinite(lo) and lo != v and lo != first:
        bold = [lo]
    else:
        bold = [min(v * 10 if v else 1.0, hi)]
    bold = [int(round(b)) if isinstance(v, int) else float(b) for b in bold if b != v and b != first]
    return [first, *bold]


def changed_value(scenario: Scenario, row: dict[str, Any]) -> Any:
    """The changed value of one parameter (`row` from `parameter_table`) in `scenario`."""
    key = row["key"]
    if key in SPECIAL:
        return SPECIAL[key]
    v = current(scenario, key)
    if isinstance(v, bool):
        return not v
    if isinstance(v, (int, float)):
        lo, hi = bounds(key, scenario)
        return changed_number(float(v), lo, hi, row.get("range"), isinstance(v, int))
    if isinstance(v, dict):
        if not v:                                   # an empty table of factors (age profiles): one factor
            return {"65+": 1.5}
        out = dict(v)
        keys = list(v)
        if len(v) > 1 and abs(sum(v.values()) - 1.0) < 1e-9:   # shares that sum to one: move 0.05
            out[keys[0]], out[keys[1]] = v[keys[0]] - 0.05, v[keys[1]] + 0.05
        else:                                       # a table of factors: halve the largest
            top = max(keys, key=lambda k: v[k])
            out[top] = v[top] * 0.5 if v[top] else 0.5
        return out
    raise TypeError(f"no changed value for {key}={v!r}")


def fingerprint(m: FraudChainModel, day: int) -> tuple:
    """Everything a day recorded (every counter) and how many events exist."""
    st = m.state
    daily = np.concatenate([arr[day] for _, arr in st.daily.items()])
    system = np.array([arr[day] for _, arr in st.system.items()])
    return daily.tobytes(), system.tobytes(), st.cases.n, st.instruments.n, m.mules.n


def _frames_equal(a: pd.DataFrame | None, b: pd.DataFrame | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and bool(a.equals(b))


def outputs_equal(a, b) -> bool:
    """Two SeedResults report exactly the same (NaN equals NaN)."""
    return (_same(a.kpis, b.kpis) and _same(a.by_type, b.by_type) and _same(a.by_year, b.by_year)
            and _frames_equal(a.victims, b.victims) and _frames_equal(a.takedowns, b.takedowns))


SWAP_DAY = 30     # after this many identical days, try the changed value on the reference run's KPIs


class Reference:
    """The reference run of a scenario (with `run.years` = years, so the run length is a parameter too): its daily
    fingerprints and what it reports."""

    def __init__(self, scenario: Scenario, agents: int, years: int, seed: int = 0):
        self.scenario = scenario.with_overrides({"run.years": years})
        self.agents, self.seed = agents, seed
        self.model = self.build(self.scenario)
        self.days: list[tuple] = []
        for day in range(self.model.days_total):
            self.model.step()
            self.days.append(fingerprint(self.model, day))
        self.result = collect(self.model)

    def build(self, s: Scenario) -> FraudChainModel:
        return FraudChainModel(s, agents=self.agents, seed=self.seed)

    def kpis_differ_with(self, s: Scenario) -> bool:
        """The reference run's KPIs computed with scenario `s` in force: if they differ, a run of `s` reports
        differently whether or not its days differ (parameters that only enter the KPIs: costs, harm)."""
        if self.scenario.reforms:
            return False
        m = self.model
        saved = m.params, m.initial_scenario
        try:
            m.params = m.initial_scenario = s
            got = {y + 1: window_kpis(m, y * 365, (y + 1) * 365) for y in range(m.days_total // 365)}
        finally:
            m.params, m.initial_scenario = saved
        return not all(_same(got[y][0], self.result.by_year[y]) and _same(got[y][1], by_type)
                       for y, by_type in ((y, self._by_type(y)) for y in got))

    def _by_type(self, year: int) -> dict:
        if not hasattr(self, "_types"):
            self._types = {y + 1: window_kpis(self.model, y * 365, (y + 1) * 365)[1]
                           for y in range(self.model.days_total // 365)}
        return self._types[year]

    def acts(self, key: str, value: Any) -> tuple[bool, str]:
        """Does setting `key` to `value` change anything? (True, where it first showed) or (False, '')."""
        s = self.scenario.with_overrides({key: value})
        m = self.build(s)
        for day, ref in enumerate(self.days):
            m.step()
            if fingerprint(m, day) != ref:
                return True, f"day {day}"
            if day == SWAP_DAY and self.kpis_differ_with(s):
                return True, "KPIs"
            if day >= m.days_total - 1:
                break
        return (not outputs_equal(collect(m), self.result)), "KPIs at the end"


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, dict):
        return x.keys() == y.keys() and all(_same(x[k], y[k]) for k in x)
    return x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))


def parameter_rows() -> list[dict[str, Any]]:
    """Every stated parameter (scenarios/schema.py `parameter_table`): one row per dotted key."""
    return [r for r in parameter_table() if not isinstance(field_info(r["key"]).annotation, type)
            or not issubclass(field_info(r["key"]).annotation, Section)]
